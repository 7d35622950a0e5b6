// Package drill is the fire drill: a book plus a timeline of scripted
// market events (factor moves, an IM multiplier raised intraday, a call
// issued or revised, a source withdrawn or cut, a haircut widened, a
// deadline moved, a counterparty's message), played on a simulated clock
// against a playbook.Incident, settled at each deadline, and scored in a
// debrief.
//
// The package reads drill files (strictly, with file:line:col errors of
// package book's types), runs them (Runner on a SimClock), plays them
// without a terminal (the none and engine autopilots), and works out the
// debrief from a drill's log alone, so that a report on a stored drill
// says the same as the screen did. It never draws the screen, never
// reads the wall clock itself (the clock is injected) and never writes a
// file: it persists only through the playbook's Store.
package drill
