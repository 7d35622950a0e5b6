package tui

import (
	"errors"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
)

// parseAmount reads an amount typed in a prompt with the engine's exact
// parser ("1500000", "1,500,000", "1.5m", "250k", "2bn", never through a
// float) and adds the console's rule: a decision's amount is positive,
// since undoing one is a reversal, not a negative draw.
func parseAmount(s string) (decimal.Decimal, error) {
	d, err := engine.ParseAmount(s)
	switch {
	case err != nil:
		return decimal.Zero, errors.New(sanitize(err.Error()))
	case d.Sign() < 0:
		return decimal.Zero, errors.New("an amount must be positive; to undo a decision, reverse it (x)")
	case d.IsZero():
		return decimal.Zero, errors.New("an amount must be more than zero")
	}
	return d, nil
}
