package docprobe

import "testing"

// TestProbeTypePriorZero: sec. 5.2, no prior is no evidence of coverage
// (stop 30; seed 43, 400 replicates; a sweep with crn: points gives what
// a run per value gives).
func TestProbeTypePriorZero(t *testing.T) {
	rows := refRuns(t, 43, 400, "treaty", "grid", true, "    accession.type_prior_weight: [0, 0.000001, 8]")
	for i, v := range []string{"0", "1e-06", "8"} {
		refNear(t, "formed at n0 "+v, refMean(rows, refSel{"accession.type_prior_weight": v}, refCol("treaty_formed")), []string{"0.08", "0.67", "0.67"}[i])
	}
	refDocSays(t, "`treaty_formed` 0.08 at n0 = 0 against 0.67 at 10⁻⁶ and at 8; `TestProbeTypePriorZero`")
}
