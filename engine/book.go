package engine

import (
	"time"

	"github.com/shopspring/decimal"
)

// A Book is the firm's position at the moment the alert fires: what it
// holds, what it owes, where liquidity can come from, and the scenarios to
// stress it with. Books are read by package book; the engine trusts that a
// Book it is given has been validated (ids unique, references resolved).
type Book struct {
	Firm     string
	Currency string
	// AsOf is when the alert fired: the incident clock starts here.
	AsOf time.Time
	// Deadline is the default deadline of every call.
	Deadline time.Time
	// Cutoff is the local time of day at which T+n settlements arrive.
	Cutoff Cutoff
	// Market is the book's own zone, calendars and hours: the settling
	// currency's, which every counterparty and source also keeps.
	Market         Market
	Counterparties []Counterparty
	Positions      []Position
	Collateral     []Holding
	Sources        []Source
	Scenarios      []Scenario
	// FourEyes are the book's four-eyes rules: which decisions need a
	// second operator's approval (the playbook enforces them).
	FourEyes Controls
	// Liquidation holds the book's defaults for liquidation planning.
	Liquidation LiquidationPolicy
	// Factors drive generated (Monte Carlo) scenarios; empty when the book
	// has no factors section.
	Factors FactorModel
	// IMResponse ties the IM multiplier of a generated scenario to the
	// size of its move (zero: IM does not respond).
	IMResponse IMResponse
	// IgnoreInflows is the book's count_inflows: false: margin coming back
	// (a CCP's VM gain, a CSA return owed to the firm) is not counted as
	// liquidity, the conservative view. By default it is.
	IgnoreInflows bool
	// DayCount is the year basis of costs (360 or 365) when the book
	// overrides its currency's convention (zero: see DayBasis).
	DayCount decimal.Decimal
	// FX are the exchange rates as of AsOf into and out of Currency, the
	// base (reporting) currency; Conversions are the ways the firm can turn
	// one currency into another in a crisis (see Conversion).
	FX          FX
	Conversions []Conversion
	// stressed is set on the copy underStress makes: its holdings are
	// already at their stressed values.
	stressed bool
}

// Controls are the firm's four-eyes rules: decisions that move large sums
// need a second operator.
type Controls struct {
	Enabled bool
	// Kinds of source whose draws need approval (default: credit_line).
	SourceKinds []SourceKind
	// Above is the amount from which any draw needs approval (zero: none).
	Above decimal.Decimal
	// FireSales need approval when a sale is flagged as a fire sale.
	FireSales bool
}

// LiquidationPolicy sets how position reduction is planned.
type LiquidationPolicy struct {
	// Participation caps the share of ADV sold per day (default 0.20).
	Participation decimal.Decimal
	// FireSale is the cost-to-value ratio past which a sale is a fire sale
	// (default 0.10).
	FireSale decimal.Decimal
	// K is the square-root impact coefficient (default 1).
	K decimal.Decimal
	// Permanent is the share of impact that stays in the price after the
	// sale and re-marks what is left (default 0.5).
	Permanent decimal.Decimal
}

// Cutoff is a local time of day (hours and minutes) in the book's zone.
type Cutoff struct{ Hour, Minute int }

// CounterpartyKind is how a counterparty margins the firm.
type CounterpartyKind string

const (
	CCP         CounterpartyKind = "ccp"
	Bilateral   CounterpartyKind = "bilateral"
	PrimeBroker CounterpartyKind = "prime-broker"
)

// A Counterparty is a clearing house, a CSA counterparty or a prime broker
// that can call the firm for margin.
type Counterparty struct {
	ID, Name string
	Kind     CounterpartyKind
	// Deadline overrides the book's deadline for this counterparty's calls.
	Deadline time.Time // zero: the book's
	// Eligible lists the non-cash collateral classes accepted for IM, each
	// with its haircut: a security worth V counts as V × (1 − haircut).
	Eligible []Eligibility
	// Threshold is the CSA threshold: exposure below it is not
	// collateralised (bilateral only).
	Threshold decimal.Decimal
	// MinTransfer is the CSA minimum transfer amount: a call or return
	// smaller than it is not made.
	MinTransfer decimal.Decimal
	// Limits are concentration and wrong-way limits on posted collateral.
	Limits []Limit
	// IMResponse overrides the book's IM response model for this
	// counterparty (zero: the book's).
	IMResponse IMResponse
	// Market is the counterparty's own zone, calendars and hours where the
	// book names them (zero fields: the book's); see Book.MarketOf.
	Market Market
	// Lodgement is the local cut-off for lodging securities (non-cash
	// collateral) the same day; HasLodgement says one is set.
	Lodgement    Cutoff
	HasLodgement bool
	// Cycles are the counterparty's margin cycles in a day; none: one call
	// due at its deadline.
	Cycles []Cycle
	// Lodged is the collateral already delivered to it, by class and
	// issuer (none listed: the current requirement is held in cash).
	Lodged []Lodged
	// HouseMargin are a prime broker's margin rates on the spot
	// positions it finances (positions naming it as counterparty).
	HouseMargin []HouseMargin
	// CSA holds a bilateral counterparty's further credit support terms.
	CSA CSATerms
	// VMCurrencies are the currencies it pays and takes variation margin
	// in, IMCurrencies those in which it takes initial margin without the
	// FX-mismatch haircut (empty: any; see CallCurrency and Eligible).
	VMCurrencies, IMCurrencies []string
	// FXHaircut is the add-on to a security's haircut when its currency is
	// not one of IMCurrencies (the uncleared-margin rules' 8%; the loader
	// defaults it).
	FXHaircut decimal.Decimal
	// Settlement is when a payment from it (VM it owes, collateral it
	// returns) reaches the firm, counted from as_of in its market (see
	// Book.CounterpartyArrival).
	// The loader defaults it to T+0: the book's settlement cut-off that
	// business day. A book built in code that leaves it zero is paid at
	// as_of.
	Settlement Access
}

// Eligibility is one class of collateral a counterparty accepts.
type Eligibility struct {
	Class   AssetClass
	Haircut decimal.Decimal
}

// A Limit caps how much of a counterparty's requirement may be met by one
// class or one issuer (Share of the requirement, after haircut), or
// forbids an issuer outright (wrong-way risk: the counterparty's own paper).
// A limit with an issuer caps that issuer (within the class, if one is
// given); with a class and no issuer it caps the whole class, every issuer
// in it together; with neither it caps each issuer separately. The base is
// the counterparty's whole requirement covered by collateral: what is
// already lodged plus what is posted now (LimitBase).
type Limit struct {
	Class  AssetClass // empty: any class
	Issuer string     // empty: the whole class, or with no class each issuer
	Share  decimal.Decimal
}

// PositionKind says how a position is margined.
type PositionKind string

const (
	Future PositionKind = "future"
	Spot   PositionKind = "spot"
	Bond   PositionKind = "bond"
	Swap   PositionKind = "swap"
)

// Margined reports whether a position of this kind pays and receives
// variation margin and carries initial margin (futures and swaps).
func (k PositionKind) Margined() bool { return k == Future || k == Swap }

// A Position is something the firm holds or owes. MarketValue is signed:
// long > 0, short < 0. Unrealised P&L is MarketValue − Cost.
type Position struct {
	ID, Name      string
	Kind          PositionKind
	Counterparty  string
	MarketValue   decimal.Decimal
	Cost          decimal.Decimal
	InitialMargin decimal.Decimal
	Factor        string
	Beta          decimal.Decimal
	Liquidity     Liquidity
	// Class is the asset class of a spot or bond position, for a prime
	// broker's house margin (empty: see PositionClass).
	Class AssetClass
	// Currency is what its values and margin are in (empty: the base).
	Currency string
}

// Liquidity describes how a position trades, for liquidation planning.
type Liquidity struct {
	// ADV is the average daily traded value.
	ADV decimal.Decimal
	// SpreadBps is the bid-ask spread in basis points; half of it is paid.
	SpreadBps decimal.Decimal
	// DailyVol is the daily volatility of returns (0.015 = 1.5%).
	DailyVol decimal.Decimal
	// Settle is when sale proceeds arrive.
	Settle Access
}

// AssetClass is a collateral class that eligibility schedules name.
type AssetClass string

const (
	ClassCash      AssetClass = "cash"
	ClassGovt      AssetClass = "govt"
	ClassAgency    AssetClass = "agency"
	ClassCorporate AssetClass = "corporate"
	ClassEquity    AssetClass = "equity"
	ClassMMF       AssetClass = "mmf"
)

// A Holding is an unencumbered security or cash-like asset that can be
// posted as collateral or lent in a repo.
type Holding struct {
	ID, Name    string
	Class       AssetClass
	Issuer      string
	MarketValue decimal.Decimal
	HQLA        string
	// RepoHaircut: a repo of value V raises V × (1 − RepoHaircut) in cash.
	RepoHaircut decimal.Decimal
	// CarryBps is the yearly opportunity cost of posting or lending it.
	CarryBps decimal.Decimal
	// Factor and Beta move its value under a scenario as a position's
	// (no factor: it does not move); see StressedHolding.
	Factor string
	Beta   decimal.Decimal
	// Currency is what its value is in (empty: the base).
	Currency string
}

// SourceKind is the kind of a liquidity source.
type SourceKind string

const (
	SourceCash       SourceKind = "cash"
	SourceMMF        SourceKind = "mmf"
	SourceRepo       SourceKind = "repo"
	SourceCreditLine SourceKind = "credit_line"
	SourceAssetSale  SourceKind = "asset_sale"
	SourceOther      SourceKind = "other"
)

// A Source is one tier of the liquidity waterfall, in priority order.
type Source struct {
	ID, Name string
	Kind     SourceKind
	// Amount is what the source can provide; for a repo it is the repo line
	// (a cap), for an asset sale an optional cap.
	Amount decimal.Decimal
	// HasAmount says an amount was given: a repo or asset sale without one
	// is capped only by what its securities or position can raise.
	HasAmount bool
	// Collateral are the holdings a repo lends.
	Collateral []string
	// Position is the position an asset sale sells.
	Position string
	// Access is how long after activation the money arrives.
	Access Access
	// CostBps is the yearly opportunity cost of using the source; RateBps
	// the yearly interest of borrowing. Both accrue ACT/360 on the amount
	// drawn over the funding horizon. Fee is charged once when drawn.
	CostBps, RateBps decimal.Decimal
	Fee              decimal.Decimal
	// Currency is what the source pays out in (empty: the base); its
	// amount and fee are in it.
	Currency string
	// Market is the source's own zone, calendars and hours where the book
	// names them (zero fields: the book's); see Book.SourceMarket.
	Market Market
	// Notice is the local time by which a request must be made to be
	// dealt that business day (a credit line's notice cut-off); HasNotice
	// says one is set.
	Notice    Cutoff
	HasNotice bool
}

// A Scenario is a stress: factor shocks and the margin regime's response.
type Scenario struct {
	ID, Name string
	// Shocks are factor returns: stressed MV = MV × (1 + shock × beta).
	Shocks map[string]decimal.Decimal
	// StressedValue gives a position's stressed MV explicitly (wins).
	StressedValue map[string]decimal.Decimal
	// IMMultiplier scales IM per counterparty id or factor name.
	IMMultiplier map[string]decimal.Decimal
	// InitialMargin gives a position's stressed IM explicitly (wins).
	InitialMargin map[string]decimal.Decimal
	// Withdraw lists sources that are unavailable in this scenario.
	Withdraw []string
	// ImpactMultiplier widens spreads and impact under stress (default 1).
	ImpactMultiplier decimal.Decimal
	// HaircutWidening adds to every haircut of a class under the scenario
	// (repo and eligibility: "0.05" turns 10% into 15%).
	HaircutWidening map[AssetClass]decimal.Decimal
	// Path continues the stress after its first day: the factor returns
	// of day 2, day 3, … (the survival simulation's follow-on moves).
	Path map[string][]decimal.Decimal
}

// Scenario returns the scenario with the given id, or the first when id is
// empty; ok is false when there is none.
func (b *Book) Scenario(id string) (Scenario, bool) {
	if id == "" {
		if len(b.Scenarios) == 0 {
			// No stress: today's book as it stands.
			return Scenario{ID: "none", Name: "no stress", ImpactMultiplier: one,
				Shocks: map[string]decimal.Decimal{}, StressedValue: map[string]decimal.Decimal{},
				IMMultiplier: map[string]decimal.Decimal{}, InitialMargin: map[string]decimal.Decimal{},
				Path: map[string][]decimal.Decimal{}}, true
		}
		return b.Scenarios[0], true
	}
	for _, s := range b.Scenarios {
		if s.ID == id {
			return s, true
		}
	}
	return Scenario{}, false
}

// Counterparty returns the counterparty with the given id.
func (b *Book) Counterparty(id string) (Counterparty, bool) {
	for _, c := range b.Counterparties {
		if c.ID == id {
			return c, true
		}
	}
	return Counterparty{}, false
}

// Position returns the position with the given id.
func (b *Book) Position(id string) (Position, bool) {
	for i := range b.Positions {
		if b.Positions[i].ID == id {
			return b.Positions[i], true
		}
	}
	return Position{}, false
}

// Holding returns the collateral holding with the given id.
func (b *Book) Holding(id string) (Holding, bool) {
	for _, h := range b.Collateral {
		if h.ID == id {
			return h, true
		}
	}
	return Holding{}, false
}

// Source returns the source with the given id.
func (b *Book) Source(id string) (Source, bool) {
	for _, s := range b.Sources {
		if s.ID == id {
			return s, true
		}
	}
	return Source{}, false
}

// DeadlineOf returns the deadline of a counterparty's calls: with margin
// cycles, the first cycle's from the alert on.
func (b *Book) DeadlineOf(c Counterparty) time.Time {
	if len(c.Cycles) > 0 {
		return b.nextCycles(c, b.AsOf)[0].Deadline
	}
	if !c.Deadline.IsZero() {
		return c.Deadline
	}
	return b.Deadline
}
