package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/drill"
	"github.com/warroom/warroom/engine"
)

func init() { addCmd(newValidateCmd) }

func newValidateCmd(e *env) *cobra.Command {
	var bf bookFlags
	cmd := &cobra.Command{
		Use:     "validate FILE",
		Short:   "check a book file: ok with a summary, or every error with its line",
		Long:    `validate checks a book or drill file (- reads standard input) and prints "ok" with a summary, or every problem as file:line:column: field: message. With --json the problems are objects with file, line, column, field and message. The exit status is 1 when the file is not valid.`,
		Example: "  warroom validate firm.yaml\n  cat firm.yaml | warroom validate - --json",
		Args:    maxArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 1 {
				if bf.book != "" || bf.demo != "" {
					return usageErr("give the file once: as an argument or with --book")
				}
				bf.book = args[0]
			}
			if bf.book == "" && bf.demo == "" {
				// Checking the embedded demo unasked would answer "ok" about
				// a book nobody meant.
				return usageErr("validate needs a file: name the file to check, warroom validate FILE (- reads standard input; --demo NAME for an embedded book)")
			}
			return runValidate(e, bf)
		},
	}
	bf.attach(e, cmd)
	return cmd
}

// validationJSON is validate --json: the summary, or every problem.
type validationJSON struct {
	File   string      `json:"file"`
	OK     bool        `json:"ok"`
	Kind   string      `json:"kind"` // book or drill
	Errors []errorJSON `json:"errors"`
	More   int         `json:"more,omitempty"`
	// Book summary.
	Firm           string `json:"firm,omitempty"`
	Counterparties int    `json:"counterparties,omitempty"`
	Positions      int    `json:"positions,omitempty"`
	Collateral     int    `json:"collateral,omitempty"`
	Sources        int    `json:"sources,omitempty"`
	Scenarios      int    `json:"scenarios,omitempty"`
	AsOf           string `json:"as_of,omitempty"`
	// The book's zone and calendars, as the text summary names them.
	Zone      string   `json:"zone,omitempty"`
	Calendars []string `json:"calendars,omitempty"`
	// Drill summary.
	Drill  string `json:"drill,omitempty"`
	Events int    `json:"events,omitempty"`
	Starts string `json:"starts,omitempty"`
	Ends   string `json:"ends,omitempty"`
}

// errorJSON is one problem, located as the text form locates it.
type errorJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func problems(file string, err error) ([]errorJSON, int) {
	var be *book.Errors
	if errors.As(err, &be) {
		out := make([]errorJSON, len(be.List))
		for i, x := range be.List {
			out[i] = errorJSON{x.File, x.Line, x.Column, x.Field, x.Msg}
		}
		return out, be.More
	}
	return []errorJSON{{File: file, Message: err.Error()}}, 0
}

func runValidate(e *env, bf bookFlags) error {
	src, err := bf.source()
	if err != nil {
		return err
	}
	if drill.IsDrill(src.data) {
		return validateDrill(e, src, bf.json)
	}
	b, err := book.Parse(src.name, src.data)
	if err != nil {
		if bf.json {
			doc := validationJSON{File: src.name, Kind: "book"}
			doc.Errors, doc.More = problems(src.name, err)
			if werr := writeJSON(e.stdout, doc); werr != nil {
				return werr
			}
		} else {
			fmt.Fprintln(e.stdout, err)
		}
		return &exitError{exitInput, fmt.Errorf("%s: not valid", src.name)}
	}
	if bf.json {
		doc := validationJSON{File: src.name, OK: true, Kind: "book", Errors: []errorJSON{},
			Firm: b.Firm, Counterparties: len(b.Counterparties), Positions: len(b.Positions), Collateral: len(b.Collateral),
			Sources: len(b.Sources), Scenarios: len(b.Scenarios), AsOf: b.AsOf.Format(time.RFC3339)}
		if b.Market.Zone != nil {
			doc.Zone = b.Market.Zone.String()
		}
		for _, c := range b.Market.Calendars {
			doc.Calendars = append(doc.Calendars, c.Name)
		}
		return writeJSON(e.stdout, doc)
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
