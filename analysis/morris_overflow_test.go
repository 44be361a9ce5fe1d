package analysis

import (
	"context"
	"math"
	"strings"
	"testing"
)

// An elementary effect past the largest float64 is an error, as a step of
// the output past it is (a review, stop 45): outputs 0 and 1.5e308 a
// step of Δ = 2/3 apart made an effect of +Inf, and Morris returned μ =
// μ* = +Inf and σ = NaN with a nil error (a review, stop 52).
func TestElementaryEffectBeyondLargest(t *testing.T) {
	pts := []float64{0, 2.0 / 3, 0, 2.0 / 3}
	y := []float64{0, 1.5e308, 0, 1e308}
	if ee, err := ElementaryEffects(pts, 1, y); err == nil || !strings.Contains(err.Error(), "largest float64") {
		t.Errorf("ElementaryEffects = %v, %v; want an error naming the largest float64", ee, err)
	}
	if m, err := Morris(context.Background(), pts, 1, y, Bootstrap{}); err == nil {
		t.Errorf("Morris = μ %v, σ %v with a nil error", m.Mu[0].Value, m.Sigma[0].Value)
	}
	// Just below it is an effect like any other.
	y = []float64{0, 1e308, 0, 1e308}
	ee, err := ElementaryEffects(pts, 1, y)
	if err != nil || math.IsInf(ee[0], 0) || ee[0] != 1e308/(2.0/3) {
		t.Errorf("ElementaryEffects of a finite effect = %v, %v", ee, err)
	}
}

// TestMorrisSpreadBeyondLargest (a review, stop 52): effects of +1.5e308
// and -1.5e308, each finite, have a σ of 2.1e308, past the largest
// float64: Morris returned σ = +Inf (μ 0, μ* 1.5e308) with a nil error.
// It is now an error, as one effect past it is; effects of one sign and
// that size still give finite statistics.
func TestMorrisSpreadBeyondLargest(t *testing.T) {
	pts := []float64{0, 2.0 / 3, 0, 2.0 / 3}
	y := []float64{0, 1e308, 0, -1e308}
	if m, err := Morris(context.Background(), pts, 1, y, Bootstrap{}); err == nil || !strings.Contains(err.Error(), "sigma") || !strings.Contains(err.Error(), "largest float64") {
		if err == nil {
			t.Errorf("Morris = μ %v, μ* %v, σ %v with a nil error", m.Mu[0].Value, m.MuStar[0].Value, m.Sigma[0].Value)
		} else {
			t.Errorf("Morris error %q does not name sigma and the largest float64", err)
		}
	}
	y = []float64{0, 1e308, 0, 1e308}
	m, err := Morris(context.Background(), pts, 1, y, Bootstrap{})
	if err != nil || m.Mu[0].Value != 1e308/(2.0/3) || m.Sigma[0].Value != 0 {
		t.Errorf("effects of one sign: %v, %v", m, err)
	}
}
