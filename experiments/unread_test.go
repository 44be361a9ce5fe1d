package experiments

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
	"pactsim/engine"
)

// TestStructurallyUnread checks the lists by which checkReads refuses a
// swept or calibrated parameter without running anything: each listed
// parameter, set to either end of its allowed range, leaves every outcome
// of every run of the architectures that lack its kind of mechanism the
// same to the bit. A parameter listed wrongly (one these architectures do
// read) moves some outcome, and the test fails. The ends of the allowed
// range, not the plausible one, move a read parameter as far as it can go;
// each runs at the defaults and beside an adversary that challenges in
// every domain (armed attacks and blockades are rare at the defaults, and
// a parameter read only in them would pass unseen).
func TestStructurallyUnread(t *testing.T) {
	t.Parallel()
	noTreaty := "[none, hub_and_spokes, layered]"
	every := "[" + strings.Join(agents.PresetNames(), ", ") + "]"
	var cases []struct{ name, archs string }
	for _, sp := range param.All() {
		switch {
		case treatyOnlyParam(sp.Name), invocationParam(sp.Name):
			cases = append(cases, struct{ name, archs string }{sp.Name, noTreaty})
		case accessionOnlyParam(sp.Name):
			cases = append(cases, struct{ name, archs string }{sp.Name, "[none]"})
		case offSwitch(sp.Name) != "":
			cases = append(cases, struct{ name, archs string }{sp.Name, every})
		}
	}
	if len(cases) != 39 {
		t.Fatalf("%d listed parameters found in the registry; the lists name 39", len(cases))
	}
	const aggressive = "  adversary.threshold: -2\n  adversary.war_aversion: 0\n  crisis.blockade.opprobrium: 0\n  crisis.armed_attack.opprobrium: 0\n  crisis.blockade.gain: 5\n  crisis.armed_attack.gain: 5\n"
	specs := param.All()
	for _, c := range cases {
		i := slices.IndexFunc(specs, func(s param.Spec) bool { return s.Name == c.name })
		sp := specs[i]
		var runs [2][]engine.Outcome
		for e, x := range []float64{sp.Min, sp.Max} {
			for _, regime := range []string{"", aggressive} {
				v := fmt.Sprint(x)
				if sp.Kind == param.Bool {
					v = map[float64]string{0: "false", 1: "true"}[x]
				}
				if sw := offSwitch(c.name); sw != "" {
					regime += "  " + sw + ": 0\n"
				}
				p := mustParse(t, fmt.Sprintf("name: u\nseed: 1\nreplicates: 1\nperiods: 40\narchitectures: %s\nparams:\n  %s: %s\n%s", c.archs, c.name, v, regime))
				sc, err := p.Scenario(0)
				if err != nil {
					t.Fatal(err)
				}
				run := engine.NewRunner()
				for seed := range int64(12) {
					out := make([]engine.Outcome, strings.Count(c.archs, ",")+1)
					run.Run(sc, seed+1, out, nil)
					runs[e] = append(runs[e], out...)
				}
			}
		}
		if !slices.Equal(runs[0], runs[1]) {
			t.Errorf("%s is listed as unread by %s, but its ends %v and %v give different outcomes", c.name, c.archs, sp.Min, sp.Max)
		}
	}
}
