package main

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/engine"
)

func init() {
	register(command{name: "validate", summary: "check a book file: ok with a summary, or every error with its line", run: runValidate})
}

func runValidate(e *env, args []string) error {
	fs := newFlags(e, "validate")
	var bf bookFlags
	bf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageErr("validate takes one file (got %d)", len(pos))
	}
	if len(pos) == 0 && bf.book == "" && bf.demo == "" {
		// Other commands fall back to the Arb-Capital demo; validate must
		// not: "ok" for a file nobody named would read as the user's book
		// passing. Kept in the run logic so it holds whatever parses flags.
		return usageErr("validate needs a file: warroom validate FILE (or --book FILE, or --demo NAME for an embedded book)")
	}
	if len(pos) == 1 {
		if bf.book != "" {
			return usageErr("give the file once: as an argument or with --book")
		}
		bf.book = pos[0]
	}
	src, err := bf.source()
	if err != nil {
		return err
	}
	if drill.IsDrill(src.data) {
		return validateDrill(e, src)
	}
	b, err := book.Parse(src.name, src.data)
	if err != nil {
		fmt.Fprintln(e.stdout, err)
		return &exitError{exitInput, fmt.Errorf("%s: not valid", src.name)}
	}
	fmt.Fprintf(e.stdout, "ok %s: %s, %d counterparties, %d positions, %d collateral holdings, %d sources, %d scenarios, as of %s%s\n",
		src.name, b.Firm, len(b.Counterparties), len(b.Positions), len(b.Collateral), len(b.Sources), len(b.Scenarios),
		b.AsOf.Format("2006-01-02 15:04 -07:00"), clockOf(b.Market))
	if b.MultiCurrency() || len(b.FX.Quotes) > 0 {
		// The rates as the loader read them, so the author sees the quote
		// convention applied (GBPUSD 1.27: 1 GBP = 1.27 USD).
		fmt.Fprintf(e.stdout, "  base %s; fx %s; %d conversions\n", b.Currency, ratesLabel(b.FX), len(b.Conversions))
	}
	return nil
}

// clockOf says which zone and calendars a book keeps, so the author sees
// the defaults a currency brought.
func clockOf(m engine.Market) string {
	var parts []string
	if m.Zone != nil {
		parts = append(parts, m.Zone.String())
	}
	for _, c := range m.Calendars {
		parts = append(parts, "calendar "+c.Name)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
