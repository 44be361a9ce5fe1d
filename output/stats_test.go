package output

import (
	"math"
	"math/rand/v2"
	"testing"
)

// plainMoments is the unscaled Welford update moments used before it kept
// its sums in units of a power of two (engine 0.x to this change).
type plainMoments struct {
	n        int64
	mean, m2 float64
}

func (m *plainMoments) add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

func (m *plainMoments) interval(q tQuantiles) interval {
	iv := interval{n: m.n}
	if m.n < 1 {
		return iv
	}
	iv.mean, iv.hasMean = m.mean, true
	if m.n < 2 {
		return iv
	}
	iv.sd = math.Sqrt(m.m2 / float64(m.n-1))
	iv.se = iv.sd / math.Sqrt(float64(m.n))
	t := q.at(m.n - 1)
	iv.lo, iv.hi = m.mean-t*iv.se, m.mean+t*iv.se
	iv.hasSpread = true
	return iv
}

func sameInterval(a, b interval) bool {
	eq := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	return a.n == b.n && a.hasMean == b.hasMean && a.hasSpread == b.hasSpread &&
		eq(a.mean, b.mean) && eq(a.sd, b.sd) && eq(a.se, b.se) && eq(a.lo, b.lo) && eq(a.hi, b.hi)
}

// TestMomentsHuge: the summary's mean and SD of finite outputs near 1e154
// and near ±1e308 are finite and are those of the same outputs divided by
// a power of two, multiplied back, bit for bit. Before, the products of
// deviations overflowed at 1e154 (SD +Inf, interval ±Inf) and the
// differences at ±1e308 (mean, SD NaN).
func TestMomentsHuge(t *testing.T) {
	q := tQuantiles{}
	rng := rand.New(rand.NewPCG(3, 4))
	base := make([]float64, 200)
	for i := range base {
		base[i] = rng.NormFloat64()*3 + 5
	}
	var ref moments
	for _, v := range base {
		ref.add(v)
	}
	want := ref.interval(q)
	for _, k := range []int{480, 512, 520, 600, 1000} {
		var m moments
		for _, v := range base {
			m.add(math.Ldexp(v, k))
		}
		got := m.interval(q)
		scaled := interval{n: want.n, hasMean: true, hasSpread: true,
			mean: math.Ldexp(want.mean, k), sd: math.Ldexp(want.sd, k), se: math.Ldexp(want.se, k),
			lo: math.Ldexp(want.lo, k), hi: math.Ldexp(want.hi, k)}
		if !sameInterval(got, scaled) {
			t.Errorf("outputs times 2^%d: %+v, want %+v (the outputs at 2^0 scaled)", k, got, scaled)
		}
		if math.IsInf(got.sd, 0) || math.IsNaN(got.sd) || math.IsNaN(got.mean) {
			t.Errorf("outputs times 2^%d: mean %v, SD %v of finite outputs", k, got.mean, got.sd)
		}
		if a := m.average(); math.Float64bits(a) != math.Float64bits(scaled.mean) {
			t.Errorf("outputs times 2^%d: average %v, want %v", k, a, scaled.mean)
		}
	}
	// Outputs of both signs near the largest float64.
	var m moments
	for _, v := range []float64{-1.5e308, 1.5e308, -1.5e308, 1.5e308} {
		m.add(v)
	}
	if iv := m.interval(q); iv.mean != 0 || !(iv.sd > 1.7e308 && iv.sd < math.Inf(1)) {
		t.Errorf("±1.5e308: mean %v, SD %v, want 0 and about 1.73e308", iv.mean, iv.sd)
	}
}

// TestMomentsTiny: the summary's mean and SD of outputs all below 2^-480
// (about 3e-145), down to the subnormals, are those of the same outputs
// multiplied by a power of two, divided back, bit for bit where that is
// above 2^-1022 and rounded once below. Before, the products of deviations
// underflowed from about 1e-162: the SD was 0 (the interval [mean, mean])
// below about 1e-170 and lost its last bits as a subnormal above.
func TestMomentsTiny(t *testing.T) {
	q := tQuantiles{}
	rng := rand.New(rand.NewPCG(5, 6))
	base := make([]float64, 200)
	for i := range base {
		base[i] = rng.NormFloat64()*3 + 5
	}
	var ref moments
	for _, v := range base {
		ref.add(v)
	}
	want := ref.interval(q)
	for _, k := range []int{-481, -520, -560, -600, -1000} {
		var m moments
		for _, v := range base {
			m.add(math.Ldexp(v, k))
		}
		got := m.interval(q)
		scaled := interval{n: want.n, hasMean: true, hasSpread: true,
			mean: math.Ldexp(want.mean, k), sd: math.Ldexp(want.sd, k), se: math.Ldexp(want.se, k),
			lo: math.Ldexp(want.lo, k), hi: math.Ldexp(want.hi, k)}
		if !sameInterval(got, scaled) {
			t.Errorf("outputs times 2^%d: %+v, want %+v (the outputs at 2^0 scaled)", k, got, scaled)
		}
		if a := m.average(); math.Float64bits(a) != math.Float64bits(scaled.mean) {
			t.Errorf("outputs times 2^%d: average %v, want %v", k, a, scaled.mean)
		}
	}
	// Subnormal outputs 1, 2, 3 and 4 times 2^-1074: mean 2.5 and SD
	// sqrt(5/3) = 1.29 times 2^-1074, rounded to 2 and 1 times 2^-1074.
	var m moments
	for _, v := range []float64{1, 2, 3, 4} {
		m.add(math.Ldexp(v, -1074))
	}
	if iv := m.interval(q); iv.mean != 0x1p-1073 || iv.sd != 0x1p-1074 {
		t.Errorf("1, 2, 3, 4 times 2^-1074: mean %v, SD %v; want %v and %v", iv.mean, iv.sd, 0x1p-1073, 0x1p-1074)
	}
}

// TestMomentsUnchanged compares moments with the plain update over many
// random streams whose values stay below 2^480, and some up to 2^500 where
// the plain update does not overflow yet either: every field of the
// interval is the same, bit for bit, so no shipped number moves. The
// exception is a stream all of whose values are below 2^-480 (and not all
// 0), which moments takes in units of its largest value (TestMomentsTiny):
// its numbers are those of the plain update on the stream in that unit,
// where the plain update in the values' own unit underflowed. Streams whose
// first values are that small and later ones not are the plain update's,
// bit for bit, too.
func TestMomentsUnchanged(t *testing.T) {
	q := tQuantiles{}
	rng := rand.New(rand.NewPCG(11, 12))
	draw := func(kind int) float64 {
		switch kind {
		case 0: // counts
			return float64(rng.IntN(50))
		case 1: // shares
			return rng.Float64()
		case 2: // a large mean and a small spread
			return 1e6 + rng.NormFloat64()*1e-3
		case 3: // any magnitude up to 2^479, either sign, zeros
			if rng.IntN(5) == 0 {
				return 0
			}
			return math.Ldexp(rng.Float64()-0.5, rng.IntN(1480)-1000)
		case 5: // up to 2^500, where the plain update does not overflow yet either
			return math.Ldexp(rng.Float64()-0.5, rng.IntN(700)-200)
		default: // a few values, one rare event
			if rng.IntN(40) == 0 {
				return 100
			}
			return 0
		}
	}
	small := 0
	for trial := range 20000 {
		kind := trial % 6
		n := 1 + rng.IntN(60)
		var m moments
		var p plainMoments
		vs := make([]float64, n)
		for i := range n {
			v := draw(kind)
			vs[i] = v
			m.add(v)
			p.add(v)
		}
		want, wantMean := p.interval(q), p.mean
		if allSmall(vs) {
			small++
			want, wantMean = plainInUnits(vs, q)
		}
		if got := m.interval(q); !sameInterval(got, want) {
			t.Fatalf("trial %d (kind %d, n %d): %+v, the plain update %+v", trial, kind, n, got, want)
		}
		if math.Float64bits(m.average()) != math.Float64bits(wantMean) {
			t.Fatalf("trial %d: average %v, plain mean %v", trial, m.average(), wantMean)
		}
	}
	if small == 0 {
		t.Error("no stream of small values only")
	}
	// Small values first (down to the subnormals), then values of any size
	// from 2^-480 up: the plain update, bit for bit.
	for trial := range 5000 {
		var m moments
		var p plainMoments
		first := 1 + trial%5 // small values
		for i := range first + 1 + rng.IntN(40) {
			v := math.Ldexp(rng.Float64()-0.5, rng.IntN(600)-1080)
			if i >= first {
				v = math.Ldexp(rng.Float64()+0.5, rng.IntN(900)-479)
			}
			m.add(v)
			p.add(v)
		}
		if got, want := m.interval(q), p.interval(q); !sameInterval(got, want) || math.Float64bits(m.average()) != math.Float64bits(p.mean) {
			t.Fatalf("small values first, trial %d: %+v, the plain update %+v", trial, got, want)
		}
	}
}

// allSmall reports whether every value is below 2^-480 in magnitude and
// one is not 0.
func allSmall(vs []float64) bool {
	nonzero := false
	for _, v := range vs {
		if !(math.Abs(v) < 0x1p-480) {
			return false
		}
		nonzero = nonzero || v != 0
	}
	return nonzero
}

// plainInUnits is the plain update's interval and mean of vs in units of
// the power of two above its largest |value|, scaled back.
func plainInUnits(vs []float64, q tQuantiles) (interval, float64) {
	largest := 0.0
	for _, v := range vs {
		largest = max(largest, math.Abs(v))
	}
	_, e := math.Frexp(largest)
	var p plainMoments
	for _, v := range vs {
		p.add(math.Ldexp(v, -e))
	}
	iv := p.interval(q)
	iv.mean, iv.sd, iv.se = math.Ldexp(iv.mean, e), math.Ldexp(iv.sd, e), math.Ldexp(iv.se, e)
	iv.lo, iv.hi = math.Ldexp(iv.lo, e), math.Ldexp(iv.hi, e)
	return iv, math.Ldexp(p.mean, e)
}
