package docprobe

import (
	"encoding/csv"
	"math"
	"os"
	"pactsim/experiments"
	"path/filepath"
	"strconv"
	"testing"
)

// TestProbeFusionEconomicLatency pins the numbers docs/model.md sec. 4.6
// gives for the intelligence-fusion cell's economic latency, an assumption
// (30 days, faster than the ad hoc 90) outside the cell's task (a review,
// stop 52): set to 90 (seed 99, 300 replicates, crn: points), severity_loss
// moves by +0.003 under layered (23.960 to 23.963) and treaty_plus_cells
// (25.073 to 25.077), economic failures by +0.003 under both, the primary
// contrast not at all (0, 95% CI ±0.009) and layered − treaty by +0.003
// (−0.003 to +0.010). Tolerance: half a unit of the last digit printed.
func TestProbeFusionEconomicLatency(t *testing.T) {
	plan, err := experiments.Parse("fusion.yaml", []byte(`name: fusion-economic-latency
seed: 99
replicates: 300
periods: 40
architectures: [layered, treaty, treaty_plus_cells]
population:
  roster: indo-pacific
sweep:
  design: zip
  crn: points
  parameters:
    mechanisms.intelligence_fusion.latency.economic_coercion: [30, 90]
output:
  formats: [parquet]
  tables: [runs, summary, contrasts]
  plots: false
`))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "fusion")
	mustRun(t, plan, dir, experiments.RunOptions{})
	table := func(name string) (rows [][]string, col map[string]int) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		all, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col = map[string]int{}
		for i, h := range all[0] {
			col[h] = i
		}
		return all[1:], col
	}
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	near := func(what string, got, want, tol float64) {
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.5f, docs/model.md sec. 4.6 says %v", what, got, want)
		}
	}
	rows, col := table("summary.csv")
	mean := map[string]float64{}
	for _, r := range rows {
		if r[col["mean"]] != "" { // null where the outcome is undefined
			mean[r[col["point"]]+" "+r[col["architecture"]]+" "+r[col["outcome"]]] = num(r[col["mean"]])
		}
	}
	near("layered severity_loss at 30 days", mean["0 layered severity_loss"], 23.960, 5e-4)
	near("layered severity_loss at 90 days", mean["1 layered severity_loss"], 23.963, 5e-4)
	near("treaty_plus_cells severity_loss at 30 days", mean["0 treaty_plus_cells severity_loss"], 25.073, 5e-4)
	near("treaty_plus_cells severity_loss at 90 days", mean["1 treaty_plus_cells severity_loss"], 25.077, 5e-4)
	for _, a := range []string{"layered", "treaty_plus_cells"} {
		near(a+" severity_loss's move", mean["1 "+a+" severity_loss"]-mean["0 "+a+" severity_loss"], 0.003, 5e-4)
		near(a+" failures_economic's move", mean["1 "+a+" failures_economic"]-mean["0 "+a+" failures_economic"], 0.003, 5e-4)
	}
	rows, col = table("contributions.csv")
	seen := 0
	for _, r := range rows {
		if r[col["outcome"]] != "severity_loss" {
			continue
		}
		// The move is contrast_off − contrast_default = −contribution.
		move, lo, hi := -num(r[col["contribution"]]), -num(r[col["ci_high"]]), -num(r[col["ci_low"]])
		switch r[col["architecture_a"]] + " − " + r[col["architecture_b"]] {
		case "treaty_plus_cells − layered":
			seen++
			near("the primary contrast's move", move, 0, 0)
			near("its interval's half-width", hi, 0.009, 5e-4)
		case "layered − treaty":
			seen++
			near("layered − treaty's move", move, 0.003, 5e-4)
			near("its lower end", lo, -0.003, 5e-4)
			near("its upper end", hi, 0.010, 5e-4)
		}
	}
	if seen != 2 {
		t.Errorf("%d of the 2 contrasts on severity_loss in contributions.csv", seen)
	}
}
