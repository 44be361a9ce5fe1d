package docprobe

import (
	"math"
	"os"
	"pactsim/experiments"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pactsim/agents/param"
)

// wlwSwept is what where-layered-wins.yaml must sweep, derived from the
// registry (a review, stop 52): the debate's unknowns; every strength of
// docs/model.md sec. 19 that acts once the treaty has formed, hand-tying,
// taste correlation and entrapment included (held at their defaults until
// stop 52, although they act); the time constants that act only with a
// treaty; the public signal's noise and the invocation threshold, which
// only an invoked treaty reads (both held until stop 52); and every float field with a plausible range of the mechanisms
// that exist only in the architectures compared (treaty, core, the four
// cells), the cells' obligations through mechanisms.cell.obligation. The
// map had held those fields at their defaults, among them the treaty's
// visibility at 1, the top of its range 0.7–1, on which the sign of
// treaty_plus_cells − layered turns (sec. 17.3).
func wlwSwept(t *testing.T) []string {
	t.Helper()
	want := []string{
		"us.reliability", "population.autonomy_shift",
		"retribution.strength", "adversary.counter_mobilisation.strength", "resistance.strength",
		"false_security.strength", "adversary.formation_shock", "adversary.spiral",
		"adversary.counter_mobilisation.rate", "adversary.formation_window",
		"us.treaty_stickiness", "adversary.clarity.strength", "burden.strength",
		"balancing.strength", "coordination.latency.strength", "domains.trade_support",
		"adversary.handtying.strength", "accession.taste_correlation", "crisis.entrapment",
		"treaty.standing_buildup", "mechanisms.cell.obligation",
		"crisis.public_noise", "crisis.invocation_threshold",
	}
	cells := []string{"maritime_awareness", "sanctions_enforcement", "intelligence_fusion", "coordination_centre"}
	for _, s := range param.All() {
		pre, field, ok := strings.Cut(strings.TrimPrefix(s.Name, "mechanisms."), ".")
		if !strings.HasPrefix(s.Name, "mechanisms.") || !ok || s.Kind != param.Float || !(s.Lo < s.Hi) {
			continue
		}
		if pre == "treaty" || pre == "core" || (slices.Contains(cells, pre) && field != "obligation") {
			want = append(want, s.Name)
		}
	}
	return want
}

// TestWLWHeldStrengths checks where-layered-wins.yaml against the registry:
// it sweeps exactly wlwSwept, each over its registered plausible range, and
// so none of the parameters docs/model.md sec. 17.3 says it holds (the
// documented law, the formation-only strengths, the calibrated constants
// and those that act in today's world). Without the stop-52 config (16
// parameters) it fails: 80 parameters are missing, the treaty's
// visibility among them.
func TestWLWHeldStrengths(t *testing.T) {
	cfg, err := os.ReadFile("where-layered-wins.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := experiments.Parse("where-layered-wins.yaml", cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := wlwSwept(t)
	got := map[string]bool{}
	for _, sp := range plan.Config.Sweep.Parameters {
		got[sp.Name] = true
		s, ok := param.Lookup(sp.Name)
		if !ok {
			t.Errorf("%s is not registered", sp.Name)
			continue
		}
		if !sp.IsRange() || math.Abs(sp.Min-s.Lo) > 1e-9 || math.Abs(sp.Max-s.Hi) > 1e-9 {
			t.Errorf("%s swept over %v–%v, its plausible range is %v–%v", sp.Name, sp.Min, sp.Max, s.Lo, s.Hi)
		}
		if !slices.Contains(want, sp.Name) {
			t.Errorf("%s is swept, but docs/model.md sec. 17.3 says it is held", sp.Name)
		}
		for _, held := range []string{"alliance_ban.", "constitutional_limit.", "treaty.retry_period", "treaty.failure_cost", "treaty.formalise_"} {
			if strings.HasPrefix(sp.Name, held) {
				t.Errorf("%s is swept: documented law or formation only, held by the docs", sp.Name)
			}
		}
		if strings.HasPrefix(s.Source, "calibrated:") {
			t.Errorf("%s is swept: a calibrated constant", sp.Name)
		}
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("where-layered-wins.yaml does not sweep %s", w)
		}
	}
	if len(plan.Config.Sweep.Parameters) != 96 || len(want) != 96 {
		t.Errorf("%d swept, %d expected; the docs say 96", len(plan.Config.Sweep.Parameters), len(want))
	}
	text := wlwDocText(t)
	for _, s := range []string{
		"draws a Latin hypercube of 4,096 points over the plausible ranges of 96 parameters",
		"held at their defaults until stop 52, hand-tying, the correlation of accession tastes and the revised entrapment",
		"every field of the mechanisms that exist only in the architectures compared, the treaty, the informal core and the four cells",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md sec. 17.3 does not state %q", s)
		}
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const r = "4,096 Latin-hypercube points over the plausible ranges of 96 parameters:"
	if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), r) {
		t.Errorf("README's map caption does not state %q", r)
	}
}

// TestWLWClausesNotInTodaysWorld backs the reason docs/model.md sec. 17.3
// gives for sweeping the clauses of the treaty, the core and the cells (and
// the treaty's build-up and formation window, the public signal's noise
// and the invocation threshold) with the calibrated
// constants fixed: none acts under `none` or `hub_and_spokes`, the
// calibration's architectures, so the record cannot pin them (a review,
// stop 52). The config check refuses a sweep of each there as read by no
// architecture. (Counter-mobilisation's rate passes that check, since A
// reads it under any architecture, but acts only on excess visibility:
// at seed 5, 60 replicates, `crn: points`, its ends 0.06 and 0.25 give
// every summary mean of both architectures the same.)
func TestWLWClausesNotInTodaysWorld(t *testing.T) {
	n := 0
	for _, name := range wlwSwept(t) {
		if !strings.HasPrefix(name, "mechanisms.") && !slices.Contains([]string{"treaty.standing_buildup", "adversary.formation_window", "crisis.public_noise", "crisis.invocation_threshold"}, name) {
			continue
		}
		s, _ := param.Lookup(name)
		cfg := "name: today\nseed: 5\nreplicates: 2\narchitectures: [none, hub_and_spokes]\nsweep:\n  design: zip\n  parameters:\n    " +
			name + ": [" + strconv.FormatFloat(s.Lo, 'g', -1, 64) + ", " + strconv.FormatFloat(s.Hi, 'g', -1, 64) + "]\n"
		_, err := experiments.Parse("today.yaml", []byte(cfg))
		if err == nil || !strings.Contains(err.Error(), "no architecture of the config reads it") {
			t.Errorf("%s under none and hub_and_spokes: %v; sec. 17.3 says no architecture of today's world reads it", name, err)
		}
		n++
	}
	if n != 78 {
		t.Errorf("%d clauses checked, want 78", n)
	}
}
