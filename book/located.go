package book

// The located errors are warroom's one way of saying what is wrong with a
// hand-written YAML file. Other files the team writes (the war room's team
// file) reuse them so every message reads the same: file:line:column: field.

// Located orders the problems found in a YAML file by position and caps
// them, as a book's are.
func Located(file string, list []Error) *Errors { return newErrors(file, list) }

// SyntaxError locates a YAML library error the way a book's is: at the
// line to fix, not where the enclosing construct began.
func SyntaxError(file string, data []byte, err error) Error {
	p := &parser{file: file}
	p.syntaxErr(data, err)
	return p.errs[0]
}
