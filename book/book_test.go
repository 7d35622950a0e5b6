package book

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warroom/warroom/engine"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func assertDec(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func mustDemo(t *testing.T, name string) *engine.Book {
	t.Helper()
	b, err := Demo(name)
	if err != nil {
		t.Fatalf("Demo(%q): %v", name, err)
	}
	return b
}

func TestDemoNames(t *testing.T) {
	names := DemoNames()
	if !slices.Equal(names, []string{"arb-capital", "helios", "two-ccps-fx"}) {
		t.Fatalf("DemoNames() = %v", names)
	}
	for _, n := range names {
		if src, err := DemoSource(n); err != nil || len(src) == 0 {
			t.Errorf("DemoSource(%q) = %d bytes, %v", n, len(src), err)
		}
	}
	if _, err := Demo("nope"); err == nil {
		t.Error("Demo(nope) did not fail")
	}
	if _, err := DemoSource("../book"); err == nil {
		t.Error("DemoSource(../book) did not fail")
	}
}

func TestArbCapital(t *testing.T) {
	b := mustDemo(t, "arb-capital")
	if len(b.Positions) != 3 || len(b.Sources) != 5 {
		t.Fatalf("%d positions, %d sources; want 3 and 5", len(b.Positions), len(b.Sources))
	}
	es, _ := b.Position("ES")
	assertDec(t, "ES market value", es.MarketValue, "50000000")
	tb, _ := b.Position("TB")
	assertDec(t, "TB cost", tb.Cost, "-28000000")
	tech, _ := b.Position("TECH")
	assertDec(t, "TECH beta", tech.Beta, "1.25")
	assertDec(t, "ES beta (default)", es.Beta, "1")
	if tech.Liquidity.Settle != (engine.Access{Settle: true, Days: 2}) {
		t.Errorf("TECH settle = %v, want T+2", tech.Liquidity.Settle)
	}
	want := time.Date(2026, 3, 16, 16, 0, 0, 0, time.FixedZone("", -4*3600))
	if !b.Deadline.Equal(want) {
		t.Errorf("deadline = %v, want %v", b.Deadline, want)
	}
	repo, _ := b.Source("repo")
	if !slices.Equal(repo.Collateral, []string{"UST-2031"}) || repo.Access.Duration != 3*time.Hour {
		t.Errorf("repo = %+v", repo)
	}
	assertDec(t, "repo line", repo.Amount, "4000000")
	sale, _ := b.Source("sell-tech")
	if sale.Position != "TECH" || !sale.HasAmount {
		t.Errorf("sell-tech = %+v", sale)
	}
	sc, _ := b.Scenario("equity-crash")
	assertDec(t, "equity shock", sc.Shocks["equity"], "-0.20")
	assertDec(t, "TB stressed", sc.StressedValue["TB"], "-29000000")
	assertDec(t, "ES stressed IM", sc.InitialMargin["ES"], "6000000")
	if sc.IMMultiplier == nil || len(sc.IMMultiplier) != 0 {
		t.Errorf("IMMultiplier = %v, want an empty map", sc.IMMultiplier)
	}
	h, _ := b.Holding("UST-2031")
	if h.Issuer != "US Treasury" || h.HQLA != "1" {
		t.Errorf("holding = %+v", h)
	}
}

func TestHelios(t *testing.T) {
	b := mustDemo(t, "helios")
	cl, _ := b.Position("CL")
	assertDec(t, "CL market value", cl.MarketValue, "133333333.33")
	assertDec(t, "CL cost", cl.Cost, "83333333.33")
	sc, _ := b.Scenario("weekend-gap")
	assertDec(t, "NYMEX IM multiplier", sc.IMMultiplier["NYMEX"], "3")
	assertDec(t, "impact multiplier", sc.ImpactMultiplier, "3")
	if !slices.Equal(sc.Withdraw, []string{"pb-credit"}) {
		t.Errorf("withdraw = %v", sc.Withdraw)
	}
	if pb, _ := b.Counterparty("PB"); pb.Kind != engine.PrimeBroker {
		t.Errorf("PB kind = %q", pb.Kind)
	}
}

// Each call parses afresh: a caller that edits its book must not edit the
// demo for the next caller.
func TestDemoIsACopy(t *testing.T) {
	a := mustDemo(t, "arb-capital")
	a.Positions[0].MarketValue = dec("1")
	b := mustDemo(t, "arb-capital")
	assertDec(t, "ES market value after an edit elsewhere", b.Positions[0].MarketValue, "50000000")
}

func TestDefaults(t *testing.T) {
	b, err := Load("testdata/good/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if b.Currency != "USD" || b.Cutoff != (engine.Cutoff{Hour: 15}) {
		t.Errorf("currency %q, cut-off %v; want USD, 15:00", b.Currency, b.Cutoff)
	}
	l := b.Liquidation
	assertDec(t, "participation", l.Participation, "0.20")
	assertDec(t, "fire sale", l.FireSale, "0.10")
	assertDec(t, "impact k", l.K, "1")
	assertDec(t, "permanent", l.Permanent, "0.5")
	if b.FourEyes.Enabled || len(b.FourEyes.SourceKinds) != 0 {
		t.Errorf("controls = %+v, want off", b.FourEyes)
	}
	if es, _ := b.Position("ES"); es.Liquidity.Settle != (engine.Access{Settle: true}) {
		t.Errorf("ES settle = %v, want T+0", es.Liquidity.Settle)
	}
	sc := b.Scenarios[0]
	if sc.StressedValue == nil || sc.IMMultiplier == nil || sc.InitialMargin == nil {
		t.Errorf("scenario maps must be non-nil: %+v", sc)
	}
	assertDec(t, "impact multiplier", sc.ImpactMultiplier, "1")
	if repo, _ := b.Source("repo"); repo.HasAmount || !repo.Amount.IsZero() {
		t.Errorf("repo without amount: HasAmount %v, Amount %s", repo.HasAmount, repo.Amount)
	}
}

func TestFullBook(t *testing.T) {
	b, err := Load("testdata/good/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if b.Currency != "EUR" || b.Cutoff != (engine.Cutoff{Hour: 16, Minute: 30}) {
		t.Errorf("currency %q, cut-off %v", b.Currency, b.Cutoff)
	}
	eurex, _ := b.Counterparty("EUREX")
	if got := b.DeadlineOf(eurex); got.Hour() != 12 {
		t.Errorf("EUREX deadline = %v, want 12:00", got)
	}
	wantLimits := []engine.Limit{
		{Class: engine.ClassCorporate, Share: dec("0.25")},
		{Issuer: "Bank Z", Share: dec("0")},
	}
	if len(eurex.Limits) != len(wantLimits) {
		t.Fatalf("limits = %+v", eurex.Limits)
	}
	for i, w := range wantLimits {
		g := eurex.Limits[i]
		if g.Class != w.Class || g.Issuer != w.Issuer || !g.Share.Equal(w.Share) {
			t.Errorf("limit %d = %+v, want %+v", i, g, w)
		}
	}
	bank, _ := b.Counterparty("BANKZ")
	assertDec(t, "threshold", bank.Threshold, "1000000")
	assertDec(t, "min transfer", bank.MinTransfer, "250000.50")

	fgbl, _ := b.Position("FGBL")
	assertDec(t, "FGBL market value", fgbl.MarketValue, "-12500000.25")
	assertDec(t, "FGBL beta", fgbl.Beta, "-0.5")
	bund, _ := b.Position("BUND")
	if bund.Liquidity.Settle != (engine.Access{Settle: true, Days: 1}) {
		t.Errorf("bond settle = %v, want T+1", bund.Liquidity.Settle)
	}
	sap, _ := b.Position("SAP")
	assertDec(t, "SAP spread", sap.Liquidity.SpreadBps, "2.5")
	if sap.Liquidity.Settle != (engine.Access{Settle: true, Days: 2}) {
		t.Errorf("spot settle = %v, want T+2 by default", sap.Liquidity.Settle)
	}
	frn, _ := b.Holding("ZBANK-FRN")
	if frn.Issuer != "Bank Z" || frn.HQLA != "none" || frn.Class != engine.ClassCorporate {
		t.Errorf("FRN = %+v", frn)
	}
	cash, _ := b.Source("cash")
	assertDec(t, "cash", cash.Amount, "1000000.01")
	if sale, _ := b.Source("sell-sap"); sale.HasAmount {
		t.Error("sell-sap has no amount written, HasAmount is true")
	}

	up, _ := b.Scenario("rates-up")
	assertDec(t, "EUREX multiplier", up.IMMultiplier["EUREX"], "1.5")
	assertDec(t, "rates multiplier", up.IMMultiplier["rates"], "2")
	assertDec(t, "IRS stressed IM", up.InitialMargin["IRS"], "300000")
	assertDec(t, "impact", up.ImpactMultiplier, "2.5")
	quiet, _ := b.Scenario("quiet")
	if quiet.Shocks == nil || quiet.StressedValue == nil || quiet.IMMultiplier == nil || quiet.InitialMargin == nil {
		t.Errorf("empty scenario has nil maps: %+v", quiet)
	}
	assertDec(t, "quiet impact", quiet.ImpactMultiplier, "1")

	c := b.FourEyes
	if !c.Enabled || !c.FireSales || !slices.Equal(c.SourceKinds, []engine.SourceKind{engine.SourceCreditLine}) {
		t.Errorf("controls = %+v, want on, fire sales, [credit_line] by default", c)
	}
	assertDec(t, "approval above", c.Above, "5000000")
	assertDec(t, "participation", b.Liquidation.Participation, "0.1")
	assertDec(t, "permanent (default)", b.Liquidation.Permanent, "0.5")
}

// An explicit empty approval list means no kind needs approval by itself;
// only the default applies when the list is not written.
func TestControlsExplicitKinds(t *testing.T) {
	src := "firm: F\nas_of: 2026-03-16T08:00:00Z\ndeadline: 2026-03-16T16:00:00Z\n" +
		"controls: {four_eyes: true, approval_kinds: [repo, asset_sale]}\n"
	b, err := Parse("c.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []engine.SourceKind{engine.SourceRepo, engine.SourceAssetSale}
	if !slices.Equal(b.FourEyes.SourceKinds, want) {
		t.Errorf("kinds = %v, want %v", b.FourEyes.SourceKinds, want)
	}
}

// Editors and generators often frame a document with --- and ...; an empty
// trailing document holds nothing that could be lost.
func TestDocumentMarkers(t *testing.T) {
	src := "---\nfirm: F\nas_of: 2026-03-16T08:00:00Z\ndeadline: 2026-03-16T16:00:00Z\n...\n---\n"
	if _, err := Parse("m.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
}
