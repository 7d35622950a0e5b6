package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
	"github.com/warroom/warroom/risk"
)

// bufferFigures is the liquidity buffer the triage screen shows: the
// engine's Monte Carlo sizing (risk.SizeBuffer) of the book under the
// incident's regime. It runs in a Cmd, once per scenario and market
// regime: thousands of scenarios have no place in Update or View.
type bufferFigures struct {
	key     string // the regime it was sized for
	running bool
	frame   string // the spinner's frame while it runs
	ready   bool
	err     string
	bs      risk.BufferSizing
}

type bufferMsg struct {
	key string
	bs  risk.BufferSizing
	err error
}

// bufferKey names the regime a sizing holds for: the scenario selected
// and the market moves on top of it (a withdrawn source changes it).
func bufferKey(s playbook.State) string { return s.Base.ID + "/" + strconv.Itoa(len(s.Moves)) }

// bufferCmd sizes the buffer when the regime shown has not been sized.
func (m *Model) bufferCmd() tea.Cmd {
	f := m.d.f
	if f == nil || f.Book == nil {
		return nil
	}
	key := bufferKey(m.d.snap.State)
	if key == m.d.buf.key || m.d.buf.running {
		return nil
	}
	m.d.buf.running = true
	m.d.buf.frame = m.spin.View()
	b, sc := f.Book, f.Scenario
	return tea.Batch(func() tea.Msg {
		bs, err := sizeBufferSafe(b, sc)
		return bufferMsg{key, bs, err}
	}, m.spin.Tick)
}

// spinUpdate turns the spinner while the buffer is being sized, and lets
// its ticks stop once it is not.
func (m *Model) spinUpdate(msg spinner.TickMsg) tea.Cmd {
	if !m.d.buf.running {
		return nil
	}
	var cmd tea.Cmd
	m.spin, cmd = m.spin.Update(msg)
	m.d.buf.frame = m.spin.View()
	m.stale[playbook.Triage] = true
	m.build(m.stage)
	return cmd
}

func (m *Model) bufferArrived(msg bufferMsg) tea.Cmd {
	m.d.buf = bufferFigures{key: msg.key, ready: msg.err == nil, bs: msg.bs}
	if msg.err != nil {
		m.d.buf.err = msg.err.Error()
	}
	m.stale[playbook.Triage] = true
	m.build(m.stage)
	// The regime may have moved on while this one ran.
	return m.bufferCmd()
}

// sizeBufferSafe keeps a panic in the Monte Carlo (another team's
// numerical code) from taking the war-room screen down.
func sizeBufferSafe(b *engine.Book, sc engine.Scenario) (bs risk.BufferSizing, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return risk.SizeBuffer(b, sc, risk.DefaultBufferOptions())
}

// bufferLines are the triage screen's buffer lines.
func bufferLines(b bufferFigures) []line {
	switch {
	case b.err != "":
		return []line{textLine(toneMuted, "buffer sizing unavailable: "+sanitize(b.err))}
	case !b.ready:
		return []line{textLine(toneMuted, strings.TrimSpace(b.frame+" buffer: sizing over 10,000 Monte Carlo scenarios…"))}
	}
	bs := b.bs
	p := bs.Percentile.Mul(decimal.NewFromInt(100)).String() + "%"
	// The buffer is the cash needed beyond the in-time sources, as
	// `warroom stress --mc` reports it ("Buffer at the 0.99 percentile");
	// the percentile outflow is what it is sized on, not the buffer. The
	// screen once printed the outflow as the buffer (2,164,506 ✓ under a
	// 10,500,000 shortfall, where the CLI said 0).
	mark, t := " ✓", toneOK
	if bs.Buffer.Sign() > 0 {
		mark, t = " ✗", toneBreach
	}
	first := textLine(t, fmt.Sprintf("buffer needed %s%s: the %s %d-day Monte Carlo outflow %s is within the %s in-time sources (no asset sales)",
		whole(bs.Buffer), mark, p, bs.Days, whole(bs.Outflow.At), whole(bs.InTimeLiquidity)))
	if bs.Buffer.Sign() > 0 {
		first.text = fmt.Sprintf("buffer needed %s%s: the %s %d-day Monte Carlo outflow %s exceeds the %s in-time sources (no asset sales)",
			whole(bs.Buffer), mark, p, bs.Days, whole(bs.Outflow.At), whole(bs.InTimeLiquidity))
	}
	first.short = fmt.Sprintf("buffer needed %s%s (%s outflow %s, in time %s)", whole(bs.Buffer), mark, p, whole(bs.Outflow.At), whole(bs.InTimeLiquidity))
	n := whole(decimal.NewFromInt(int64(bs.Scenarios)))
	why := textLine(toneMuted, "  sized on "+n+" ordinary days drawn from the book's factor vols, not on the scenario above: its shortfall is the call to fund now")
	why.short = "  sized on generated ordinary days, not on the scenario above"
	out := []line{first, why}
	if bs.Need.Max.Sign() <= 0 {
		return append(out, textLine(toneMuted, fmt.Sprintf("  in all %s scenarios the in-time sources cover it (99.9%%: %s, max %s)",
			n, whole(bs.Outflow.P999), whole(bs.Outflow.Max))))
	}
	counts := make([]decimal.Decimal, len(bs.Histogram))
	top := decimal.Zero
	for i, bin := range bs.Histogram {
		counts[i] = decimal.NewFromInt(int64(bin.Count))
		top = decimal.Max(top, counts[i])
	}
	return append(out, textLine(toneNone, fmt.Sprintf("  need beyond in-time sources 0 %s %s · short in %.2f%% of %s scenarios",
		sparkline(counts, top), whole(bs.Need.Max), bs.ProbShortfall*100, n)))
}
