package docprobe

import (
	"os"
	"path/filepath"
	"testing"

	"pactsim/experiments"
)

// Tests that recompute numbers of docs/model.md sec. 17.1's prose under
// its table ("T9 reads A's hazard") that no test recomputed (a review,
// stop 53).

// TestDocsT9LayeredDip: over us.reliability 0.3–0.7, deterrence_success
// under `layered` dips and recovers (seed 11, 1,000 replicates, crn:
// points: 0.98700, 0.98630, 0.98588, 0.98605, 0.98705; the dip is within
// 0.0012).
func TestDocsT9LayeredDip(t *testing.T) {
	const R = "us.reliability"
	rows := refRuns(t, 11, 1000, "layered", "grid", true, "    "+R+": [0.3, 0.4, 0.5, 0.6, 0.7]")
	ds := refCol("deterrence_success")
	lo, hi := 1.0, 0.0
	for _, c := range [][2]string{{"0.3", "0.98700"}, {"0.4", "0.98630"}, {"0.5", "0.98588"}, {"0.6", "0.98605"}, {"0.7", "0.98705"}} {
		m := refMean(rows, refSel{R: c[0]}, ds)
		refNear(t, "deterrence_success at "+c[0], m, c[1])
		lo, hi = min(lo, m), max(hi, m)
	}
	if hi-lo > 0.0012 {
		t.Errorf("the dip is %.5f, the text says within 0.0012", hi-lo)
	}
	refDocSays(t, "0.98700, 0.98630, 0.98588, 0.98605, 0.98705 at 0.3, 0.4, 0.5, 0.6, 0.7; the dip is within 0.0012")
}

// TestDocsMainJobEconomicLoss: the main job
// (experiments/treaty-vs-layered.yaml, its sweep of us.reliability) shows
// the treaty's economic_loss rising with reliability, +0.0056 from 0.3 to
// 0.9 under `treaty` and +0.0046 under `treaty_plus_cells`, as the treaty
// forms more often (0.19 → 0.81).
func TestDocsMainJobEconomicLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("30,000 architecture-runs")
	}
	src, err := os.ReadFile("treaty-vs-layered.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := experiments.Parse("treaty-vs-layered.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	plan.Config.Output.Formats = []string{"parquet"}
	plan.Config.Output.Tables = []string{"summary"}
	plan.Config.Output.Plots = false
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, dir, experiments.RunOptions{})
	mean := map[[3]string]float64{}
	for _, r := range readTable(t, filepath.Join(dir, "summary.parquet")) {
		if a := r["architecture"]; (a == "treaty" || a == "treaty_plus_cells") && (r["outcome"] == "economic_loss" || r["outcome"] == "treaty_formed") {
			mean[[3]string{r["architecture"], r["us.reliability"], r["outcome"]}] = rowFloat(t, r, "mean")
		}
	}
	for _, c := range [][2]string{{"treaty", "0.0056"}, {"treaty_plus_cells", "0.0046"}} {
		d := mean[[3]string{c[0], "0.9", "economic_loss"}] - mean[[3]string{c[0], "0.3", "economic_loss"}]
		refNear(t, c[0]+": economic_loss from 0.3 to 0.9", d, c[1])
	}
	refNear(t, "treaty formed at 0.3", mean[[3]string{"treaty", "0.3", "treaty_formed"}], "0.19")
	refNear(t, "treaty formed at 0.9", mean[[3]string{"treaty", "0.9", "treaty_formed"}], "0.81")
	refDocSays(t, "(+0.0056 from 0.3 to 0.9 under `treaty`, +0.0046 under `treaty_plus_cells`;", "as the treaty forms more often (0.19 → 0.81)")
}
