package analysis

import (
	"cmp"
	"errors"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// cmaes is the (μ/μ_w, λ)-CMA-ES of Hansen's tutorial (Hansen 2016,
// arXiv:1604.00772, sec. 4 and table 1, whose defaults it uses, with the
// classic positive recombination weights): sample λ points from
// N(m, σ²C), rank them, move the mean to the weighted mean of the best μ,
// and adapt σ by cumulative step-size adaptation and C by the rank-one and
// rank-μ updates. C = B·D²·Bᵀ is decomposed every generation: calibrations
// have a dozen parameters and cost seconds an evaluation, so the O(n³)
// decomposition is free.
//
// Why not gonum's optimize.CmaEsChol, which this package used before:
// it draws its samples from its Cholesky factor alone, with σ only scaling
// its updates (and its rank-μ update by 1/σ where the algorithm has 1/σ²),
// so its step size never shrinks the search; from about five parameters up
// it stalls (10-dimensional sphere, 2,000 evaluations: loss 5 to 9 from
// 22, against 1e-11 for this one; TestCMAESSphere).
type cmaes struct {
	n, lambda, mu int
	w             []float64 // recombination weights of the best μ, summing to 1
	mueff         float64   // (Σw)²/Σw²
	cs, ds        float64   // step-size path's learning rate and damping
	cc, c1, cmu   float64   // covariance path's rate, rank-one and rank-μ rates
	chiN          float64   // E‖N(0, I)‖

	mean, ps, pc []float64
	sigma        float64
	c            *mat.SymDense // C
	b            *mat.Dense    // its eigenvectors (columns)
	d            []float64     // the square roots of its eigenvalues
	gen          int
	rng          *rand.Rand
	z            []float64 // scratch
}

// newCMAES starts a search at mean with step size sigma and identity
// covariance; lambda 0 is the tutorial's default 4 + ⌊3 ln n⌋.
func newCMAES(mean []float64, sigma float64, lambda int, src rand.Source) *cmaes {
	n := len(mean)
	if lambda == 0 {
		lambda = 4 + int(3*math.Log(float64(n)))
	}
	mu := lambda / 2
	w := make([]float64, mu)
	var sw, sw2 float64
	for i := range w {
		w[i] = math.Log(float64(lambda+1)/2) - math.Log(float64(i+1))
		sw += w[i]
	}
	for i := range w {
		w[i] /= sw
		sw2 += w[i] * w[i]
	}
	mueff := 1 / sw2
	fn := float64(n)
	e := &cmaes{
		n: n, lambda: lambda, mu: mu, w: w, mueff: mueff,
		cs:    (mueff + 2) / (fn + mueff + 5),
		cc:    (4 + mueff/fn) / (fn + 4 + 2*mueff/fn),
		c1:    2 / ((fn+1.3)*(fn+1.3) + mueff),
		chiN:  math.Sqrt(fn) * (1 - 1/(4*fn) + 1/(21*fn*fn)),
		mean:  slices.Clone(mean),
		ps:    make([]float64, n),
		pc:    make([]float64, n),
		sigma: sigma,
		c:     mat.NewSymDense(n, nil),
		b:     mat.NewDense(n, n, nil),
		d:     make([]float64, n),
		rng:   rand.New(src),
		z:     make([]float64, n),
	}
	e.ds = 1 + 2*math.Max(0, math.Sqrt((mueff-1)/(fn+1))-1) + e.cs
	e.cmu = math.Min(1-e.c1, 2*(mueff-2+1/mueff)/((fn+2)*(fn+2)+mueff))
	for i := range n {
		e.c.SetSym(i, i, 1)
		e.b.Set(i, i, 1)
		e.d[i] = 1
	}
	return e
}

// ask returns the next generation's λ points, m + σ·B·D·z with z standard
// normal, drawn in order from the source.
func (e *cmaes) ask() [][]float64 {
	xs := make([][]float64, e.lambda)
	for k := range xs {
		for i := range e.z {
			e.z[i] = e.d[i] * e.rng.NormFloat64()
		}
		x := make([]float64, e.n)
		for i := range x {
			s := 0.0
			for j := range e.z {
				s += e.b.At(i, j) * e.z[j]
			}
			x[i] = e.mean[i] + e.sigma*s
		}
		xs[k] = x
	}
	return xs
}

// errCMAESNumerics reports a covariance that lost positive definiteness or
// a step size that is no longer a finite positive number.
var errCMAESNumerics = errors.New("CMA-ES: covariance or step size no longer finite and positive")

// tell updates the search from the generation xs (as ask returned it) and
// its losses f; a NaN loss ranks as +Inf, and ties keep ask's order.
func (e *cmaes) tell(xs [][]float64, f []float64) error {
	n := e.n
	idx := make([]int, len(xs))
	for k := range idx {
		idx[k] = k
	}
	rank := func(v float64) float64 {
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(rank(f[a]), rank(f[b])) })

	// ⟨y⟩_w = Σ w_i (x_i:λ − m)/σ, and the new mean m + σ⟨y⟩_w (c_m = 1).
	yw := make([]float64, n)
	ys := make([][]float64, e.mu)
	for r := range e.mu {
		x := xs[idx[r]]
		y := make([]float64, n)
		for i := range y {
			y[i] = (x[i] - e.mean[i]) / e.sigma
			yw[i] += e.w[r] * y[i]
		}
		ys[r] = y
	}
	for i := range e.mean {
		e.mean[i] += e.sigma * yw[i]
	}

	// p_σ ← (1 − c_σ)p_σ + √(c_σ(2 − c_σ)μ_eff)·C^(−1/2)⟨y⟩_w, with
	// C^(−1/2) = B·D⁻¹·Bᵀ.
	for j := range n {
		s := 0.0
		for i := range n {
			s += e.b.At(i, j) * yw[i]
		}
		e.z[j] = s / e.d[j]
	}
	a := math.Sqrt(e.cs * (2 - e.cs) * e.mueff)
	for i := range n {
		s := 0.0
		for j := range n {
			s += e.b.At(i, j) * e.z[j]
		}
		e.ps[i] = (1-e.cs)*e.ps[i] + a*s
	}
	e.gen++
	normPs := floats.Norm(e.ps, 2)
	// h_σ stalls p_c while p_σ is long, so that C does not grow too fast
	// when σ is increasing (the tutorial's eq. 45).
	hs := 0.0
	if normPs/math.Sqrt(1-math.Pow(1-e.cs, 2*float64(e.gen))) < (1.4+2/(float64(n)+1))*e.chiN {
		hs = 1
	}
	ac := hs * math.Sqrt(e.cc*(2-e.cc)*e.mueff)
	for i := range n {
		e.pc[i] = (1-e.cc)*e.pc[i] + ac*yw[i]
	}

	// C ← (1 + c_1·δ(h_σ) − c_1 − c_μ)C + c_1·p_c·p_cᵀ + c_μ·Σ w_i·y_i·y_iᵀ.
	keep := 1 + e.c1*(1-hs)*e.cc*(2-e.cc) - e.c1 - e.cmu
	for i := range n {
		for j := i; j < n; j++ {
			v := keep*e.c.At(i, j) + e.c1*e.pc[i]*e.pc[j]
			for r, y := range ys {
				v += e.cmu * e.w[r] * y[i] * y[j]
			}
			e.c.SetSym(i, j, v)
		}
	}

	// σ ← σ·exp((c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1)).
	e.sigma *= math.Exp(e.cs / e.ds * (normPs/e.chiN - 1))
	if !(e.sigma > 0) || math.IsInf(e.sigma, 0) {
		return errCMAESNumerics
	}
	var eig mat.EigenSym
	if !eig.Factorize(e.c, true) {
		return errCMAESNumerics
	}
	vals := eig.Values(nil)
	for i, v := range vals {
		if !(v > 0) || math.IsInf(v, 0) {
			return errCMAESNumerics
		}
		e.d[i] = math.Sqrt(v)
	}
	eig.VectorsTo(e.b)
	return nil
}

// spread is σ times the largest standard deviation of the search
// distribution along an axis of the parameter space, σ·max_i √C_ii: the
// scale of the next generation's steps.
func (e *cmaes) spread() float64 {
	m := 0.0
	for i := range e.n {
		m = math.Max(m, e.c.At(i, i))
	}
	return e.sigma * math.Sqrt(m)
}
