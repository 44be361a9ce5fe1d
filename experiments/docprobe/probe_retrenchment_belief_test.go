package docprobe

import "testing"

// TestProbeRetrenchmentBelief: sec. 9.2, retrenchment moves the allies'
// belief only under `layered` (stop 31; seed 31, a zip with crn: points;
// 400 replicates, which the text did not state, give its −0.027, z −12).
func TestProbeRetrenchmentBelief(t *testing.T) {
	const P = "us.retrenchment_probability"
	rows := refRuns(t, 31, 400, "hub_and_spokes, treaty, layered", "zip", true, "    "+P+": [0, 1]\n    us.shock_size: [0.5, 0.5]")
	for _, a := range []string{"hub_and_spokes", "treaty"} {
		m, _, _ := refPaired(rows, refSel{P: "1", "architecture": a}, refSel{P: "0", "architecture": a}, refCol("us_belief_end"), nil)
		refNear(t, a, m, "0")
	}
	m, se, _ := refPaired(rows, refSel{P: "1", "architecture": "layered"}, refSel{P: "0", "architecture": "layered"}, refCol("us_belief_end"), nil)
	refNear(t, "layered", m, "-0.027")
	refNear(t, "its z", m/se, "-12")
	refDocSays(t, "0.5, seed 31, 400 replicates, a zip with `crn: points`; `TestProbeRetrenchmentBelief`) moves `us_belief_end` by exactly 0 under `hub_and_spokes` and `treaty` and by −0.027 (z −12)")
}
