package docprobe

import "testing"

// TestProbeCoreLatencyTemplate: sec. 4.5, slowing the core's grey-zone
// latency slows the treaty's structure (stop 35; seed 777, 200
// replicates). The text said from 0.01 to 365 and gave 28.7; the figures
// are from the default 1 with crn: points (at 0.01 `treaty` gives 28.53).
func TestProbeCoreLatencyTemplate(t *testing.T) {
	rows := refRuns(t, 777, 200, "treaty, layered", "grid", true,
		"    mechanisms.core.latency.grey_zone: [0.01, 1, 365]")
	sev := refCol("severity_loss")
	for _, c := range []struct{ arch, lat, want string }{
		{"treaty", "1", "28.73"}, {"treaty", "365", "33.25"}, {"treaty", "0.01", "28.53"},
		{"layered", "1", "23.180"}, {"layered", "365", "23.195"},
	} {
		refNear(t, c.arch+" at "+c.lat, refMean(rows, refSel{"architecture": c.arch, "mechanisms.core.latency.grey_zone": c.lat}, sev), c.want)
	}
	refDocSays(t, "raised `treaty`'s severity from 28.73 to 33.25 while `layered`'s, which has the core, moved from 23.180 to 23.195")
}
