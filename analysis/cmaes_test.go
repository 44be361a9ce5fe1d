package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// objectiveCalibration is a calibration whose loss is f(x): one replicate
// √f(x) of a quantity wanted at exactly 0, so Distance is √f(x) (a range of
// width 0 and no standard error: unit 1) and Loss its square. A NaN f is
// a NaN replicate: an undefined target, a loss of UndefinedDistance².
func objectiveCalibration(f func([]float64) float64, lo, hi, start float64, dim, evals int, seed uint64) Calibration {
	c := Calibration{
		Targets:     []Target{{Name: "f", Of: qA, Weight: 1}},
		Evaluations: evals,
		Src:         rand.NewPCG(seed, 1),
		Model: func(_ context.Context, x []float64) (Observations, error) {
			return obsMap{qA.String(): {math.Sqrt(f(x))}}, nil
		},
	}
	for range dim {
		c.Lower, c.Upper, c.Start = append(c.Lower, lo), append(c.Upper, hi), append(c.Start, start)
	}
	return c
}

func sphere(opt float64) func([]float64) float64 {
	return func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += (v - opt) * (v - opt)
		}
		return s
	}
}

func rosenbrock(x []float64) float64 {
	s := 0.0
	for i := 0; i+1 < len(x); i++ {
		a, b := 1-x[i], x[i+1]-x[i]*x[i]
		s += a*a + 100*b*b
	}
	return s
}

// TestCMAESConverges: CMA-ES reaches the optimum of problems a calibration
// of a dozen constants resembles, on three seeds each. gonum's CmaEsChol,
// which this package used before, stalled on the same problems with the
// same budgets (sphere in 10 dimensions: best loss 5.5 to 8.6; in 12, the
// shipped calibration's size and budget: 0.052 to 0.059; Rosenbrock in 4:
// 1.8 to 2.1, stopped as "converged"), so a search whose step size does
// not adapt fails every case. Tolerances: the sphere in 10 dimensions, the
// bound case and Rosenbrock reach 2e-11, 2e-17 and 5e-24 (the worst of
// the three seeds, logged), three orders of magnitude inside theirs; the
// 12-dimensional unit box with its optimum 0.2 from a bound, where the
// first population (σ0 = 0.3 of the range) is folded back by the bound,
// reaches 0.001 to 0.0085 over seeds 1-10, against 0.02 here, still less
// than half of CmaEsChol's best.
func TestCMAESConverges(t *testing.T) {
	cases := []struct {
		name          string
		f             func([]float64) float64
		lo, hi, start float64
		dim, evals    int
		tol           float64
	}{
		{"sphere-10", sphere(1.5), -5, 5, 0, 10, 2000, 1e-8},
		{"sphere-12-unit-box-600", sphere(0.8), 0, 1, 0.5, 12, 600, 0.02},
		{"rosenbrock-4", rosenbrock, -2, 2, 0, 4, 3000, 1e-6},
		// The optimum on a bound, reached through the reflection.
		{"sphere-5-on-bound", sphere(1), 0, 1, 0.3, 5, 1500, 1e-8},
	}
	for _, tc := range cases {
		worst := 0.0
		for seed := uint64(1); seed <= 3; seed++ {
			c := objectiveCalibration(tc.f, tc.lo, tc.hi, tc.start, tc.dim, tc.evals, seed)
			res, err := Calibrate(context.Background(), c)
			if err != nil {
				t.Fatal(err)
			}
			if res.Best.Loss > tc.tol {
				t.Errorf("%s seed %d: best loss %.3g after %d evaluations (%s); want at most %g", tc.name, seed, res.Best.Loss, res.Evaluations, res.Status, tc.tol)
			}
			worst = math.Max(worst, res.Best.Loss)
		}
		t.Logf("%s: worst best loss over 3 seeds %.3g", tc.name, worst)
	}
}

// TestCMAESUndefinedRegion: where the target is undefined (NaN replicates:
// a loss of UndefinedDistance², above any defined one here) the search
// ranks those points last and still converges
// in the defined region, here half the box.
func TestCMAESUndefinedRegion(t *testing.T) {
	f := func(x []float64) float64 {
		if x[0] < 0.5 {
			return math.NaN()
		}
		return sphere(0.7)(x)
	}
	c := objectiveCalibration(f, 0, 1, 0.9, 4, 1500, 5)
	res, err := Calibrate(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Best.Loss > 1e-8 {
		t.Errorf("best loss %.3g (%s); want at most 1e-8", res.Best.Loss, res.Status)
	}
}

// TestCalibrateStartFirst: the first evaluation is the start itself, so
// a calibration re-run from a point that meets every target returns that
// point, not a nearby one.
func TestCalibrateStartFirst(t *testing.T) {
	var first []float64
	c := objectiveCalibration(sphere(0.25), 0, 1, 0.25, 3, 20, 9)
	c.Start = []float64{0.25, 0.5, 0.75}
	c.Observe = func(r Record) error {
		if first == nil {
			first = r.X
		}
		return nil
	}
	if _, err := Calibrate(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	for j := range first {
		if first[j] != c.Start[j] {
			t.Fatalf("first evaluation at %v; want the start %v", first, c.Start)
		}
	}
	// A start whose image in the search space does not map back to it
	// bit for bit ((1.84 − 0.59)/1.82 and back is 1.8399999999999999):
	// the first evaluation is still the start itself.
	c = objectiveCalibration(func([]float64) float64 { return 0 }, 0.59, 2.41, 1.84, 1, 10, 1)
	res, err := Calibrate(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Best.X[0] != 1.84 || res.Evaluations != 1 {
		t.Errorf("best %v after %d evaluations; want the start 1.84 after 1", res.Best.X, res.Evaluations)
	}
}
