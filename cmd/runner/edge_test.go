package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// calEdge is a calibration whose target no point of its box meets: the
// adversary would have to challenge far more often than its lowest
// threshold and noisiest choice allow, so CMA-ES's best lies at the
// box's ends.
const calEdge = `name: cal
seed: 11
replicates: 6
periods: 20
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 1.2, max: 1.6}, adversary.noise: {min: 0.3, max: 0.5}}
  targets:
    - {name: challenges, outcome: challenges, architecture: hub_and_spokes, range: [%s]}
  optimizer: {evaluations: 30}
output:
  plots: false
`

// TestCalibrateEdgeNote (a review, stop 48): a calibration that missed
// its target with its best point at the ends of the box printed that
// point as the fit, without a word that the box, not the data, had
// stopped the search. calibrate now names each parameter at an end; a
// calibration that meets its targets says nothing of the kind. The note
// is on the fit, so -q keeps it (TestQuietKeepsResultNotes).
func TestCalibrateEdgeNote(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missed := writeText(t, dir, "missed.yaml", strings.Replace(calEdge, "%s", "400, 500", 1))
	// With -q too: a note on the fit, which -q does not hide.
	r := mustRun(t, nil, "calibrate", missed, "-o", filepath.Join(dir, "missed"), "-q")
	for _, s := range []string{"runner: note: the best evaluation misses a target with adversary.threshold = ",
		"at the lower end of its search range [1.2, 1.6]", "adversary.noise = ", "at the upper end of its search range [0.3, 0.5]", "widen those ranges"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("calibrate of an unreachable target does not say %q:\n%s", s, r.stderr)
		}
	}
	met := writeText(t, dir, "met.yaml", strings.Replace(calEdge, "%s", "0, 500", 1))
	if r := mustRun(t, nil, "calibrate", met, "-o", filepath.Join(dir, "met")); strings.Contains(r.stderr, "end of its search range") {
		t.Errorf("calibrate that met its target speaks of the box's ends:\n%s", r.stderr)
	}
}
