package engine

import "testing"

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
// (`layered`, `layered_then_treaty`) and under `none` the two cancel
// within noise.
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
