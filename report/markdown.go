package report

import (
	"fmt"
	"github.com/warroom/warroom/inert"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

// actionWidth bounds the decision column so that the table stays within
// about 110 columns in a terminal; a longer description is given in full
// under "Rationale and details".
const actionWidth = 46

// Markdown writes the report for tickets and terminals: pipe tables padded
// so they line up as plain text too, short lines, and the long texts
// (rationales, messages) as a wrapped list after the table.
func Markdown(w io.Writer, in *Incident) error {
	f, fm := in.Final, engine.FormatMoney
	fmt.Fprintf(w, "# Incident report — %s\n\n", MDText(in.Book.Firm))
	scen := MDText(in.Scenario)
	if sc, ok := in.Book.Scenario(in.Scenario); ok && sc.Name != "" {
		scen += " (" + MDText(sc.Name) + ")"
	}
	fmt.Fprintf(w, "- File: `%s`\n- Book: %s, scenario %s\n- Opened: %s\n", MDCode(in.File), MDText(in.BookName), scen,
		in.Created.Format("2006-01-02 15:04 MST"))
	if in.ForkOf != "" {
		fmt.Fprintf(w, "- Fork of `%s` at decision %d\n", MDCode(in.ForkOf), in.ForkAt)
	}
	chain := "✓ intact"
	if !in.Chain.OK {
		chain = fmt.Sprintf("✗ BROKEN at record %d: %s — only the records before it, which the chain vouches for, are shown", in.Chain.FirstBad, MDText(in.Chain.Reason))
	}
	fmt.Fprintf(w, "- Decision log: %d records, chain %s\n\n", in.Chain.Records, chain)

	word := "✗ SHORTFALL"
	if f.Covered {
		word = "✓ covered, shortfall"
	}
	fmt.Fprintf(w, "## Summary\n\n")
	sum := [][]string{{"Calls due", fm(f.Due)}, {"Secured in time", fm(f.Secured)}, {word, "**" + fm(f.Shortfall) + "**"},
		{"Liquidity cost (1 day)", fm(f.LiquidityCost)}, {"Fire-sale loss", fm(f.FireSaleLoss)}}
	for _, t := range Times(in.Metrics) {
		sum = append(sum, []string{t.Label, t.Value})
	}
	mdTable(w, []string{"Figure", "Value"}, "lr", sum)

	fmt.Fprintf(w, "\n## Timeline\n\n")
	var rows [][]string
	var details []string
	for _, st := range in.Steps {
		e := st.Event
		action := MDText(playbook.Describe(e))
		amount := ""
		if e.Amount != nil {
			amount = fm(*e.Amount)
		}
		rows = append(rows, []string{fmt.Sprint(e.Seq), e.At.Format("Mon 15:04:05"), MDText(e.Operator),
			fmt.Sprintf("%d %s", e.Stage, e.Stage), clip(action, actionWidth), amount, fm(st.Figures.Shortfall)})
		var d []string
		if utf8.RuneCountInString(action) > actionWidth {
			d = append(d, action)
		}
		if r := MDText(e.Rationale); r != "" {
			d = append(d, "why: "+r)
		}
		if len(d) > 0 {
			details = append(details, wrap(fmt.Sprintf("- #%d %s: %s", e.Seq, MDText(e.Operator), strings.Join(d, " — ")), 100, "  "))
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "No decisions recorded yet.")
	} else {
		mdTable(w, []string{"#", "Incident time", "Operator", "Stage", "Decision", "Amount", "Shortfall after"}, "rllllrr", rows)
	}
	if len(details) > 0 {
		fmt.Fprintf(w, "\n### Rationale and details\n\n%s\n", strings.Join(details, "\n"))
	}

	fmt.Fprintf(w, "\n## Calls at the end\n\n")
	rows = nil
	var life []string
	for _, c := range f.Calls {
		r := callOf(c)
		// Whole units: ten columns of cents would not fit a terminal.
		rows = append(rows, []string{MDText(r.Name), Money(c.Amount), Money(c.Disputed), Money(c.Paid), Money(c.Due), r.Deadline,
			Money(c.Posted.Add(c.Cash)), Money(c.Shortfall), MDText(r.Status)})
		life = append(life, wrap("- "+MDText(r.Name)+": "+MDText(r.Lifecycle), 100, "  "))
	}
	mdTable(w, []string{"Counterparty", "Call", "Disputed", "Paid", "Due", "Deadline", "Secured", "Shortfall", "Status"}, "lrrrrlrrl", rows)
	fmt.Fprintf(w, "\n### Each call's lifecycle\n\n%s\n", strings.Join(life, "\n"))
	return nil
}

// mdTable writes a pipe table with every column padded to its widest
// cell; align has one letter per column, l or r.
func mdTable(w io.Writer, head []string, align string, rows [][]string) {
	width := make([]int, len(head))
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(r []string) {
		var b strings.Builder
		b.WriteString("|")
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if align[i] == 'r' {
				c = pad + c
			} else {
				c += pad
			}
			b.WriteString(" " + c + " |")
		}
		fmt.Fprintln(w, b.String())
	}
	line(head)
	var b strings.Builder
	b.WriteString("|")
	for i, n := range width {
		if align[i] == 'r' {
			b.WriteString(strings.Repeat("-", n+1) + ":|")
		} else {
			b.WriteString(strings.Repeat("-", n+2) + "|")
		}
	}
	fmt.Fprintln(w, b.String())
	for _, r := range rows {
		line(r)
	}
}

// MDText makes user text safe in markdown: no control characters (which
// could drive a terminal), no table-breaking pipes, no live HTML.
func MDText(s string) string {
	s = inert.Text(s)
	// A backslash escape keeps a tag from being read as HTML by a
	// markdown renderer, and reads better in a terminal than &lt;.
	return strings.NewReplacer("|", `\|`, "<", `\<`, ">", `\>`).Replace(s)
}

// MDCode makes text safe inside a code span.
func MDCode(s string) string { return strings.ReplaceAll(MDText(s), "`", "'") }

// wrap breaks text at spaces to lines of at most n runes, indenting the
// continuation lines.
func wrap(s string, n int, indent string) string {
	var out []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > n:
			out = append(out, line)
			line = indent + word
		default:
			line += " " + word
		}
	}
	return strings.Join(append(out, line), "\n")
}
