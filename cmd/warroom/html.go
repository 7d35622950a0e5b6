package main

import (
	"fmt"
	"io"

	"github.com/warroom/warroom/report"
)

// The HTML report registers through report.go's hook, so the formats that
// were there before stay untouched.
func init() { extraReportFormats["html"] = writeReportHTML }

// writeReportHTML writes one self-contained page: summary, the waterfall
// and the shortfall over time as inline SVG, the decisions, the chain.
func writeReportHTML(w io.Writer, r *reportData) error {
	in, err := r.incident()
	if err != nil {
		return err
	}
	return report.HTML(w, in)
}

// incident hands the replayed log to package report, which knows nothing
// of bbolt: the figures at the alert are computed here, the rest gathered.
func (r *reportData) incident() (*report.Incident, error) {
	initial, err := report.Initial(r.Book, r.Meta.Scenario)
	if err != nil {
		return nil, logErr(fmt.Errorf("%s: %w", r.Path, err))
	}
	return &report.Incident{File: r.Path, BookName: r.Meta.BookName, Scenario: r.Meta.Scenario, Created: r.Meta.Created,
		ForkOf: r.Meta.ForkOf, ForkAt: r.Meta.ForkAt, Book: r.Book, Initial: initial, Steps: r.Steps, Final: r.Final,
		Metrics: r.Metrics, Chain: report.Chain{OK: r.Chain.OK, Records: r.Chain.Records, FirstBad: r.Chain.FirstBad, Reason: r.Chain.Reason}}, nil
}
