package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestNoteOffBase (a review, stop 51): a quantity that is one value at
// every base sample of a Saltelli design (every f(A) and f(B)) has every
// Sobol' index null, since the estimator takes the variance over those,
// but it can still vary at the AB points between them. Here, N = 2 with
// seed 4, treaty challenges is 4.75 at seven points and 4.5 at point 6
// (an AB point); the terminal said it "does not vary over the design",
// which the summary table contradicts. It now says which points differ.
func TestNoteOffBase(t *testing.T) {
	dir := t.TempDir()
	cfg := writeText(t, dir, "offbase.yaml", `name: offbase
seed: 4
replicates: 4
periods: 8
architectures: [treaty, layered]
population:
  roster: indo-pacific
sweep:
  design: saltelli
  samples: 2
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    burden.strength: {min: 0, max: 1.43}
analysis:
  quantities:
    - {outcome: challenges, architecture: treaty}
    - {outcome: wars, architecture: layered}
  sensitivity: {bootstrap: 0}
output:
  formats: [parquet]
  tables: [runs, summary, contrasts]
  plots: false
`)
	r := mustRun(t, nil, "run", cfg, "-o", filepath.Join(dir, "out"), "--workers", "2")
	if strings.Contains(r.stderr, "challenges (treaty) does not vary") {
		t.Errorf("a quantity that varies at an AB point is said not to vary: %q", r.stderr)
	}
	want := "challenges (treaty) is one value at every base sample of the Saltelli design (every f(A) and f(B), over which the estimator takes the variance), so every index of it is null, although it differs from that value at 1 of the 8 design points"
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q: %q", want, r.stderr)
	}
	// A quantity that is one value at every point keeps its note.
	if !strings.Contains(r.stderr, "runner: note: sensitivity: wars (layered) does not vary over the design") {
		t.Errorf("the flat quantity's note is missing: %q", r.stderr)
	}
}
