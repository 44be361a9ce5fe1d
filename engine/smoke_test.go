package engine

import (
	"fmt"
	"os"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

func TestSmokePrint(t *testing.T) {
	if os.Getenv("PACTSIM_SMOKE") == "" {
		t.Skip()
	}
	p := param.Defaults()
	for _, kv := range [][2]string{} {
		_ = kv
	}
	r, _ := agents.LoadRoster("indo-pacific")
	var archs []agents.Architecture
	for _, n := range agents.PresetNames() {
		a, _ := agents.Preset(n, p, r)
		archs = append(archs, a)
	}
	sc, err := NewScenario(p, r, archs, false)
	if err != nil {
		t.Fatal(err)
	}
	run := NewRunner()
	out := make([]Outcome, len(archs))
	const reps = 2000
	sum := make([][NumOutcomes]float64, len(archs))
	cnt := make([][NumOutcomes]float64, len(archs))
	for rep := 0; rep < reps; rep++ {
		run.Run(sc, TaskSeed(1, 0, rep), out, nil)
		for a := range out {
			for k := range out[a].Value {
				if out[a].Valid[k] {
					sum[a][k] += out[a].Value[k]
					cnt[a][k]++
				}
			}
		}
	}
	for k := OutcomeID(0); k < NumOutcomes; k++ {
		fmt.Printf("%-22s", Outcomes[k].Name)
		for a := range archs {
			fmt.Printf(" %8.3f", sum[a][k]/cnt[a][k])
		}
		fmt.Println()
	}
}
