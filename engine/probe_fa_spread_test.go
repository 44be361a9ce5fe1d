package engine

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// seizureCounter sums, per architecture and state, the states table's
// fait_accompli_suffered and challenges_received_armed (docs/model.md
// sec. 13).
type seizureCounter struct {
	faits, armed map[[2]int]int
	names        map[int]string
}

func (c *seizureCounter) RecordPeriod(int, *PeriodRecord) {}
func (c *seizureCounter) RecordState(a int, r *StateRecord) {
	c.faits[[2]int{a, r.State}] += r.FaitAccompliSuffered
	c.armed[[2]int{a, r.State}] += r.ChallengesReceivedArmed
	c.names[r.State] = r.Name
}

// TestProbeFaitsAccomplisSpread pins docs/model.md sec. 22's "The record's
// grey-zone faits accomplis fell on the Philippines; the model's fall
// mostly on four states" at the configuration it now states: the
// calibration's seed and replicates (experiments/calibrate.yaml: 20261203,
// 1,000). Under `hub_and_spokes` a run has 0.489 grey-zone faits accomplis,
// 0.194 against PH, 0.119 VN, 0.084 ID, 0.074 MY, 0.015 AU and 0.003 KR
// and none against another state but India, whose faits accomplis are
// armed seizures; armed attacks are 0.081 a run under `none` and 0.091
// under `hub_and_spokes`, every one against India, and no war comes. The
// text stated neither seed nor replicates (a review, stop 51). A state's
// faits accomplis are its grey-zone ones wherever it receives no armed
// attack, as the test checks. Compared at the precision the text prints.
func TestProbeFaitsAccomplisSpread(t *testing.T) {
	const seed, reps = 20261203, 1000
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	archs := []string{"none", "hub_and_spokes"}
	sc := presetScenario(t, param.Defaults(), r, nil, archs...)
	rec := &seizureCounter{faits: map[[2]int]int{}, armed: map[[2]int]int{}, names: map[int]string{}}
	run := NewRunner()
	out := make([]Outcome, len(archs))
	var greyFaits, wars float64
	armed := make([]float64, len(archs))
	for rep := range reps {
		run.Run(sc, TaskSeed(seed, 0, rep), out, rec)
		g, _ := out[1].Get(FaitAccompliGreyZone)
		greyFaits += g
		for a := range archs {
			x, _ := out[a].Get(ChallengesArmed)
			w, _ := out[a].Get(Wars)
			armed[a] += x
			wars += w
		}
	}
	f3 := func(x float64) string { return fmt.Sprintf("%.3f", x/reps) }
	if got := f3(greyFaits); got != "0.489" {
		t.Errorf("hub_and_spokes: %s grey-zone faits accomplis a run, want 0.489", got)
	}
	want := map[string]string{"PH": "0.194", "VN": "0.119", "ID": "0.084", "MY": "0.074", "AU": "0.015", "KR": "0.003"}
	for k, name := range rec.names {
		for a := range archs {
			if rec.armed[[2]int{a, k}] != 0 && name != "IN" {
				t.Errorf("%s: %d armed attacks against %s, want none but against India", archs[a], rec.armed[[2]int{a, k}], name)
			}
		}
		if name == "IN" {
			continue
		}
		w, ok := want[name]
		if !ok {
			w = "0.000"
		}
		if got := f3(float64(rec.faits[[2]int{1, k}])); got != w {
			t.Errorf("hub_and_spokes: %s grey-zone faits accomplis a run against %s, want %s", got, name, w)
		}
	}
	if f3(armed[0]) != "0.081" || f3(armed[1]) != "0.091" || wars != 0 {
		t.Errorf("armed attacks a run %s (none) and %s (hub_and_spokes), %.0f wars, want 0.081, 0.091 and none", f3(armed[0]), f3(armed[1]), wars)
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, s := range []string{
		"Under `hub_and_spokes` (at the calibration's seed and replicates, 20261203 and 1,000; the states table's `fait_accompli_suffered`) about 60% of the model's grey-zone faits accomplis fall elsewhere: a run has 0.194 against PH, 0.119 against VN, 0.084 against ID and 0.074 against MY (and 0.015 against AU and 0.003 against KR: 4% of the 0.489, on six states in all)",
		"the model's 0.08–0.09 armed attacks a run (0.081 under `none`, 0.091 under `hub_and_spokes`, the same runs) are all against India and are seizures without fighting",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md sec. 22 does not state %q", s)
		}
	}
}
