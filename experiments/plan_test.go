package experiments

import (
	"strings"
	"testing"

	"pactsim/engine"
)

func TestTaskNumbering(t *testing.T) {
	p := mustParse(t, sweepConfig(77, "  parameters:\n    us.reliability: [0.3, 0.6, 0.9]\n"))
	r := p.Replicates()
	for k := range p.NumTasks() {
		pt, rep := p.Task(k)
		if p.TaskIndex(pt, rep) != k || pt != k/r || rep != k%r {
			t.Errorf("task %d -> (%d, %d) -> %d", k, pt, rep, p.TaskIndex(pt, rep))
		}
		if p.TaskSeed(pt, rep) != engine.TaskSeed(77, pt, rep) {
			t.Errorf("task %d: seed differs from engine.TaskSeed", k)
		}
	}
}

// TestArchitecturesFollowSweptMechanismParameters checks that presets are
// built per point: a swept mechanisms.* parameter reaches the mechanism.
func TestArchitecturesFollowSweptMechanismParameters(t *testing.T) {
	p := mustParse(t, "name: v\nseed: 1\nreplicates: 1\narchitectures: [treaty, layered]\nsweep:\n  parameters:\n    mechanisms.treaty.visibility: [0.2, 0.9]\n    mechanisms.cell.obligation: [0.3, 0.5]\n")
	for k := range p.NumPoints() {
		sc, err := p.Scenario(k)
		if err != nil {
			t.Fatal(err)
		}
		want := p.Point(k).Swept
		var vis, cell float64
		for _, m := range sc.Architectures[0].Mechanisms {
			if m.Treaty {
				vis = m.Visibility()
			}
		}
		for _, m := range sc.Architectures[1].Mechanisms {
			if m.Name == "coordination_centre" {
				cell = m.Obligation()
			}
		}
		if vis != want[0] || cell != want[1] {
			t.Errorf("point %d: treaty visibility %v, cell obligation %v; want %v", k, vis, cell, want)
		}
	}
}

func TestSyntheticRosterCheckedAtEveryPoint(t *testing.T) {
	// share_core + share_partner > 1 only at the second point.
	_, err := Parse("s.yaml", []byte("name: s\nseed: 1\nreplicates: 1\narchitectures: [layered]\npopulation:\n  roster: synthetic\nparams:\n  population.share_partner: 0.5\nsweep:\n  parameters:\n    population.share_core: [0.2, 0.6]\n"))
	ce, ok := err.(*ConfigError)
	// At the swept share's line, the one whose values decide (a hostile
	// review, stop 33: it was the roster's line, key population).
	if !ok || ce.Line != 11 || ce.Key != "sweep.parameters.population.share_core" || !strings.Contains(ce.Msg, "point 1:") {
		t.Fatalf("got %v, want a ConfigError at line 11 for point 1", err)
	}
}

// TestCrossParameterRulesCheckedAtEveryPoint checks that a design point
// the engine refuses for a rule relating several parameters is a
// ConfigError of Load, naming the swept parameter's line and the point,
// not a failure in the middle of a run: the first point passes both rules.
func TestCrossParameterRulesCheckedAtEveryPoint(t *testing.T) {
	for _, c := range []struct {
		name, cfg, key, msg string
		line                int
	}{
		{"prior shares all zero", "name: s\nseed: 1\nreplicates: 1\narchitectures: [none]\nparams:\n" +
			"  crisis.economic_coercion.prior_share: 0\n  crisis.blockade.prior_share: 0\n  crisis.armed_attack.prior_share: 0\n" +
			"sweep:\n  parameters:\n    us.reliability: [0.5, 0.6, 0.7]\n    crisis.grey_zone.prior_share: [0.5, 0]\n",
			"sweep.parameters.crisis.grey_zone.prior_share", "design point 1 (crisis.grey_zone.prior_share = 0)", 12},
		{"alliance ban", "name: s\nseed: 1\nreplicates: 1\narchitectures:\n  - none\n  - name: x\n    mechanisms:\n" +
			"      - {name: m, preset: maritime_awareness, founders: [US, VN]}\n" +
			"sweep:\n  design: zip\n  parameters:\n    us.reliability: [0.5, 0.5, 0.6]\n    alliance_ban.obligation_limit: [0.5, 0.6, 0.1]\n",
			"sweep.parameters.alliance_ban.obligation_limit", "design point 2 (alliance_ban.obligation_limit = 0.1)", 13},
		// At the first point, and with no sweep (hostile review, stop 24:
		// neither had a line, and both said "point 0").
		{"alliance ban at point 0", "name: s\nseed: 1\nreplicates: 1\narchitectures:\n  - none\n  - name: x\n    mechanisms:\n" +
			"      - {name: m, preset: maritime_awareness, founders: [US, VN]}\n" +
			"sweep:\n  design: zip\n  parameters:\n    us.reliability: [0.5, 0.5, 0.6]\n    alliance_ban.obligation_limit: [0.1, 0.6, 0.7]\n",
			"sweep.parameters.alliance_ban.obligation_limit", "design point 0 (alliance_ban.obligation_limit = 0.1)", 13},
		// A swept parameter that does not decide the refusal is not
		// blamed (a review, stop 24): the architecture is named.
		{"alliance ban, unrelated sweep", "name: s\nseed: 1\nreplicates: 1\nparams: {alliance_ban.obligation_limit: 0.1}\narchitectures:\n  - none\n  - name: x\n    mechanisms:\n" +
			"      - {name: m, preset: maritime_awareness, founders: [US, VN]}\n" +
			"sweep:\n  parameters:\n    mechanisms.core.obligation: [0.5, 0.8]\n",
			"architectures[1].mechanisms[0].founders", "point 0: architecture x, mechanism m: founder VN has a formal alliance ban", 9},
		{"alliance ban, no sweep", "name: s\nseed: 1\nreplicates: 1\nparams: {alliance_ban.obligation_limit: 0.1}\narchitectures:\n  - none\n  - name: x\n    mechanisms:\n" +
			"      - {name: m, preset: maritime_awareness, founders: [US, VN]}\n",
			"architectures[1].mechanisms[0].founders", "architecture x, mechanism m: founder VN has a formal alliance ban", 9},
	} {
		_, err := Parse("s.yaml", []byte(c.cfg))
		ce, ok := err.(*ConfigError)
		if !ok || ce.Line != c.line || ce.Key != c.key || !strings.Contains(ce.Msg, c.msg) || !strings.Contains(c.cfg, "sweep:") && strings.Contains(ce.Msg, "point 0") {
			t.Errorf("%s: got %v, want a ConfigError at line %d, key %s, with %q", c.name, err, c.line, c.key, c.msg)
		}
	}
}
