// Package playbook is the incident as a state machine fed by decisions: the
// five stages of the margin-call playbook (triage, liquidity, collateral,
// position reduction, communication), the decisions the team takes in
// them, and the single owner that applies decisions in order, persists
// them and tells its subscribers.
//
// Every decision becomes one Event. Decide validates a decision against
// the current State and returns the event; Apply folds an event into a
// State and is pure, so the state after N events is the fold of the first
// N, whether live, replayed from the log, or forked. The package never
// reads a clock (the incident clock is injected) and never touches a file:
// it persists through the Store interface, which package state implements
// on bbolt.
package playbook
