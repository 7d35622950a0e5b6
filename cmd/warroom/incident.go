package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/warroom/warroom/book"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/state"
)

// logStore adapts the bbolt log to the playbook's Store interface. A
// read-only store (report, review, fork) loads what the chain vouches for
// even when it breaks later, so a damaged log can still be examined; one
// that records decisions refuses a damaged log outright.
type logStore struct {
	log      *state.Log
	readOnly bool
}

func (s logStore) Append(data []byte) (uint64, error) {
	r, err := s.log.Append(data)
	return r.Seq, err
}

func (s logStore) Load() ([]playbook.Record, error) {
	var recs []state.Record
	var err error
	if s.readOnly {
		recs, _, err = s.log.Trusted()
	} else {
		recs, err = s.log.Records()
	}
	if err != nil {
		return nil, err
	}
	out := make([]playbook.Record, len(recs))
	for i, r := range recs {
		out[i] = playbook.Record{Seq: r.Seq, Data: r.Data}
	}
	return out, nil
}

// session is an open incident: its log, the book it was opened on, and
// the playbook's owner of it.
type session struct {
	log      *state.Log
	book     *engine.Book
	scenario string
	incident *playbook.Incident
	created  bool
}

func (s *session) Close() error {
	if s == nil || s.log == nil {
		return nil
	}
	return s.log.Close()
}

// incidentFlags are the flags of commands that work on an incident file.
type incidentFlags struct {
	bookFlags
	db       string
	operator string
	// at, when set, is the incident time of what is recorded (a script
	// recording what was done at 10:42); otherwise the incident clock runs.
	at time.Time
}

func (f *incidentFlags) register(e *env, name string) *flag.FlagSet {
	fs := newFlags(e, name)
	f.bookFlags.register(fs)
	f.registerDB(fs)
	f.registerOperator(fs)
	return fs
}

func (f *incidentFlags) registerDB(fs flagSet) {
	fs.StringVar(&f.db, "db", "", "the incident's decision log `FILE` (bbolt; one file holds one incident)")
}

func (f *incidentFlags) registerOperator(fs flagSet) {
	fs.StringVar(&f.operator, "operator", "", "who takes the decisions (default: the login name)")
}

func (f *incidentFlags) who(e *env) string {
	if f.operator != "" {
		return f.operator
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := e.getenv("USER"); n != "" {
		return n
	}
	return "operator"
}

// openSession opens the incident in f.db, creating it from the book flags
// when the file does not exist yet. An existing file carries its own book
// and scenario: naming another on the command line is refused rather than
// silently ignored.
func openSession(f *incidentFlags, readOnly bool) (*session, error) {
	if f.db == "" {
		return nil, usageErr("--db FILE is required")
	}
	if _, err := os.Stat(f.db); errors.Is(err, os.ErrNotExist) {
		if readOnly {
			return nil, logErr(fmt.Errorf("%s: no such incident file", f.db))
		}
		return createSession(f, f.db)
	}
	if f.book != "" || f.demo != "" || f.scenario != "" {
		return nil, usageErr("%s already holds an incident with its own book and scenario; drop --book/--demo/--scenario (use 'warroom fork' to try another)", f.db)
	}
	var l *state.Log
	var err error
	if readOnly {
		l, err = state.OpenReadOnly(f.db)
	} else {
		l, err = state.Open(f.db)
	}
	if err != nil {
		return nil, logErr(servedBy(f.db, err))
	}
	s, err := sessionOn(l, false, readOnly, f.at)
	if err != nil {
		l.Close()
		return nil, err
	}
	return s, nil
}

func createSession(f *incidentFlags, path string) (*session, error) {
	b, sc, src, err := f.load()
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, logErr(fmt.Errorf("%s: %w", dir, err))
		}
	}
	// The log keeps the book whole, CSV files included: it must replay on
	// the positions it was opened on.
	stored, err := book.Inline(src.name, src.data)
	if err != nil {
		return nil, inputErr(err)
	}
	kind := "incident"
	l, err := state.Create(path, state.Meta{Format: state.FormatVersion, Created: time.Now().UTC(), Kind: kind,
		BookName: src.name, Book: stored, Scenario: sc.ID})
	if err != nil {
		return nil, logErr(err)
	}
	_ = b
	s, err := sessionOn(l, true, false, f.at)
	if err != nil {
		l.Close()
		return nil, err
	}
	return s, nil
}

// sessionOn rebuilds the incident from the log: the book as it was loaded
// when the incident began, then every event.
func sessionOn(l *state.Log, created, readOnly bool, at time.Time) (*session, error) {
	meta := l.Meta()
	b, err := book.Parse(meta.BookName, meta.Book)
	if err != nil {
		return nil, logErr(fmt.Errorf("%s: the book stored in the incident no longer loads: %w", l.Path(), err))
	}
	origin := b.AsOf
	// A fork's clock resumes at the fork point, not at the alert (fork.go).
	if t, err := time.Parse(time.RFC3339Nano, meta.Extra[resumeKey]); err == nil {
		origin = t
	}
	clock := playbook.Clock{Origin: origin, WallStart: meta.Created, Speed: 1, Wall: time.Now}
	now := clock.Now
	if !at.IsZero() {
		now = func() time.Time { return at }
	}
	inc, err := playbook.Open(b, meta.Scenario, logStore{l, readOnly}, now, time.Now)
	if err != nil {
		if !strings.Contains(err.Error(), l.Path()) {
			// The log's own errors name the file already; the playbook's
			// (an event it cannot replay) do not.
			err = fmt.Errorf("%s: %w", l.Path(), err)
		}
		return nil, logErr(err)
	}
	return &session{log: l, book: b, scenario: meta.Scenario, incident: inc, created: created}, nil
}

// dataDir is where incidents live when no --db is given: the XDG data
// directory on every OS (~/.local/share on Linux, ~/Library/Application
// Support on macOS, %LOCALAPPDATA% on Windows), as adrg/xdg resolves it.
// An XDG_DATA_HOME in the command's environment wins, so that tests and
// scripts that set it for one run are obeyed.
func dataDir(e *env) string {
	if e.getenv != nil {
		if d := e.getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "warroom")
		}
	}
	if xdg.DataHome != "" {
		return filepath.Join(xdg.DataHome, "warroom")
	}
	return filepath.Join(os.TempDir(), "warroom")
}

// newIncidentPath names a fresh incident file for a firm.
func newIncidentPath(e *env, firm string) string {
	slug := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return '-'
	}, firm)
	return filepath.Join(dataDir(e), "incidents", slug+"-"+time.Now().Format("20060102-150405")+".db")
}

// incidentAsOf is the alert time of the incident in f.db, or of the book
// the flags name when the file does not exist yet.
func incidentAsOf(f *incidentFlags) (time.Time, error) {
	if _, err := os.Stat(f.db); err == nil {
		l, err := state.OpenReadOnly(f.db)
		if err != nil {
			return time.Time{}, logErr(err)
		}
		defer l.Close()
		meta := l.Meta()
		b, err := book.Parse(meta.BookName, meta.Book)
		if err != nil {
			return time.Time{}, logErr(fmt.Errorf("%s: %w", f.db, err))
		}
		return b.AsOf, nil
	}
	b, _, _, err := f.load()
	if err != nil {
		return time.Time{}, err
	}
	return b.AsOf, nil
}
