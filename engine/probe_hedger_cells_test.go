package engine

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/agents"
	"pactsim/agents/param"
)

// cellCounter keeps the first architecture's states' `cells` column
// (docs/model.md sec. 13) per run.
type cellCounter struct{ cells map[string][]int }

func (c *cellCounter) RecordPeriod(int, *PeriodRecord) {}
func (c *cellCounter) RecordState(a int, r *StateRecord) {
	if a == 0 {
		c.cells[r.Name] = append(c.cells[r.Name], r.Cells)
	}
}

// TestProbeHedgersInCells pins docs/model.md sec. 22's "Vietnam and
// Indonesia in the cells" with the configuration it now states: seed 31,
// 1,000 replicates; the variant `layered_no_vn_id`, whose four cells admit
// every state but VN and ID; the control `layered_copy`. The text gave
// −3.61 for the variant without its name, which keys the accession tastes
// (sec. 11): no name tried gives it (−4.30 as `layered_no_vn_id`, −3.54 to
// −4.58 over about 130 names), and Vietnam in all four cells in 50% of
// runs and 3.09 cells without the seed, where seed 31, at which Japan's
// 38% and 2.73 hold, gives 48% and 3.07 (a review, stop 51). The runs are
// those of `runner run` on the inline architectures the text writes (the
// runner's contrasts table gives the same means and intervals). Numbers
// are compared at the precision the text prints.
func TestProbeHedgersInCells(t *testing.T) {
	const seed, reps = 31, 1000
	p := param.Defaults()
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	preset := func(name string) agents.Architecture {
		a, err := agents.Preset(name, p, r)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	// copyOf is `{name: NAME, base: layered}`, with `eligible: [US, JP,
	// AU, PH, KR, IN, NZ, SG, MY, TH]` on every cell when noHedgers.
	copyOf := func(name string, noHedgers bool) agents.Architecture {
		a := preset("layered")
		a.Name = name
		a.Mechanisms = append([]agents.MechanismDef(nil), a.Mechanisms...)
		cells := 0
		for i := range a.Mechanisms {
			if noHedgers && a.Mechanisms[i].Cell {
				a.Mechanisms[i].Eligible = []string{"US", "JP", "AU", "PH", "KR", "IN", "NZ", "SG", "MY", "TH"}
				cells++
			}
		}
		if noHedgers && cells != 4 {
			t.Fatalf("layered has %d cells, want 4", cells)
		}
		return a
	}
	archs := []agents.Architecture{preset("layered"), preset("treaty"), copyOf("layered_no_vn_id", true),
		copyOf("layered_copy", false), copyOf("novnid", true), copyOf("layered_variant", true)}
	sc, err := NewScenario(p, r, archs)
	if err != nil {
		t.Fatal(err)
	}
	rec := &cellCounter{cells: map[string][]int{}}
	run := NewRunner()
	out := make([][]Outcome, reps)
	for rep := range out {
		out[rep] = make([]Outcome, len(archs))
		run.Run(sc, TaskSeed(seed, 0, rep), out[rep], rec)
	}
	get := func(rep, a int, k OutcomeID) float64 {
		x, ok := out[rep][a].Get(k)
		if !ok {
			t.Fatalf("outcome %d undefined under %s at replicate %d", k, archs[a].Name, rep)
		}
		return x
	}
	// The contrasts table's a − b: the mean and Student t 95% interval of
	// the paired differences (sec. 19).
	contrast := func(a int) string {
		d := make([]float64, reps)
		for rep := range d {
			d[rep] = get(rep, a, SeverityLoss) - get(rep, 1, SeverityLoss)
		}
		m, se := meanSEOf(d)
		h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: reps - 1}.Quantile(0.975) * se
		return minus(fmt.Sprintf("%.2f (%.2f to %.2f)", m, m-h, m+h))
	}
	want := map[int]string{0: "−7.47 (−8.78 to −6.15)", 2: "−4.30 (−5.33 to −3.28)", 3: "−7.00 (−8.36 to −5.64)"}
	for a, w := range want {
		if got := contrast(a); got != w {
			t.Errorf("%s − treaty on severity_loss = %s, want %s", archs[a].Name, got, w)
		}
	}
	for a, w := range map[int]string{4: "−3.54", 5: "−4.58"} {
		if got := contrast(a)[:len(w)]; got != w {
			t.Errorf("%s − treaty on severity_loss = %s, want %s", archs[a].Name, got, w)
		}
	}
	grey := func(a int) string {
		s := 0.0
		for rep := range out {
			s += get(rep, a, ChallengesGreyZone)
		}
		return fmt.Sprintf("%.1f", s/reps)
	}
	if g0, g2 := grey(0), grey(2); g0 != "4.8" || g2 != "13.6" {
		t.Errorf("grey-zone challenges a run: layered %s, layered_no_vn_id %s, want 4.8 and 13.6", g0, g2)
	}
	share := func(name string) (all4 string, mean string) {
		c := rec.cells[name]
		if len(c) != reps {
			t.Fatalf("%d state records for %s, want %d", len(c), name, reps)
		}
		n4, s := 0, 0
		for _, x := range c {
			s += x
			if x == 4 {
				n4++
			}
		}
		return fmt.Sprintf("%.0f%%", 100*float64(n4)/reps), fmt.Sprintf("%.2f", float64(s)/reps)
	}
	if s, m := share("VN"); s != "48%" || m != "3.07" {
		t.Errorf("Vietnam in all four cells in %s of runs, %s on average, want 48%% and 3.07", s, m)
	}
	if s, m := share("JP"); s != "38%" || m != "2.73" {
		t.Errorf("Japan in all four cells in %s of runs, %s on average, want 38%% and 2.73", s, m)
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, s := range []string{
		"Vietnam is in all four cells in 48% of `layered` runs (Japan in 38%) and in 3.07 cells on average (Japan 2.73; the states table's `cells`, seed 31, 1,000 replicates)",
		"(the inline architecture `{name: layered_no_vn_id, base: layered, mechanisms: [{name: maritime_awareness, eligible: [US, JP, AU, PH, KR, IN, NZ, SG, MY, TH]}, ...]}`, the same `eligible` on `sanctions_enforcement`, `intelligence_fusion` and `coordination_centre`; seed 31, 1,000 replicates), `layered − treaty` on severity is −4.30 (95% CI −5.33 to −3.28), against −7.47 (−8.78 to −6.15) for `layered` and −7.00 (−8.36 to −5.64) for an unchanged copy `{name: layered_copy, base: layered}`",
		"A's grey-zone challenges rise from 4.8 to 13.6 a run",
		"the same edit named `novnid` gives −3.54, named `layered_variant` −4.58",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md sec. 22 does not state %q", s)
		}
	}
}

// minus writes Go's hyphen-minus as the docs' true minus.
func minus(s string) string { return strings.ReplaceAll(s, "-", "−") }
