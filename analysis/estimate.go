package analysis

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
)

// Estimate is a point estimate with a bootstrap percentile interval.
type Estimate struct {
	Value  float64 // the estimate from the whole sample; NaN where undefined
	CILow  float64 // lower end of the percentile interval; NaN without bootstrap
	CIHigh float64 // upper end of the percentile interval; NaN without bootstrap
	N      int     // independent units the estimate rests on (base samples, trajectories)
}

// DefaultLevel is the confidence level of the intervals when none is given.
const DefaultLevel = 0.95

// Bootstrap says how intervals are drawn: Resamples resamples with
// replacement of the independent units, from Src, and percentile intervals
// at Level (Efron & Tibshirani 1993, ch. 13). Resamples 0 gives no
// intervals (NaN), and so does a single unit (one base sample, one
// trajectory): every resample of one unit is that unit, so the interval
// would have width zero and claim a certainty the sample cannot give.
type Bootstrap struct {
	Resamples int
	Level     float64     // in (0, 1); 0 means DefaultLevel
	Src       rand.Source // required when Resamples > 0
}

func (b Bootstrap) check() error {
	if b.Resamples < 0 {
		return errors.New("analysis: negative number of bootstrap resamples")
	}
	if b.Level != 0 && !(b.Level > 0 && b.Level < 1) {
		return errors.New("analysis: bootstrap level must lie in (0, 1)")
	}
	if b.Resamples > 0 && b.Src == nil {
		return errors.New("analysis: bootstrap needs a random source")
	}
	return nil
}

// resamples is the number of resamples to draw over n units: none with
// fewer than two units (see Bootstrap).
func (b Bootstrap) resamples(n int) int {
	if n < 2 {
		return 0
	}
	return b.Resamples
}

func (b Bootstrap) level() float64 {
	if b.Level == 0 {
		return DefaultLevel
	}
	return b.Level
}

// percentileInterval returns the (1-level)/2 and (1+level)/2 quantiles of
// the finite values of x; it reorders x. Resamples where an index is
// undefined (say, a resample whose output variance is zero) are left out
// while they are at most one tail's share (1-level)/2 of the resamples, and
// the interval is that of the defined ones. With more, they could make up
// a whole tail wherever they fell, so the interval is not identified and
// is NaN (null): an interval over the defined resamples alone would be
// conditional on the rare rows being drawn, and look precise (SALib's
// normal-theory intervals are NaN with any undefined resample). With no
// finite value at all the interval is NaN.
func percentileInterval(x []float64, level float64) (lo, hi float64) {
	finite := x[:0]
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite = append(finite, v)
		}
	}
	a := (1 - level) / 2
	if len(finite) == 0 || float64(len(x)-len(finite)) > a*float64(len(x)) {
		return math.NaN(), math.NaN()
	}
	slices.Sort(finite)
	return quantile7(finite, a), quantile7(finite, 1-a)
}

// heedEvery is how many bootstrap resamples are drawn between looks at the
// context: a look costs far less than one resample of even a small design.
const heedEvery = 64

// heed returns ctx's error at every heedEvery-th resample b, nil otherwise.
func heed(ctx context.Context, b int) error {
	if b%heedEvery != 0 {
		return nil
	}
	return ctx.Err()
}

// intervals sets each estimate's percentile interval from draws, the
// bootstrap's values resample-major (len(ests) per resample), heeding ctx
// between estimates: each sorts a column of boot.Resamples values.
func intervals(ctx context.Context, ests []Estimate, draws []float64, boot Bootstrap) error {
	m := len(ests)
	col := make([]float64, boot.Resamples)
	for c := range ests {
		if err := ctx.Err(); err != nil {
			return err
		}
		for b := range boot.Resamples {
			col[b] = draws[b*m+c]
		}
		ests[c].CILow, ests[c].CIHigh = percentileInterval(col, boot.level())
	}
	return nil
}

// quantile7 is the p-quantile of sorted x, interpolating linearly between
// order statistics at h = (n-1)p: Hyndman & Fan (1996) type 7, the default
// of R and NumPy, so that intervals can be checked with either.
func quantile7(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	a, b, f := sorted[lo], sorted[lo+1], h-float64(lo)
	if d := b - a; !math.IsInf(d, 0) {
		return a + f*d
	}
	// Neighbours more than the largest float64 apart: their difference is
	// Inf, and a + f·Inf was NaN at f = 0 and ±Inf otherwise, for finite
	// input (a review, stop 49). Halving both is exact at such magnitudes,
	// and stepping from the nearer end moves at most half the gap, so
	// nothing overflows; every other gap keeps the expression above, and
	// its bytes.
	half := b/2 - a/2
	if f <= 0.5 {
		return a + 2*(f*half)
	}
	return b - 2*((1-f)*half)
}

// resample fills idx with len(idx) indices drawn uniformly from [0, n).
func resample(idx []int, n int, rng *rand.Rand) {
	for i := range idx {
		idx[i] = rng.IntN(n)
	}
}
