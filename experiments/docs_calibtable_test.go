package experiments

import (
	"context"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"pactsim/analysis"
)

// decimals is the number of digits after the point in a printed number.
func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// TestDocsCalibrationTargetTable: the table "Targets at the fitted values"
// of docs/model.md sec. 17.2 (achieved value and 95% interval of every fit
// target) and the standard errors printed under it are what
// experiments/calibrate.yaml's first evaluation (its start, the calibrated
// defaults, on the calibration's 1,000 replicates and task seeds) gives, to
// their printed digits. No test recomputed them (a review, stop 53).
// Deterministic: the calibration's task seeds.
func TestDocsCalibrationTargetTable(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 architecture-runs")
	}
	src, err := os.ReadFile("calibrate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, rec := evaluateStart(t, "calibrate.yaml", src)
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	start := strings.Index(text, "**Targets at the fitted values**")
	if start < 0 {
		t.Fatal("docs/model.md sec. 17.2 has no table of the targets at the fitted values")
	}
	text = text[start:]
	row := regexp.MustCompile("(?m)^\\| (T\\d+[a-c]?) \\| `([^`]+)` \\|[^|]*\\|[^|]*\\| ([^|]+) \\| ([^|]+) \\| (yes|no) \\|$")
	rows := row.FindAllStringSubmatch(text, -1)
	if len(rows) != len(c.Targets) {
		t.Fatalf("the table has %d rows, calibrate.yaml %d targets", len(rows), len(c.Targets))
	}
	ci := regexp.MustCompile(`^\[([0-9.]+), ([0-9.]+)\]$`)
	se := map[string]float64{}
	for _, r := range rows {
		k := -1
		for i, tg := range c.Targets {
			if tg.Name == r[2] {
				k = i
			}
		}
		if k < 0 {
			t.Errorf("the table's %s is no target of calibrate.yaml", r[2])
			continue
		}
		v := rec.Targets[k]
		se[r[2]] = v.SE
		achieved := strings.TrimSpace(r[3])
		if got := fmt.Sprintf("%.*f", decimals(achieved), v.Value); got != achieved {
			t.Errorf("%s: achieved %s, the table says %s", r[2], got, achieved)
		}
		if met := c.Targets[k].Met(v); met != (r[5] == "yes") {
			t.Errorf("%s: met %v, the table says %s", r[2], met, r[5])
		}
		interval := strings.TrimSpace(r[4])
		if m := ci.FindStringSubmatch(interval); m != nil {
			lo := fmt.Sprintf("%.*f", decimals(m[1]), v.CILow)
			hi := fmt.Sprintf("%.*f", decimals(m[2]), v.CIHigh)
			if lo != m[1] || hi != m[2] {
				t.Errorf("%s: 95%% CI [%s, %s], the table says %s", r[2], lo, hi, interval)
			}
		} else if !strings.HasPrefix(interval, "none") || !math.IsNaN(v.CILow) || v.Value != 0 {
			t.Errorf("%s: value %v, CI [%v, %v], the table says %s", r[2], v.Value, v.CILow, v.CIHigh, interval)
		}
	}
	// The standard errors printed under the table.
	for name, want := range map[string]string{
		"T1-grey-economic-share":      "0.0003 (T1)",
		"T2-armed":                    "0.0034 (T2)",
		"T3-grey-zone":                "0.24 (T3)",
		"T3-grey-zone-PH":             "0.16 (T3, PH)",
		"T3b-economic-campaigns":      "0.09 (T3b)",
		"T3c-grey-zone-fait-accompli": "0.022 (T3c)",
		"T4-alliance-effect":          "0.0053 (T4)",
	} {
		num := want[:strings.IndexByte(want, ' ')]
		if got := fmt.Sprintf("%.*f", decimals(num), se[name]); got != num {
			t.Errorf("%s: standard error %s, docs/model.md sec. 17.2 says %s", name, got, num)
		}
		if !strings.Contains(strings.Join(strings.Fields(text[:4000]), " "), want) {
			t.Errorf("docs/model.md sec. 17.2 no longer prints %q", want)
		}
	}
}

// evaluateStart evaluates the calibration of the config src (named name)
// at its start, on 2 workers: the calibration and the start's record.
func evaluateStart(t *testing.T, name string, src []byte) (analysis.Calibration, analysis.Record) {
	t.Helper()
	plan, err := Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	model, err := newCalibrationModel(plan, 2)
	if err != nil {
		t.Fatal(err)
	}
	c, err := plan.Calibration(model.eval)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := c.Evaluate(context.Background(), c.Start)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}
