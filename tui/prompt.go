package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/warroom/warroom/playbook"
)

// fieldKind says how a prompt field's text is checked on enter.
type fieldKind int

const (
	fieldText fieldKind = iota
	fieldAmount
)

// promptField is one input of a prompt.
type promptField struct {
	label    string
	kind     fieldKind
	optional bool
	input    textinput.Model
	// check refuses a value on enter (more than is left), so the operator
	// fixes the field they are on rather than the last one.
	check func(string) error
}

// prompt is the small form every decision goes through: a title saying
// exactly what will be recorded, details (amount, arrival, in time or
// not), one or more fields (an amount, a text, an optional rationale) and
// a live preview. Enter moves to the next field and, on the last, submits;
// esc cancels. It builds decisions; it never sends them.
type prompt struct {
	title   string
	details []string
	fields  []promptField
	cur     int
	err     string
	submit  func(vals []string) ([]playbook.Decision, error)
	// preview says what the typed values would do (cash raised, arrival,
	// fire sale); it runs on each keystroke, never in View.
	preview     func(vals []string) string
	previewText string
	// local marks a prompt that changes only what this console shows (a
	// review filter): its values go to the model, never to the backend.
	local localAction
}

// localAction names what a local prompt changes.
type localAction int

const (
	localNone localAction = iota
	localFilter
)

func (p *prompt) refresh() {
	if p.preview != nil {
		p.previewText = p.preview(p.values())
	}
}

func newInput(value, placeholder string, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	st := textinput.DefaultStyles(true)
	// A blinking cursor would make every frame differ (and golden files
	// flap); a steady block is as visible on a big screen.
	st.Cursor.Blink = false
	ti.SetStyles(st)
	ti.SetValue(value)
	return ti
}

func amountField(label string, optional bool, placeholder string) promptField {
	return promptField{label: label, kind: fieldAmount, optional: optional, input: newInput("", placeholder, 32)}
}

func textField(label string, optional bool, value string) promptField {
	return promptField{label: label, kind: fieldText, optional: optional, input: newInput(value, "", 500)}
}

// rationaleField is the optional "why" every decision offers.
func rationaleField() promptField {
	return textField("rationale (optional, enter skips)", true, "")
}

func newPrompt(title string, details []string, submit func([]string) ([]playbook.Decision, error), fields ...promptField) *prompt {
	// Titles and details quote ids and names from the book: inert first.
	title = sanitize(title)
	for i := range details {
		details[i] = sanitize(details[i])
	}
	p := &prompt{title: title, details: details, fields: fields, submit: submit}
	if len(p.fields) > 0 {
		p.fields[0].input.Focus()
	}
	return p
}

func (p *prompt) values() []string {
	vals := make([]string, len(p.fields))
	for i, f := range p.fields {
		vals[i] = strings.TrimSpace(sanitize(f.input.Value()))
	}
	return vals
}

// halfEntered reports whether anything was typed: quitting then asks first.
func (p *prompt) halfEntered() bool {
	for _, f := range p.fields {
		if strings.TrimSpace(f.input.Value()) != "" {
			return true
		}
	}
	return len(p.fields) > 1 && p.cur > 0
}

// promptResult is what the prompt tells the root after a message.
type promptResult int

const (
	promptOpen promptResult = iota
	promptCancel
	promptSubmit
)

// update feeds a key or paste to the current field. On the last enter it
// returns promptSubmit with the decisions; a refusal by the builder (a
// garbage amount) stays in the prompt with the reason.
func (p *prompt) update(msg tea.Msg) (promptResult, []playbook.Decision) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			return promptCancel, nil
		case "enter":
			f := p.fields
			if len(f) > 0 {
				v := strings.TrimSpace(f[p.cur].input.Value())
				switch {
				case v == "" && !f[p.cur].optional:
					p.err = f[p.cur].label + " is needed (esc cancels)"
					return promptOpen, nil
				case v != "" && f[p.cur].kind == fieldAmount:
					if _, err := parseAmount(v); err != nil {
						p.err = err.Error()
						return promptOpen, nil
					}
				}
				if chk := f[p.cur].check; v != "" && chk != nil {
					if err := chk(v); err != nil {
						p.err = err.Error()
						return promptOpen, nil
					}
				}
				if p.cur < len(f)-1 {
					p.fields[p.cur].input.Blur()
					p.cur++
					p.fields[p.cur].input.Focus()
					p.err = ""
					return promptOpen, nil
				}
			}
			ds, err := p.submit(p.values())
			if err != nil {
				p.err = err.Error()
				return promptOpen, nil
			}
			return promptSubmit, ds
		case "tab", "shift+tab", "up", "down":
			return promptOpen, nil
		}
	}
	if len(p.fields) == 0 {
		return promptOpen, nil
	}
	// Typed and pasted text is made inert before the input sees it, so an
	// escape sequence pasted into a rationale never reaches the log or the
	// screen. Blink and clipboard commands are dropped: the cursor is steady
	// and a paste arrives as a PasteMsg from the terminal.
	switch m := msg.(type) {
	case tea.KeyPressMsg:
		m.Text = sanitize(m.Text)
		p.fields[p.cur].input, _ = p.fields[p.cur].input.Update(m)
	case tea.PasteMsg:
		m.Content = sanitize(m.Content)
		p.fields[p.cur].input, _ = p.fields[p.cur].input.Update(m)
	default:
		return promptOpen, nil
	}
	p.err = ""
	p.refresh()
	return promptOpen, nil
}

// lines renders the prompt in w cells.
func (p *prompt) lines(s Styles, w int) []string {
	out := []string{s.Prompt.Render(clip("▶ "+p.title, w))}
	for _, d := range p.details {
		out = append(out, clip("  "+d, w))
	}
	if p.previewText != "" {
		out = append(out, s.Info.Render(clip("  = "+p.previewText, w)))
	}
	for i, f := range p.fields {
		label := "  " + f.label + ": "
		if i == p.cur {
			label = "› " + f.label + ": "
		}
		lw := min(len([]rune(label)), w/2)
		in := f.input
		in.SetWidth(max(w-lw-2, 1))
		out = append(out, clip(clip(label, lw)+in.View(), w))
	}
	keys := "enter next · esc cancel"
	if p.cur == len(p.fields)-1 || len(p.fields) == 0 {
		keys = "enter confirm · esc cancel"
	}
	if p.err != "" {
		out = append(out, s.Error.Render(clip("  ✗ "+p.err, w)))
	} else {
		out = append(out, s.Muted.Render(clip("  "+keys, w)))
	}
	return out
}
