package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// SobolIndices are variance-based sensitivity indices with bootstrap
// intervals, one entry per parameter in design order.
type SobolIndices struct {
	S1 []Estimate // first-order indices
	ST []Estimate // total indices
	// S2 holds the second-order indices of the pairs i < j in row-major
	// order ((0,1), (0,2), …, (1,2), …); nil without second order.
	S2 []PairEstimate
}

// PairEstimate is the second-order index of parameters I < J.
type PairEstimate struct {
	I, J int
	Estimate
}

// Sobol estimates Sobol' indices from the outputs y of a Saltelli design
// of k parameters (see SaltelliSample for the point order; secondOrder must
// match the design). The estimators, for base sample size n, with f(·) the
// output centred on the mean of all of y and V the variance of the 2n
// values f(A), f(B):
//
//	S1_j = mean(f(B)·(f(AB^j) − f(A))) / V               Saltelli et al. (2010), eq. (b) of table 2
//	ST_j = mean((f(A) − f(AB^j))²) / (2V)                Jansen (1999); Saltelli et al. (2010), eq. (f)
//	S2_jl = mean(f(BA^j)·f(AB^l) − f(A)·f(B)) / V − S1_j − S1_l    Saltelli (2002), eq. (12)
//
// Centring does not change the indices in expectation but removes the
// error the S1 estimator takes from a large output mean (SALib does the
// same). Intervals resample the n base rows with replacement (every index
// from the same resamples); with one base row there are none (NaN). An index is NaN when the output variance is
// zero: a constant output has no variance to apportion (f(A) and f(B)
// that differ by no more than 1e-9 of the largest |output| count as
// constant: their differences are rounding). The bootstrap
// heeds ctx (a million resamples of many indices take minutes), returning
// its error when ctx is done.
func Sobol(ctx context.Context, y []float64, k int, secondOrder bool, boot Bootstrap) (*SobolIndices, error) {
	if err := boot.check(); err != nil {
		return nil, err
	}
	// k is bounded as SaltelliSample bounds it before the block is formed:
	// a library caller's k of the largest int wrapped 2k+2 to 0, and the
	// division by it panicked (a review, stop 49).
	if k < 1 || k > MaxSaltelliParameters {
		return nil, fmt.Errorf("analysis: Sobol' indices of %d parameters (allowed 1..%d)", k, MaxSaltelliParameters)
	}
	step := k + 2
	if secondOrder {
		step = 2*k + 2
	}
	if len(y) == 0 || len(y)%step != 0 {
		return nil, fmt.Errorf("analysis: %d outputs is not a multiple of the Saltelli block of %d points for %d parameters", len(y), step, k)
	}
	n := len(y) / step
	for p, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("analysis: output %d is %v; Sobol' indices need a finite output at every point", p, v)
		}
	}
	w := newSobolWork(y, k, step, secondOrder)
	m := w.count()
	full := make([]float64, m)
	w.indices(full, nil)

	res := &SobolIndices{S1: make([]Estimate, k), ST: make([]Estimate, k)}
	ests := make([]Estimate, m)
	for c := range ests {
		ests[c] = Estimate{Value: full[c], CILow: math.NaN(), CIHigh: math.NaN(), N: n}
	}
	if bootstrapTooLarge(boot.Resamples, m) {
		return nil, fmt.Errorf("analysis: %d resamples of %d indices would hold more than %d values; use fewer resamples, fewer parameters or no second order",
			boot.Resamples, m, MaxBootstrapValues)
	}
	if boot.resamples(n) > 0 {
		rng := rand.New(boot.Src)
		idx := make([]int, n)
		draws := make([]float64, boot.Resamples*m) // resample-major
		for b := range boot.Resamples {
			if err := heed(ctx, b); err != nil {
				return nil, err
			}
			resample(idx, n, rng)
			w.indices(draws[b*m:(b+1)*m], idx)
		}
		if err := intervals(ctx, ests, draws, boot); err != nil {
			return nil, err
		}
	}
	copy(res.S1, ests[:k])
	copy(res.ST, ests[k:2*k])
	if secondOrder {
		c := 2 * k
		for i := range k {
			for j := i + 1; j < k; j++ {
				res.S2 = append(res.S2, PairEstimate{I: i, J: j, Estimate: ests[c]})
				c++
			}
		}
	}
	return res, nil
}

// MaxBootstrapValues bounds the bootstrap's memory (256 MiB of float64):
// resamples × indices (SobolIndexCount, MorrisIndexCount) may not exceed
// it. Second-order indices grow with k², and 1000 resamples of the
// 131,000 pairs of 512 parameters would need a gigabyte. Up to 257
// parameters with second order and 1000 resamples fit: every parameter of
// model 1.1's registry (148), not quite all of 2.0's (262).
const MaxBootstrapValues = 1 << 25

// bootstrapTooLarge reports whether resamples × m values exceed
// MaxBootstrapValues, without forming the product: a library caller's
// Resamples of 1<<62 made resamples × m wrap to 0 or below, passed the
// bound, and panicked on the draws' slice instead of returning an error
// (a review, stop 49).
func bootstrapTooLarge(resamples, m int) bool {
	return m > 0 && resamples > MaxBootstrapValues/m
}

// SobolIndexCount is the number of indices Sobol estimates for k
// parameters: S1 and ST of each, and S2 of each pair with second order.
func SobolIndexCount(k int, secondOrder bool) int {
	m := 2 * k
	if secondOrder {
		m += k * (k - 1) / 2
	}
	return m
}

// FlatRel is the spread of outputs, relative to the largest |output|, at
// or below which they count as one value: the rounding of means that are
// equal in exact arithmetic (see sobolWork.indices). Morris's steps and
// discovery's ties without significant use the same rule.
const FlatRel = 1e-9

// sobolWork holds the centred outputs block by block and the sums of one
// pass, so that a bootstrap resample costs no allocation.
type sobolWork struct {
	y           []float64 // centred, in design order
	scale       float64   // the largest |output| before centring, in units of 2^e (in [0.5, 1))
	k, step     int
	secondOrder bool
	s1, st, s2  []float64
}

func newSobolWork(y []float64, k, step int, secondOrder bool) *sobolWork {
	scale := 0.0
	for _, v := range y {
		scale = max(scale, math.Abs(v))
	}
	// The indices are ratios of sums of products of two outputs, so
	// multiplying every output by one power of two leaves them as they
	// are, bit for bit (it is exact, and rounding commutes with it, for
	// every value above 2^-1022), while the products of outputs of 1e160
	// would overflow, and of 1e-170 underflow to 0, and turn every index
	// into NaN, "no variance". The outputs are therefore taken in units
	// of 2^e, the power of two just above the largest |output|.
	_, e := math.Frexp(scale)
	scale = math.Ldexp(scale, -e)
	mean := 0.0
	for _, v := range y {
		mean += math.Ldexp(v, -e)
	}
	mean /= float64(len(y))
	c := make([]float64, len(y))
	for p, v := range y {
		c[p] = math.Ldexp(v, -e) - mean
	}
	w := &sobolWork{y: c, scale: scale, k: k, step: step, secondOrder: secondOrder,
		s1: make([]float64, k), st: make([]float64, k)}
	if secondOrder {
		w.s2 = make([]float64, k*k)
	}
	return w
}

// count is the number of indices: S1 and ST of each parameter, then S2 of
// each pair.
func (w *sobolWork) count() int { return SobolIndexCount(w.k, w.secondOrder) }

// indices writes S1 (k values), ST (k) and S2 (pairs, row-major) into dst,
// over the base rows idx (nil: every row once).
func (w *sobolWork) indices(dst []float64, idx []int) {
	k, step := w.k, w.step
	n := len(w.y) / step
	if idx != nil {
		n = len(idx)
	}
	clear(w.s1)
	clear(w.st)
	clear(w.s2)
	// Two passes for the variance of f(A), f(B): the mean of a resample is
	// not zero, and a one-pass formula would lose digits.
	var sum float64
	lo, hi := math.Inf(1), math.Inf(-1) // the spread, for constant below
	for r := range n {
		i := r
		if idx != nil {
			i = idx[r]
		}
		a, b := w.y[i*step], w.y[i*step+step-1]
		sum += a + b
		lo, hi = min(lo, a, b), max(hi, a, b)
	}
	mean := sum / float64(2*n)
	var ss, ab float64
	// Whether every f(A), f(B) of these rows is the same value, up to the
	// rounding of the outputs themselves: then V is 0 by definition.
	// Testing ss == 0 is not enough: the centred values of a constant
	// differ from their mean by rounding (a sum of 2n equal values over 2n
	// need not give the value back), and V of order 1e-32 turns the
	// indices into ±1e31 instead of NaN. Nor is testing for one value
	// exactly: two design points' means of different replicates that sum
	// to the same total can differ in the last bit (-4.4 and
	// -4.400000000000001), with the same ±1e30. FlatRel is far below any
	// difference a model output shows between points, and far above the
	// rounding of a mean of a million replicates.
	constant := hi-lo <= FlatRel*w.scale
	for r := range n {
		i := r
		if idx != nil {
			i = idx[r]
		}
		row := w.y[i*step : (i+1)*step]
		a, b := row[0], row[step-1]
		ss += (a-mean)*(a-mean) + (b-mean)*(b-mean)
		ab += a * b
		for j := range k {
			d := row[1+j] - a
			w.s1[j] += b * d
			w.st[j] += d * d
		}
		if w.secondOrder {
			for j := range k {
				baj := row[1+k+j]
				for l := j + 1; l < k; l++ {
					w.s2[j*k+l] += baj * row[1+l]
				}
			}
		}
	}
	v := ss / float64(2*n)
	if constant {
		v = 0
	}
	fn := float64(n)
	for j := range k {
		if v == 0 {
			dst[j], dst[k+j] = math.NaN(), math.NaN()
			continue
		}
		dst[j] = w.s1[j] / fn / v
		dst[k+j] = w.st[j] / fn / (2 * v)
	}
	if w.secondOrder {
		c := 2 * k
		for j := range k {
			for l := j + 1; l < k; l++ {
				if v == 0 {
					dst[c] = math.NaN()
				} else {
					dst[c] = (w.s2[j*k+l]-ab)/fn/v - dst[j] - dst[l]
				}
				c++
			}
		}
	}
}
