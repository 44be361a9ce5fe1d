package plots

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/engine"
	"pactsim/output"
)

// The report's "Primary contrasts" section (docs/model.md sec. 19,
// "Estimand and ablation"): both primary contrasts, treaty_plus_cells −
// layered (what a treaty adds) and layered − treaty, in both headline
// outcomes (deterrence success and the severity-weighted loss), pooled over
// the design points, overall and by treaty formation, each with a sentence
// in plain language. Present when the contrasts table has a primary pair.

// primaryCell is a pooled contrast: the replicate-weighted mean of the
// points' mean differences, with the stratified standard error
// sqrt(Σ (n_i/N)² se_i²) (points are fixed strata) and a Student t 95%
// interval with Σ (n_i − 1) degrees of freedom, as the pooled figures do
// (results.pooled); none where a point has a single replicate.
type primaryCell struct {
	n   int64
	sum float64 // Σ n_i·mean_i
	se2 squares // Σ n_i²·se_i²
	df  int64   // Σ (n_i − 1): the pooled interval's degrees of freedom
	// noSE: some point with a mean has no standard error (a single
	// replicate), so the pooled variance is unknown, not smaller: the
	// cell has no interval (a review, stop 24: such points added to the
	// mean but nothing to the variance, and the interval came out several
	// times too narrow).
	noSE bool
}

func (c *primaryCell) add(n int64, mean, half float64, q tCache) {
	if n == 0 || math.IsNaN(mean) {
		return
	}
	c.n += n
	c.sum += float64(n) * mean
	if n < 2 || math.IsNaN(half) {
		c.noSE = true
		return
	}
	se := half / q.at(n-1)
	c.se2.add(float64(n), se)
	c.df += n - 1
}

func (c primaryCell) mean() float64 {
	if c.n == 0 {
		return math.NaN()
	}
	return c.sum / float64(c.n)
}

// ci is the Student t 95% interval of the pooled mean, with Σ (n_i − 1)
// degrees of freedom: with one point, the contrasts table's own paired
// interval. Both bounds are NaN without a standard error (seOf).
func (c primaryCell) ci() (lo, hi float64) {
	se := c.seOf()
	if math.IsNaN(se) {
		return math.NaN(), math.NaN()
	}
	m, t := c.mean(), t975(c.df)
	return m - t*se, m + t*se
}

// t975 is the Student t 0.975 quantile with df degrees of freedom; NaN
// for no degrees of freedom (gonum's quantile panics there).
func t975(df int64) float64 {
	if df < 1 {
		return math.NaN()
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}.Quantile(0.975)
}

// tCache caches Student t 0.975 quantiles by degrees of freedom.
type tCache map[int64]float64

func (q tCache) at(df int64) float64 {
	t, ok := q[df]
	if !ok {
		t = t975(df)
		q[df] = t
	}
	return t
}

// primaryOutcomes are the section's outcomes: the two headlines.
var primaryOutcomes = []engine.OutcomeID{output.PrimaryOutcome, output.SecondaryOutcome}

// primaryStrata are the section's columns: all replicates, then the two
// strata of contrasts_by_formation.
var primaryStrata = []string{"all", output.StratumFormed, output.StratumNotFormed}

type primarySection struct {
	Shared    bool // the design's points share each replicate's world: no CIs
	Strata    []string
	Rows      []primaryRow
	Readings  []string
	Formation string // the formation figure's sentence; "" without strata
	// Gap: the sentence gives a gap between the strata (both hold
	// replicates) with its CI, which the report's note explains.
	Gap     bool
	Missing string // the primary contrasts that did not run, "a − b" joined by " or "
	Figures []reportFigure
}

type primaryRow struct {
	Pair, Outcome string
	Cells         []string // per stratum: mean [CI]
}

// primaryData holds the pooled primary contrasts of a directory: per pair,
// headline outcome and stratum ("all", or a stratum of
// contrasts_by_formation).
type primaryData struct {
	pairs [][2]string
	cells map[[4]string]*primaryCell // pair a, pair b, outcome, stratum
	// shared: the points share each replicate's world (results.shared),
	// so no cell has an interval.
	shared bool
}

// noCI says why a cell has no confidence interval.
func (d *primaryData) noCI() string {
	if d.shared {
		return "the design points share each replicate's world (crn: points), so they are not independent"
	}
	return "too few replicates to estimate one"
}

func (d *primaryData) cell(p [2]string, outcome, stratum string) *primaryCell {
	c := d.cells[[4]string{p[0], p[1], outcome, stratum}]
	if c == nil || c.n == 0 {
		return nil
	}
	return c
}

// hasGap reports whether a primary contrast has both formation strata in
// a headline outcome with a gap's CI, as formationReading gives one.
func (d *primaryData) hasGap() bool {
	for _, p := range d.pairs {
		for _, id := range primaryOutcomes {
			o := engine.Outcomes[id].Name
			// A gap with a CI, as formationReading gives it: under crn:
			// points, or with a stratum of one replicate a point, the gap
			// is given bare, and the note on its CI explained nothing there
			// (a review, stop 48).
			f, n := d.cell(p, o, output.StratumFormed), d.cell(p, o, output.StratumNotFormed)
			if f != nil && n != nil && !math.IsNaN(math.Hypot(f.seOf(), n.seOf())) {
				return true
			}
		}
	}
	return false
}

// hasStrata reports whether any primary contrast has a formation stratum.
func (d *primaryData) hasStrata() bool {
	for _, p := range d.pairs {
		for _, id := range primaryOutcomes {
			for _, st := range primaryStrata[1:] {
				if d.cell(p, engine.Outcomes[id].Name, st) != nil {
					return true
				}
			}
		}
	}
	return false
}

// loadPrimary pools the primary contrasts of dir; nil when there is none.
// shared: the design's points share each replicate's world, so the cells
// get no interval (results.shared).
func loadPrimary(ctx context.Context, dir string, archs []string, shared bool) (*primaryData, error) {
	var pairs [][2]string
	for _, p := range output.PrimaryPairs {
		if slices.Contains(archs, p[0]) && slices.Contains(archs, p[1]) {
			pairs = append(pairs, p)
		}
	}
	if len(pairs) == 0 {
		return nil, nil
	}
	cells := map[[4]string]*primaryCell{}
	q := tCache{}
	read := func(name string, stratified bool) error {
		path := filepath.Join(dir, name+".parquet")
		if ok, err := exists(path); err != nil || !ok {
			return err
		}
		cols := []string{output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB, output.ColN, output.ColMeanDiff, output.ColCIHigh}
		if stratified {
			cols = append(cols, output.ColStratum)
		}
		t, err := output.OpenTable(path, cols...)
		if err != nil {
			return err
		}
		defer t.Close()
		var os, as, bs, ss []string
		var ns, ms, hs []float64
		for t.Next(ctx) {
			b := batch{t: t}
			os = b.strings(output.ColOutcome, os)
			as = b.strings(output.ColArchitectureA, as)
			bs = b.strings(output.ColArchitectureB, bs)
			ns = b.floats(output.ColN, ns, nil)
			ms = b.floats(output.ColMeanDiff, ms, nil)
			hs = b.floats(output.ColCIHigh, hs, nil)
			if stratified {
				ss = b.strings(output.ColStratum, ss)
			}
			if b.err != nil {
				return b.err
			}
			for i := range os {
				if !output.IsPrimaryPair(as[i], bs[i]) {
					continue
				}
				stratum := "all"
				if stratified {
					stratum = ss[i]
				}
				key := [4]string{as[i], bs[i], os[i], stratum}
				c := cells[key]
				if c == nil {
					c = &primaryCell{}
					cells[key] = c
				}
				c.add(int64(ns[i]), ms[i], hs[i]-ms[i], q)
			}
		}
		return t.Err()
	}
	if err := read(output.TableContrasts, false); err != nil {
		return nil, err
	}
	if err := read(output.TableContrastsByFormation, true); err != nil {
		return nil, err
	}
	if shared {
		for _, c := range cells {
			c.noSE = true
		}
	}
	return &primaryData{pairs: pairs, cells: cells, shared: shared}, nil
}

// newPrimarySection is the report's section of d: the table, a sentence per
// contrast and, when the formation strata exist, the sentence of the
// formation figure.
func newPrimarySection(d *primaryData) *primarySection {
	s := &primarySection{Shared: d.shared, Strata: []string{"all replicates", "treaty formed", "treaty not formed"}}
	for _, p := range d.pairs {
		for _, id := range primaryOutcomes {
			o := engine.Outcomes[id].Name
			row := primaryRow{Pair: p[0] + " − " + p[1], Outcome: outcomeName(o)}
			for _, st := range primaryStrata {
				c := d.cell(p, o, st)
				if c == nil {
					row.Cells = append(row.Cells, "–")
					continue
				}
				lo, hi := c.ci()
				row.Cells = append(row.Cells, fmt.Sprintf("%s [%s, %s] (n %d)", fmtSigned(c.mean()), fmtSigned(lo), fmtSigned(hi), c.n))
			}
			s.Rows = append(s.Rows, row)
		}
		var parts []primaryReading
		for _, id := range primaryOutcomes {
			o := engine.Outcomes[id]
			all := d.cell(p, o.Name, "all")
			if all == nil {
				continue
			}
			lo, hi := all.ci()
			parts = append(parts, primaryReading{outcome: o.Name, better: o.Better, mean: all.mean(), lo: lo, hi: hi})
		}
		s.Readings = append(s.Readings, primaryReadingText(p[0], p[1], parts, d.noCI()))
	}
	if d.hasStrata() {
		s.Formation = formationReading(d)
		s.Gap = d.hasGap()
	}
	var missing []string
	for _, p := range output.PrimaryPairs {
		if !slices.Contains(d.pairs, p) {
			missing = append(missing, p[0]+" − "+p[1])
		}
	}
	s.Missing = strings.Join(missing, " or ")
	return s
}

// primaryReading is one outcome's pooled contrast, for the sentence.
type primaryReading struct {
	outcome      string
	better       engine.Direction
	mean, lo, hi float64
}

// primaryReadingText says in plain language what the pooled contrast a − b
// shows in each headline outcome: which side does better (by the CI), or
// that the CI includes 0; noCI says why a reading has no interval.
func primaryReadingText(a, b string, rs []primaryReading, noCI string) string {
	lead := a + " − " + b
	if a == output.PrimaryAddsA && b == output.PrimaryAddsB {
		lead = "What a treaty adds to the cells (" + lead + ")"
	} else if a == output.PrimaryA && b == output.PrimaryB {
		lead = "The layered structure against the treaty (" + lead + ")"
	}
	s := lead + ", pooled over the design points:"
	for k, r := range rs {
		if k > 0 {
			s += ";"
		}
		ci := fmt.Sprintf("%s, 95%% CI %s to %s", fmtSigned(r.mean), fmtSigned(r.lo), fmtSigned(r.hi))
		switch {
		case math.IsNaN(r.lo) || math.IsNaN(r.hi):
			// One replicate per point gives no standard error: the data
			// cannot tell a difference from none, and the sentence says so.
			s += fmt.Sprintf(" in %s %s, with no confidence interval (%s)", outcomeName(r.outcome), fmtSigned(r.mean), noCI)
		case r.lo <= 0 && r.hi >= 0:
			s += fmt.Sprintf(" in %s no detectable difference (%s)", outcomeName(r.outcome), ci)
		case (r.lo > 0) == (r.better == engine.HigherBetter):
			s += fmt.Sprintf(" in %s %s does better (%s)", outcomeName(r.outcome), a, ci)
		default:
			s += fmt.Sprintf(" in %s %s does better (%s)", outcomeName(r.outcome), b, ci)
		}
	}
	return s + "."
}
