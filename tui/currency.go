package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// shownCcy is the currency to print beside an amount: none in a
// single-currency book (its screens read as they always did).
func shownCcy(f *playbook.Figures, ccy string) string {
	if f == nil || f.Book == nil || !f.MultiCurrency {
		return ""
	}
	return f.Book.CurrencyOf(ccy)
}

// withCcy is a name with its currency, in a book of several.
func withCcy(f *playbook.Figures, s, ccy string) string {
	if c := shownCcy(f, ccy); c != "" {
		return s + " " + c
	}
	return s
}

// inBase is an amount of ccy in the book's base at the scenario's rates.
func inBase(f *playbook.Figures, d decimal.Decimal, ccy string) decimal.Decimal {
	if shownCcy(f, ccy) == "" {
		return d
	}
	return engine.Cents(f.Stress.FX.MustConvert(d, f.Book.CurrencyOf(ccy), f.Book.Currency))
}

// currencyLines are triage's shortfall per currency, each in its own
// currency and in the base: a book can have enough in total and still be
// short in the currency a deadline wants.
func currencyLines(f *playbook.Figures) []line {
	if len(f.Currencies) == 0 {
		return nil
	}
	base := f.Book.Currency
	ls := []line{textLine(toneTitle, fmt.Sprintf("BY CURRENCY · in %s at the scenario's rates (%s)", base, rates(f.Stress.FX)))}
	for _, c := range f.Currencies {
		tone, verdict := toneOK, "✓ met"
		if c.Shortfall.Sign() > 0 {
			tone, verdict = toneBreach, fmt.Sprintf("✗ SHORT %s %s = %s %s", whole(c.Shortfall), c.Currency, whole(c.ShortfallBase), base)
		}
		ls = append(ls, textLine(tone, fmt.Sprintf("  %s  due %s (%s %s) · spare %s · %s", c.Currency,
			whole(c.Due), whole(c.DueBase), base, whole(c.Spare), verdict)))
	}
	return ls
}

func rates(fx engine.FX) string {
	var parts []string
	for _, q := range fx.Quotes {
		parts = append(parts, q.Pair()+" "+q.Rate.String())
	}
	return strings.Join(parts, ", ")
}

// conversionLines propose, on the liquidity stage, converting a currency
// that is long into one that is short: for each short currency, each
// other currency with money spare or sources left, and each conversion
// the book lists between them, when a deal struck now would arrive and
// whether that is before the short currency's first deadline.
func conversionLines(f *playbook.Figures, now time.Time) []line {
	if len(f.Currencies) == 0 {
		return nil
	}
	long := map[string]decimal.Decimal{}
	for _, c := range f.Currencies {
		long[c.Currency] = c.Spare
	}
	for _, s := range f.Sources {
		if !s.Withdrawn {
			ccy := f.Book.CurrencyOf(s.Currency)
			long[ccy] = long[ccy].Add(s.Left)
		}
	}
	var ls []line
	for _, short := range f.Currencies {
		if short.Shortfall.Sign() <= 0 {
			continue
		}
		var first time.Time
		for _, c := range f.Calls {
			if f.Book.CurrencyOf(c.Currency) == short.Currency && c.Shortfall.Sign() > 0 && (first.IsZero() || c.Deadline.Before(first)) {
				first = c.Deadline
			}
		}
		for _, from := range f.Currencies {
			if from.Currency == short.Currency || long[from.Currency].Sign() <= 0 {
				continue
			}
			head := fmt.Sprintf("  %s short %s · %s long %s ·", short.Currency, whole(short.Shortfall), from.Currency, whole(long[from.Currency]))
			found := false
			for _, cv := range f.Book.Conversions {
				if cv.From != from.Currency || cv.To != short.Currency {
					continue
				}
				found = true
				at := f.Book.ConversionArrival(cv, now)
				tone, ok := toneOK, "✓ in time"
				if at.After(first) {
					tone, ok = toneWarn, "✗ after "+clock(first, now)
				}
				ls = append(ls, textLine(tone, fmt.Sprintf("%s %s %s cut-off %s %s bp → %s %s",
					head, sanitize(cv.ID), cv.Settle, cv.Cutoff, cv.SpreadBps, clock(at, now), ok)))
			}
			if !found {
				ls = append(ls, textLine(toneMuted, head+" the book lists no conversion "+from.Currency+"→"+short.Currency))
			}
		}
	}
	ls = append(ls, struckLines(f, now)...)
	if len(ls) == 0 {
		return nil
	}
	return append([]line{textLine(toneNone, ""), textLine(toneTitle, "CONVERSIONS · a currency long, another short")}, ls...)
}

// drivesCurrency reports whether a position drives this call: in a book
// of several currencies a counterparty's call in GBP is driven by the
// positions it calls in GBP only.
func drivesCurrency(f *playbook.Figures, c playbook.CallFigure, position string) bool {
	if shownCcy(f, c.Currency) == "" {
		return true
	}
	p, ok := f.Book.Position(position)
	cp, known := f.Book.Counterparty(c.Counterparty)
	return !ok || !known || f.Book.CallCurrency(cp, p) == f.Book.CurrencyOf(c.Currency)
}
