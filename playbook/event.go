package playbook

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Kind names a decision and the event it becomes.
type Kind string

const (
	// Stage 1: triage.
	Acknowledge    Kind = "acknowledge"     // the alert is seen; the clock to triage stops
	SelectScenario Kind = "select_scenario" // stress with another of the book's scenarios
	SetCall        Kind = "set_call"        // version 1: the counterparty's actual call, replacing its figure
	AssignRole     Kind = "assign_role"     // incident lead, treasury, collateral, trading, communications
	// Stage 2: liquidity.
	Draw Kind = "draw" // draw a source, in full (no amount) or in part
	// Convert is an FX deal struck: one currency sold for another (version
	// 5; see convert.go).
	Convert Kind = "fx_convert"
	// Stage 3: collateral.
	Post        Kind = "post"         // post a holding to a counterparty's call
	StageRepo   Kind = "stage_repo"   // arrange a repo of a holding (not yet cash)
	ConfirmRepo Kind = "confirm_repo" // the repo is agreed: its cash counts
	// Stage 4: reduction.
	Liquidate Kind = "liquidate" // sell a value of a position
	// Stage 5: communication. A call is a ledger (calls.go): keyed, then
	// agreed or disputed (and resolved), paid in one or more payments, its
	// deadline extended; its status is derived from these, never stored.
	KeyCall        Kind = "call_keyed"        // an incoming call keyed as it arrives (adds a call)
	Agree          Kind = "call_agreed"       // the call is agreed in full
	Dispute        Kind = "call_disputed"     // part of the call is disputed, with a reason code
	Resolve        Kind = "call_resolved"     // the dispute settles at an agreed figure
	Revise         Kind = "call_revised"      // the counterparty revises the amount it calls
	Pay            Kind = "payment"           // a payment against a call, spending named funds
	AskExtension   Kind = "extension_asked"   // more time asked, until Until
	GrantExtension Kind = "extension_granted" // more time granted: the call's deadline moves to Until
	Status         Kind = "status"            // called or acknowledged (paid, disputed… become the kinds above)
	Message        Kind = "message"           // a message drafted, sent or received
	// Any stage.
	Note    Kind = "note"    // a free note for the record
	Goto    Kind = "stage"   // advance or jump to a stage
	Reverse Kind = "reverse" // cancel an earlier draw, posting or repo (a new event)
	Approve Kind = "approve" // a second operator approves a held decision
	Reject  Kind = "reject"  // a second operator refuses it
	// External, recorded by feeds and drills.
	Market Kind = "market" // factor moves, IM multiplier or haircut changes, withdrawals
	// Close ends the incident (a drill over, or the firm insolvent): no
	// decision is accepted after it. Logs written before it existed
	// simply never close, and replay as they did.
	Close Kind = "close"
	// Presence in the shared war room (warroom serve; presence.go): who
	// was in the room when each decision was taken. No figure moves.
	Join  Kind = "join"  // a person's console entered the room
	Leave Kind = "leave" // it left (or the server restarted without it)
)

// Call statuses (stage 5). A call's status is derived from its ledger;
// `status CPTY STATUS [AMOUNT]` is the front door that records the event
// behind each one.
const (
	StatusEstimated        = ""       // the engine's figure: no call received yet
	StatusCalled           = "called" // received, not yet answered
	StatusAcknowledged     = "acknowledged"
	StatusAgreed           = "agreed"   // agreed in full (or at the resolved figure)
	StatusDisputed         = "disputed" // part disputed: the undisputed part is due by the deadline
	StatusResolved         = "resolved" // a decision only: the dispute settles at Amount
	StatusPartlyPaid       = "partly_paid"
	StatusPaid             = "paid" // paid in full: nothing due, nothing disputed
	StatusExtension        = "extension_asked"
	StatusExtensionGranted = "extension_granted"
)

// Statuses lists what `status` accepts, in the order a call moves.
var Statuses = []string{StatusCalled, StatusAcknowledged, StatusAgreed, StatusDisputed, StatusResolved,
	StatusExtension, StatusExtensionGranted, StatusPaid}

// Dispute reason codes: the set Acadia's margin manager and the ISDA
// dispute resolution protocol use.
const (
	ReasonPortfolio  = "portfolio"  // trades missing or extra in the portfolio
	ReasonValuation  = "valuation"  // marks differ
	ReasonCollateral = "collateral" // collateral balance or its valuation differs
	ReasonThreshold  = "threshold"  // threshold or independent amount applied differently
	ReasonMTA        = "mta"        // minimum transfer amount or rounding
	ReasonOther      = "other"
)

// Reasons lists the dispute reason codes.
var Reasons = []string{ReasonPortfolio, ReasonValuation, ReasonCollateral, ReasonThreshold, ReasonMTA, ReasonOther}

// Call cycles: an intraday call and the end-of-day call are separate
// calls of one counterparty on one day.
const (
	CycleIntraday = "intraday"
	CycleEOD      = "eod"
)

// Roles lists the war-room roles; names per operator are free.
var Roles = []string{"incident lead", "treasury", "collateral", "trading", "communications"}

// A Decision is what an operator (or a script, or a feed) asks for. Only
// the fields of its Kind are read.
type Decision struct {
	Kind      Kind
	Operator  string
	Rationale string

	Source       string          // draw, stage_repo (the repo source; optional)
	Holding      string          // post, stage_repo
	Counterparty string          // post, calls, status, message
	Position     string          // liquidate
	Amount       decimal.Decimal // draw (zero: in full), post/stage_repo/liquidate value, set_call, status
	Deadline     time.Time       // call (zero: the counterparty's)
	Until        time.Time       // extension asked or granted
	// Call names a call by the seq that keyed it (0: the counterparty's
	// open call with the earliest deadline, or its estimate); Cycle
	// narrows it, or gives a keyed call its cycle.
	Call  uint64
	Cycle string
	// Currency narrows it to the counterparty's call in that currency (a
	// book in several; empty: its first).
	Currency string
	// VM and IM are a keyed call's parts (nil: derived from the book).
	VM, IM    *decimal.Decimal
	Reason    string      // dispute reason code
	Scenario  string      // select_scenario
	Role      string      // assign_role
	Assignee  string      // assign_role
	Status    string      // status
	Text      string      // note, message
	Direction string      // message: "sent" or "received"
	Stage     Stage       // stage
	Target    uint64      // reverse, approve, reject, confirm_repo: the event's seq
	Market    *MarketMove // market
	// An FX deal (fx_convert): Sell the currency sold, Buy the one
	// bought; Amount what is sold, or Bought what is bought; Rate the
	// price as the market quotes the pair (nil: at market); Via the book's
	// conversion (empty: the cheapest in time); Source the fund sold
	// (empty: earliest-arriving first).
	Sell, Buy, Via string
	Rate           *decimal.Decimal
	Bought         decimal.Decimal
}

// MarketMove is an external change to the market or the margin regime,
// recorded from a feed or a drill's timeline.
type MarketMove struct {
	Shocks       map[string]decimal.Decimal `json:"shocks,omitempty"`        // added to the scenario's factor returns
	IMMultiplier map[string]decimal.Decimal `json:"im_multiplier,omitempty"` // replaces the multiplier per counterparty or factor
	Haircuts     map[string]decimal.Decimal `json:"haircuts,omitempty"`      // "CME/govt" → new haircut
	Withdraw     []string                   `json:"withdraw,omitempty"`      // sources taken away
	Restore      []string                   `json:"restore,omitempty"`       // sources given back
	Cut          map[string]decimal.Decimal `json:"cut,omitempty"`           // source → new amount
	Deadlines    map[string]time.Time       `json:"deadlines,omitempty"`     // counterparty → moved deadline
	Headline     string                     `json:"headline,omitempty"`
}

// EventVersion is the version of the event encoding. Decoding refuses a
// newer one rather than guessing at it. Version 2 made a call a ledger:
// version-1 events keep their meaning on replay (set_call replaces the
// counterparty's call, a `paid` status closes it spending nothing), so an
// old log shows the figures it showed when it was written. Version 3
// added the presence events (join, leave); version 4 the close event (a
// drill over: nothing is accepted after it), so a warroom that could not
// honour it refuses the log rather than take decisions on a closed
// incident. Version 5 gave a keyed call its own currency (a call_keyed
// with `currency`; before it, a call_keyed's currency was ignored: every
// call was the counterparty's first currency's) and added the FX
// conversion struck as a decision (fx_convert). Every other event is still
// written as version 2 (see versionOf), byte for byte as before.
const EventVersion = 5

// An Event is a decision as taken: validated, resolved to exact figures
// (a draw "in full" records the amount it was), and timed both on the wall
// clock and the incident clock. Events are never edited or deleted; a
// reversal is a new event.
type Event struct {
	Version   int       `json:"v"`
	Seq       uint64    `json:"-"` // assigned by the store
	Kind      Kind      `json:"kind"`
	Operator  string    `json:"operator"`
	Wall      time.Time `json:"wall_time"`
	At        time.Time `json:"incident_time"`
	Stage     Stage     `json:"stage"`
	Rationale string    `json:"rationale,omitempty"`

	Source       string           `json:"source,omitempty"`
	Holding      string           `json:"holding,omitempty"`
	Counterparty string           `json:"counterparty,omitempty"`
	Position     string           `json:"position,omitempty"`
	Amount       *decimal.Decimal `json:"amount,omitempty"`
	// Value is the market value of securities posted, repo'd or sold.
	Value     *decimal.Decimal `json:"value,omitempty"`
	ArrivesAt *time.Time       `json:"arrives_at,omitempty"`
	Deadline  *time.Time       `json:"deadline,omitempty"`
	Until     *time.Time       `json:"until,omitempty"`
	Scenario  string           `json:"scenario,omitempty"`
	Role      string           `json:"role,omitempty"`
	Assignee  string           `json:"assignee,omitempty"`
	Status    string           `json:"status,omitempty"`
	Text      string           `json:"text,omitempty"`
	Direction string           `json:"direction,omitempty"`
	ToStage   Stage            `json:"to_stage,omitempty"`
	Target    uint64           `json:"target,omitempty"`
	Market    *MarketMove      `json:"market,omitempty"`
	// Call is the seq of the call event a ledger event is about (0: the
	// counterparty's estimated call); Cycle a keyed call's cycle.
	Call  uint64 `json:"call,omitempty"`
	Cycle string `json:"cycle,omitempty"`
	// Currency is the estimated call's currency when it is not the
	// counterparty's first (a book in several; absent in every older log,
	// which means the first).
	Currency string `json:"currency,omitempty"`
	// VM and IM are a keyed call's parts: at a CCP only the IM part may be
	// met with securities.
	VM     *decimal.Decimal `json:"vm,omitempty"`
	IM     *decimal.Decimal `json:"im,omitempty"`
	Reason string           `json:"reason,omitempty"`
	// Spent is what a payment took from each fund, resolved when it was
	// made: money is spent once.
	Spent []Spend `json:"spent,omitempty"`
	// Held is true for a decision held for a second operator's approval:
	// it changes no figure until an approve event releases it.
	Held bool `json:"held,omitempty"`
	// FireSale marks a sale whose cost passes the fire-sale threshold.
	FireSale bool `json:"fire_sale,omitempty"`
	// An FX deal struck (fx_convert, version 5): Amount of Sell sold for
	// Bought of Buy at Rate as Pair quotes it (AtMarket: the scenario's),
	// settled through the book's conversion Via at ArrivesAt, its spread
	// Cost in Buy; Spent the funds it sold.
	Sell     string           `json:"sell,omitempty"`
	Buy      string           `json:"buy,omitempty"`
	Bought   *decimal.Decimal `json:"bought,omitempty"`
	Rate     *decimal.Decimal `json:"rate,omitempty"`
	Pair     string           `json:"pair,omitempty"`
	AtMarket bool             `json:"at_market,omitempty"`
	Via      string           `json:"via,omitempty"`
	Cost     *decimal.Decimal `json:"cost,omitempty"`
}

func dec(d decimal.Decimal) *decimal.Decimal { return &d }
func tm(t time.Time) *time.Time              { return &t }

// Amt returns the event's amount, zero when absent.
func (e Event) Amt() decimal.Decimal {
	if e.Amount == nil {
		return decimal.Zero
	}
	return *e.Amount
}

// Val returns the event's value, zero when absent.
func (e Event) Val() decimal.Decimal {
	if e.Value == nil {
		return decimal.Zero
	}
	return *e.Value
}

// Encode renders an event for the log.
func Encode(e Event) ([]byte, error) {
	e.Version = eventVersion(e)
	return json.Marshal(e)
}

// Decode reads an event from the log, refusing unknown versions.
func Decode(seq uint64, data []byte) (Event, error) {
	var e Event
	if err := json.Unmarshal(data, &e); err != nil {
		return Event{}, fmt.Errorf("event %d: %w", seq, err)
	}
	if e.Version > EventVersion {
		return Event{}, fmt.Errorf("event %d: written by a newer warroom (event version %d, this one reads up to %d)", seq, e.Version, EventVersion)
	}
	if e.Version < 1 || e.Kind == "" {
		return Event{}, fmt.Errorf("event %d: not a warroom event", seq)
	}
	e.Seq = seq
	return e, nil
}
