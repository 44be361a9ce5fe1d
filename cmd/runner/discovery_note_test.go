package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiscoveryUndefinedNote: a discovery whose quantity is undefined at
// some design points (the treaty's formation period where it never forms
// in any replicate) says on the terminal how many there are and that they
// count as not of interest, for run and for analyze (a review, stop 34:
// PRIM dropped them without a word); the count is the summary's.
func TestDiscoveryUndefinedNote(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := writeText(t, base, "d.yaml", `name: d
seed: 5
replicates: 2
periods: 12
architectures: [treaty, layered]
sweep:
  design: lhs
  samples: 24
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    population.autonomy_shift: {min: -0.4, max: 0.4}
analysis:
  discovery:
    - quantity: {outcome: treaty_formed_period, architecture: treaty}
      condition: {below: 5}
output:
  formats: [parquet]
  tables: [runs, summary, contrasts]
  plots: false
`)
	dir := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", dir, "-q")
	// The summary's undefined means of the quantity.
	undefined := 0
	for _, row := range readCSVFile(t, filepath.Join(dir, "summary.csv")) {
		if row["architecture"] == "treaty" && row["outcome"] == "treaty_formed_period" && (row["mean"] == "" || row["mean"] == fmt.Sprint(math.NaN())) {
			undefined++
		}
	}
	if undefined == 0 || undefined == 24 {
		t.Fatalf("%d of 24 points undefined: the test needs some, not all", undefined)
	}
	want := fmt.Sprintf("runner: note: discovery: treaty treaty_formed_period < 5: %d of 24 points have no value (the mean is undefined there) and count as not of interest", undefined)
	for _, args := range [][]string{{"run", config, "-o", dir, "--force"}, {"analyze", dir}} {
		r := mustRun(t, nil, args...)
		if !strings.Contains(r.stderr, want) {
			t.Errorf("runner %s: stderr lacks %q:\n%s", args[0], want, r.stderr)
		}
	}
}
