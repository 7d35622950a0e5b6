// Package book reads a book file — the firm's positions, counterparties,
// collateral, liquidity sources and stress scenarios at the moment a margin
// call alert fires — into an *engine.Book that the engine can trust.
//
// The format is the contract in BOOK-FORMAT.md; a book may take its
// positions and holdings from the CSV files a position or collateral system
// exports (positions_file, collateral_file), read through the same field
// tables as the YAML lists (records.go). Books are written by hand
// under pressure, so the loader is strict and talkative: it reports every
// problem of a file at once, each with its line, column and field path, so
// an operator fixes the file in one pass instead of one error per run.
//
// What it must never do: accept a book it had to guess about, or hand back
// half of one. An unknown field, an unresolved reference, a figure written
// in a form that could be misread (1.2e7, 0x10, 1_000, .5) is an error, not
// a default, because a typo that silently drops a figure misstates the
// firm's liquidity in a crisis. Money is never routed through float64: the
// literal text of each figure is parsed as a decimal. The package never
// panics on input, never reads a clock, and keeps no state between calls;
// the only files it reads are those a book names, beside it.
//
// Speed matters at the size real books have: a light reader (lite.go)
// parses the plain YAML books are written in straight into the YAML
// library's nodes, and leaves anything else to the library itself.
package book
