package engine

import (
	"fmt"
	"reflect"
	"time"

	"github.com/shopspring/decimal"
)

// ReferenceStress is StressBook as the engine defines it, in decimal
// alone: every row by stressPosition, every total and every netting sum a
// chain of decimal Adds (as StressBook did before figs), netted by the
// same netCounterparty. StressBook and StressCalls are held to it.
func ReferenceStress(b *Book, sc Scenario) Stress {
	st := Stress{Scenario: sc, Base: b.Currency, FX: b.FX.Shocked(sc.Shocks)}
	for _, p := range b.Positions {
		ps := stressPosition(b, sc, p)
		st.Positions = append(st.Positions, ps)
		then, now := inBase(b.FX, ps.Currency, b.Currency), inBase(st.FX, ps.Currency, b.Currency)
		st.TotalMarketValue = st.TotalMarketValue.Add(then(ps.MarketValue))
		st.TotalStressedValue = st.TotalStressedValue.Add(now(ps.StressedValue))
		st.TotalUnrealizedPnL = st.TotalUnrealizedPnL.Add(then(ps.UnrealizedPnL))
		st.TotalInitialMargin = st.TotalInitialMargin.Add(then(ps.InitialMargin))
		st.TotalStressedIM = st.TotalStressedIM.Add(now(ps.StressedIM))
		st.TotalIMChange = st.TotalIMChange.Add(now(ps.StressedIM).Sub(then(ps.InitialMargin)))
	}
	bs := b.underStress(sc)
	multi := b.MultiCurrency()
	for _, c := range b.Counterparties {
		for _, g := range callGroups(b, c, st, multi) {
			cc, ok := netCounterparty(b, bs, g.cp, g.st, g.ccy, decimalNetted(g.cp, g.st.Positions))
			if !ok {
				continue
			}
			st.Calls = append(st.Calls, cc)
			now := inBase(st.FX, g.ccy, b.Currency)
			st.TotalVariation = st.TotalVariation.Add(now(cc.VariationMargin))
			st.TotalMarginCall = st.TotalMarginCall.Add(now(cc.Call))
		}
	}
	return st
}

// decimalNetted is the netting loop as it was: c's positions' figures
// summed in decimal.
func decimalNetted(c Counterparty, ps []PositionStress) netted {
	var n netted
	for _, p := range ps {
		if p.Counterparty == c.ID && p.HouseMargined {
			n.positions = append(n.positions, p.ID)
			n.house = n.house.Add(p.VariationMargin)
			n.houseIM = n.houseIM.Add(p.IMChange)
			n.houseSIM = n.houseSIM.Add(p.StressedIM)
			n.houseBefore = n.houseBefore.Add(p.InitialMargin)
			continue
		}
		if p.Counterparty != c.ID || !p.Margined {
			continue
		}
		n.positions = append(n.positions, p.ID)
		n.gross = n.gross.Add(p.VariationMargin)
		n.imChange = n.imChange.Add(p.IMChange)
		n.stressedIM = n.stressedIM.Add(p.StressedIM)
		n.mv = n.mv.Add(p.MarketValue)
		n.stressed = n.stressed.Add(p.StressedValue)
		n.imBefore = n.imBefore.Add(p.InitialMargin)
	}
	return n
}

// Diff names the first difference between a and b, "" when none: every
// field, decimals compared by value and exponent (the decimal as written
// and formatted), times by instant.
func Diff(a, b any) string { return diff("", reflect.ValueOf(a), reflect.ValueOf(b)) }

var (
	decType  = reflect.TypeOf(decimal.Decimal{})
	timeType = reflect.TypeOf(time.Time{})
)

func diff(path string, a, b reflect.Value) string {
	if a.IsValid() != b.IsValid() {
		return path + ": one is missing"
	}
	if !a.IsValid() {
		return ""
	}
	switch a.Type() {
	case decType:
		x, y := a.Interface().(decimal.Decimal), b.Interface().(decimal.Decimal)
		if !x.Equal(y) || x.Exponent() != y.Exponent() {
			return fmt.Sprintf("%s: %s (exp %d) vs %s (exp %d)", path, x, x.Exponent(), y, y.Exponent())
		}
		return ""
	case timeType:
		if x, y := a.Interface().(time.Time), b.Interface().(time.Time); !x.Equal(y) {
			return fmt.Sprintf("%s: %s vs %s", path, x, y)
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if d := diff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d items vs %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d entries vs %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			if d := diff(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k)); d != "" {
				return d
			}
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return path + ": nil vs not"
		}
		if !a.IsNil() {
			return diff(path, a.Elem(), b.Elem())
		}
	case reflect.Func:
	default:
		if a.CanInterface() && b.CanInterface() && !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %v vs %v", path, a.Interface(), b.Interface())
		}
		if !a.CanInterface() && fmt.Sprint(a) != fmt.Sprint(b) {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
	}
	return ""
}
