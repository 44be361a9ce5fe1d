package engine

import (
	"math"
	"os"
	"strings"
	"testing"
)

// Statements of docs/model.md about mechanisms that act at the
// defaults, each a fixed-seed paired comparison (common random numbers)
// of the mechanism at its default and off, as in probe3_statics_test.go.

// Hand-tying at membership changes moves A's latent hazard beyond noise at
// the defaults though the headline outcomes stay within it (docs/model.md
// secs. 9.4, 17.3 and 19): where bilaterals dissolve (`hub_and_spokes`,
// `treaty`) the leavers lose their boost and A presses the grey zone a
// little more; where a deferred treaty forms late (`layered_then_treaty`)
// its members gain theirs and A presses economic coercion less.
func TestProbeStaticsHandTyingHazard(t *testing.T) {
	archs := []string{"hub_and_spokes", "treaty", "layered_then_treaty"}
	rs := staticsSweep(t, 31, 1000, archs, "adversary.handtying.strength", []float64{0, 1}, nil)
	for a, name := range archs {
		g, gse, _ := pairedStep(rs[0], rs[1], a, outcomeOf(HazardGreyZone))
		e, ese, _ := pairedStep(rs[0], rs[1], a, outcomeOf(HazardEconomic))
		s, sse, _ := pairedStep(rs[0], rs[1], a, outcomeOf(SeverityLoss))
		t.Logf("%s: hand-tying 0 → 1: grey-zone hazard %+.5f ± %.5f, economic hazard %+.5f ± %.5f, severity %+.4f ± %.4f", name, g, gse, e, ese, s, sse)
		switch name {
		case "hub_and_spokes", "treaty":
			if !(g > 4*gse) {
				t.Errorf("%s: grey-zone hazard %+.5f ± %.5f, want a rise beyond 4 SE (docs/model.md sec. 19)", name, g, gse)
			}
		case "layered_then_treaty":
			if !(e < -4*ese) {
				t.Errorf("%s: economic hazard %+.5f ± %.5f, want a fall beyond 4 SE (docs/model.md sec. 19)", name, e, ese)
			}
		}
	}
}

// Japan's constitutional limit at the defaults (docs/model.md secs. 6.1
// and 19): through false security it lowers A's economic hazard in every
// architecture, but it also raises the armed hazard (weight 30 in
// severity), so severity rises where the informal core's links are capped
// (`layered`, `layered_then_treaty`). Under `none` severity stays within
// 4 SE at this seed only because a rare armed fait accompli sets its
// error: at other seeds it falls beyond 4 SE as under `hub_and_spokes`
// (a review, stop 54; experiments' TestProbeJapanLimitNone), so the check
// below is of this seed, not of a rule that the two cancel.
func TestProbeStaticsConstitutionalLimit(t *testing.T) {
	archs := []string{"none", "hub_and_spokes", "layered", "layered_then_treaty"}
	rs := staticsSweep(t, 31, 1000, archs, "constitutional_limit.strength", []float64{0, 1}, nil)
	for a, name := range archs {
		e, ese, _ := pairedStep(rs[0], rs[1], a, outcomeOf(HazardEconomic))
		h, hse, _ := pairedStep(rs[0], rs[1], a, outcomeOf(HazardArmed))
		s, sse, _ := pairedStep(rs[0], rs[1], a, outcomeOf(SeverityLoss))
		t.Logf("%s: limit 0 → 1: economic hazard %+.5f ± %.5f, armed hazard %+.5f ± %.5f, severity %+.4f ± %.4f", name, e, ese, h, hse, s, sse)
		if !(e < -4*ese) {
			t.Errorf("%s: economic hazard %+.5f ± %.5f, want a fall beyond 4 SE (docs/model.md sec. 6.1)", name, e, ese)
		}
		switch name {
		case "layered", "layered_then_treaty":
			if !(h > 4*hse) {
				t.Errorf("%s: armed hazard %+.5f ± %.5f, want a rise beyond 4 SE (docs/model.md sec. 6.1)", name, h, hse)
			}
		case "none":
			if !(h > 0) || !(s > -4*sse && s < 4*sse) {
				t.Errorf("none: armed hazard %+.5f ± %.5f and severity %+.4f ± %.4f, want a rise that leaves severity within 4 SE (docs/model.md sec. 6.1)", h, hse, s, sse)
			}
		}
	}
}

// The second seed of docs/model.md sec. 6.1's constitutional-limit
// paragraph: seed 777, 4,000 replicates, the limit's strength 0 and 1 on
// common random numbers. Under `none` severity moves by +0.001 with a
// paired standard error of 0.011 (two replicates of the 4,000 gain an
// armed seizure, weight 30, which sets the error); the text had said
// ± 0.007, which no count of those runs gives (a review, stop 50). Under
// `hub_and_spokes` it falls by 0.016 ± 0.002. Tolerances: the stated
// values to their printed rounding.
func TestProbeStaticsConstitutionalLimitSeed777(t *testing.T) {
	archs := []string{"none", "hub_and_spokes"}
	rs := staticsSweep(t, 777, 4000, archs, "constitutional_limit.strength", []float64{0, 1}, nil)
	for a, c := range []struct{ mean, se float64 }{{0.001, 0.011}, {-0.016, 0.002}} {
		m, se, _ := pairedStep(rs[0], rs[1], a, outcomeOf(SeverityLoss))
		t.Logf("%s: limit 0 → 1: severity %+.5f ± %.5f", archs[a], m, se)
		if math.Abs(m-c.mean) > 0.0005 || math.Abs(se-c.se) > 0.0005 {
			t.Errorf("%s: severity %+.5f ± %.5f, want %+.3f ± %.3f (docs/model.md sec. 6.1)", archs[a], m, se, c.mean, c.se)
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	const s = "with 4,000 replicates at that seed `none` moves by +0.001 ± 0.011 and `hub_and_spokes` by −0.016 ± 0.002"
	if !strings.Contains(text, s) {
		t.Errorf("docs/model.md sec. 6.1 does not state %q", s)
	}
}
