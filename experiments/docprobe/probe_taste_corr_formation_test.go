package docprobe

import "testing"

// TestProbeTasteCorrelationFormation: sec. 5.2, the treaty's formation
// share at ρ_ε 0, 0.5 and 0.9 (seed 99, 2,000 replicates, crn: points).
// The text gave 0.65, 0.67 and 0.66 (stop 35; 300 replicates, no seed),
// which no seed tried gives.
func TestProbeTasteCorrelationFormation(t *testing.T) {
	rows := refRuns(t, 99, 2000, "treaty", "grid", true, "    accession.taste_correlation: [0, 0.5, 0.9]")
	for v, w := range map[string]string{"0": "0.64", "0.5": "0.63", "0.9": "0.64"} {
		refNear(t, "formed at ρ_ε "+v, refMean(rows, refSel{"accession.taste_correlation": v}, refCol("treaty_formed")), w)
	}
	refDocSays(t, "Under `treaty` the treaty forms in 0.64, 0.63 and 0.64 of runs at ρ_ε 0, 0.5 and 0.9 (seed 99, 2,000 replicates, `crn: points`")
}
