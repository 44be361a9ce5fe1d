package analysis

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// The tables a Quantity reads.
const (
	TableRuns   = "runs"   // one value per run and architecture
	TableStates = "states" // one value per run, architecture and state
)

// Quantity names a per-replicate series a model evaluation reports: an
// outcome of one architecture, from the runs table, or from the states
// table summed over a list of states within each run.
type Quantity struct {
	Table        string // TableRuns ("" means the same) or TableStates
	Outcome      string
	Architecture string
	States       []string // TableStates only: the states summed within each run
}

// String renders q as table:outcome[architecture], with {states} for the
// states table; it is unique per quantity, so it can key a map. A name
// holding one of the separators :[]{}," is quoted (strconv.Quote): a
// roster may name a state "JP,AU", and the states JP and AU summed read
// as that state alone, one key for two quantities (a review, stop 52).
func (q Quantity) String() string {
	t := q.Table
	if t == "" {
		t = TableRuns
	}
	s := quoteSpecial(t) + ":" + quoteSpecial(q.Outcome) + "[" + quoteSpecial(q.Architecture) + "]"
	if len(q.States) > 0 {
		states := make([]string, len(q.States))
		for i, st := range q.States {
			states[i] = quoteSpecial(st)
		}
		s += "{" + strings.Join(states, ",") + "}"
	}
	return s
}

// quoteSpecial is s, or s quoted where it holds a separator of
// Quantity.String.
func quoteSpecial(s string) string {
	if strings.ContainsAny(s, `:[]{},"`) {
		return strconv.Quote(s)
	}
	return s
}

// Text renders q for a sentence: "honour_rate of hub_and_spokes", with
// "summed over JP, AU" for the states table.
func (q Quantity) Text() string {
	s := q.Outcome + " of " + q.Architecture
	if len(q.States) > 0 {
		s += " summed over " + strings.Join(q.States, ", ")
	}
	return s
}

// Observations are what one model evaluation produced.
type Observations interface {
	// Replicates returns q's value in each replicate, in replicate order
	// (the order pairs the numerator and denominator of a ratio), NaN where
	// the value is undefined (a null).
	Replicates(q Quantity) ([]float64, error)
}

// Target is an empirical target the model should meet: the mean of a
// quantity, or the ratio of the means of two quantities (paired by
// replicate), inside the inclusive range [Low, High]. A target written as a
// value with a tolerance is the range value ± tolerance.
type Target struct {
	Name      string
	Of        Quantity  // the quantity, or the ratio's numerator
	Per       *Quantity // the ratio's denominator; nil for a mean
	Low, High float64
	Weight    float64 // > 0
	// Wanted says how the target was written, for reports (e.g. "0.65 ±
	// 0.1"); empty means "[Low, High]".
	Wanted string
}

// TargetValue is what an evaluation achieved for a target.
type TargetValue struct {
	Value  float64 // the mean or the ratio of means; NaN where undefined
	SE     float64 // its Monte Carlo standard error; NaN with fewer than 2 replicates
	CILow  float64 // Student t 95% interval, as the summary table's, but NaN where SE is 0 (tInterval)
	CIHigh float64
	N      int // replicates used (both values defined, for a ratio)
}

func (t Target) check() error {
	switch {
	case t.Name == "":
		return errors.New("analysis: a target needs a name")
	case !(t.Low <= t.High) || math.IsInf(t.Low, 0) || math.IsInf(t.High, 0):
		return fmt.Errorf("analysis: target %s: range [%v, %v] is not a finite interval", t.Name, t.Low, t.High)
	case !(t.Weight > 0) || math.IsInf(t.Weight, 0):
		return fmt.Errorf("analysis: target %s: weight %v must be positive", t.Name, t.Weight)
	}
	return nil
}

// WantedText returns Wanted, or the range when Wanted is empty.
func (t Target) WantedText() string {
	if t.Wanted != "" {
		return t.Wanted
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	return "[" + f(t.Low) + ", " + f(t.High) + "]"
}

// Measure computes the target's value from one evaluation. Undefined
// replicate values (NaN) are left out, as the summary table leaves out
// nulls. The standard error of a ratio of means R = ā/b̄ is the delta
// method's, with the replicates' covariance (paired by common random
// numbers): SE² = (s²_a − 2R s_ab + R² s²_b) / (n b̄²).
func (t Target) Measure(obs Observations) (TargetValue, error) {
	a, err := obs.Replicates(t.Of)
	if err != nil {
		return TargetValue{}, fmt.Errorf("target %s: %w", t.Name, err)
	}
	if t.Per == nil {
		return meanValue(a), nil
	}
	b, err := obs.Replicates(*t.Per)
	if err != nil {
		return TargetValue{}, fmt.Errorf("target %s: %w", t.Name, err)
	}
	if len(a) != len(b) {
		return TargetValue{}, fmt.Errorf("target %s: %d replicates of %s but %d of %s; a ratio pairs them", t.Name, len(a), t.Of, len(b), *t.Per)
	}
	return ratioValue(a, b), nil
}

// Why says why the target's value v is undefined, "" when it is defined:
// from v alone, so that it can be said of a value read back from a trace.
func (t Target) Why(v TargetValue) string {
	switch {
	case !math.IsNaN(v.Value):
		return ""
	case t.Per == nil:
		return fmt.Sprintf("%s is null in every replicate", t.Of.Text())
	case v.N == 0:
		return fmt.Sprintf("no replicate has both %s and %s", t.Of.Text(), t.Per.Text())
	}
	return fmt.Sprintf("the mean of its denominator, %s, is 0", t.Per.Text())
}

func undefined(n int) TargetValue {
	nan := math.NaN()
	return TargetValue{Value: nan, SE: nan, CILow: nan, CIHigh: nan, N: n}
}

// The magnitudes outside which a target's replicates are taken in units of
// a power of two (unitExp): inside them the sums of squares and the
// squared mean of a ratio's denominator cannot overflow or underflow for
// up to 2^31 replicates.
const (
	unitBig   = 0x1p480
	unitSmall = 0x1p-480
)

// unitExp returns 0 when the largest |value| of vs (NaN left out) lies in
// [unitSmall, unitBig), is 0 or is infinite, and otherwise the exponent e
// with that largest |value| in [2^(e-1), 2^e). Values of 1e154 and more
// overflowed the sums of squares, and of 1e-162 and less underflowed them
// to 0 (and a ratio's squared denominator), and turned a finite
// replicates' SE into Inf or NaN, or 0 where they vary. Multiplying by a
// power of two is exact, and every step of meanValue and ratioValue
// commutes with it, so the values are the same, bit for bit, as without
// the units inside those magnitudes.
func unitExp(vs []float64) int {
	big := 0.0
	for _, v := range vs {
		if !math.IsNaN(v) {
			big = max(big, math.Abs(v))
		}
	}
	if (big >= unitSmall && big < unitBig) || big == 0 || math.IsInf(big, 0) {
		return 0
	}
	_, e := math.Frexp(big)
	return e
}

// inUnits returns vs in units of 2^e.
func inUnits(vs []float64, e int) []float64 {
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = math.Ldexp(v, -e)
	}
	return out
}

// times returns tv with its value, SE and interval multiplied by 2^e.
func (tv TargetValue) times(e int) TargetValue {
	tv.Value, tv.SE = math.Ldexp(tv.Value, e), math.Ldexp(tv.SE, e)
	tv.CILow, tv.CIHigh = math.Ldexp(tv.CILow, e), math.Ldexp(tv.CIHigh, e)
	return tv
}

func meanValue(a []float64) TargetValue {
	if e := unitExp(a); e != 0 {
		return meanValue(inUnits(a, e)).times(e)
	}
	var n int
	var sum float64
	for _, v := range a {
		if !math.IsNaN(v) {
			n++
			sum += v
		}
	}
	if n == 0 {
		return undefined(0)
	}
	m := sum / float64(n)
	var ss float64
	for _, v := range a {
		if !math.IsNaN(v) {
			ss += (v - m) * (v - m)
		}
	}
	tv := undefined(n)
	tv.Value = m
	if n > 1 {
		tv.SE = math.Sqrt(ss / float64(n-1) / float64(n))
		tv.CILow, tv.CIHigh = tInterval(m, tv.SE, n)
	}
	return tv
}

func ratioValue(a, b []float64) TargetValue {
	if ea, eb := unitExp(a), unitExp(b); ea != 0 || eb != 0 {
		return ratioValue(inUnits(a, ea), inUnits(b, eb)).times(ea - eb)
	}
	var n int
	var sa, sb float64
	for i := range a {
		if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			n++
			sa += a[i]
			sb += b[i]
		}
	}
	if n == 0 || sb == 0 {
		return undefined(n)
	}
	ma, mb := sa/float64(n), sb/float64(n)
	r := ma / mb
	tv := undefined(n)
	tv.Value = r
	if n > 1 {
		var saa, sbb, sab float64
		for i := range a {
			if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
				da, db := a[i]-ma, b[i]-mb
				saa += da * da
				sbb += db * db
				sab += da * db
			}
		}
		f := float64(n - 1)
		v := (saa/f - 2*r*sab/f + r*r*sbb/f) / float64(n) / (mb * mb)
		tv.SE = math.Sqrt(math.Max(v, 0))
		tv.CILow, tv.CIHigh = tInterval(r, tv.SE, n)
	}
	return tv
}

// tInterval is the Student t 95% interval m ± t·se on n − 1 degrees of
// freedom, or null (NaN) when se is (about) 0: replicates that do not vary (a
// mean's all equal, a ratio's a_i = R·b_i in every one, as when one rare
// event happened alike under both architectures) give a t interval of
// width 0, a certainty no finite sample gives (review, stop 29: a ratio
// resting on one armed challenge in 16 replicates read "1 [1, 1]"). The
// interval is then null, as it is for a single replicate. "0" allows
// the rounding of the mean (three replicates of 0.1 have a mean one ulp
// above it, and an SE of 1e-17): an SE below 1e-12 of the value is none.
func tInterval(m, se float64, n int) (lo, hi float64) {
	if se <= 1e-12*math.Abs(m) {
		return math.NaN(), math.NaN()
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	return m - q*se, m + q*se
}

// Met reports whether the achieved value lies in the target's range.
func (t Target) Met(v TargetValue) bool { return t.Low <= v.Value && v.Value <= t.High }

// Distance is how far v lies outside the target's range, in units of the
// range's width: a miss smaller than the band the target allows counts for
// less than one unit. A point target (width 0) measures in units of its
// size |wanted|, a relative miss (1 where it is wanted at 0). The unit is
// the target's, fixed, never the estimate's standard error: a scale that
// grew with the SE would make a noisier or degenerate estimate (SE 0) of
// the same miss look nearer, and steer the search towards noise. It is 0
// inside the range and UndefinedDistance where v is undefined.
func (t Target) Distance(v TargetValue) float64 {
	if math.IsNaN(v.Value) {
		return UndefinedDistance
	}
	d := math.Max(0, math.Max(t.Low-v.Value, v.Value-t.High))
	if d == 0 {
		return 0
	}
	s := t.High - t.Low
	if s <= 0 {
		s = math.Abs(t.Low)
	}
	if s <= 0 || math.IsInf(s, 0) {
		s = 1
	}
	return math.Min(d/s, math.MaxFloat64) // finite, as UndefinedDistance
}

// UndefinedDistance is the distance of a target whose value is undefined
// (a null: no replicate gave it a value): a miss of ten thousand bands,
// worse than any miss a calibration meets in practice, so that the search
// prefers the evaluations that give every target a value, while a target
// undefined wherever the search looks (an outcome the model never produces
// at these parameters) still lets it fit the others. In the loss it
// weighs as the heaviest target (Loss), so that a light target's absence
// still outranks any heavier target's defined miss under 10⁴ bands; its
// square, 10⁸, leaves the others' losses resolved to about 10⁻⁸ of that
// weight in the sum. It was +Inf (engine 0.4.5 and before), which made
// every evaluation equal, and the calibration fail, when one target was
// undefined everywhere (a contract review, stop 33: the results contract's
// own calibration example).
const UndefinedDistance = 1e4

// Loss is the calibration loss: Σ_t weight_t · Distance_t² over the
// targets with a value, plus max_t weight_t · UndefinedDistance² for each
// target without one (a code review, stop 33: weighted by its own weight,
// an undefined target of weight 10⁻⁶ ranked as a miss of 10 bands). It is
// 0 when every target is met, and only then: a loss that sums to 0 while
// a target is missed (its weighted square too small for a float64: a tiny
// weight, a miss far narrower than the range) is the smallest positive
// float64, not 0, which the search would take for every target met and
// stop at (a hostile review: weight 1e-320
// and a miss of 0.01 in a range 0.69 wide stopped the search at "every
// target met" beside a table saying "missed"); a sum too large for a
// float64 (a huge weight, a range far narrower than the miss) is the
// largest float64.
//
// values[k] is the value of targets[k]: Loss panics, with a message that
// says so, if len(values) != len(targets), as gonum's functions do on a
// dimension mismatch (a programming error: Calibration.Evaluate measures
// one value per target, and a config cannot give another count).
func Loss(targets []Target, values []TargetValue) float64 {
	if len(targets) != len(values) {
		panic(fmt.Sprintf("analysis: %d targets but %d values", len(targets), len(values)))
	}
	heaviest := 0.0
	for _, t := range targets {
		heaviest = math.Max(heaviest, t.Weight)
	}
	var l float64
	missed := false
	for k, t := range targets {
		d, w := t.Distance(values[k]), t.Weight
		if math.IsNaN(values[k].Value) {
			w = heaviest
		}
		l += w * d * d
		missed = missed || !t.Met(values[k])
	}
	if missed && l == 0 {
		return math.SmallestNonzeroFloat64
	}
	return math.Min(l, math.MaxFloat64)
}
