package docprobe

import (
	"encoding/csv"
	"math"
	"os"
	"pactsim/experiments"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestProbeBreakevenNumbers pins the numbers docs/model.md reads off the
// shipped break-even sweep (experiments/breakeven.yaml, seed 20261211, 200
// replicates a point), which no test read (a review, stop 52):
// coordination latency's break-even for `layered − treaty` on severity,
// 0.73 (sec. 17.3); alliance bans' for `treaty_plus_cells − layered` on
// severity, 0.92, with its curve −4.35, −3.14, −2.04, −0.98, −0.45 at
// 0–0.8 and +0.29 at 1 (the defaults), of which only the values at 0 and
// 0.2 are resolved (sec. 17.3); and "14 of the 18" break-even values marked
// "sign not detectable at any swept value" (sec. 19). Each mean to the
// printed digit (0.005, the rounding), the counts exactly.
func TestProbeBreakevenNumbers(t *testing.T) {
	if testing.Short() {
		t.Skip("the break-even sweep: 69,000 architecture-runs")
	}
	plan, err := experiments.Load("breakeven.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if plan.Seed() != 20261211 || plan.Replicates() != 200 {
		t.Fatalf("breakeven.yaml: seed %d, %d replicates; the text's numbers are from 20261211 and 200", plan.Seed(), plan.Replicates())
	}
	dir := filepath.Join(t.TempDir(), "breakeven")
	mustRun(t, plan, dir, experiments.RunOptions{})
	read := func(name string) []map[string]string {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var rows []map[string]string
		for _, r := range recs[1:] {
			row := map[string]string{}
			for i, h := range recs[0] {
				row[h] = r[i]
			}
			rows = append(rows, row)
		}
		return rows
	}
	num := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return x
	}
	near := func(got, want float64) bool { return math.Abs(got-want) <= 0.005+1e-9 }
	be := read("breakeven.csv")
	breakEven := func(param, a, b string) float64 {
		for _, r := range be {
			if r["parameter"] == param && r["outcome"] == "severity_loss" && r["architecture_a"] == a && r["architecture_b"] == b {
				return num(r["break_even"])
			}
		}
		t.Fatalf("breakeven.csv: no row for %s, %s − %s, severity_loss", param, a, b)
		return 0
	}
	if x := breakEven("coordination.latency.strength", "layered", "treaty"); !near(x, 0.73) {
		t.Errorf("latency's break-even for layered − treaty on severity %.4f, the text says 0.73", x)
	}
	if x := breakEven("alliance_ban.strength", "treaty_plus_cells", "layered"); !near(x, 0.92) {
		t.Errorf("alliance bans' break-even for treaty_plus_cells − layered on severity %.4f, the text says 0.92", x)
	}
	// The bans' curve: the points that move alliance_ban.strength alone,
	// and the defaults (1).
	want := map[float64]float64{0: -4.35, 0.2: -3.14, 0.4: -2.04, 0.6: -0.98, 0.8: -0.45, 1: 0.29}
	seen := map[float64]bool{}
	for _, r := range read("contrasts.csv") {
		if r["outcome"] != "severity_loss" || r["architecture_a"] != "treaty_plus_cells" || r["architecture_b"] != "layered" {
			continue
		}
		v := num(r["alliance_ban.strength"])
		if v == 1 && r["point"] != "0" {
			continue
		}
		w, ok := want[v]
		if !ok {
			continue
		}
		m, lo, hi := num(r["mean_diff"]), num(r["ci_low"]), num(r["ci_high"])
		seen[v] = true
		if !near(m, w) {
			t.Errorf("alliance_ban.strength %v: treaty_plus_cells − layered on severity %.4f, the text says %+.2f", v, m, w)
		}
		if resolved := lo > 0 || hi < 0; resolved != (v < 0.3) {
			t.Errorf("alliance_ban.strength %v: 95%% CI [%.3f, %.3f]; the text says only 0 and 0.2 are resolved", v, lo, hi)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("the bans' curve has %d of its %d values in contrasts.csv", len(seen), len(want))
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), "14 of the 18 break-even values are marked") {
		t.Error("the report does not mark 14 of the 18 break-even values \"sign not detectable\", as docs/model.md sec. 19 says")
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, s := range []string{
		"(with 200 replicates this holds for 14 of the 18 values of `experiments/breakeven.yaml`)",
		"Latency's break-even for `layered − treaty` on severity is 0.73",
		"−4.35 at 0, −3.14 at 0.2, −2.04 at 0.4, −0.98 at 0.6, −0.45 at 0.8 and +0.29 at 1, and changes sign at 0.92",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md does not state %q", s)
		}
	}
}
