package tui

import (
	"maps"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/playbook"
)

// focus is which pane takes the arrow keys.
type focus int

const (
	focusStage focus = iota
	focusLog
)

// Model is the root of the console: it owns one child per stage, the
// decision log pane, the prompt and the focus, handles global keys first
// and hands the rest to the focused child. Model implements tea.Model.
type Model struct {
	b      Backend
	opts   Options
	styles Styles
	keys   KeyMap
	help   help.Model
	spin   spinner.Model // turns while the buffer is sized

	width, height int
	stage         playbook.Stage
	focus         focus
	showHelp      bool
	filtering     bool // "/" is editing the focused list's filter

	d   data
	seq uint64 // the last state seq shown: older snapshots are ignored

	triage     triageModel
	waterfall  waterfallModel
	collateral collateralModel
	reduction  reductionModel
	comms      commsModel
	log        logModel

	stale [6]bool // stage rows to rebuild before they are shown

	prompt      *prompt
	confirmQuit bool
	pending     bool // a decision Cmd is in flight
	deriving    bool
	deriveAgain bool

	status     string
	statusTone tone

	sub   <-chan playbook.Snapshot
	unsub func()

	// rv is the post-mortem console's state (review.go); rv.on is false
	// in a live console.
	rv review
	// dr is the fire drill's state (drill.go); dr.on is false outside one.
	dr drillState
	// fd is the live feed's state (feed.go); fd.on is false without one.
	fd feedState
	// rm is the shared room's state (room.go); rm.on is false without one.
	rm roomState

	// fr coalesces the incident's updates into frames (frame.go); gen
	// names the visible state, vc holds its last frame, and quiet says
	// the message being handled changed nothing shown.
	fr    frameState
	gen   uint64
	vc    *viewCache
	hc    *textCache   // the hint bar last drawn
	tc    *textCache   // the tabs last drawn
	pc    *textCache   // the presence line last cut to the screen
	hdr   *headerCache // the header last drawn
	quiet bool
}

// New builds the console over a backend. It takes the first snapshot and
// subscribes now, before the program runs, so the first frame already
// shows the figures.
func New(b Backend, opts Options) Model {
	opts.Operator = strings.TrimSpace(opts.Operator)
	dark := true
	if opts.Dark != nil {
		dark = *opts.Dark
	}
	m := Model{b: b, opts: opts, styles: NewStyles(dark), keys: DefaultKeyMap(), help: help.New(), stage: playbook.Triage, vc: &viewCache{}, hc: &textCache{}, tc: &textCache{}, pc: &textCache{}, hdr: &headerCache{}}
	m.help.Styles = m.styles.Help
	m.spin = spinner.New(spinner.WithSpinner(spinner.Dot))
	if opts.ASCII {
		m.spin = spinner.New(spinner.WithSpinner(spinner.Line))
	}
	m.sub, m.unsub = b.Subscribe()
	snap := b.Snapshot()
	m.d.after = map[uint64]decimal.Decimal{}
	m.setSnapshot(snap)
	if s := snap.State.Stage; s.Valid() {
		m.stage = s
		m.refresh()
	}
	m.status, m.statusTone = "? shows every key · 1-5 jump to a stage", toneMuted
	if opts.ReadOnly {
		m.status = "read-only review console: decisions are disabled"
	} else if opts.Feed != nil {
		m.startFeed(opts.Feed)
	}
	m.joinRoom()
	return m
}

// Close ends the subscription. Run calls it; tests that build a Model
// directly may.
func (m Model) Close() {
	if m.unsub != nil {
		m.unsub()
	}
	if m.fd.cancel != nil {
		m.fd.cancel()
	}
	if m.rm.stop != nil {
		m.rm.stop()
	}
}

// Run runs the console full screen until the operator quits.
func Run(b Backend, opts Options) error {
	m := New(b, opts)
	defer m.Close()
	_, err := tea.NewProgram(m).Run()
	return err
}

// Init implements tea.Model: the clock tick, the subscription, the
// background colour query and the first derived figures.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{waitSnapshot(m.sub), m.deriveCmd()}
	switch {
	case m.dr.on:
		// The drill's tick advances the runner, which brings the snapshot.
		cmds = append(cmds, m.runCmd(false), m.drillTick())
	case !m.rv.on:
		// A review is frozen at the entry shown: no clock runs.
		cmds = append(cmds, tick(m.b))
	}
	if m.opts.Dark == nil {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if m.fd.on {
		cmds = append(cmds, m.fd.followCmd(), m.fd.waitFeed())
	}
	if m.rm.on {
		room, st := m.opts.Room, m.stage
		cmds = append(cmds, waitPresence(m.rm.ch), func() tea.Msg { room.At(st); return nil })
	}
	return tea.Batch(cmds...)
}

// Update implements tea.Model. Every message but those that change
// nothing shown gives the model a new visible state, which View draws.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.quiet = false
	next, cmd := m.update(msg)
	if nm, ok := next.(Model); ok && !nm.quiet {
		nm.gen = versions.Add(1)
		return nm, cmd
	}
	return next, cmd
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		if m.opts.Dark == nil {
			m.styles = NewStyles(msg.IsDark())
			m.help.Styles = m.styles.Help
		}
		return m, nil
	case tickMsg:
		cmd := m.acceptSnapshot(msg.snap)
		return m, tea.Batch(cmd, tick(m.b))
	case snapshotMsg:
		cmd := m.incoming(msg.snap)
		return m, tea.Batch(cmd, waitSnapshot(m.sub))
	case frameMsg:
		return m, m.frameDue()
	case subClosedMsg:
		return m, nil
	case decisionMsg:
		return m, m.decided(msg)
	case derivedMsg:
		return m, m.derivedArrived(msg)
	case bufferMsg:
		return m, m.bufferArrived(msg)
	case drillTickMsg, drillRanMsg, debriefMsg:
		return m, m.drillUpdate(msg)
	case feedLineMsg, feedAppliedMsg, feedEndedMsg:
		return m, m.feedUpdate(msg)
	case tea.PasteMsg:
		if m.prompt != nil {
			m.prompt.update(msg)
			m.layout()
		} else {
			m.say(toneMuted, "paste ignored: open a prompt first (p, n, m …)")
		}
		return m, nil
	case presenceMsg:
		m.seePresence(msg.who)
		return m, waitPresence(m.rm.ch)
	case tea.KeyPressMsg:
		next, cmd := m.key(msg)
		if nm, ok := next.(Model); ok {
			return nm.tellStage(cmd)
		}
		return next, cmd
	case tea.MouseWheelMsg, tea.MouseClickMsg:
		// A click on a tab changes stage as its key does: tell the room.
		next, cmd := m.mouse(msg.(tea.MouseMsg))
		if nm, ok := next.(Model); ok {
			return nm.tellStage(cmd)
		}
		return next, cmd
	case spinner.TickMsg:
		return m, m.spinUpdate(msg)
	}
	return m, nil
}

// acceptSnapshot shows a snapshot unless it is older than the one shown (a
// subscription message can arrive after the decision's own result).
func (m *Model) acceptSnapshot(s playbook.Snapshot) tea.Cmd {
	if s.State.Book == nil || s.State.Seq < m.seq {
		return nil
	}
	if p := m.fr.snap; p != nil && p.State.Seq <= s.State.Seq {
		m.fr.snap = nil // this one is as new: the one waiting for its frame goes
	}
	changed := s.State.Seq != m.seq || s.Figures.Now.Truncate(60e9) != m.d.now.Truncate(60e9)
	m.setSnapshot(s)
	m.fr.dirty = false
	if changed {
		return m.deriveCmd()
	}
	return nil
}

// setSnapshot precomputes every pane's rows, so View only slices them.
func (m *Model) setSnapshot(s playbook.Snapshot) {
	m.seq = s.State.Seq
	m.d.snap, m.d.now = s, s.Figures.Now
	m.d.f = &m.d.snap.Figures
	m.refresh()
}

// refresh rebuilds the rows of the stage on screen and the log; the other
// stages are marked stale and rebuilt when the operator turns to them, so
// a snapshot costs one stage's rows, not five.
func (m *Model) refresh() {
	if m.d.f == nil {
		return
	}
	m.stale = [6]bool{true, true, true, true, true, true}
	m.build(m.stage)
	m.log.set(&m.d)
}

// build rebuilds one stage's rows if they are stale.
func (m *Model) build(st playbook.Stage) {
	if !st.Valid() || !m.stale[st] || m.d.f == nil {
		return
	}
	m.stale[st] = false
	switch st {
	case playbook.Triage:
		m.triage.set(&m.d)
	case playbook.Liquidity:
		m.waterfall.set(&m.d)
	case playbook.Collateral:
		m.collateral.set(&m.d)
	case playbook.Reduction:
		m.reduction.set(&m.d)
	case playbook.Communication:
		m.comms.set(&m.d)
	}
}

// decided takes a decision's result: an error is shown and changes
// nothing; success shows the committed snapshot and what it did.
func (m *Model) decided(msg decisionMsg) tea.Cmd {
	m.pending = false
	var cmd tea.Cmd
	if msg.snap.State.Book != nil {
		for _, e := range msg.events {
			if e.Seq == msg.snap.State.Seq {
				m.d.after = maps.Clone(m.d.after)
				m.d.after[e.Seq] = msg.snap.Figures.Shortfall
			}
		}
		cmd = m.acceptSnapshot(msg.snap)
	}
	if msg.err != nil {
		code := playbook.ErrorCode(msg.err)
		lead := "✗ refused: "
		if code == playbook.Internal {
			lead = "✗ NOT RECORDED: "
		}
		if n := len(msg.events); n > 0 {
			lead = "✗ stopped after " + strconv.Itoa(n) + " recorded: "
		}
		m.say(toneBreach, lead+sanitize(msg.err.Error()))
		return cmd
	}
	if n := len(msg.events); n > 0 {
		e := msg.events[n-1]
		f := m.d.f
		word := "shortfall now " + whole(f.Shortfall)
		if f.Covered {
			word = "COVERED, shortfall 0"
		}
		m.say(toneOK, "✓ recorded #"+strconv.Itoa(int(e.Seq))+" "+describe(e, m.d.now)+" · "+word)
	}
	return cmd
}

func (m *Model) say(t tone, s string) { m.status, m.statusTone = s, t }

// layout sizes every pane for the window and the open prompt.
func (m *Model) layout() {
	w, h := m.width, m.height
	m.help.SetWidth(w)
	body := h - m.chrome() - m.promptHeight()
	if body < 0 {
		body = 0
	}
	stageW, stageH, logW, logH := w, body, w, 0
	if w >= 130 {
		logW = 42
		stageW, logH = w-logW-1, body
	} else {
		// The log grows with the terminal: seven rows up to about 30
		// lines of body, then a quarter of it.
		logH = max(min(7, body/3), body/4)
		stageH = body - logH
	}
	inner := func(x int) int { return max(x-1, 0) } // the pane title line
	m.triage.list.setSize(stageW, inner(stageH))
	m.waterfall.list.setSize(stageW, inner(stageH))
	m.collateral.list.setSize(stageW, inner(stageH))
	m.reduction.list.setSize(stageW, inner(stageH))
	m.comms.list.setSize(stageW, inner(stageH))
	m.log.list.setSize(logW, inner(logH))
	m.rv.setSize(w, body)
	m.dr.brief.setSize(w, max(body-1, 0))
}

func (m Model) promptHeight() int {
	if m.prompt == nil || m.width <= 0 {
		return 0
	}
	return len(m.prompt.lines(m.styles, m.width))
}
