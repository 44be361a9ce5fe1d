package experiments

import (
	"math"
	"strings"
	"testing"

	"pactsim/output"
)

// TestNotesNoInterval (a review, stop 50): a quantity that varies at a few
// design points only has Sobol' estimates but, with bootstrap: 1000, no
// interval on any index (more than 2.5% of the resamples left each
// undefined: `runner run` of treaty repelled, 2 replicates of 6 periods, N
// = 8); the terminal said nothing of it, and the report that the run had
// no bootstrap. Without a bootstrap, or from one trajectory, there is
// nothing to explain here.
func TestNotesNoInterval(t *testing.T) {
	nan := math.NaN()
	row := func(outcome string, est, lo float64, n int) output.SensitivityRow {
		return output.SensitivityRow{Method: output.MethodSobol, Outcome: outcome, ArchitectureA: "treaty",
			Parameter: "us.reliability", Index: output.IndexST, Estimate: est, CILow: lo, CIHigh: lo, N: n}
	}
	tables := &output.AnalysisTables{HasSensitivity: true, Sensitivity: []output.SensitivityRow{
		row("repelled", 0, nan, 8),           // estimate, no interval: the note
		row("severity_loss", 0.4, 0.1, 8),    // interval: none
		row("wars", nan, nan, 8),             // flat: its own note
		row("challenges_armed", 0.2, nan, 1), // one unit: the caveat's
	}}
	with := &AnalysisSpec{Sensitivity: &SensitivitySpec{Bootstrap: 1000}}
	got := notesOf(tables, with).caveat
	want := "repelled (treaty): no index has an interval although the bootstrap drew 1000 resamples: more than 2.5% of them left each index undefined"
	if !strings.Contains(got, want) {
		t.Errorf("caveat %q lacks %q", got, want)
	}
	for _, q := range []string{"severity_loss", "wars", "challenges_armed"} {
		if strings.Contains(got, q) {
			t.Errorf("caveat %q names %s", got, q)
		}
	}
	if got := notesOf(tables, &AnalysisSpec{Sensitivity: &SensitivitySpec{}}).caveat; strings.Contains(got, "repelled") {
		t.Errorf("bootstrap: 0: caveat %q", got)
	}
}
