package experiments

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"pactsim/analysis"
	"pactsim/output"
)

// analysisRows counts the rows of each analysis table of t.
func analysisRows(t *output.AnalysisTables) map[string]int {
	rows := map[string]int{}
	if t.HasSensitivity {
		rows[output.TableSensitivity] = len(t.Sensitivity)
	}
	if t.HasDiscovery {
		rows[output.TableDiscovery] = len(t.Discovery)
		rows[output.TableDiscoveryLimits] = len(t.DiscoveryLimits)
	}
	return rows
}

// analysisNotes is what the commands say on the terminal about the
// analysis tables: the sensitivity quantities that do not vary
// (flatQuantities), a caveat on a small design (sensitivityCaveat), and
// the discoveries with undefined points (undefinedNote).
type analysisNotes struct {
	flat      []string
	caveat    string
	undefined []string // output.AnalysisTables.DiscoveryUndefined
}

func notesOf(t *output.AnalysisTables, spec *AnalysisSpec) analysisNotes {
	n := analysisNotes{flat: flatQuantities(t), caveat: sensitivityCaveat(t)}
	eachQuantity(t, func(rows []output.SensitivityRow) {
		if note, ok := t.SensitivityOffBase[quantityName(rows[0])]; ok {
			n.caveat = strings.TrimPrefix(n.caveat+"; "+note, "; ")
		}
	})
	if t != nil {
		n.undefined = t.DiscoveryUndefined
	}
	if spec != nil && spec.Sensitivity != nil && spec.Sensitivity.Bootstrap > 0 {
		if q := noIntervalQuantities(t); len(q) > 0 {
			why := fmt.Sprintf("%s: no index has an interval although the bootstrap drew %d resamples: more than 2.5%% of them left each index undefined (a quantity that varies at a few design points only; README, \"How to read the tables\")",
				strings.Join(q, ", "), spec.Sensitivity.Bootstrap)
			if n.caveat != "" {
				why = n.caveat + "; " + why
			}
			n.caveat = why
		}
	}
	return n
}

// noIntervalQuantities names, as flatQuantities does, the quantities of
// t's sensitivity table that have an estimate but no interval on any
// index, from at least two base samples or trajectories: with a bootstrap,
// more than 2.5% of its resamples left every index undefined
// (analysis.Sobol), and the terminal said nothing of it (a review, stop
// 50).
func noIntervalQuantities(t *output.AnalysisTables) []string {
	var out []string
	eachQuantity(t, func(rows []output.SensitivityRow) {
		defined := slices.ContainsFunc(rows, func(r output.SensitivityRow) bool { return !math.IsNaN(r.Estimate) })
		ci := slices.ContainsFunc(rows, func(r output.SensitivityRow) bool { return !math.IsNaN(r.CILow) })
		if defined && !ci && rows[0].N >= 2 {
			out = append(out, quantityName(rows[0]))
		}
	})
	return out
}

// eachQuantity calls f with the rows of each quantity of t's sensitivity
// table (one outcome of one architecture or contrast), in table order.
func eachQuantity(t *output.AnalysisTables, f func(rows []output.SensitivityRow)) {
	if t == nil {
		return
	}
	rows := t.Sensitivity
	for i := 0; i < len(rows); {
		q, j := rows[i], i
		for j < len(rows) && rows[j].Outcome == q.Outcome && rows[j].ArchitectureA == q.ArchitectureA && rows[j].ArchitectureB == q.ArchitectureB {
			j++
		}
		f(rows[i:j])
		i = j
	}
}

// quantityName names the quantity of a sensitivity row as the terminal
// does: "outcome (architecture)" or "outcome (a − b)".
func quantityName(q output.SensitivityRow) string {
	of := q.ArchitectureA
	if q.ArchitectureB != "" {
		of += " − " + q.ArchitectureB
	}
	return q.Outcome + " (" + of + ")"
}

// undefinedNote says at how many design points discovery d has no value,
// or is "" when it has one at every point.
func undefinedNote(d DiscoverySpec, mean, ciLow, ciHigh []float64) string {
	k := undefinedPoints(d, mean, ciLow, ciHigh)
	if k == 0 {
		return ""
	}
	// The noun counts the points, the verbs the k of them: "1 of 6 points
	// has ... and counts", not "1 of 6 point has ... and count" (a review,
	// stop 50).
	have, count, what := "have", "count", "mean"
	if k == 1 {
		have, count = "has", "counts"
	}
	if d.Significant {
		what = "mean or its interval"
	}
	return fmt.Sprintf("%s: %d of %d %s %s no value (the %s is undefined there) and %s as not of interest", d.Target(), k, len(mean), output.Plural(len(mean), "point"), have, what, count)
}

// undefinedPoints counts the design points where discovery d has no value
// to compare with its threshold (DiscoverySpec.Of reads NaN as not of
// interest).
func undefinedPoints(d DiscoverySpec, mean, ciLow, ciHigh []float64) int {
	k := 0
	for i := range mean {
		l, h := math.NaN(), math.NaN()
		if d.Significant {
			l, h = ciLow[i], ciHigh[i]
		}
		if math.IsNaN(d.compared(mean[i], l, h)) {
			k++
		}
	}
	return k
}

// sensitivityCaveat is output.SensitivityCaveat for t's sensitivity table:
// its method and size are those of every row (one design), and it has
// intervals where any row has one.
func sensitivityCaveat(t *output.AnalysisTables) string {
	if t == nil || len(t.Sensitivity) == 0 {
		return ""
	}
	intervals, s2 := false, false
	for _, r := range t.Sensitivity {
		intervals = intervals || !math.IsNaN(r.CILow)
		s2 = s2 || r.Index == output.IndexS2
	}
	r := t.Sensitivity[0]
	c := output.SensitivityCaveat(r.Method, r.N, intervals)
	if s2 && r.N < output.CheckedS2N {
		if c != "" {
			c += "; "
		}
		c += output.SecondOrderCaveat(r.N)
	}
	return c
}

// flatQuantities names the quantities of t's sensitivity table whose every
// estimate is null, as "outcome (architecture)" or "outcome (a − b)": a
// quantity that does not vary over the design has no variance to
// apportion, so every Sobol' index of it is undefined. The report says so
// beside its figure; the commands say it on the terminal too, where the
// table alone read as a silent failure (review, stop 29). A Morris
// quantity that does not vary has effects of 0, which are defined.
func flatQuantities(t *output.AnalysisTables) []string {
	var flat []string
	eachQuantity(t, func(rows []output.SensitivityRow) {
		name := quantityName(rows[0])
		if _, varies := t.SensitivityOffBase[name]; varies {
			return // not flat: offBase's note says what it is
		}
		if !slices.ContainsFunc(rows, func(r output.SensitivityRow) bool { return !math.IsNaN(r.Estimate) }) {
			flat = append(flat, name)
		}
	})
	return flat
}

// offBase records in t.SensitivityOffBase a Sobol' quantity (rows, its
// sensitivity rows; y, its value at every design point) every one of whose
// indices is null although y varies: analysis.Sobol leaves the indices
// undefined where every f(A) and f(B) is one value (within FlatRel of the
// largest |output|), since its variance is taken over them, and the
// quantity can still vary at the AB points between them (a rare outcome at
// a small base sample). It "does not vary over the design" only when y
// does not.
func offBase(t *output.AnalysisTables, rows []output.SensitivityRow, y []float64) {
	if len(rows) == 0 || rows[0].Method != output.MethodSobol || len(y) == 0 ||
		slices.ContainsFunc(rows, func(r output.SensitivityRow) bool { return !math.IsNaN(r.Estimate) }) {
		return
	}
	scale := 0.0
	for _, v := range y {
		scale = max(scale, math.Abs(v))
	}
	differ := 0
	for _, v := range y {
		if math.Abs(v-y[0]) > analysis.FlatRel*scale {
			differ++
		}
	}
	if differ == 0 {
		return
	}
	name := quantityName(rows[0])
	if t.SensitivityOffBase == nil {
		t.SensitivityOffBase = map[string]string{}
	}
	t.SensitivityOffBase[name] = fmt.Sprintf("%s is one value at every base sample of the Saltelli design (every f(A) and f(B), over which the estimator takes the variance), so every index of it is null, although it differs from that value at %d of the %d design points (AB points between them); a larger base sample (sweep.samples) can give it a variance",
		name, differ, len(y))
}

// roundingTie reports whether v, the mean a condition without significant
// compares, lies on the threshold up to rounding. The summary and
// contrasts tables' means are Welford updates, so paired differences that
// sum to 0 give a mean of ±1e-17, not 0 (12 of 273 zero means of
// quick.yaml's contrasts table), and the rounding's sign decided whether
// a tie was of interest to {above: 0} or to {below: 0}. The scale is the
// larger of the threshold, the mean and the interval's half-width (an
// interval, not the mean alone: the rounding is of the differences summed,
// which can be far larger than their mean); a mean of one replicate, with
// no interval, is exact.
func (s DiscoverySpec) roundingTie(v, ciLow, ciHigh float64) bool {
	if s.Significant {
		return false
	}
	scale := max(math.Abs(s.Threshold), math.Abs(v))
	if w := (ciHigh - ciLow) / 2; w > scale { // false where there is no interval (NaN)
		scale = w
	}
	return math.Abs(v-s.Threshold) <= analysis.FlatRel*scale
}
