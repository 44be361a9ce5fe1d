package experiments

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"pactsim/agents/param"
)

// designStream returns the generator of a sampled design. It depends only on
// the config seed and the design's name, never on time or global state, so a
// config always yields the same points; the name keeps the design's draws
// apart from any other use of the seed.
func designStream(seed int64, design Design) rand.Source {
	h := fnv.New64a()
	h.Write([]byte("pactsim/experiments/design/" + string(design)))
	return rand.NewPCG(uint64(seed), h.Sum64())
}

// designMatrix returns the swept values of every point, row-major: point k's
// values are m[k*d : (k+1)*d] in sweep order. A nil sweep has one point and
// no swept values.
func designMatrix(s *Sweep, seed int64) (m []float64, points int) {
	if s == nil {
		return nil, 1
	}
	d := len(s.Parameters)
	switch s.Design {
	case Grid:
		vals := make([][]float64, d)
		points = 1
		for j, p := range s.Parameters {
			vals[j] = p.values()
			points *= len(vals[j])
		}
		m = make([]float64, points*d)
		// Row-major with the last parameter varying fastest: point k's
		// digits in the mixed radix (len(vals[0]), ..., len(vals[d-1])).
		for k := range points {
			rest := k
			for j := d - 1; j >= 0; j-- {
				n := len(vals[j])
				m[k*d+j] = vals[j][rest%n]
				rest /= n
			}
		}
		return m, points
	case Zip:
		points = s.Parameters[0].count()
		m = make([]float64, points*d)
		for j, p := range s.Parameters {
			for k, x := range p.values() {
				m[k*d+j] = x
			}
		}
		return m, points
	}
	points = s.Samples
	unit := mat.NewDense(points, d, nil)
	src := designStream(seed, s.Design)
	switch s.Design {
	case Random:
		// Point by point, parameters in sweep order: adding samples
		// extends the design without moving earlier points.
		rng := rand.New(src)
		for k := range points {
			for j := range d {
				unit.Set(k, j, rng.Float64())
			}
		}
	case LHS:
		samplemv.LatinHypercube{Q: distmv.NewUnitUniform(d, nil), Src: src}.Sample(unit)
	case Halton:
		samplemv.Halton{Kind: samplemv.Owen, Q: distmv.NewUnitUniform(d, nil), Src: src}.Sample(unit)
	}
	m = make([]float64, points*d)
	for k := range points {
		for j, p := range s.Parameters {
			m[k*d+j] = fromUnit(unit.At(k, j), p, kindOf(p.Name))
		}
	}
	return m, points
}

// fromUnit maps u in [0, 1) onto the parameter's range. An integer parameter
// takes max-min+1 equal-width bins, one per whole value, rather than
// rounding to the nearest whole value: rounding would give the two end values
// half the probability of the others and break the one-sample-per-stratum
// property of a Latin hypercube.
func fromUnit(u float64, p SweepParam, kind param.Kind) float64 {
	u = max(0, min(u, math.Nextafter(1, 0)))
	if kind == param.Int {
		x := p.Min + math.Floor(u*(p.Max-p.Min+1))
		return min(x, p.Max)
	}
	x := p.Min + u*(p.Max-p.Min)
	return max(p.Min, min(p.Max, x))
}
