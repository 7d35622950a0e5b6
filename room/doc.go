// Package room is the shared war room: one incident (a playbook.Incident,
// the single owner of its decisions) behind an SSH server, with a team
// file that maps public keys to people and their roles. Each SSH session
// is a seat: its own console, signed by the key's person, gated by the
// person's roles, and counted in the room's presence.
//
// The package never builds a console itself (the command wires package tui
// in through Config.Console) and never offers anything but that console:
// no shell, no exec, no forwarding, public-key authentication only.
package room
