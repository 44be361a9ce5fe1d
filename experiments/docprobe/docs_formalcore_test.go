package docprobe

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/experiments"
)

// Tests that recompute the severity contrasts of the formal and the
// informal core that docs/model.md sec. 17.3 ("Why the formal core rarely
// wins on severity", "A corner where the formal core wins", "The
// treaty's narrower scope") and the README's caption quote, from the
// configurations the text states. No test recomputed them (a review,
// stop 53).

// coreContrasts runs a sweep of the built-in roster (periods 40, crn:
// points, the founders bound or not) and returns the rows of its contrasts
// table for outcome, treaty_plus_cells − layered, by point.
func coreContrasts(t *testing.T, outcome string, seed, reps int, archs string, bound bool, design, params string) map[string]map[string]string {
	t.Helper()
	return pairContrasts(runContrasts(t, seed, reps, archs, bound, design, params), outcome, "treaty_plus_cells", "layered")
}

// runContrasts runs the sweep coreContrasts describes and returns every
// row of its contrasts table.
func runContrasts(t *testing.T, seed, reps int, archs string, bound bool, design, params string) []map[string]string {
	t.Helper()
	cfg := fmt.Sprintf("name: coreprobe\nseed: %d\nreplicates: %d\nperiods: 40\narchitectures: [%s]\npopulation:\n  roster: indo-pacific\nparams:\n  mechanisms.treaty.founders_bound: %v\nsweep:\n  design: %s\n  crn: points\n  parameters:\n%s\noutput:\n  formats: [parquet]\n  tables: [runs, summary, contrasts]\n  plots: false\n",
		seed, reps, archs, bound, design, strings.TrimRight(params, "\n"))
	plan, err := experiments.Parse("coreprobe.yaml", []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, dir, experiments.RunOptions{})
	return readTable(t, filepath.Join(dir, "contrasts.parquet"))
}

// pairContrasts selects the rows of outcome and the contrast a − b, by
// point.
func pairContrasts(rows []map[string]string, outcome, a, b string) map[string]map[string]string {
	byPoint := map[string]map[string]string{}
	for _, r := range rows {
		if r["outcome"] == outcome && r["architecture_a"] == a && r["architecture_b"] == b {
			byPoint[r["point"]] = r
		}
	}
	return byPoint
}

// nearCI checks a contrasts row's mean and 95% interval against the
// text's, each to its printed digits.
func nearCI(t *testing.T, what string, r map[string]string, mean, lo, hi string) {
	t.Helper()
	if r == nil {
		t.Fatalf("%s: no contrast row", what)
	}
	refNear(t, what+": mean", rowFloat(t, r, "mean_diff"), mean)
	refNear(t, what+": 95% CI low", rowFloat(t, r, "ci_low"), lo)
	refNear(t, what+": 95% CI high", rowFloat(t, r, "ci_high"), hi)
}

// TestDocsFormalCoreCorner: sec. 17.3 and the README's caption: at a
// corner of the map's ranges (seed 97531, 3,000 replicates, `treaty`,
// `layered` and `treaty_plus_cells`, founders bound, a zip of two points
// with crn: points) treaty_plus_cells − layered on severity is −1.45 (95%
// CI −2.00 to −0.90), against +1.47 (0.86 to 2.08) at the defaults.
func TestDocsFormalCoreCorner(t *testing.T) {
	if testing.Short() {
		t.Skip("18,000 architecture-runs")
	}
	rows := coreContrasts(t, "severity_loss", 97531, 3000, "treaty, layered, treaty_plus_cells", true, "zip",
		"    adversary.counter_mobilisation.strength: [0, 0.5]\n"+
			"    retribution.strength: [0, 0.5]\n"+
			"    resistance.strength: [0, 0.5]\n"+
			"    adversary.formation_shock: [0, 0.03]\n"+
			"    mechanisms.treaty.coverage.economic_coercion: [0.6, 0.3]\n"+
			"    mechanisms.treaty.standing_structure: [1, 0.5]")
	nearCI(t, "the corner", rows["0"], "-1.45", "-2.00", "-0.90")
	nearCI(t, "the defaults", rows["1"], "1.47", "0.86", "2.08")
	refDocSays(t, "`treaty_plus_cells − layered` on severity is −1.45 (95% CI −2.00 to −0.90), the formal core better, against +1.47 (0.86 to 2.08) at the defaults")
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := "it is better by 1.45 severity units (95% CI 0.90 to 2.00; founders bound, as in the map, 3,000 paired replicates)"; !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), want) {
		t.Errorf("README.md does not state %q", want)
	}
}

// TestDocsTreatyScope: sec. 17.3, "The treaty's narrower scope weighs as
// much as counter-mobilisation" (seed 5, 1,000 replicates,
// treaty_plus_cells and layered, crn: points): founders bound, +1.03 (95%
// CI 0.08 to 1.98) as shipped and −1.19 (−2.22 to −0.16) with both
// coverages at 0.8; founders free, a grid of the two coverages, +1.10,
// +0.89, −0.05 and −0.87 with their intervals.
func TestDocsTreatyScope(t *testing.T) {
	if testing.Short() {
		t.Skip("12,000 architecture-runs")
	}
	const gz, ec = "mechanisms.treaty.coverage.grey_zone", "mechanisms.treaty.coverage.economic_coercion"
	bound := coreContrasts(t, "severity_loss", 5, 1000, "treaty_plus_cells, layered", true, "zip",
		"    "+gz+": [0.2, 0.8]\n    "+ec+": [0.3, 0.8]")
	nearCI(t, "bound, as shipped", bound["0"], "1.03", "0.08", "1.98")
	nearCI(t, "bound, both at 0.8", bound["1"], "-1.19", "-2.22", "-0.16")
	free := coreContrasts(t, "severity_loss", 5, 1000, "treaty_plus_cells, layered", false, "grid",
		"    "+gz+": [0.2, 0.8]\n    "+ec+": [0.3, 0.8]")
	at := func(g, e string) map[string]string {
		for _, r := range free {
			if r[gz] == g && r[ec] == e {
				return r
			}
		}
		t.Fatalf("no point at grey zone %s, economic coercion %s", g, e)
		return nil
	}
	nearCI(t, "free, as shipped", at("0.2", "0.3"), "1.10", "0.14", "2.07")
	nearCI(t, "free, grey zone at 0.8", at("0.8", "0.3"), "0.89", "-0.13", "1.91")
	nearCI(t, "free, economic coercion at 0.8", at("0.2", "0.8"), "-0.05", "-1.04", "0.94")
	nearCI(t, "free, both at 0.8", at("0.8", "0.8"), "-0.87", "-1.91", "0.17")
	refDocSays(t,
		"the severity contrast is +1.03 (95% CI 0.08 to 1.98) as shipped and −1.19 (−2.22 to −0.16) with",
		"+1.10 (0.14 to 2.07) as shipped, +0.89 (−0.13 to 1.91) with the grey zone alone at 0.8, −0.05 (−1.04 to 0.94) with economic coercion alone at 0.8, and −0.87 (−1.91 to 0.17) with both")
}

// TestDocsCounterMobilisationSecondSeed: sec. 17.3, the second seed of
// counter-mobilisation's contribution (777, 1,000 replicates, founders
// bound, paired): treaty_plus_cells − layered on severity +1.36 ± 0.50 at
// the defaults and −0.07 ± 0.44 with counter-mobilisation off (± one
// standard error, recovered from the t interval the table prints).
func TestDocsCounterMobilisationSecondSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("4,000 architecture-runs")
	}
	rows := coreContrasts(t, "severity_loss", 777, 1000, "treaty_plus_cells, layered", true, "zip",
		"    adversary.counter_mobilisation.strength: [0.5, 0]")
	// The interval is the Student t one of 999 degrees of freedom.
	t999 := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 999}.Quantile(0.975)
	for p, want := range map[string][2]string{"0": {"1.36", "0.50"}, "1": {"-0.07", "0.44"}} {
		r := rows[p]
		if r == nil {
			t.Fatalf("no contrast row at point %s", p)
		}
		refNear(t, "point "+p+": mean", rowFloat(t, r, "mean_diff"), want[0])
		se := (rowFloat(t, r, "ci_high") - rowFloat(t, r, "ci_low")) / 2 / t999
		refNear(t, "point "+p+": SE", se, want[1])
		if math.IsNaN(se) {
			t.Fatalf("point %s: no interval", p)
		}
	}
	refDocSays(t, "a second seed, 777, gives +1.36 ± 0.50 at the defaults and −0.07 ± 0.44 with counter-mobilisation off")
}

// TestDocsFormalCoreDeterrence: sec. 17.3, on deterrence_success the
// formal core is better at the defaults: +0.0005, +0.0009 and +0.0011 per
// period at seeds 777, 5 and 20261125 (founders bound, 1,000 replicates,
// paired; 95% CIs −0.0003 to 0.0013, 0.0001 to 0.0017 and 0.0003 to
// 0.0019). The defaults are one point of a sweep of us.reliability at its
// default, 0.7.
func TestDocsFormalCoreDeterrence(t *testing.T) {
	if testing.Short() {
		t.Skip("6,000 architecture-runs")
	}
	for _, c := range []struct {
		seed         int
		mean, lo, hi string
	}{{777, "0.0005", "-0.0003", "0.0013"}, {5, "0.0009", "0.0001", "0.0017"}, {20261125, "0.0011", "0.0003", "0.0019"}} {
		rows := coreContrasts(t, "deterrence_success", c.seed, 1000, "treaty_plus_cells, layered", true, "grid", "    us.reliability: [0.7]")
		nearCI(t, fmt.Sprintf("seed %d", c.seed), rows["0"], c.mean, c.lo, c.hi)
	}
	refDocSays(t, "(+0.0005, +0.0009 and +0.0011 per period at seeds 777, 5 and 20261125, founders bound, 1,000 replicates, paired; 95% CIs −0.0003 to 0.0013, 0.0001 to 0.0017 and 0.0003 to 0.0019;")
}

// TestDocsTreatyVisibility: sec. 17.3, the treaty's visibility (seed
// 20261125, 1,000 replicates, treaty, layered and treaty_plus_cells, a
// sweep of mechanisms.treaty.visibility over 1, 0.75 and 0.5 with crn:
// points): treaty_plus_cells − layered on severity, founders free and
// bound, and layered − treaty at 1 and 0.5, each with its 95% interval.
func TestDocsTreatyVisibility(t *testing.T) {
	if testing.Short() {
		t.Skip("18,000 architecture-runs")
	}
	type ci struct{ mean, lo, hi string }
	for _, c := range []struct {
		bound bool
		tpc   [3]ci // at 1, 0.75, 0.5
		lt    [2]ci // at 1 and 0.5
	}{
		{false, [3]ci{{"1.03", "0.06", "2.00"}, {"-0.49", "-1.45", "0.48"}, {"-1.87", "-2.80", "-0.94"}},
			[2]ci{{"-5.94", "-7.32", "-4.55"}, {"-1.48", "-2.85", "-0.10"}}},
		{true, [3]ci{{"0.83", "-0.16", "1.81"}, {"-1.24", "-2.27", "-0.22"}, {"-3.01", "-4.01", "-2.01"}},
			[2]ci{{"-3.90", "", ""}, {"0.77", "-0.59", "2.13"}}},
	} {
		rows := runContrasts(t, 20261125, 1000, "treaty, layered, treaty_plus_cells", c.bound, "grid", "    mechanisms.treaty.visibility: [1, 0.75, 0.5]")
		tpc := pairContrasts(rows, "severity_loss", "treaty_plus_cells", "layered")
		lt := pairContrasts(rows, "severity_loss", "layered", "treaty")
		for k, w := range c.tpc {
			nearCI(t, fmt.Sprintf("bound %v, treaty_plus_cells − layered at point %d", c.bound, k), tpc[fmt.Sprint(k)], w.mean, w.lo, w.hi)
		}
		for k, w := range c.lt {
			r := lt[fmt.Sprint(2*k)]
			if w.lo == "" {
				refNear(t, fmt.Sprintf("bound %v, layered − treaty at point %d", c.bound, 2*k), rowFloat(t, r, "mean_diff"), w.mean)
				continue
			}
			nearCI(t, fmt.Sprintf("bound %v, layered − treaty at point %d", c.bound, 2*k), r, w.mean, w.lo, w.hi)
		}
	}
	refDocSays(t, "founders free: +1.03 (0.06 to 2.00) at 1, −0.49 (−1.45 to 0.48) at 0.75, and −1.87 (−2.80 to −0.94) at 0.5, the formal core better; - founders bound: +0.83 (−0.16 to 1.81), −1.24 (−2.27 to −0.22) and −3.01 (−4.01 to −2.01).",
		"`layered − treaty` moves from −5.94 (−7.32 to −4.55) to −1.48 (−2.85 to −0.10) with the founders free, and from −3.90 to +0.77 (−0.59 to 2.13) with them bound.")
}
