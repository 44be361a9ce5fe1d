package agents

import (
	"strings"
	"testing"
)

// TestRosterEconomicSources checks the built-in roster's sources for
// dispute_economic against BASE-RATES sec. 1 (docs/model.md sec. 15): that
// section holds ASPI's count for Australia and the Korean and Japanese
// measures, not ASPI's counts by target, so an episode or an absence of
// one that it does not hold is tagged [M], and no value cites a record no
// source gives. The Philippines' value cited coercion "after the 2016
// award", which no source supports (the 2012 banana curbs were eased in
// 2016), and Malaysia's, Indonesia's and Thailand's cited "ASPI records no
// major campaign" as if read (a review, stop 52).
func TestRosterEconomicSources(t *testing.T) {
	r, err := LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	clause := func(s StateSpec) string {
		i := strings.Index(s.Source, "dispute_economic: ")
		if i < 0 {
			return ""
		}
		c := s.Source[i:]
		if j := strings.Index(c, "; region: "); j >= 0 {
			c = c[:j]
		}
		return c
	}
	for _, name := range []string{"PH", "MY", "ID", "TH"} {
		c := clause(r.States[r.Index(name)])
		if !strings.Contains(c, "[M]") {
			t.Errorf("%s: dispute_economic source %q is not tagged [M] (not in BASE-RATES sec. 1)", name, c)
		}
		if strings.Contains(c, "2016 award") || strings.Contains(c, "ASPI records") {
			t.Errorf("%s: dispute_economic source %q cites a record no source gives", name, c)
		}
	}
}
