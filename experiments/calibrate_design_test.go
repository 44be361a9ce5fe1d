package experiments

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/analysis"
	"pactsim/output"
)

// lhsCfg is calCfg with a design instead of a search.
func lhsCfg(evaluations int, extra string) string {
	return strings.Replace(fmt.Sprintf(calCfg, evaluations), fmt.Sprintf("optimizer: {evaluations: %d}", evaluations),
		fmt.Sprintf("optimizer: {method: lhs, evaluations: %d%s}", evaluations, extra), 1)
}

// TestCalibrateLHS: optimizer method lhs evaluates the start and then
// evaluations − 1 points of a Latin hypercube of the box, every one
// (design status), the same points for the same seed; the result counts
// the trace's evaluations that meet every target; a resumed design ends
// with the same bytes.
func TestCalibrateLHS(t *testing.T) {
	const n = 9
	path := filepath.Join(t.TempDir(), "lhs.yaml")
	if err := os.WriteFile(path, []byte(lhsCfg(n, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := plan.Calibration(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Points) != n-1 || c.Evaluations != n {
		t.Fatalf("%d design points for %d evaluations; want %d", len(c.Points), c.Evaluations, n-1)
	}
	// A Latin hypercube: each parameter's n−1 values fall one in each of
	// n−1 equal strata of its range.
	for j := range c.Lower {
		seen := make([]bool, n-1)
		for _, x := range c.Points {
			s := int((x[j] - c.Lower[j]) / (c.Upper[j] - c.Lower[j]) * float64(n-1))
			if s < 0 || s >= n-1 || seen[s] {
				t.Fatalf("parameter %d: %v is not one value per stratum", j, c.Points)
			}
			seen[s] = true
		}
	}
	dir := filepath.Join(t.TempDir(), "full")
	res, err := calibrate(t, plan, dir, CalibrateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != analysis.StatusDesign || res.Evaluations != n {
		t.Fatalf("status %q after %d evaluations; want %q after %d", res.Status, res.Evaluations, analysis.StatusDesign, n)
	}
	rows := readTable(t, filepath.Join(dir, "calibration", "trace.parquet"))
	met := 0
	for k, r := range rows {
		if r["loss"] == "0" {
			met++
		}
		if k > 0 {
			for j, p := range plan.Config.Calibration.Parameters {
				if want := fmt.Sprint(c.Points[k-1][j]); r[p.Name] != want {
					t.Errorf("evaluation %d: %s = %s, want the design's %s", k, p.Name, r[p.Name], want)
				}
			}
		}
	}
	if len(rows) != n || res.Consistent != met {
		t.Errorf("%d trace rows, %d of loss 0, Consistent %d; want %d rows and Consistent = rows of loss 0", len(rows), met, res.Consistent, n)
	}
	// Stopped after 4 evaluations and resumed: the same files.
	part := filepath.Join(t.TempDir(), "part")
	stop := errors.New("stop")
	_, err = calibrate(t, plan, part, CalibrateOptions{AfterEvaluation: func(k int) error {
		if k == 4 {
			return stop
		}
		return nil
	}})
	if !errors.Is(err, stop) {
		t.Fatalf("stopped calibration: %v", err)
	}
	again, err := calibrate(t, plan, part, CalibrateOptions{Resume: true})
	if err != nil {
		t.Fatal(err)
	}
	if again.Resumed != 4 || again.Consistent != met {
		t.Errorf("resumed %d evaluations with %d consistent; want 4 and %d", again.Resumed, again.Consistent, met)
	}
	for _, f := range []string{"calibration/trace.parquet", "calibration/targets.parquet", output.CalibratedName} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(part, f))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the whole and the resumed design", f)
		}
	}
}

// TestCalibrateLHSPopulation: a CMA-ES population beside method lhs is a
// config error at the written key, in either order of the keys.
func TestCalibrateLHSPopulation(t *testing.T) {
	for _, cfg := range []string{
		lhsCfg(9, ", population: 6"),
		strings.Replace(fmt.Sprintf(calCfg, 9), "optimizer: {evaluations: 9}", "optimizer: {population: 6, evaluations: 9, method: lhs}", 1),
	} {
		_, err := Parse("lhs.yaml", []byte(cfg))
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Key != "calibration.optimizer.population" || ce.Line != 12 || !strings.Contains(ce.Msg, "method lhs has none") {
			t.Errorf("population with lhs: %v", err)
		}
	}
	if _, err := Parse("lhs.yaml", []byte(lhsCfg(9, ", population: 0"))); err != nil {
		t.Errorf("population 0 (the canonical default) with lhs: %v", err)
	}
}
