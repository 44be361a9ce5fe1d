package analysis

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCalibrateParameterBound (a review, stop 52): a CMA-ES search holds
// dim×dim matrices, so a library caller's bounds of a million parameters
// asked for terabytes, a fatal error past any recover. A search of more
// than MaxCalibrationParameters is an error; MaxCalibrationParameters is
// accepted, and a design (Points) of more still runs.
func TestCalibrateParameterBound(t *testing.T) {
	model := func(_ context.Context, x []float64) (Observations, error) {
		return obsMap{qA.String(): {0.5, 0.5}}, nil
	}
	calib := func(dim int) Calibration {
		c := Calibration{
			Lower: make([]float64, dim), Upper: make([]float64, dim), Start: make([]float64, dim),
			Targets:     []Target{{Name: "a", Of: qA, Low: 0, High: 0.1, Weight: 1}},
			Model:       model,
			Evaluations: 1,
			Src:         rand.NewPCG(1, 1),
		}
		for j := range dim {
			c.Upper[j] = 1
		}
		return c
	}
	ctx := context.Background()
	if _, err := Calibrate(ctx, calib(MaxCalibrationParameters+1)); err == nil || !strings.Contains(err.Error(), "parameters") {
		t.Errorf("a search of %d parameters: err %v, want it refused", MaxCalibrationParameters+1, err)
	}
	if _, err := Calibrate(ctx, calib(MaxCalibrationParameters)); err != nil {
		t.Errorf("a search of %d parameters: %v", MaxCalibrationParameters, err)
	}
	c := calib(MaxCalibrationParameters + 1)
	c.Points, c.Evaluations = [][]float64{c.Upper}, 2
	if res, err := Calibrate(ctx, c); err != nil || res.Status != StatusDesign {
		t.Errorf("a design of %d parameters: %v, %v", MaxCalibrationParameters+1, res, err)
	}
}
