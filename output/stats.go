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
type moments struct {
	n    int64
	mean float64
	m2   float64
}

func (m *moments) add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
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
