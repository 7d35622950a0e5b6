// Package tui is the war-room console: the terminal screen a treasury lead
// drives during a margin-call liquidity crisis. Every screen answers "how
// much, by when, from where": the live shortfall, the next deadline, and
// the sources, collateral, sales and messages that close the gap, walked
// through the playbook's five stages.
//
// The console is a view and a keyboard, never an owner of the incident. It
// must never mutate incident state: it reads snapshots from a Backend and
// asks for changes by sending playbook decisions, which the Backend
// validates, writes durably and then announces. It must never block in
// Update: decisions (which fsync), snapshots and derived figures that cost
// more than a few microseconds run in tea.Cmds and come back as messages.
// Text that comes from books or logs is shown only through sanitize, so a
// name or note cannot drive the terminal.
package tui
