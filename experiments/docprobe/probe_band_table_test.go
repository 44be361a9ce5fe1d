package docprobe

import (
	"encoding/csv"
	"math"
	"os"
	"pactsim/experiments"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestProbeBandTable recomputes the table of docs/model.md sec. 17.2 that
// experiments/calibration-band.yaml gives (the primary contrasts at the fit
// and at each end of each constant's slice; seed 20261203, 2,000 paired
// replicates a point, US reliability 0.7, crn: points), which no test read
// (a review, stop 52; TestFitBandEnds checks the slices' targets, not these
// contrasts). Row k of the table is design point k; each printed number
// (mean and 95% interval) must be the recomputed one to its last printed
// digit (half a unit of it, the rounding).
func TestProbeBandTable(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration-band.yaml: 150,000 architecture-runs")
	}
	plan, err := experiments.Load("calibration-band.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if plan.Seed() != 20261203 || plan.Replicates() != 2000 {
		t.Fatalf("calibration-band.yaml: seed %d, %d replicates; the text names 20261203 and 2,000", plan.Seed(), plan.Replicates())
	}
	plan.Config.Output.Plots = false
	dir := filepath.Join(t.TempDir(), "band")
	mustRun(t, plan, dir, experiments.RunOptions{})
	f, err := os.Open(filepath.Join(dir, "contrasts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	type cellKey struct{ point, a, b, outcome string }
	got := map[cellKey][3]float64{}
	for _, r := range recs[1:] {
		if o := r[col["outcome"]]; o != "severity_loss" && o != "deterrence_success" {
			continue
		}
		var v [3]float64
		for i, k := range []string{"mean_diff", "ci_low", "ci_high"} {
			if v[i], err = strconv.ParseFloat(r[col[k]], 64); err != nil {
				t.Fatalf("contrasts.csv %s %q: %v", k, r[col[k]], err)
			}
		}
		got[cellKey{r[col["point"]], r[col["architecture_a"]], r[col["architecture_b"]], r[col["outcome"]]}] = v
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i := strings.Index(text, "| point | layered − treaty, `severity_loss` | layered − treaty, `deterrence_success` | treaty_plus_cells − layered, `severity_loss` | treaty_plus_cells − layered, `deterrence_success` |")
	if i < 0 {
		t.Fatal("docs/model.md: no table of calibration-band.yaml's contrasts")
	}
	cellRe := regexp.MustCompile(`^([−-]?[0-9.]+) \(([−-]?[0-9.]+) to ([−-]?[0-9.]+)\)$`)
	cols := []cellKey{{"", "layered", "treaty", "severity_loss"}, {"", "layered", "treaty", "deterrence_success"}, {"", "treaty_plus_cells", "layered", "severity_loss"}, {"", "treaty_plus_cells", "layered", "deterrence_success"}}
	rows := 0
	for _, line := range strings.Split(text[i:], "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 5 {
			t.Fatalf("row %q: %d cells", line, len(cells))
		}
		point := strconv.Itoa(rows)
		rows++
		for c, k := range cols {
			m := cellRe.FindStringSubmatch(strings.TrimSpace(cells[c+1]))
			if m == nil {
				t.Errorf("row %d (%s), column %d: %q not understood", rows-1, strings.TrimSpace(cells[0]), c+1, cells[c+1])
				continue
			}
			k.point = point
			v, ok := got[k]
			if !ok {
				t.Fatalf("contrasts.csv has no %v", k)
			}
			for j, s := range m[1:] {
				want, err := strconv.ParseFloat(strings.ReplaceAll(s, "−", "-"), 64)
				if err != nil {
					t.Fatal(err)
				}
				decimals := 0
				if d := strings.IndexByte(s, '.'); d >= 0 {
					decimals = len(s) - d - 1
				}
				if math.Abs(v[j]-want) > 0.5*math.Pow(10, -float64(decimals))+1e-12 {
					t.Errorf("%s, %s − %s, %s: %s is %.6f, the table says %s", strings.TrimSpace(cells[0]), k.a, k.b, k.outcome, []string{"mean", "CI low", "CI high"}[j], v[j], s)
				}
			}
		}
	}
	if rows != plan.NumPoints() {
		t.Errorf("the table has %d rows, calibration-band.yaml %d points", rows, plan.NumPoints())
	}
}
