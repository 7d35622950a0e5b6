package playbook

import (
	"errors"
	"fmt"
)

// Code classifies why a decision was refused, so that a console can say
// what to do and a script can tell a typo from a conflict.
type Code string

const (
	Invalid  Code = "invalid"   // the decision is malformed (an amount that is not positive)
	NotFound Code = "not_found" // it names a source, holding or event that does not exist
	Conflict Code = "conflict"  // the state does not allow it (more than is left, already reversed)
	Internal Code = "internal"  // the log could not be written: nothing changed
)

// Error is a refused decision: a code and a message that says why and,
// where it can, what would work.
type Error struct {
	Code Code
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

func refuse(code Code, format string, a ...any) error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, a...)}
}

// ErrorCode returns the code of a playbook error, Internal otherwise.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
