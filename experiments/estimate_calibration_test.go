package experiments

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEstimateCalibrationBytes: the estimated output of a calibration is
// near what it writes, with and without figures (a review, stop 51: the
// shipped calibration-set.yaml was estimated at 7.4 MiB and wrote 3.0 MB,
// as the estimate counted 60 bytes for each value of a trace line and 2
// MiB of figures whether or not the config draws them). The shipped
// design runs here at 200 evaluations of 4 replicates, every one (lhs);
// the estimate must be within a factor of 2 of the bytes written.
func TestEstimateCalibrationBytes(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("calibration-set.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, plots := range []string{"plots: true", "plots: false"} {
		cfg := strings.NewReplacer("replicates: 1000", "replicates: 4", "evaluations: 1600", "evaluations: 200", "plots: true", plots).Replace(string(text))
		plan := mustParse(t, cfg)
		if cs := plan.Config.Calibration; cs == nil || cs.Optimizer.Evaluations != 200 || cs.Optimizer.Method != MethodLHS || plan.Config.Output.Plots != (plots == "plots: true") {
			t.Fatalf("%s: the shipped config changed", plots)
		}
		dir := filepath.Join(t.TempDir(), "out")
		est, err := EstimateCalibration(context.Background(), plan, 2, dir)
		if err != nil {
			t.Fatal(err)
		}
		res, err := calibrate(t, plan, dir, CalibrateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Evaluations != 200 {
			t.Fatalf("%s: %d evaluations, want the design's 200", plots, res.Evaluations)
		}
		var wrote int64
		err = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			wrote += info.Size()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r := float64(est.Bytes) / float64(wrote)
		t.Logf("%s: estimated %d bytes, wrote %d (ratio %.2f)", plots, est.Bytes, wrote, r)
		if r < 0.5 || r > 2 {
			t.Errorf("%s: estimated %d bytes, wrote %d: ratio %.2f, want within a factor of 2", plots, est.Bytes, wrote, r)
		}
	}
}
