package engine

import (
	"fmt"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestDocsCapabilityScaled: docs/model.md sec. 17.3, "Military capability
// and the treaty's collective-defence clause": with every non-adversary
// state's capability multiplied by 0.01, the US included (seed 606, 1,000
// replicates), every count under `none` is the same in all 1,000
// replicates, `treaty`'s severity rises by only +0.56 (95% CI 0.26 to
// 0.86), and `treaty − hub_and_spokes` moves from −1.93 to −1.66. No test
// recomputed them (a review, stop 53).
func TestDocsCapabilityScaled(t *testing.T) {
	if testing.Short() {
		t.Skip("6,000 architecture-runs")
	}
	e := builtinRows(t)
	for _, r := range e.rows[1:] {
		if r[e.col["role"]] == "adversary" {
			continue
		}
		k, err := strconv.ParseFloat(r[e.col["capability"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		r[e.col["capability"]] = strconv.FormatFloat(0.01*k, 'g', -1, 64)
	}
	scaled, err := e.parse()
	if err != nil {
		t.Fatal(err)
	}
	base, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	archs := []string{"none", "hub_and_spokes", "treaty"}
	run := func(r *agents.Roster) [][]Outcome {
		sc := presetScenario(t, param.Defaults(), r, nil, archs...)
		runner := NewRunner()
		out := make([][]Outcome, 1000)
		for rep := range out {
			out[rep] = make([]Outcome, len(archs))
			runner.Run(sc, TaskSeed(606, 0, rep), out[rep], nil)
		}
		return out
	}
	b, s := run(base), run(scaled)
	rows := make([][]Outcome, len(b))
	for k := range b {
		rows[k] = append(append([]Outcome(nil), b[k]...), s[k]...)
	}
	m, se, n := meanSE(rows, diff(5, 2, SeverityLoss))
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	hb, _, _ := meanSE(rows, diff(2, 1, SeverityLoss))
	hs, _, _ := meanSE(rows, diff(5, 4, SeverityLoss))
	same := 0
	for k := range b {
		eq := true
		for id, o := range Outcomes {
			if o.Kind == Count && b[k][0].Value[id] != s[k][0].Value[id] {
				eq = false
			}
		}
		if eq {
			same++
		}
	}
	if same != len(b) {
		t.Errorf("none: every count the same in %d of %d replicates, the text says all", same, len(b))
	}
	got := fmt.Sprintf("`treaty`'s severity rises by only %s (%.2f to %.2f), and `treaty − hub_and_spokes` moves from %s to %s",
		signed(m, 2), m-tq*se, m+tq*se, signed(hb, 2), signed(hs, 2))
	docHas(t, got)
}
