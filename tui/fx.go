package tui

// The currencies of a book in several in the console's prompts: the
// currency a keyed call is in, and the FX deal a treasurer strikes.

// currencyField asks the currency of a keyed call (blank: the
// counterparty's first, as a call keyed without one).
func currencyField() promptField {
	return textField("currency (optional: blank is the counterparty's own)", true, "")
}
