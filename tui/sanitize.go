package tui

import "github.com/warroom/warroom/inert"

// maxText caps how much of one user-provided string is shown: a pasted
// megabyte in a note must not stall the screen.
const maxText = 400

// sanitize renders text from books, logs and the keyboard inert (see
// package inert) and clips it. Every user-provided string reaches the
// screen through it.
func sanitize(s string) string { return inert.Clip(s, maxText) }
