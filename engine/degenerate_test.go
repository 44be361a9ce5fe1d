package engine

import (
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestDegeneracy: DegeneracyFor's list agrees with the engine's runs, both
// ways. Over 300 seeds of the default roster and 100 of the synthetic
// population, for `none`, `hub_and_spokes`, `layered` and
// `treaty_plus_cells`: an outcome listed as always null is null in every
// run, one listed as always zero is 0 or null in every run; and an outcome
// that is 0 or null in every run of `none` or `layered` (no mechanism, no
// treaty) while it takes another value under `treaty_plus_cells`, is
// listed. (Under `hub_and_spokes` honour_rate, buy_in and resolve_growth
// are 0 or null at the defaults too, but by what the bilaterals are and
// what the calibrated adversary does, not by having no mechanism.) The converse guards against the list
// going stale when an outcome is added; an outcome 0 everywhere at these
// settings (blockades, which the calibrated adversary never starts) is not
// structural and is not asked for.
func TestDegeneracy(t *testing.T) {
	t.Parallel()
	names := []string{"none", "hub_and_spokes", "layered", "treaty_plus_cells"}
	p := param.Defaults()
	ip, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	syn, err := agents.SyntheticRoster(p)
	if err != nil {
		t.Fatal(err)
	}
	// zeroOrNull[a][k]: outcome k was 0 or null in every run of a so far;
	// null[a][k]: null in every run.
	zeroOrNull := make([][NumOutcomes]bool, len(names))
	null := make([][NumOutcomes]bool, len(names))
	for a := range names {
		for k := range NumOutcomes {
			zeroOrNull[a][k], null[a][k] = true, true
		}
	}
	archs := make([]agents.Architecture, len(names))
	for _, c := range []struct {
		r     *agents.Roster
		seeds int64
	}{{ip, 300}, {syn, 100}} {
		sc := presetScenario(t, p, c.r, nil, names...)
		copy(archs, sc.Architectures)
		run := NewRunner()
		out := make([]Outcome, len(names))
		for seed := int64(1); seed <= c.seeds; seed++ {
			run.Run(sc, seed, out, nil)
			for a := range names {
				for k := range NumOutcomes {
					x, ok := out[a].Get(k)
					if ok {
						null[a][k] = false
					}
					if ok && x != 0 {
						zeroOrNull[a][k] = false
					}
				}
			}
		}
	}
	for a, name := range names {
		for k := range NumOutcomes {
			d, why := DegeneracyFor(k, &archs[a])
			switch {
			case d == AlwaysNull && !null[a][k]:
				t.Errorf("%s: %s is listed as null in every run (%s) but was defined in one", name, Outcomes[k].Name, why)
			case d == AlwaysZero && !zeroOrNull[a][k]:
				t.Errorf("%s: %s is listed as 0 in every run (%s) but took another value", name, Outcomes[k].Name, why)
			case d == AlwaysZero && null[a][k]:
				t.Errorf("%s: %s is listed as 0 in every run (%s) but was null in every run: list it as null", name, Outcomes[k].Name, why)
			case d == Varies && (name == "none" || name == "layered") && zeroOrNull[a][k] && !zeroOrNull[len(names)-1][k]:
				t.Errorf("%s: %s is 0 or null in every run but not under %s: DegeneracyFor does not list it", name, Outcomes[k].Name, names[len(names)-1])
			}
		}
	}
	// The list is not empty where the structure says it cannot be.
	if d, _ := DegeneracyFor(HonourRate, &archs[0]); d != AlwaysNull {
		t.Errorf("none: honour_rate is %v, want AlwaysNull", d)
	}
	if d, _ := DegeneracyFor(TreatyFormed, &archs[2]); d != AlwaysNull {
		t.Errorf("layered: treaty_formed is %v, want AlwaysNull", d)
	}
}
