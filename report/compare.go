package report

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
)

// Comparison sets an incident beside an alternative (usually a fork of
// it, rehearsed with other decisions) on the key figures: the shortfall
// over time, the final position, and what each side decided after they
// parted.
type Comparison struct {
	A, B *Incident
	// Common is how many decisions both logs share, byte for byte, from
	// the start: the fork point (0: they share none).
	Common int
	// Times is the shortfall of each side at every decision time of
	// either (and at the alert), in incident-time order.
	Times []Moment
	// Final are the key figures at the end of each side, and B − A.
	Final [3]Key
	// AfterA and AfterB are the decisions after the fork point.
	AfterA, AfterB []playbook.Step
}

// Moment is both sides at one incident time; ASeq and BSeq name the
// decision taken then (0: none on that side at that moment).
type Moment struct {
	At         time.Time
	ASeq, BSeq uint64
	A, B       Point
	Difference decimal.Decimal // B's shortfall − A's
}

// Label names what happened at a moment: the alert, a decision both
// sides share, or one side's own.
func (m Moment) Label() string {
	switch {
	case m.ASeq != 0 && m.BSeq != 0:
		return fmt.Sprintf("#%d both", m.ASeq)
	case m.ASeq != 0:
		return fmt.Sprintf("A #%d", m.ASeq)
	case m.BSeq != 0:
		return fmt.Sprintf("B #%d", m.BSeq)
	}
	return "alert"
}

// Key are the figures a comparison reports per side.
type Key struct {
	Due, Secured, Shortfall, LiquidityCost, FireSaleLoss decimal.Decimal
}

// Compare sets b beside a.
func Compare(a, b *Incident) Comparison {
	c := Comparison{A: a, B: b}
	for c.Common < len(a.Steps) && c.Common < len(b.Steps) && sameEvent(a.Steps[c.Common].Event, b.Steps[c.Common].Event) {
		c.Common++
	}
	c.AfterA, c.AfterB = a.Steps[c.Common:], b.Steps[c.Common:]
	ka, kb := keyOf(a.Final), keyOf(b.Final)
	c.Final = [3]Key{ka, kb, {
		Due: kb.Due.Sub(ka.Due), Secured: kb.Secured.Sub(ka.Secured), Shortfall: kb.Shortfall.Sub(ka.Shortfall),
		LiquidityCost: kb.LiquidityCost.Sub(ka.LiquidityCost), FireSaleLoss: kb.FireSaleLoss.Sub(ka.FireSaleLoss)}}
	sa, sb := a.Series(), b.Series()
	type mark struct {
		at       time.Time
		side     int // 0: the alert, 1: A, 2: B
		seq      uint64
		position int
	}
	marks := []mark{{at: sa[0].At}}
	for i, p := range sa[1:] {
		marks = append(marks, mark{p.At, 1, p.Seq, i})
	}
	// The shared decisions are one moment, not two.
	for i, p := range sb[1+c.Common:] {
		marks = append(marks, mark{p.At, 2, p.Seq, i})
	}
	slices.SortStableFunc(marks, func(x, y mark) int { return x.at.Compare(y.at) })
	for _, m := range marks {
		// By default each side is as it stood then: after every decision
		// it had taken by that time.
		mo := Moment{At: m.at, A: At(sa, m.at), B: At(sb, m.at)}
		switch m.side {
		case 1:
			mo.ASeq = m.seq
			mo.A = sa[1+m.position]
			if m.position < c.Common {
				mo.BSeq, mo.B = m.seq, sb[1+m.position]
			}
		case 2:
			mo.BSeq = m.seq
			mo.B = sb[1+c.Common+m.position]
		}
		mo.Difference = mo.B.Shortfall.Sub(mo.A.Shortfall)
		c.Times = append(c.Times, mo)
	}
	return c
}

func keyOf(f playbook.Figures) Key {
	return Key{Due: f.Due, Secured: f.Secured, Shortfall: f.Shortfall, LiquidityCost: f.LiquidityCost, FireSaleLoss: f.FireSaleLoss}
}

// sameEvent compares two decisions as they were recorded: a fork copies
// records byte for byte, so equal encodings mean the same decision.
func sameEvent(x, y playbook.Event) bool {
	if x.Seq != y.Seq {
		return false
	}
	bx, err1 := playbook.Encode(x)
	by, err2 := playbook.Encode(y)
	return err1 == nil && err2 == nil && bytes.Equal(bx, by)
}
