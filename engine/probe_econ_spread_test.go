package engine

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// economicCounter sums the states table's challenges_received_economic
// (docs/model.md sec. 13) per state.
type economicCounter struct{ n map[string]int }

func (c *economicCounter) RecordPeriod(int, *PeriodRecord) {}
func (c *economicCounter) RecordState(_ int, r *StateRecord) {
	c.n[r.Name] += r.ChallengesReceivedEconomic
}

// TestProbeEconomicSpread pins docs/model.md sec. 22's "Economic coercion
// is spread almost evenly over the states" at the configuration it now
// states, the calibration's seed and replicates (experiments/
// calibrate.yaml: 20261203, 1,000) under `hub_and_spokes`: campaigns a
// run (40 quarters, a decade) from 0.77 (India) to 1.25 (Australia), New
// Zealand 0.94 and Indonesia 0.93. The text named the configuration only
// as "the calibration's seed and replicates" (a review, stop 51).
// Compared at the precision the text prints.
func TestProbeEconomicSpread(t *testing.T) {
	const seed, reps = 20261203, 1000
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	sc := presetScenario(t, param.Defaults(), r, nil, "hub_and_spokes")
	rec := &economicCounter{n: map[string]int{}}
	run := NewRunner()
	out := make([]Outcome, 1)
	for rep := range reps {
		run.Run(sc, TaskSeed(seed, 0, rep), out, rec)
	}
	perRun := func(s string) string { return fmt.Sprintf("%.2f", float64(rec.n[s])/reps) }
	lo, hi := "", ""
	for _, s := range []string{"JP", "AU", "PH", "KR", "IN", "NZ", "SG", "VN", "ID", "MY", "TH"} {
		x := float64(rec.n[s]) / reps
		if lo == "" || x < float64(rec.n[lo])/reps {
			lo = s
		}
		if hi == "" || x > float64(rec.n[hi])/reps {
			hi = s
		}
	}
	if lo != "IN" || hi != "AU" || perRun("IN") != "0.77" || perRun("AU") != "1.25" {
		t.Errorf("campaigns a run from %s (%s) to %s (%s), want 0.77 (IN) to 1.25 (AU)", perRun(lo), lo, perRun(hi), hi)
	}
	if perRun("NZ") != "0.94" || perRun("ID") != "0.93" {
		t.Errorf("New Zealand %s and Indonesia %s campaigns a run, want 0.94 and 0.93", perRun("NZ"), perRun("ID"))
	}
	cfg, err := os.ReadFile("../experiments/calibrate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"\nseed: 20261203\n", "\nreplicates: 1000\n"} {
		if !strings.Contains(string(cfg), l) {
			t.Errorf("experiments/calibrate.yaml lacks %q: the calibration's seed or replicates moved", strings.TrimSpace(l))
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	const s = "At the calibration's seed and replicates (20261203, 1,000; `hub_and_spokes`, the states table's `challenges_received_economic`), campaigns a decade range only from 0.77 (India) to 1.25 (Australia): New Zealand, whose `dispute_economic` is 0.2, receives 0.94, and Indonesia, at 0.1, 0.93"
	if !strings.Contains(text, s) {
		t.Errorf("docs/model.md sec. 22 does not state %q", s)
	}
}
