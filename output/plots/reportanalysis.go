package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"pactsim/output"
)

// The report's analysis sections, each present only when its table is:
// "What matters most" (sensitivity), "Where each structure wins"
// (discovery) and "Calibration". Each has one sentence of reading made
// from the numbers (reading.go), a compact table and its figures.

type sensSection struct {
	Reading  string
	Method   string // "Sobol'" or "Morris"
	Sobol    bool
	Columns  []string // one per quantity
	Rows     []sensTableRow
	More     int // parameters left out of the table
	Figures  []reportFigure
	Quantity string // the quantity the reading is about
	// Flat names the quantities whose every index is null: they do not
	// vary over the design (a hostile review, stop 32: their column and
	// panel were empty without a word, where the terminal said why).
	Flat string
	// Caveat is output.SensitivityCaveat of the leading method's design:
	// its intervals below the size at which they were checked.
	Caveat string
	// NoCI: no index of the table has an interval (analysis.sensitivity
	// bootstrap: 0), so the note speaks of no interval and no grey (a
	// review, stop 49).
	NoCI bool
	// NoCIWhy says why there is none. The table alone does not record the
	// bootstrap's size: "bootstrap: 0" was said of a run with 1000
	// resamples whose one trajectory cannot be resampled, or whose every
	// index had more than 2.5% of its resamples undefined (a review, stop
	// 50).
	NoCIWhy string
	// Fresh: each design point drew its replicates anew (sweep.crn: none,
	// Meta.FreshReplicates), so the difference of two points' means
	// carries Monte Carlo noise, and μ* (a mean of absolute effects) and
	// ST (a mean of squares) are above 0, their intervals too, for a
	// parameter with no effect: the note says that an interval above 0
	// does not show one (a review, stop 53: a parameter the model does
	// not read, whose every effect is 0 under crn: points, had μ* 4.21
	// [2.79, 5.72] under crn: none, not grey, beside the note that grey
	// marks no detectable effect).
	Fresh bool
}

type sensTableRow struct {
	Param string
	Cells []sensCell
}

type sensCell struct {
	Main, CI, Other string
	Weak            bool // no detectable effect: the CI includes 0
	NoCI            bool // a value without an interval: neither detectable nor shown undetectable
}

// maxSensRows caps the report's sensitivity table; sensitivity.csv has
// every parameter.
const maxSensRows = 15

func sensitivitySection(qs []sensQuantity) *sensSection {
	s := &sensSection{Sobol: qs[0].method == output.MethodSobol}
	s.Method = "Morris"
	if s.Sobol {
		s.Method = "Sobol'"
	}
	// The table and the reading use the quantities of the leading method
	// (a table has one method: the design's).
	var same []sensQuantity
	for _, q := range qs {
		if q.method == qs[0].method {
			same = append(same, q)
		}
	}
	lead := primaryFirst(len(same), func(i int) (string, string, string) { return same[i].a, same[i].b, same[i].outcome },
		func(i int) bool { return same[i].defined() })
	s.Reading = sensitivityReading(same[lead])
	s.Caveat = sensitivityCaveat(same)
	s.Quantity = same[lead].label()
	main := func(p sensParam) estimate {
		if s.Sobol {
			return p.st
		}
		return p.muStar
	}
	// Parameters by their largest main index over the quantities (ST for
	// Sobol', mu* scaled by the quantity's largest for Morris, whose units
	// differ between quantities).
	score := map[string]float64{}
	var names []string
	for _, q := range same {
		top := 0.0
		for _, p := range q.params {
			if v := main(p).v; !math.IsNaN(v) {
				top = math.Max(top, v)
			}
		}
		for _, p := range q.params {
			if _, ok := score[p.name]; !ok {
				names = append(names, p.name)
				score[p.name] = math.Inf(-1)
			}
			v := main(p).v
			if !s.Sobol && top > 0 {
				v /= top
			}
			if !math.IsNaN(v) {
				score[p.name] = math.Max(score[p.name], v)
			}
		}
	}
	slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(score[b], score[a]) })
	if len(names) > maxSensRows {
		s.More = len(names) - maxSensRows
		names = names[:maxSensRows]
	}
	var flat []string
	for _, q := range same {
		s.Columns = append(s.Columns, q.label())
		if !q.defined() && q.varies == 0 {
			flat = append(flat, q.label())
		}
	}
	if len(flat) > 0 {
		s.Flat = strings.Join(flat, "; ") + ": does not vary over the design, so every index of it is null (there is no variance to apportion); its column is empty"
		if len(flat) > 1 {
			s.Flat = strings.Join(flat, "; ") + ": do not vary over the design, so every index of them is null (there is no variance to apportion); their columns are empty"
		}
	}
	s.Flat = baseOnlyNote(same, s.Flat)
	s.NoCI = !slices.ContainsFunc(same, func(q sensQuantity) bool {
		return slices.ContainsFunc(q.params, func(p sensParam) bool { return main(p).hasCI() })
	})
	if s.NoCI {
		s.NoCIWhy = noCIWhy(same, s.Sobol)
	}
	for _, name := range names {
		row := sensTableRow{Param: name}
		for _, q := range same {
			k := slices.IndexFunc(q.params, func(p sensParam) bool { return p.name == name })
			if k < 0 {
				row.Cells = append(row.Cells, sensCell{Main: "–"})
				continue
			}
			p := q.params[k]
			e := main(p)
			cell := sensCell{Main: fmtIndex(e.v), Weak: e.hasCI() && e.lo <= 0}
			if e.hasCI() {
				cell.CI = "[" + fmtIndex(e.lo) + ", " + fmtIndex(e.hi) + "]"
			}
			if s.Sobol {
				cell.Other = "S1 " + fmtIndex(p.s1.v)
			} else {
				cell.Other = "σ " + fmtIndex(p.sigma.v)
			}
			row.Cells = append(row.Cells, cell)
		}
		s.Rows = append(s.Rows, row)
	}
	return s
}

type discSection struct {
	Reading string
	// Why: the targets with design points that have no value, and how
	// many (undefinedWhyDisc).
	Why     []string
	Rows    []discTableRow
	Figures []reportFigure
}

// noRegion ends the reading of a condition met no more often than chance
// (discoveryClause); discoverySection adds discoveryPower after a reading
// that holds it.
const noRegion = "no region stands out"

// discoveryPower is the sentence on what "no region stands out" can mean
// at n replicates per point: a point counts where its whole 95% CI lies on
// one side of 0, which needs a mean difference above about 1.96/√n of the
// replicates' standard deviation of the difference; smaller differences,
// even over a whole region, are not seen point by point (a review, stop
// 50: "so in no region" was said at 10 to 40 replicates per point without
// a word on power). "" without a replicate count.
func discoveryPower(n int) string {
	if n < 2 {
		return ""
	}
	return fmt.Sprintf("At %d replicates per point only a difference larger than about %s of the standard deviation of its per-replicate differences (1.96/√%d) is detectable at a single point, so smaller differences may hold over a region without showing here.",
		n, fmtShare(1.96/math.Sqrt(float64(n))), n)
}

type discTableRow struct {
	Target, Box, Coverage, Density, Mass, Where string
}

func discoverySection(ts []primTarget, replicates int) *discSection {
	s := &discSection{Reading: discoveryReading(ts)}
	if p := discoveryPower(replicates); p != "" && strings.Contains(s.Reading, noRegion) {
		s.Reading += " " + p
	}
	for _, t := range ts {
		if why := undefinedWhyDisc(t); why != "" {
			s.Why = append(s.Why, why)
		}
		b := t.boxes[t.selected]
		where := strings.Join(boxConditions(t, t.selected), "; ")
		if where == "" {
			where = "the whole space (nothing restricted)"
		}
		// PRIM proposes the box of largest coverage × density; a selection
		// other than that is the shuffle test's rejection (experiments:
		// discovery), which the table would otherwise not show (a hostile
		// review, stop 32).
		best := t.selected
		for k, x := range t.boxes {
			if x.coverage*x.density > t.boxes[best].coverage*t.boxes[best].density {
				best = k
			}
		}
		if best != t.selected {
			where += fmt.Sprintf(" (PRIM proposed box %d, coverage × density %s, which did no better than the same search on shuffled points, so the whole space is kept)", best, fmtShare(t.boxes[best].coverage*t.boxes[best].density))
		}
		box := fmt.Sprintf("%d (of boxes 0–%d)", t.selected, len(t.boxes)-1)
		if len(t.boxes) == 1 {
			box = "0 (the only box)"
		}
		s.Rows = append(s.Rows, discTableRow{
			Target: conditionText(t.text), Box: box,
			Coverage: fmtShare(b.coverage), Density: fmtShare(b.density), Mass: fmtPercent(b.mass), Where: where,
		})
	}
	return s
}

type calSection struct {
	Reading     string
	Rows        []calTableRow
	Best        []string // "name = value" of the best evaluation
	Evaluations int
	Figures     []reportFigure
	// Why says, for each target the table shows without a value, why:
	// the terminal said it and the report showed "–" alone (a review,
	// stop 50); and of the targets with a value but no interval, why
	// they have none (calNoIntervalWhy).
	Why []string
}

type calTableRow struct {
	Name, Wanted, Achieved, CI, Weight string
	Met                                bool
}

func calibrationSection(c *calibration) *calSection {
	s := &calSection{Reading: calibrationReading(c), Evaluations: len(c.loss)}
	var same, single []string // targets with a value but no interval
	for _, t := range c.targets {
		if !math.IsNaN(t.achieved) && (math.IsNaN(t.lo) || math.IsNaN(t.hi)) {
			if t.n < 2 {
				single = append(single, t.name)
			} else {
				same = append(same, t.name)
			}
		}
		row := calTableRow{Name: t.name, Wanted: t.wanted, Achieved: fmtValue(t.achieved), CI: "–", Weight: fmtValue(t.weight), Met: t.met}
		if !math.IsNaN(t.lo) && !math.IsNaN(t.hi) {
			row.CI = "[" + fmtValue(t.lo) + ", " + fmtValue(t.hi) + "]"
		}
		s.Rows = append(s.Rows, row)
		if why := calTargetWhy(t); why != "" {
			s.Why = append(s.Why, why)
		}
	}
	s.Why = append(s.Why, calNoIntervalWhy(same, single)...)
	if c.best >= 0 {
		for j, name := range c.params {
			s.Best = append(s.Best, name+" = "+fmtValue4(c.bestX[j]))
		}
	}
	return s
}

// fmtValue4 writes a fitted value with four significant digits, as
// calibrated.yaml gives every digit.
func fmtValue4(v float64) string {
	return minus(formatValue(v))
}

// sensitivityCaveat is output.SensitivityCaveat for quantities of one
// method: their design's size, and whether any index has an interval.
func sensitivityCaveat(qs []sensQuantity) string {
	intervals := false
	for _, q := range qs {
		for _, p := range q.params {
			intervals = intervals || p.s1.hasCI() || p.st.hasCI() || p.muStar.hasCI() || p.sigma.hasCI()
		}
	}
	return output.SensitivityCaveat(qs[0].method, int(qs[0].n), intervals)
}

// noCIWhy says why no index of qs has an interval: no quantity that
// varies, one unit (a Morris
// trajectory, a base sample), which no bootstrap can resample, or a run
// without a bootstrap, or one whose resamples left every index undefined
// too often (analysis.percentileInterval); the table does not say which of
// the last two.
func noCIWhy(qs []sensQuantity, sobol bool) string {
	some := slices.ContainsFunc(qs, func(q sensQuantity) bool { return q.defined() })
	one := some && !slices.ContainsFunc(qs, func(q sensQuantity) bool { return q.defined() && q.n >= 2 })
	switch {
	case !some && slices.ContainsFunc(qs, func(q sensQuantity) bool { return q.varies != 0 }):
		return "No index has a value or an interval, as no quantity has a variance at the base samples (below), so none is marked as undetectable"
	case !some:
		return "No index has a value or an interval, as no quantity varies over the design (below), so none is marked as undetectable"
	case one && sobol:
		return "With one base sample no index has an interval (every resample of one base sample is that sample), so none is marked as undetectable"
	case one:
		return "With one trajectory no μ* has an interval (every resample of one trajectory is that trajectory), so none is marked as undetectable, and σ, the spread of a single effect, is undefined"
	}
	what := "μ*"
	if sobol {
		what = "index"
	}
	return "No " + what + " has an interval, so none is marked as undetectable: the analysis ran without a bootstrap (bootstrap: 0), or more than 2.5% of its resamples left each one undefined (a quantity that varies at a few design points only: README, “How to read the tables”)"
}

// calTargetWhy says why target t has no value at the best evaluation,
// from its row of the targets table (analysis.Target.Why), or "" when it
// has one. A null interval of a defined value is calNoIntervalWhy's.
func calTargetWhy(t calTarget) string {
	switch {
	case !math.IsNaN(t.achieved):
		return ""
	case t.n == 0:
		return t.name + " has no value: no replicate gave it one (its outcome is null in every replicate, or, for a ratio, no replicate has both); it counts as unmet, a miss of 10⁴ bands weighed as the heaviest target in the loss"
	}
	return t.name + " has no value: the mean of its ratio's denominator is 0; it counts as unmet, a miss of 10⁴ bands weighed as the heaviest target in the loss"
}

// calNoIntervalWhy says why the targets that have a value have no
// interval (analysis.tInterval): same are those whose replicates do not
// vary, single those that rest on one replicate. The report showed "–"
// beside their values with no word of why (a review, stop 50: the
// shipped calibration's T2-armed-allies and T2b-blockades, 0 in every
// replicate; docs/model.md sec. 17.2).
func calNoIntervalWhy(same, single []string) []string {
	var out []string
	if len(same) > 0 {
		out = append(out, joinAnd(same, len(same))+" "+plural3(len(same), "has a value but no 95% CI: its replicates do not vary", "have a value but no 95% CI: the replicates of each do not vary")+
			" (a standard error of 0, up to rounding), and an interval of width 0 would claim a certainty that no finite sample gives")
	}
	if len(single) > 0 {
		out = append(out, joinAnd(single, len(single))+" "+plural3(len(single), "has a value but no 95% CI: it rests", "have a value but no 95% CI: each rests")+
			" on one replicate, from which no standard error can be computed")
	}
	return out
}
