package docprobe

import (
	"math"
	"testing"
)

// TestProbeStructureParticipation: sec. 4.5, `participation` under
// `treaty` falls as the standing structure grows (stop 34, no
// configuration stated; seed 777, 200 replicates, crn: points gives the
// text's +0.059, 12 SE, and −0.035, 9 SE, paired over the replicates with
// a participation at both points).
func TestProbeStructureParticipation(t *testing.T) {
	rows := refRuns(t, 777, 200, "treaty", "grid", true,
		"    mechanisms.treaty.standing_structure: [0, 0.5, 1]")
	at := func(v string) refSel { return refSel{"mechanisms.treaty.standing_structure": v} }
	for _, c := range []struct{ a, b, m, z string }{{"0", "0.5", "0.059", "12"}, {"1", "0.5", "-0.035", "9"}} {
		m, se, _ := refPaired(rows, at(c.a), at(c.b), refCol("participation"), nil)
		refNear(t, "participation at "+c.a+" minus 0.5", m, c.m)
		refNear(t, "its z", math.Abs(m/se), c.z)
	}
	refDocSays(t, "measured +0.059 (12 standard errors) from 0.5 to 0 and −0.035 (9 standard errors) from 0.5 to 1 (seed 777, 200 replicates, `crn: points`")
}
