package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// MorrisIndices are the elementary-effect statistics of each parameter, in
// design order, with bootstrap intervals over trajectories.
type MorrisIndices struct {
	Mu     []Estimate // mean elementary effect (Morris 1991)
	MuStar []Estimate // mean absolute elementary effect (Campolongo et al. 2007)
	Sigma  []Estimate // standard deviation of the effects (n−1 denominator); NaN for one trajectory
}

// ElementaryEffects returns the elementary effects of a Morris design:
// dst[t*k+j] is the effect of parameter j in trajectory t,
// (y(after) − y(before)) / (x_j(after) − x_j(before)), the change of the
// output per unit of the parameter's range (the points are in the unit
// cube). A linear output y = Σ c_j x_j with x_j spanning a range R_j in
// model units therefore has effects c_j R_j. The steps are read from the
// points, so any trajectory design works, as long as each move changes
// exactly one parameter and each parameter moves once per trajectory. A
// change of the output by no more than 1e-9 of its size is rounding and
// counts as no effect (0).
func ElementaryEffects(points []float64, k int, y []float64) ([]float64, error) {
	if k < 1 || len(y) == 0 || len(y)%(k+1) != 0 || len(points) != len(y)*k {
		return nil, fmt.Errorf("analysis: %d outputs and %d coordinates do not make trajectories of %d points over %d parameters", len(y), len(points), k+1, k)
	}
	r := len(y) / (k + 1)
	ee := make([]float64, r*k)
	moved := make([]bool, k)
	for t := range r {
		clear(moved)
		for s := range k {
			q := t*(k+1) + s
			before, after := points[q*k:(q+1)*k], points[(q+1)*k:(q+2)*k]
			j := -1
			for i := range k {
				if before[i] != after[i] {
					if j >= 0 {
						return nil, fmt.Errorf("analysis: trajectory %d, move %d changes parameters %d and %d; a Morris move changes one", t, s+1, j, i)
					}
					j = i
				}
			}
			if j < 0 {
				return nil, fmt.Errorf("analysis: trajectory %d, move %d changes no parameter", t, s+1)
			}
			if moved[j] {
				return nil, fmt.Errorf("analysis: trajectory %d moves parameter %d twice", t, j)
			}
			moved[j] = true
			dy := y[q+1] - y[q]
			if math.IsNaN(dy) || math.IsInf(dy, 0) {
				what := "is not finite"
				if !math.IsNaN(y[q]) && !math.IsInf(y[q], 0) && !math.IsNaN(y[q+1]) && !math.IsInf(y[q+1], 0) {
					// Both finite: their difference passed the largest
					// float64 (an analysis review, stop 45: it read as a
					// non-finite output).
					what = "is a step beyond the largest float64, " + strconv.FormatFloat(math.MaxFloat64, 'g', 4, 64)
				}
				return nil, fmt.Errorf("analysis: trajectory %d, move %d: output %v to %v %s", t, s+1, y[q], y[q+1], what)
			}
			// Outputs one value in exact arithmetic can differ in the last
			// bit (two means of different replicates with the same total);
			// a step of rounding is no effect, or μ*'s interval starts just
			// above 0 and the parameter reads as detectable (FlatRel).
			if math.Abs(dy) <= FlatRel*max(math.Abs(y[q]), math.Abs(y[q+1])) {
				dy = 0
			}
			ee[t*k+j] = dy / (after[j] - before[j])
			if math.IsInf(ee[t*k+j], 0) {
				// A finite step of the output over a move shorter than
				// 1 passed the largest float64: μ and μ* came out +Inf
				// and σ NaN, with no error (a review, stop 52).
				return nil, fmt.Errorf("analysis: trajectory %d, move %d: the effect %v / %v is beyond the largest float64, %s",
					t, s+1, dy, after[j]-before[j], strconv.FormatFloat(math.MaxFloat64, 'g', 4, 64))
			}
		}
	}
	return ee, nil
}

// Morris computes mu, mu* and sigma of the elementary effects of a Morris
// design (see MorrisSample for the point order), with intervals from
// resampling whole trajectories with replacement; all three statistics use
// the same resamples. One trajectory gives no intervals (NaN). The
// bootstrap heeds ctx, returning its error when ctx is done.
func Morris(ctx context.Context, points []float64, k int, y []float64, boot Bootstrap) (*MorrisIndices, error) {
	if err := boot.check(); err != nil {
		return nil, err
	}
	ee, err := ElementaryEffects(points, k, y)
	if err != nil {
		return nil, err
	}
	if m := MorrisIndexCount(k); bootstrapTooLarge(boot.Resamples, m) {
		return nil, fmt.Errorf("analysis: %d resamples of %d statistics would hold more than %d values; use fewer resamples or fewer parameters",
			boot.Resamples, m, MaxBootstrapValues)
	}
	return morrisOf(ctx, ee, k, boot)
}

// morrisOf is Morris from the elementary effects ee (trajectory-major, k
// a trajectory), which it rescales in place.
func morrisOf(ctx context.Context, ee []float64, k int, boot Bootstrap) (*MorrisIndices, error) {
	r := len(ee) / k
	// σ squares the effects: effects of 1e160 overflowed (σ = +Inf) and of
	// 1e-170 underflowed (σ = 0). Each parameter's effects are taken in
	// units of 2^e_j, the power of two just above its largest |effect|, and
	// its statistics scaled back: multiplying by a power of two is exact and
	// rounding commutes with it (for every value above 2^-1022), so the
	// statistics are bit for bit those of the effects themselves. One unit
	// for all parameters took a parameter whose effects are 1e-300 beside
	// another's 1e300 to 0 (μ, μ*, σ and their intervals all 0: no effect).
	exps := make([]int, k)
	for j := range k {
		largest := 0.0
		for t := range r {
			largest = max(largest, math.Abs(ee[t*k+j]))
		}
		_, exps[j] = math.Frexp(largest)
	}
	for i, v := range ee {
		ee[i] = math.Ldexp(v, -exps[i%k])
	}
	full := make([]float64, 3*k)
	morrisStats(full, ee, k, nil)
	ests := make([]Estimate, 3*k)
	for c := range ests {
		ests[c] = Estimate{Value: full[c], CILow: math.NaN(), CIHigh: math.NaN(), N: r}
	}
	if boot.resamples(r) > 0 {
		rng := rand.New(boot.Src)
		idx := make([]int, r)
		draws := make([]float64, boot.Resamples*3*k)
		for b := range boot.Resamples {
			if err := heed(ctx, b); err != nil {
				return nil, err
			}
			resample(idx, r, rng)
			morrisStats(draws[b*3*k:(b+1)*3*k], ee, k, idx)
		}
		if err := intervals(ctx, ests, draws, boot); err != nil {
			return nil, err
		}
	}
	for c := range ests {
		es, e := &ests[c], exps[c%k] // mu, mu* and sigma of parameter c % k
		es.Value, es.CILow, es.CIHigh = math.Ldexp(es.Value, e), math.Ldexp(es.CILow, e), math.Ldexp(es.CIHigh, e)
		if math.IsInf(es.Value, 0) || math.IsInf(es.CILow, 0) || math.IsInf(es.CIHigh, 0) {
			// Finite effects whose spread passes the largest float64
			// (±1.5e308: σ = 2.1e308) gave σ = +Inf with a nil error,
			// as a single effect past it did before (a review, stop 52).
			return nil, fmt.Errorf("analysis: the %s of parameter %d's elementary effects (value %v, interval [%v, %v]) is beyond the largest float64, %s",
				[]string{"mu", "mu*", "sigma"}[c/k], c%k, es.Value, es.CILow, es.CIHigh, strconv.FormatFloat(math.MaxFloat64, 'g', 4, 64))
		}
	}
	return &MorrisIndices{Mu: ests[:k:k], MuStar: ests[k : 2*k : 2*k], Sigma: ests[2*k:]}, nil
}

// MorrisIndexCount is the number of statistics Morris estimates for k
// parameters: mu, mu* and sigma of each.
func MorrisIndexCount(k int) int { return 3 * k }

// morrisStats writes mu (k values), mu* (k) and sigma (k) of the effects of
// the trajectories idx (nil: each once) into dst.
func morrisStats(dst, ee []float64, k int, idx []int) {
	r := len(ee) / k
	if idx != nil {
		r = len(idx)
	}
	for j := range k {
		var sum, abs float64
		for s := range r {
			t := s
			if idx != nil {
				t = idx[s]
			}
			e := ee[t*k+j]
			sum += e
			abs += math.Abs(e)
		}
		mu := sum / float64(r)
		var ss float64
		for s := range r {
			t := s
			if idx != nil {
				t = idx[s]
			}
			d := ee[t*k+j] - mu
			ss += d * d
		}
		dst[j], dst[k+j] = mu, abs/float64(r)
		dst[2*k+j] = math.NaN()
		if r > 1 {
			dst[2*k+j] = math.Sqrt(ss / float64(r-1))
		}
	}
}
