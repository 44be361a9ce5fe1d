package experiments

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"pactsim/agents/param"
	"pactsim/analysis"
)

// The sensitivity designs (README, "What a results directory holds"). Both draw their
// points in the unit cube with the analysis package's samplers, seeded from
// the config seed and the design's name, and map them onto the {min, max}
// ranges as the sampled designs do (fromUnit).
const (
	Morris   Design = "morris"   // r trajectories of k+1 points on a p-level grid (analysis.MorrisSample)
	Saltelli Design = "saltelli" // N(k+2) points, N(2k+2) with second order (analysis.SaltelliSample)
)

// allDesignNames lists every design, for messages and validation.
var allDesignNames = append(append([]string(nil), designNames...), string(Morris), string(Saltelli))

// Defaults of the sensitivity designs (README, "What a results directory holds").
const (
	DefaultTrajectories = 20
	DefaultLevels       = 4
	MaxLevels           = 1024 // a finer grid than this is a typo
)

// ranged reports whether the design takes its parameters as {min, max}
// ranges (and so cannot draw a boolean).
func (d Design) ranged() bool { return d.sampled() || d.sensitivity() }

// sensitivity reports whether d is a design for sensitivity analysis
// (morris, saltelli).
func (d Design) sensitivity() bool { return d == Morris || d == Saltelli }

// takesSamples reports whether the design has a samples key.
func (d Design) takesSamples() bool { return d.sampled() || d == Saltelli }

// CRN says how task streams relate across design points.
type CRN string

// The CRN settings. With CRNPoints, replicate r of every point draws the
// same population and shocks (streams from (seed, replicate) alone), so
// differences between points are differences of parameters, not of luck;
// with CRNNone, streams come from (seed, point, replicate).
const (
	CRNNone   CRN = "none"
	CRNPoints CRN = "points"
)

var crnNames = []string{string(CRNPoints), string(CRNNone)}

// defaultCRN is points for the sensitivity designs, whose estimators
// difference nearby points, and none for the others, whose outputs stay
// as they were before the setting existed.
func (d Design) defaultCRN() CRN {
	if d.sensitivity() {
		return CRNPoints
	}
	return CRNNone
}

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
	if s.Design.sensitivity() {
		u := unitDesign(s, seed)
		points = len(u) / d
		m = make([]float64, len(u))
		for k := range points {
			for j, p := range s.Parameters {
				m[k*d+j] = fromUnit(u[k*d+j], p, kindOf(p.Name))
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
		latinHypercube(unit, src)
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

// canonicalDesignSettings writes the design's settings into the canonical
// sweep, after design and before parameters: samples, trajectories and
// levels, second_order, crn. crn is written for morris and saltelli always
// and for the other designs only when it is points, so that configs
// written before it existed keep their canonical bytes (and with them the
// config hash in every data file).
func canonicalDesignSettings(sw mapBuilder, s *Sweep) {
	if s.Design.takesSamples() {
		sw.add("samples", integer(int64(s.Samples)))
	}
	switch s.Design {
	case Morris:
		sw.add("trajectories", integer(int64(s.Trajectories))).add("levels", integer(int64(s.Levels)))
	case Saltelli:
		sw.add("second_order", boolean(s.SecondOrder))
	}
	if s.Design.defaultCRN() == CRNPoints || s.CRN == CRNPoints {
		sw.add("crn", str(string(s.CRN)))
	}
}

// unitDesign returns the points of a morris or saltelli design in the unit
// cube, row-major in sweep order, in the samplers' documented order
// (trajectory by trajectory; Saltelli block by block). The sweep was
// validated at decode, so a sampler error is a programmer error.
func unitDesign(s *Sweep, seed int64) []float64 {
	var u []float64
	var err error
	switch s.Design {
	case Morris:
		u, err = analysis.MorrisSample(s.Trajectories, len(s.Parameters), s.Levels, designStream(seed, s.Design))
	case Saltelli:
		u, err = analysis.SaltelliSample(s.Samples, len(s.Parameters), s.SecondOrder, designStream(seed, s.Design))
	default:
		panic("experiments: unitDesign of design " + string(s.Design))
	}
	if err != nil {
		panic("experiments: design checked at decode fails: " + err.Error())
	}
	return u
}

// fromUnit maps u in [0, 1) onto the parameter's range. An integer parameter
// takes max-min+1 equal-width bins, one per whole value, rather than
// rounding to the nearest whole value: rounding would give the two end values
// half the probability of the others and break the one-sample-per-stratum
// property of a Latin hypercube. A real parameter maps linearly, so u = 1 (a
// Morris grid's top level) gives max exactly.
func fromUnit(u float64, p SweepParam, kind param.Kind) float64 {
	if kind == param.Int {
		u = max(0, min(u, math.Nextafter(1, 0)))
		x := p.Min + math.Floor(u*(p.Max-p.Min+1))
		return min(x, p.Max)
	}
	x := p.Min + u*(p.Max-p.Min)
	return max(p.Min, min(p.Max, x))
}

// latinHypercube fills unit (points × parameters) with a Latin hypercube
// of the unit cube (gonum's stat/samplemv).
func latinHypercube(unit *mat.Dense, src rand.Source) {
	_, d := unit.Dims()
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(d, nil), Src: src}.Sample(unit)
}

// calibrationDesign is a Latin hypercube of n points of the box [lo, hi],
// drawn and mapped as the lhs sweep design's (latinHypercube, fromUnit;
// calibrated parameters are real).
func calibrationDesign(lo, hi []float64, n int, src rand.Source) [][]float64 {
	pts := make([][]float64, 0, n)
	if n == 0 {
		return pts
	}
	d := len(lo)
	unit := mat.NewDense(n, d, nil)
	latinHypercube(unit, src)
	for k := range n {
		x := make([]float64, d)
		for j := range d {
			x[j] = fromUnit(unit.At(k, j), SweepParam{Min: lo[j], Max: hi[j]}, param.Float)
		}
		pts = append(pts, x)
	}
	return pts
}
