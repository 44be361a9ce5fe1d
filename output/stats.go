package output

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/engine"
)

// moments accumulates the count, mean and sum of squared deviations of a
// stream of values by Welford's update (Welford 1962, Technometrics 4(3)),
// which stays accurate when the mean is large next to the spread. Values
// are added in task order only, so the result is bit-identical whatever the
// worker count.
//
// mean and m2 are kept in units of 2^e: e is 0 until a value of magnitude
// momentsBig or more arrives, and then the exponent of the largest
// |value| so far, so that the products of deviations of outputs near 1e154
// (and the differences of outputs near ±1e308) do not overflow and turn a
// finite stream's mean and SD into Inf or NaN. Multiplying by a power of
// two is exact, and every step of the update commutes with it, so below
// that magnitude the sums are the plain update's, bit for bit, and above
// it they are what the plain update would give without overflow (values
// below 2^-1022 of the largest then lose their last bits, which the sums
// could not hold beside it anyway).
//
// Until a value of magnitude momentsSmall or more arrives (sized), the
// same update also runs in units of 2^s, s the exponent of the largest
// |value| so far (0 while every value is 0): smean and sm2. A stream that
// never has such a value, outputs below about 3e-145 (and not all 0), is
// reported from these, so that the products of deviations of outputs
// below about 1e-162 do not underflow and give an SD of 0 (or lose their
// last bits as subnormals). Any other stream is reported from mean and
// m2, which are updated as before whatever comes first, so its numbers
// are the plain update's, bit for bit (scaling a stream up while it is
// small and back down when a larger value comes is not: the sums of its
// small prefix round once, not at each step).
type moments struct {
	n    int64
	mean float64 // in units of 2^e
	m2   float64 // in units of 2^(2e)
	e    int

	sized bool    // a value of magnitude momentsSmall or more (or NaN) arrived
	smean float64 // while not sized: the mean in units of 2^s
	sm2   float64 // while not sized: m2 in units of 2^(2s)
	s     int
}

// momentsBig (2^480, about 3e144) is the magnitude from which moments
// scales its sums: below it, m2 of up to 2^31 values (the most replicates
// a point has) stays below 2^(31+2+2·480) and cannot overflow.
const momentsBig = 0x1p480

// momentsSmall (2^-480, about 3e-145) is the magnitude below which a
// stream all of whose values are smaller is taken in units of its largest.
const momentsSmall = 0x1p-480

func (m *moments) add(x float64) {
	if !m.sized {
		m.addSmall(x) // before x is scaled and the count moves
	}
	if a := math.Abs(x); a >= momentsBig && !math.IsInf(a, 0) {
		if _, e := math.Frexp(a); e > m.e {
			m.mean = math.Ldexp(m.mean, m.e-e)
			m.m2 = math.Ldexp(m.m2, 2*(m.e-e))
			m.e = e
		}
	}
	if m.e != 0 {
		x = math.Ldexp(x, -m.e)
	}
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

// addSmall is add's update of smean and sm2, while the stream is small.
func (m *moments) addSmall(x float64) {
	a := math.Abs(x)
	if !(a < momentsSmall) {
		m.sized = true
		return
	}
	if a != 0 {
		// A small value's exponent is below -478: s = 0 means none yet.
		if _, e := math.Frexp(a); m.s == 0 || e > m.s {
			m.smean = math.Ldexp(m.smean, m.s-e)
			m.sm2 = math.Ldexp(m.sm2, 2*(m.s-e))
			m.s = e
		}
		x = math.Ldexp(x, -m.s)
	}
	n := float64(m.n + 1)
	d := x - m.smean
	m.smean += d / n
	m.sm2 += d * (x - m.smean)
}

// sums returns the mean and m2 the stream is reported from and their unit's
// exponent (see moments).
func (m *moments) sums() (mean, m2 float64, e int) {
	if !m.sized && m.s != 0 {
		return m.smean, m.sm2, m.s
	}
	return m.mean, m.m2, m.e
}

// average returns the mean of the values added (meaningful for n >= 1).
func (m *moments) average() float64 {
	mean, _, e := m.sums()
	return math.Ldexp(mean, e)
}

// interval is what the summary and contrasts tables report for moments.
// Fields are valid only where the ok flags say so: the mean needs n >= 1,
// the spread and the interval n >= 2.
type interval struct {
	n                    int64
	mean, sd, se, lo, hi float64
	hasMean, hasSpread   bool
}

// confidence is the two-sided level of every interval.
const confidence = 0.95

// tQuantiles caches the Student t quantile t(1 - (1-confidence)/2, df) by
// degrees of freedom; the finalisation asks for the same few many times.
type tQuantiles map[int64]float64

func (q tQuantiles) at(df int64) float64 {
	t, ok := q[df]
	if !ok {
		t = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(1 - (1-confidence)/2)
		q[df] = t
	}
	return t
}

// interval returns the Student t 95% interval of the mean.
func (m *moments) interval(q tQuantiles) interval {
	iv := interval{n: m.n}
	if m.n < 1 {
		return iv
	}
	mean, m2, e := m.sums()
	iv.mean, iv.hasMean = mean, true
	if m.n >= 2 {
		iv.sd = math.Sqrt(m2 / float64(m.n-1))
		iv.se = iv.sd / math.Sqrt(float64(m.n))
		t := q.at(m.n - 1)
		iv.lo, iv.hi = mean-t*iv.se, mean+t*iv.se
		iv.hasSpread = true
	}
	if e != 0 { // back to the values' unit, exactly (an end past ±MaxFloat64 is ±Inf; one below 2^-1022 rounds once)
		iv.mean, iv.sd, iv.se = math.Ldexp(iv.mean, e), math.Ldexp(iv.sd, e), math.Ldexp(iv.se, e)
		iv.lo, iv.hi = math.Ldexp(iv.lo, e), math.Ldexp(iv.hi, e)
	}
	return iv
}

// pairedContrast accumulates the paired differences a − b of one outcome
// over the replicates where both are defined, and how often a is strictly
// better or tied.
type pairedContrast struct {
	diff   moments
	better int64
	ties   int64
}

func (c *pairedContrast) add(a, b float64, dir engine.Direction) {
	c.diff.add(a - b)
	switch {
	case a == b:
		c.ties++
	case dir == engine.HigherBetter && a > b, dir == engine.LowerBetter && a < b:
		c.better++
	}
}

// contrastPairs returns the pairs (a, b) of architecture indices the
// contrasts table reports, in its row order (README, "Guarantees"):
// the primary pairs (TablePrimaryPairs) whose architectures are both
// present, in that order, then every other pair as later minus earlier in
// config order. The names in archs are distinct (New checks them).
func contrastPairs(archs []string) [][2]int {
	var pairs [][2]int
	for _, pp := range TablePrimaryPairs {
		a, b := slices.Index(archs, pp[0]), slices.Index(archs, pp[1])
		if a >= 0 && b >= 0 {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	for j := range archs {
		for i := range j {
			if IsPrimaryPair(archs[i], archs[j]) || IsPrimaryPair(archs[j], archs[i]) {
				continue
			}
			pairs = append(pairs, [2]int{j, i})
		}
	}
	return pairs
}
