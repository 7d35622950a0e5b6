package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/state"
)

// attach declares the book flags (with --json) on a command, with their
// completions, and lets --book - read the command's standard input.
func (b *bookFlags) attach(e *env, cmd *cobra.Command) {
	b.stdin = e.stdin
	b.register(cmd.Flags())
	completeBook(cmd)
}

// completeBook completes --book with YAML files, --demo with the
// embedded demos and --scenario with the ids of the book already named.
func completeBook(cmd *cobra.Command) {
	_ = cmd.MarkFlagFilename("book", "yaml", "yml")
	_ = cmd.RegisterFlagCompletionFunc("demo", cobra.FixedCompletions(book.DemoNames(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("scenario", completeIDs(scenarioIDList))
	if cmd.Flags().Lookup("db") != nil {
		completeDB(cmd)
	}
}

func completeDB(cmd *cobra.Command) { _ = cmd.MarkFlagFilename("db", "db") }

// completeIDs completes with ids read from the command's book.
func completeIDs(ids func(*engine.Book) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		b := completionBook(cmd)
		if b == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return ids(b), cobra.ShellCompDirectiveNoFileComp
	}
}

// completionBook is the book a half-typed command line names: the one
// stored in --db when that exists, else --book or --demo (the default
// demo when neither). Nil when it does not load: completion stays quiet.
func completionBook(cmd *cobra.Command) *engine.Book {
	get := func(name string) string {
		if f := cmd.Flags().Lookup(name); f != nil {
			return f.Value.String()
		}
		return ""
	}
	if db := get("db"); db != "" {
		if _, err := os.Stat(db); err == nil {
			l, err := state.OpenReadOnly(db)
			if err != nil {
				return nil
			}
			defer l.Close()
			meta := l.Meta()
			b, err := book.Parse(meta.BookName, meta.Book)
			if err != nil {
				return nil
			}
			return b
		}
	}
	bf := bookFlags{book: get("book"), demo: get("demo")}
	if bf.book == "-" {
		return nil
	}
	src, err := bf.source()
	if err != nil {
		return nil
	}
	b, err := book.Parse(src.name, src.data)
	if err != nil {
		return nil
	}
	return b
}

func sourceIDs(b *engine.Book) []string {
	out := make([]string, len(b.Sources))
	for i, s := range b.Sources {
		out[i] = s.ID + "\t" + string(s.Kind)
	}
	return out
}

func holdingIDs(b *engine.Book) []string {
	out := make([]string, len(b.Collateral))
	for i, h := range b.Collateral {
		out[i] = h.ID
	}
	return out
}

func positionIDs(b *engine.Book) []string {
	out := make([]string, len(b.Positions))
	for i, p := range b.Positions {
		out[i] = p.ID + "\t" + p.Name
	}
	return out
}

func counterpartyIDs(b *engine.Book) []string {
	out := make([]string, len(b.Counterparties))
	for i, c := range b.Counterparties {
		out[i] = c.ID + "\t" + c.Name
	}
	return out
}

func scenarioIDList(b *engine.Book) []string {
	out := make([]string, len(b.Scenarios))
	for i, s := range b.Scenarios {
		out[i] = s.ID + "\t" + s.Name
	}
	return out
}

// decisionKinds are the words decide takes first (decideUsage explains them).
func decisionKinds() []string {
	return []string{"ack", "scenario", "call", "role", "draw", "post", "repo", "confirm", "sell", "convert",
		"status", "agree", "dispute", "resolve", "revise", "pay", "message", "note", "stage", "reverse", "approve", "reject"}
}

// completeDecision completes decide's words: the kind, then the ids that
// kind takes, in order, from the incident's book.
func completeDecision(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	none := cobra.ShellCompDirectiveNoFileComp
	if len(args) == 0 {
		return decisionKinds(), none
	}
	type slot func(*engine.Book) []string
	fixed := func(v []string) slot { return func(*engine.Book) []string { return v } }
	stages := fixed([]string{"1", "2", "3", "4", "5"})
	slots := map[string][]slot{
		"scenario": {scenarioIDList},
		"call":     {counterpartyIDs},
		"role":     {fixed(playbook.Roles)},
		"draw":     {sourceIDs},
		"post":     {holdingIDs, counterpartyIDs},
		"repo":     {holdingIDs},
		"sell":     {positionIDs}, "liquidate": {positionIDs},
		"status":  {counterpartyIDs, fixed(playbook.Statuses)},
		"message": {counterpartyIDs},
		"agree":   {counterpartyIDs}, "dispute": {counterpartyIDs}, "resolve": {counterpartyIDs},
		"revise": {counterpartyIDs}, "pay": {counterpartyIDs},
		"stage":   {stages},
		"convert": {bookCurrencyList, bookCurrencyList},
	}
	s := slots[strings.ToLower(args[0])]
	i := len(args) - 1
	if i >= len(s) {
		return nil, none
	}
	b := completionBook(cmd)
	if b == nil {
		b = &engine.Book{}
	}
	return s[i](b), none
}

// bookCurrencyList is the base and every currency the book has a rate for.
func bookCurrencyList(b *engine.Book) []string {
	if b.FX.Base == "" {
		return nil
	}
	return b.FX.Currencies()
}

// complete adds the sweep flags' completions.
func (m *mcFlags) complete(cmd *cobra.Command) {
	_ = cmd.RegisterFlagCompletionFunc("dist", cobra.FixedCompletions([]string{"normal", "t"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("historical", "csv")
}
