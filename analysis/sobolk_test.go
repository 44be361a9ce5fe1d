package analysis

import (
	"context"
	"math"
	"testing"
)

// TestSobolHugeParameterCount (a review, stop 49): a library caller's k
// near the largest int wrapped the Saltelli block 2k+2 to 0, and Sobol
// panicked dividing by it instead of returning an error; k+2 wrapped
// negative. A parameter count above MaxSaltelliParameters, which no
// Saltelli design has, is an error.
func TestSobolHugeParameterCount(t *testing.T) {
	y := make([]float64, 8)
	for _, k := range []int{math.MaxInt, math.MaxInt - 1, math.MaxInt / 2, MaxSaltelliParameters + 1} {
		for _, second := range []bool{false, true} {
			if _, err := Sobol(context.Background(), y, k, second, Bootstrap{}); err == nil {
				t.Errorf("Sobol of %d parameters (second order %v) over %d outputs: no error", k, second, len(y))
			}
		}
	}
}
