package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/x/term"
)

// progressDelay is how long work runs before it shows progress: a sweep
// that ends sooner would only flash a bar.
const progressDelay = time.Second

// progressBar reports long work on stderr: a bubbles progress bar with
// the ETA, redrawn in place, when stderr is a terminal; otherwise a plain
// line every few seconds, which a log file can hold. It never writes to
// stdout, so JSON on stdout stays clean.
type progressBar struct {
	w         io.Writer
	tty       bool
	what      string
	total     int64
	done      atomic.Int64
	start     time.Time
	quit      chan struct{}
	wg        sync.WaitGroup
	bar       progress.Model
	shown     bool
	lastPlain time.Time
}

func startProgress(e *env, what string, total int) *progressBar {
	p := &progressBar{w: e.stderr, what: what, total: int64(total), start: time.Now(), quit: make(chan struct{})}
	if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(f.Fd()) {
		p.tty = true
		opts := []progress.Option{progress.WithDefaultBlend(), progress.WithWidth(40)}
		if !utf8Locale(e.getenv) {
			opts = append(opts, progress.WithFillCharacters('#', '-'))
		}
		p.bar = progress.New(opts...)
	}
	p.wg.Add(1)
	go p.loop()
	return p
}

// add is the risk.Progress callback: safe from any goroutine.
func (p *progressBar) add(n int) { p.done.Add(int64(n)) }

func (p *progressBar) loop() {
	defer p.wg.Done()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case now := <-t.C:
			if now.Sub(p.start) >= progressDelay {
				p.draw(now)
			}
		}
	}
}

func (p *progressBar) draw(now time.Time) {
	done, elapsed := p.done.Load(), now.Sub(p.start)
	line := progressLine(p.what, done, p.total, elapsed)
	if p.tty {
		frac := 0.0
		if p.total > 0 {
			frac = float64(done) / float64(p.total)
		}
		fmt.Fprintf(p.w, "\r%s %s\x1b[K", p.bar.ViewAs(frac), line)
		p.shown = true
		return
	}
	if p.lastPlain.IsZero() || now.Sub(p.lastPlain) >= 5*time.Second {
		fmt.Fprintln(p.w, "warroom: "+line)
		p.lastPlain = now
	}
}

// stop ends the reporting and clears the bar.
func (p *progressBar) stop() {
	close(p.quit)
	p.wg.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// progressLine says how far work is and when it should end.
func progressLine(what string, done, total int64, elapsed time.Duration) string {
	s := fmt.Sprintf("%d/%d %s", done, total, what)
	if eta, ok := etaOf(done, total, elapsed); ok {
		s += ", ETA " + eta.String()
	}
	return s
}

// etaOf extrapolates the time left at the rate so far: elapsed ×
// (total − done) / done, rounded up to the second; unknown before
// anything is done.
func etaOf(done, total int64, elapsed time.Duration) (time.Duration, bool) {
	if done <= 0 || total <= 0 {
		return 0, false
	}
	if done >= total {
		return 0, true
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return ((left + time.Second - 1) / time.Second) * time.Second, true
}
