package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// maxBookBytes bounds what is read of an input file: a book far larger than
// any real firm's is a mistake (or not a book), not something to load.
const maxBookBytes = 256 << 20

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathErr(err))
	}
	defer f.Close()
	// Room for the whole file at once (a book of ten thousand positions
	// is 2 MB: growing a buffer to it copies it twice over).
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() <= maxBookBytes {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, maxBookBytes+1)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPathErr(err))
	}
	data := buf.Bytes()
	if len(data) > maxBookBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB; not a book", path, maxBookBytes>>20)
	}
	return data, nil
}

// stdinName is what errors call standard input, as compilers do.
const stdinName = "<stdin>"

// inputName is the name errors use for an input path ("-": standard input).
func inputName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// readInput reads a file, or standard input when the path is "-".
func readInput(stdin io.Reader, path string) ([]byte, error) {
	if path != "-" {
		return readFile(path)
	}
	if stdin == nil {
		return nil, fmt.Errorf("%s: standard input is not available here", stdinName)
	}
	data, err := io.ReadAll(io.LimitReader(stdin, maxBookBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stdinName, err)
	}
	if len(data) > maxBookBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB; not a book", stdinName, maxBookBytes>>20)
	}
	return data, nil
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// writeTo writes output to a file (atomically: a reader never sees half a
// report) or, without a path or with "-", to stdout.
func writeTo(e *env, path string, fn func(io.Writer) error) error {
	if path == "" || path == "-" {
		return fn(e.stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".warroom-*")
	if err != nil {
		return inputErr(fmt.Errorf("%s: %w", path, unwrapPathErr(err)))
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return inputErr(fmt.Errorf("%s: %w", path, err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return inputErr(fmt.Errorf("%s: %w", path, unwrapPathErr(err)))
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", path)
	return nil
}
