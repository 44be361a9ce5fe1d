package analysis

import "testing"

// Quantity.String is unique per quantity, as its doc says, also where a
// name holds one of its separators: a roster may name a state "JP,AU",
// and JP and AU summed keyed the same series as that state alone (a
// review, stop 52). Names without a separator read as they did.
func TestQuantityStringUnique(t *testing.T) {
	qs := []Quantity{
		{Table: TableStates, Outcome: "exposure", Architecture: "treaty", States: []string{"JP", "AU"}},
		{Table: TableStates, Outcome: "exposure", Architecture: "treaty", States: []string{"JP,AU"}},
		{Table: TableStates, Outcome: "exposure", Architecture: "treaty", States: []string{`"JP`, `AU"`}},
		{Table: TableStates, Outcome: "exposure", Architecture: "treaty", States: []string{`"JP,AU"`}},
		{Outcome: "x[y", Architecture: "z"},
		{Outcome: "x", Architecture: "y[z"},
		{Outcome: "x", Architecture: "y]{a}"},
		{Outcome: "x", Architecture: "y", States: []string{"a"}},
	}
	seen := map[string]int{}
	for i, q := range qs {
		k := q.String()
		if j, dup := seen[k]; dup {
			t.Errorf("quantities %d and %d share the key %s", j, i, k)
		}
		seen[k] = i
	}
	for q, want := range map[*Quantity]string{
		{Outcome: "honour_rate", Architecture: "hub_and_spokes"}:                                           "runs:honour_rate[hub_and_spokes]",
		{Table: TableStates, Outcome: "defence_gdp", Architecture: "treaty", States: []string{"JP", "AU"}}: "states:defence_gdp[treaty]{JP,AU}",
	} {
		if got := q.String(); got != want {
			t.Errorf("%+v: %s, want %s", *q, got, want)
		}
	}
}
