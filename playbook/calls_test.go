package playbook_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warroom/warroom/engine"
	"github.com/warroom/warroom/playbook"
)

func pd(v string) *decimal.Decimal { x := d(v); return &x }

func callOf(t *testing.T, f playbook.Figures, ref uint64) playbook.CallFigure {
	t.Helper()
	for _, c := range f.Calls {
		if c.Ref == ref {
			return c
		}
	}
	t.Fatalf("no call keyed at #%d in %+v", ref, f.Calls)
	return playbook.CallFigure{}
}

func refused(t *testing.T, inc *playbook.Incident, dc playbook.Decision, code playbook.Code, words string) {
	t.Helper()
	if dc.Operator == "" {
		dc.Operator = "alice"
	}
	_, err := inc.Decide(dc)
	if err == nil {
		t.Fatalf("%s accepted; want refused (%s)", dc.Kind, words)
	}
	if playbook.ErrorCode(err) != code || !strings.Contains(err.Error(), words) {
		t.Fatalf("%s: %v (code %s); want %s saying %q", dc.Kind, err, playbook.ErrorCode(err), code, words)
	}
}

// Money is spent once. Arb-Capital with 5,000,000 of on-hand cash; CME
// calls 5,000,000 intraday (all VM, due 12:00) and 10,500,000 at the end
// of the day (16:00). The cash arrives at once and, earliest deadline
// first, secures the intraday call in full:
//
//	due 15,500,000 · secured 5,000,000 (intraday 5,000,000, eod 0)
//
// Paying 5,000,000 of the eod call spends the cash: the intraday call's
// secured falls by 5,000,000 to 0, the eod call's due to 5,500,000:
//
//	due 10,500,000 · secured 0 · paid 5,000,000 · shortfall 10,500,000
//
// The shortfall does not move: money changed hands, none was raised.
func TestPaymentSpendsItsFunds(t *testing.T) {
	b := *demo(t, "arb-capital")
	b.Sources = slices.Clone(b.Sources)
	b.Sources[0].Amount = d("5000000")
	inc, _ := open(t, &b, &playbook.MemStore{})
	noon := b.AsOf.Add(4 * time.Hour)
	intra := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("5000000"),
		VM: pd("5000000"), IM: pd("0"), Cycle: playbook.CycleIntraday, Deadline: noon})
	eod := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("10500000")})
	// Parts from the book: VM 9,000,000; IM min(1,500,000, 10.5M − 9M) = 1,500,000.
	money(t, "eod VM part", *eod.VM, "9000000")
	money(t, "eod IM part", *eod.IM, "1500000")
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "cash"})
	f := inc.Snapshot().Figures
	money(t, "due before", f.Due, "15500000")
	money(t, "intraday secured before", callOf(t, f, intra.Seq).Cash, "5000000")
	money(t, "eod secured before", callOf(t, f, eod.Seq).Cash, "0")

	p := decide(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Call: eod.Seq, Amount: d("5000000")})
	if len(p.Spent) != 1 || p.Spent[0].Source != "cash" {
		t.Fatalf("spent %+v, want the cash draw", p.Spent)
	}
	f = inc.Snapshot().Figures
	money(t, "intraday secured after", callOf(t, f, intra.Seq).Cash, "0")
	money(t, "eod due after", callOf(t, f, eod.Seq).Due, "5500000")
	money(t, "due after", f.Due, "10500000")
	money(t, "secured after", f.Secured, "0")
	money(t, "paid", f.Paid, "5000000")
	money(t, "shortfall", f.Shortfall, "10500000")
	if got := callOf(t, f, eod.Seq).Status.Status; got != playbook.StatusPartlyPaid {
		t.Errorf("eod status %q, want partly_paid", got)
	}
	// The spent cash cannot pay again, and its draw cannot be reversed
	// while the payment stands; reversing the payment frees it.
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Call: intra.Seq, Amount: d("0.01")}, playbook.Conflict, "only 0.00")
	refused(t, inc, playbook.Decision{Kind: playbook.Reverse, Target: 3}, playbook.Conflict, "reverse the payment first")
	decide(t, inc, playbook.Decision{Kind: playbook.Reverse, Target: p.Seq})
	money(t, "secured after reversing the payment", inc.Snapshot().Figures.Secured, "5000000")
}

// A partial payment reduces the call by its amount. CME calls
// 5,000,000; 2,000,000 of cash is drawn; paying 1,000 leaves
// 5,000,000 − 1,000 = 4,999,000 due, 1,999,000 of cash securing it.
func TestPartialPayment(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	k := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("5000000")})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "cash"})
	decide(t, inc, playbook.Decision{Kind: playbook.Status, Status: playbook.StatusPaid, Counterparty: "CME", Amount: d("1000")})
	f := inc.Snapshot().Figures
	c := callOf(t, f, k.Seq)
	money(t, "still due", c.Due, "4999000")
	money(t, "header due", f.Due, "4999000")
	money(t, "secured", f.Secured, "1999000")
	if c.Status.Status != playbook.StatusPartlyPaid {
		t.Errorf("status %q", c.Status.Status)
	}
	// Boundaries: a cent more than is due; more than has arrived; a source
	// that has not arrived (the MMF's T+0 cash comes at 15:00).
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Amount: d("4999000.01")}, playbook.Conflict, "4,999,000.00 is due")
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME"}, playbook.Conflict, "only 1,999,000.00")
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "mmf"})
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Source: "mmf", Amount: d("1")}, playbook.Conflict, "more arrives Mon 15:00")
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Source: "rcf", Amount: d("1")}, playbook.Conflict, "draw it first")
}

// Paid means paid in full (issue 19 item 1). Marking the call paid with
// nothing drawn is refused; paying it in full from arrived funds makes
// it paid; a later call from the same counterparty is another call,
// called and open, not "paid".
func TestPaidMeansPaidInFull(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	refused(t, inc, playbook.Decision{Kind: playbook.Status, Status: playbook.StatusPaid, Counterparty: "CME"}, playbook.Conflict, "only 0.00")
	decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("1500000")})
	decide(t, inc, playbook.Decision{Kind: playbook.Draw, Source: "cash"})
	decide(t, inc, playbook.Decision{Kind: playbook.Status, Status: playbook.StatusPaid, Counterparty: "CME"})
	f := inc.Snapshot().Figures
	if f.Calls[0].Status.Status != playbook.StatusPaid || !f.Due.IsZero() {
		t.Fatalf("after paying in full: %s due %s", f.Calls[0].Status.Status, f.Due)
	}
	later := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("3000000")})
	f = inc.Snapshot().Figures
	c := callOf(t, f, later.Seq)
	if c.Status.Status != playbook.StatusCalled || f.Covered {
		t.Errorf("the later call: %s, covered %v", c.Status.Status, f.Covered)
	}
	// 2,000,000 cash − 1,500,000 paid = 500,000 left to secure 3,000,000.
	money(t, "later call short", c.Shortfall, "2500000")
}

// Pay the undisputed part. CME calls 11,000,000; the firm disputes
// 600,000 on valuation: 11,000,000 − 600,000 = 10,400,000 is due by the
// deadline, 600,000 on resolution. Resolved at 10,700,000: that is due.
func TestDisputeLeavesUndisputedDue(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	k := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("11000000")})
	refused(t, inc, playbook.Decision{Kind: playbook.Dispute, Counterparty: "CME", Amount: d("11000000.01")}, playbook.Conflict, "cannot dispute")
	refused(t, inc, playbook.Decision{Kind: playbook.Dispute, Counterparty: "CME", Amount: d("1"), Reason: "mood"}, playbook.Invalid, "want one of")
	decide(t, inc, playbook.Decision{Kind: playbook.Status, Status: playbook.StatusDisputed, Counterparty: "CME", Amount: d("600000"), Reason: "valuation"})
	f := inc.Snapshot().Figures
	c := callOf(t, f, k.Seq)
	money(t, "due by the deadline", f.Due, "10400000")
	money(t, "disputed", f.Disputed, "600000")
	money(t, "shortfall", f.Shortfall, "10400000")
	if c.Status.Status != playbook.StatusDisputed || c.Ledger.Reason != playbook.ReasonValuation {
		t.Errorf("status %q reason %q", c.Status.Status, c.Ledger.Reason)
	}
	refused(t, inc, playbook.Decision{Kind: playbook.Resolve, Counterparty: "CME", Amount: d("11000000.01")}, playbook.Conflict, "new call")
	// Typing the part of the dispute agreed (300,000) rather than the
	// whole figure: the reply says to resolve at 10,400,000 + 300,000.
	refused(t, inc, playbook.Decision{Kind: playbook.Resolve, Counterparty: "CME", Amount: d("300000")}, playbook.Invalid, "resolve at 10,700,000.00")
	decide(t, inc, playbook.Decision{Kind: playbook.Resolve, Counterparty: "CME", Amount: d("10700000")})
	f = inc.Snapshot().Figures
	money(t, "due after resolution", f.Due, "10700000")
	money(t, "disputed after", f.Disputed, "0")
	if s := callOf(t, f, k.Seq).Status.Status; s != playbook.StatusAgreed {
		t.Errorf("status after resolution %q", s)
	}
}

// Cash-only VM. CME calls 5,000,000, all of it VM: securities cannot meet
// any of it. Posting "just enough" Treasuries is refused; posting
// 1,000,000 explicitly credits 980,000 that counts for nothing, and the
// Treasuries cannot pay it. The estimate's IM part (1,500,000) still takes
// them (TestPostCollateralCoversIM).
func TestAllVMCallTakesNoTreasuries(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("5000000"), VM: pd("5000000")})
	refused(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME"}, playbook.Conflict, "all VM, which is cash only at a CCP")
	decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME", Amount: d("1000000")})
	f := inc.Snapshot().Figures
	money(t, "posted that counts", f.Calls[0].Posted, "0")
	money(t, "shortfall", f.Shortfall, "5000000")
	refused(t, inc, playbook.Decision{Kind: playbook.Pay, Counterparty: "CME", Source: "UST-2031", Amount: d("1")}, playbook.Conflict, "VM is cash only")
	refused(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("5000000"), VM: pd("4000000"), IM: pd("500000")}, playbook.Invalid, "not the 5,000,000.00 called")
}

// An extension granted moves that call's deadline.
func TestExtensionMovesDeadline(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	b := inc.Snapshot().State.Book
	later := b.Deadline.Add(time.Hour)
	refused(t, inc, playbook.Decision{Kind: playbook.AskExtension, Counterparty: "CME", Until: b.Deadline}, playbook.Conflict, "must run later")
	decide(t, inc, playbook.Decision{Kind: playbook.AskExtension, Counterparty: "CME", Until: later})
	if !inc.Snapshot().Figures.Calls[0].Deadline.Equal(b.Deadline) {
		t.Error("asking moved the deadline")
	}
	decide(t, inc, playbook.Decision{Kind: playbook.GrantExtension, Counterparty: "CME"})
	if got := inc.Snapshot().Figures.Calls[0].Deadline; !got.Equal(later) {
		t.Errorf("deadline %s, want %s", got, later)
	}
}

// A version-1 log keeps its figures: set_call replaced the call (and
// securities could meet all of it), a `paid` status closed it spending
// nothing, and a later version-1 set_call left it closed.
func TestVersion1LogReplaysItsFigures(t *testing.T) {
	b := demo(t, "arb-capital")
	store := &playbook.MemStore{}
	at := `"operator":"a","wall_time":"2026-11-21T09:00:00Z","incident_time":"2026-03-16T08:00:00-04:00","stage":1`
	for _, r := range []string{
		`{"v":1,"kind":"set_call",` + at + `,"counterparty":"CME","amount":"11000000"}`,
		`{"v":1,"kind":"post",` + at + `,"holding":"UST-2031","counterparty":"CME","value":"5000000","amount":"4900000"}`,
		`{"v":1,"kind":"draw",` + at + `,"source":"cash","amount":"2000000","arrives_at":"2026-03-16T08:00:00-04:00"}`,
	} {
		if _, err := store.Append([]byte(r)); err != nil {
			t.Fatal(err)
		}
	}
	inc, _ := open(t, b, store)
	f := inc.Snapshot().Figures
	// 11,000,000 − 4,900,000 posted (v1: the whole actual call took
	// securities) − 2,000,000 cash = 4,100,000 short.
	money(t, "v1 posted", f.Calls[0].Posted, "4900000")
	money(t, "v1 shortfall", f.Shortfall, "4100000")
	store.Append([]byte(`{"v":1,"kind":"status",` + at + `,"counterparty":"CME","status":"paid"}`))
	store.Append([]byte(`{"v":1,"kind":"set_call",` + at + `,"counterparty":"CME","amount":"12000000"}`))
	inc, _ = open(t, b, store)
	f = inc.Snapshot().Figures
	money(t, "v1 due after paid", f.Due, "0")
	money(t, "v1 secured", f.Secured, "0")
	if f.Calls[0].Status.Status != playbook.StatusPaid {
		t.Errorf("v1 status %q", f.Calls[0].Status.Status)
	}
	// A call keyed by this version is a new call: open, called.
	k := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("1000000")})
	c := callOf(t, inc.Snapshot().Figures, k.Seq)
	if c.Status.Status != playbook.StatusCalled || !c.Due.Equal(d("1000000")) {
		t.Errorf("new call after a v1 log: %s due %s", c.Status.Status, engine.FormatMoney(c.Due))
	}
}

// Securities posted meet the IM parts of all the counterparty's open
// calls. CME calls 3,000,000 intraday (VM 2,000,000, IM 1,000,000) and
// 4,000,000 at the end of the day (VM 3,500,000, IM 500,000): posting
// "just enough" UST-2031 (2% haircut) posts 1,500,000 / 0.98 =
// 1,530,612.2449 → 1,530,612.25, credited 1,500,000.00, which secures
// 1,000,000 of the first call and 500,000 of the second.
func TestPostMeetsEveryCallsIMPart(t *testing.T) {
	inc, _ := open(t, demo(t, "arb-capital"), &playbook.MemStore{})
	a := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("3000000"), VM: pd("2000000"),
		Cycle: playbook.CycleIntraday, Deadline: inc.Snapshot().State.Book.AsOf.Add(3 * time.Hour)})
	b := decide(t, inc, playbook.Decision{Kind: playbook.KeyCall, Counterparty: "CME", Amount: d("4000000"), IM: pd("500000")})
	e := decide(t, inc, playbook.Decision{Kind: playbook.Post, Holding: "UST-2031", Counterparty: "CME"})
	money(t, "posted value", e.Val(), "1530612.25")
	f := inc.Snapshot().Figures
	money(t, "intraday posted", callOf(t, f, a.Seq).Posted, "1000000")
	money(t, "eod posted", callOf(t, f, b.Seq).Posted, "500000")
	money(t, "shortfall", f.Shortfall, "5500000")
}
