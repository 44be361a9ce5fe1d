package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// PRIMTest with a negative number of shuffles is an error; it returned
// PRIM's untested proposal with a nil error. Zero shuffles is no test:
// PRIM's result, PValue NaN (a review, stop 52).
func TestPRIMTestShuffles(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7}
	y := []bool{false, false, false, false, true, true, true, true}
	opts := PRIMOptions{PeelAlpha: 0.1, PasteAlpha: 0.1, MinMass: 0.05}
	ctx := context.Background()
	if res, err := PRIMTest(ctx, x, 1, y, []float64{0}, []float64{7}, opts, -1, rand.NewPCG(1, 1)); err == nil || !strings.Contains(err.Error(), "shuffles") {
		t.Errorf("shuffles -1: %+v, %v; want an error naming the shuffles", res, err)
	}
	res, err := PRIMTest(ctx, x, 1, y, []float64{0}, []float64{7}, opts, 0, nil)
	plain, perr := PRIM(x, 1, y, []float64{0}, []float64{7}, opts)
	if err != nil || perr != nil || res.Selected != plain.Selected || len(res.Boxes) != len(plain.Boxes) || !math.IsNaN(res.PValue) {
		t.Errorf("shuffles 0: %+v, %v; want PRIM's %+v", res, err, plain)
	}
}
