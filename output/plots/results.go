package plots

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"pactsim/engine"
	"pactsim/output"
)

// headline is the outcome the figures and the report lead with; second
// is the second headline, the severity-weighted loss, which the headline
// table shows beside it (docs/model.md sec. 13).
var (
	headline = engine.Outcomes[output.PrimaryOutcome].Name
	second   = engine.Outcomes[output.SecondaryOutcome].Name
)

// Caps that keep memory and the figures bounded whatever the size of the
// design: each figure holds data only for the points it draws, and a figure
// whose points would pass its cap is left out with a note in the report
// (no one reads 100,000 boxes or a 5,000-point line of two-replicate means).
const (
	maxLinePoints  = 2000    // design points on one sweep line
	maxHeatCells   = 40000   // cells of one contrast heatmap (200 x 200)
	maxBoxPoints   = 40      // boxes of the paired-difference figure
	maxBoxValues   = 1 << 22 // paired differences held for it: 32 MiB
	maxReportRows  = 50      // rows of the report's headline table
	summaryName    = output.TableSummary + ".parquet"
	contrastsName  = output.TableContrasts + ".parquet"
	pointsName     = output.TablePoints + ".parquet"
	runsFolderName = output.TableRuns
)

// param is a swept parameter: its dotted name and unit.
type param struct {
	name string
	unit string
}

// label is the axis label of a parameter: name and unit.
func (p param) label() string { return withUnit(p.name, p.unit) }

func withUnit(name, unit string) string {
	if unit == "" {
		return name
	}
	return name + " (" + unit + ")"
}

// designPoint is one point of the sweep: its index and swept values, in the
// order of results.params.
type designPoint struct {
	index  int
	values []float64
}

// stat is one summary cell; NaN where the table holds null.
type stat struct {
	n                      int64
	mean, sd, se, lo, high float64
}

type statKey struct {
	point        int
	architecture string
	outcome      string // headline or second
}

// contrast is one row of contrasts.parquet for a headline pair and the
// headline outcome.
type contrast struct {
	point              int
	n                  int64
	meanDiff, lo, high float64
	pABetter, pTie     float64
}

// verdict is how the report reads a contrast: by where its 95% CI lies.
type verdict int

const (
	undecided verdict = iota // the CI includes 0, or there is none
	aBetter                  // the whole CI is above 0
	bBetter                  // the whole CI is below 0
)

// A CI above 0 means a is better when the headline outcome is better
// higher, worse when it is better lower.
func (c contrast) verdict() verdict { return c.verdictIn(output.PrimaryOutcome) }

// verdictIn reads the contrast by the better direction of outcome id.
func (c contrast) verdictIn(id engine.OutcomeID) verdict {
	return verdictBy(engine.Outcomes[id].Better == engine.LowerBetter, c.lo, c.high)
}

// pairData is what the headline table and the contrast figures hold of one
// headline pair a − b.
type pairData struct {
	a, b string
	head map[int]contrast // headline contrast at needHead points, by point index
	// second is the second headline outcome's contrast (severity loss) at
	// the same points, shown beside the first in the headline table.
	second   map[int]contrast
	rows     int    // the pair's headline rows in contrasts.parquet
	verdicts [3]int // the pair's headline contrasts with an interval, by verdict, over all points
	noCI     int    // and those with no interval (n < 2)

	// diffs[i] holds the paired differences a − b of the headline outcome
	// at points[i], in replicate order; nil when not drawn.
	diffs [][]float64
}

// headlinePairs are the pairs the headline table and the contrast figures
// show: both primary contrasts (output.PrimaryPairs, what a treaty adds and
// layered − treaty, docs/model.md sec. 19) side by side when both ran, the
// one that ran when one did, else the first pair of the contrasts table.
// A config with one architecture has none.
func headlinePairs(archs []string) [][2]string {
	all := output.ContrastPairs(archs)
	var primary [][2]string
	for _, p := range output.PrimaryPairs {
		if slices.Contains(all, p) {
			primary = append(primary, p)
		}
	}
	if len(primary) > 0 {
		return primary
	}
	if len(all) > 0 {
		return all[:1]
	}
	return nil
}

// suffix is the file-stem suffix of the pair's figures: "" when the run has
// one headline pair, so that its figures keep their names, else
// "-A-minus-B".
func (r *results) suffix(p *pairData) string {
	if len(r.pairs) < 2 {
		return ""
	}
	return "-" + fileSafe(p.a) + "-minus-" + fileSafe(p.b)
}

// gloss says, in a figure's title, which question the pair answers, when
// the run shows both primary contrasts: " (what a treaty adds to the
// cells)" or " (the layered structure against the treaty alone)"; "" for
// one headline pair, whose titles stay as they were.
func (r *results) gloss(p *pairData) string {
	if len(r.pairs) < 2 {
		return ""
	}
	if g := pairQuestion(p.a, p.b); g != "" {
		return " (" + g + ")"
	}
	return ""
}

// pairQuestion names the question a primary contrast answers (docs/model.md
// sec. 19); "" for any other pair.
func pairQuestion(a, b string) string {
	switch {
	case a == output.PrimaryAddsA && b == output.PrimaryAddsB:
		return "what a treaty adds to the cells"
	case a == output.PrimaryA && b == output.PrimaryB:
		return "the layered structure against the treaty alone"
	}
	return ""
}

// pool accumulates one (architecture, outcome) over design points for the
// pooled figures; see results.pooled.
type pool struct {
	rows   int     // summary rows seen
	n      int64   // runs with a value, over all points
	points int     // points with a mean
	sum    float64 // sum of mean_i over the points with a mean
	sumVar squares // sum of se_i^2 over them
	df     int64   // sum of n_i - 1: the pooled interval's degrees of freedom
	noSE   bool    // a point with a mean has no standard error (n = 1)
	one    stat    // the row, when the design has one point
}

type archOutcome struct{ arch, outcome string }

// results is what the figures and the report need, gathered from a results
// directory by streaming its tables: memory holds the design matrix, one
// pool per (architecture, outcome), and the headline rows of only those
// points some figure draws (see plan). Every slice is in a fixed order
// (points ascending, architectures in config order, which is their order of
// first appearance in summary.parquet), so figures never depend on map
// iteration.
type results struct {
	dir           string
	params        []param
	points        []designPoint // ascending index; see pos
	architectures []string
	outcomes      []string // outcomes present in summary.parquet
	// pairs are the headline pairs (headlinePairs): both primary contrasts
	// when both ran, else the first pair of the contrasts table; nil with
	// one architecture.
	pairs []*pairData

	// The pooled primary contrasts (primary.go), overall and by treaty
	// formation; nil without a primary pair.
	primaryData *primaryData
	primary     *primarySection

	// The figure plan (plan.go), made from the design matrix alone.
	sweeps   []sweepPlan
	heats    []heatPlan
	paired   bool
	needStat []bool // by position in points: keep the headline outcomes' summary rows
	needHead []bool // by position in points: keep the headline contrast
	notes    []string

	stats map[statKey]stat // both headline outcomes at needStat points
	pools map[archOutcome]*pool

	// shared: the design has more than one point and shares each
	// replicate's world across them (crn: points, Meta.SharedWorlds), so
	// its points are not independent strata and the pooled figures and
	// contrasts give no interval (a hostile review, stop 32: the report
	// called a difference significant whose per-replicate interval was
	// four times as wide and included 0).
	shared bool

	// The analysis and calibration tables of the directory (each part nil
	// when absent), and whether it is a calibration's directory, which
	// has no summary and none of the fields above.
	an              *analyses
	calibrationOnly bool
}

// loadResults reads what the figures need from dir: the design matrix
// (points.parquet, or the summary when it is absent), DIR/summary.parquet
// (required), DIR/contrasts.parquet and DIR/runs/part-*.parquet (each
// optional: the figures that need them are left out, with a note). It
// checks ctx between batches. shared is Meta.SharedWorlds.
func loadResults(ctx context.Context, dir string, shared bool) (*results, error) {
	r := &results{
		dir:   dir,
		stats: make(map[statKey]stat),
		pools: make(map[archOutcome]*pool),
	}
	if err := r.loadPoints(ctx); err != nil {
		return nil, err
	}
	if r.shared = shared && len(r.points) > 1; r.shared {
		r.note("%s", sharedNote)
	}
	if err := r.plan(ctx); err != nil {
		return nil, err
	}
	if err := r.loadSummary(ctx); err != nil {
		return nil, err
	}
	for _, p := range headlinePairs(r.architectures) {
		r.pairs = append(r.pairs, &pairData{a: p[0], b: p[1], head: make(map[int]contrast), second: make(map[int]contrast)})
	}
	if len(r.pairs) == 0 {
		r.note("The contrast heatmaps, the paired differences and the headline table need two architectures; this run has one (%s).", r.architectures[0])
		r.heats, r.paired = nil, false
		return r, nil
	}
	if err := r.loadContrasts(ctx); err != nil {
		return nil, err
	}
	d, err := loadPrimary(ctx, dir, r.architectures, r.shared)
	if err != nil {
		return nil, err
	}
	if d != nil {
		r.primaryData, r.primary = d, newPrimarySection(d)
	}
	if r.paired {
		if err := r.loadRuns(ctx); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *results) note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

func (r *results) path(name string) string { return filepath.Join(r.dir, name) }

func (r *results) summaryPath() string { return r.path(summaryName) }

func (r *results) contrastsPath() string { return r.path(contrastsName) }

// nullCheck counts the nulls of a column over a whole table.
type nullCheck struct {
	rows, nulls int
}

func (c *nullCheck) add(rows, nulls int) { c.rows += rows; c.nulls += nulls }

// batch reads columns of a table's current batch into reused slices and
// keeps the first error, so a reader lists its columns and checks once
// (the error-value pattern of bufio.Scanner).
type batch struct {
	t   *output.Table
	err error
}

func (b *batch) ints(name string, dst []int64) []int64 {
	if b.err == nil {
		dst, b.err = b.t.Int64s(name, dst[:0])
	}
	return dst
}

func (b *batch) strings(name string, dst []string) []string {
	if b.err == nil {
		dst, b.err = b.t.Strings(name, dst[:0])
	}
	return dst
}

// floats reads a nullable column; nc, when not nil, counts its nulls.
func (b *batch) floats(name string, dst []float64, nc *nullCheck) []float64 {
	if b.err == nil {
		var nulls int
		dst, nulls, b.err = b.t.Float64s(name, dst[:0])
		if nc != nil {
			nc.add(len(dst), nulls)
		}
	}
	return dst
}

// allNull is an error when the column had rows and every one was null.
func (c nullCheck) allNull(path, name string) error {
	if c.rows > 0 && c.nulls == c.rows {
		return fmt.Errorf("plots: %s: column %q is all null", path, name)
	}
	return nil
}

// anyNull is an error when the column has any null.
func (c nullCheck) anyNull(path, name string) error {
	if err := c.allNull(path, name); err != nil {
		return err
	}
	if c.nulls > 0 {
		return fmt.Errorf("plots: %s: column %q has %d null values; want none", path, name, c.nulls)
	}
	return nil
}

// loadPoints reads the swept parameters (the summary's columns that the
// contract does not name, with their units) and the design matrix, from
// points.parquet when present, else from the summary's rows.
func (r *results) loadPoints(ctx context.Context) error {
	sum := r.summaryPath()
	head, err := output.OpenTable(sum, output.ColPoint)
	if err != nil {
		return err
	}
	swept, err := output.SweptColumns(output.TableSummary, head.Schema())
	if err != nil {
		head.Close()
		return err
	}
	for _, name := range swept {
		r.params = append(r.params, param{name: name, unit: head.Meta(name, output.MetaUnit)})
	}
	rows := head.NumRows()
	head.Close()
	if rows == 0 {
		return fmt.Errorf("plots: %s: the table has no rows", sum)
	}

	src := r.path(pointsName)
	if ok, err := exists(src); err != nil {
		return err
	} else if !ok {
		src = sum
	}
	t, err := output.OpenTable(src, append([]string{output.ColPoint}, swept...)...)
	if err != nil {
		return err
	}
	defer t.Close()
	if src != sum {
		got, err := output.SweptColumns(output.TablePoints, t.Schema())
		if err != nil {
			return err
		}
		if !slices.Equal(got, swept) {
			return fmt.Errorf("plots: %s has the parameters %q but %s has %q", src, got, sum, swept)
		}
	}
	checks := make([]nullCheck, len(swept))
	var idx []int64
	values := make([][]float64, len(swept))
	for t.Next(ctx) {
		b := batch{t: t}
		idx = b.ints(output.ColPoint, idx)
		for j, name := range swept {
			values[j] = b.floats(name, values[j], &checks[j])
		}
		if b.err != nil {
			return b.err
		}
		for i, p := range idx {
			// The summary repeats a point on consecutive rows; the
			// sort below drops any other repeat.
			if n := len(r.points); n > 0 && r.points[n-1].index == int(p) {
				continue
			}
			v := make([]float64, len(swept))
			for j := range swept {
				v[j] = values[j][i]
			}
			r.points = append(r.points, designPoint{index: int(p), values: v})
		}
	}
	if err := t.Err(); err != nil {
		return err
	}
	for j, name := range swept {
		if err := checks[j].anyNull(src, name); err != nil {
			return err
		}
	}
	if len(r.points) == 0 {
		return fmt.Errorf("plots: %s: the table has no rows", src)
	}
	slices.SortStableFunc(r.points, func(a, b designPoint) int { return a.index - b.index })
	r.points = slices.CompactFunc(r.points, func(a, b designPoint) bool { return a.index == b.index })
	return nil
}

// pos returns the position in r.points of the design point with index p.
// pactsim numbers points 0..P-1, so the position is usually p itself.
func (r *results) pos(p int) (int, bool) {
	if p >= 0 && p < len(r.points) && r.points[p].index == p {
		return p, true
	}
	return slices.BinarySearchFunc(r.points, p, func(d designPoint, t int) int { return d.index - t })
}

// loadSummary streams summary.parquet: the architectures and outcomes in
// order of appearance, a pool per (architecture, outcome), and the headline
// rows of the points that the plan draws.
func (r *results) loadSummary(ctx context.Context) error {
	path := r.summaryPath()
	t, err := output.OpenTable(path, output.ColPoint, output.ColArchitecture, output.ColOutcome, output.ColN,
		output.ColMean, output.ColSD, output.ColSE, output.ColCILow, output.ColCIHigh)
	if err != nil {
		return err
	}
	defer t.Close()
	var (
		points, ns      []int64
		archs, outcomes []string
		cols            = make([][]float64, 5)
		names           = []string{output.ColMean, output.ColSD, output.ColSE, output.ColCILow, output.ColCIHigh}
		meanNulls       nullCheck
		row             int
	)
	seenArch := make(map[string]bool)
	seenOutcome := make(map[string]bool)
	for t.Next(ctx) {
		b := batch{t: t}
		points = b.ints(output.ColPoint, points)
		archs = b.strings(output.ColArchitecture, archs)
		outcomes = b.strings(output.ColOutcome, outcomes)
		ns = b.ints(output.ColN, ns)
		// sd, se and the CI are null when n < 2, the mean when n = 0.
		cols[0] = b.floats(names[0], cols[0], &meanNulls)
		for k := 1; k < len(names); k++ {
			cols[k] = b.floats(names[k], cols[k], nil)
		}
		if b.err != nil {
			return b.err
		}
		for i, p := range points {
			pos, ok := r.pos(int(p))
			if !ok {
				return fmt.Errorf("plots: %s: row %d: point %d is not in the design matrix", path, row+i, p)
			}
			arch, outcome := archs[i], outcomes[i]
			if !seenArch[arch] {
				seenArch[arch] = true
				r.architectures = append(r.architectures, arch)
			}
			if !seenOutcome[outcome] {
				seenOutcome[outcome] = true
				r.outcomes = append(r.outcomes, outcome)
			}
			s := stat{n: ns[i], mean: cols[0][i], sd: cols[1][i], se: cols[2][i], lo: cols[3][i], high: cols[4][i]}
			pl := r.pools[archOutcome{arch, outcome}]
			if pl == nil {
				pl = &pool{}
				r.pools[archOutcome{arch, outcome}] = pl
			}
			if pl.rows++; pl.rows > len(r.points) {
				return fmt.Errorf("plots: %s: more rows for architecture %q, outcome %q than the design has points (%d): rows repeat", path, arch, outcome, len(r.points))
			}
			pl.add(s)
			if (outcome == headline || outcome == second) && r.needStat[pos] {
				r.stats[statKey{int(p), arch, outcome}] = s
			}
		}
		row += len(points)
	}
	if err := t.Err(); err != nil {
		return err
	}
	if err := meanNulls.allNull(path, output.ColMean); err != nil {
		return err
	}
	if !seenOutcome[headline] {
		return fmt.Errorf("plots: %s: column %q has no %q rows", path, output.ColOutcome, headline)
	}
	return nil
}

// add adds one summary row. Rows without a mean (n = 0) add nothing; a row
// with n = 1 has no standard error and adds no spread.
func (p *pool) add(s stat) {
	p.one = s
	if s.n == 0 || math.IsNaN(s.mean) {
		return
	}
	p.n += s.n
	p.points++
	p.sum += s.mean
	if math.IsNaN(s.se) {
		// A single replicate: the point's variance is unknown, so the
		// pooled one is too (it was taken as 0, and the interval came
		// out too narrow: a review, stop 24).
		p.noSE = true
		return
	}
	p.sumVar.add(1, s.se)
	p.df += s.n - 1
}

// stat returns the summary cell of a headline outcome (headline or
// second) at a point the plan draws, and whether it exists with a mean.
func (r *results) stat(point int, arch, outcome string) (stat, bool) {
	s, ok := r.stats[statKey{point, arch, outcome}]
	return s, ok && !math.IsNaN(s.mean)
}

// pooled returns the mean of an outcome over the design points where it is
// defined, each point weighted equally, for one architecture, with a
// Student t 95% interval of sum(n_i - 1) degrees of freedom, none when a
// point has a single replicate (its variance is unknown). Points are fixed
// strata, so the standard error is sqrt(sum w_i^2 se_i^2) with w_i = 1/K
// over the K points (the stratified-sample variance, Cochran 1977,
// Sampling Techniques, eq. 5.6). Where every run has a value, n_i is the
// replicates at every point and this is the mean of all runs. Weighting by
// runs instead made an outcome defined only in some runs (the honour rate:
// runs with a commitment) a mixture whose weights differ between
// architectures, and the pooled order could reverse every point's (a
// figures audit, stop 37: treaty_plus_cells's honour rate above layered's
// at three of five points, pooled below it). With one point it is that
// point's own row, Student t CI included.
func (r *results) pooled(arch, outcome string) (stat, bool) {
	p := r.pools[archOutcome{arch, outcome}]
	if p == nil {
		return stat{}, false
	}
	if len(r.points) == 1 {
		return p.one, !math.IsNaN(p.one.mean)
	}
	if p.n == 0 {
		return stat{}, false
	}
	k := float64(p.points)
	out := stat{n: p.n, mean: p.sum / k, se: p.sumVar.rootOver(k), sd: math.NaN()}
	if p.noSE || r.shared {
		out.se = math.NaN()
	}
	t := t975(p.df)
	out.lo, out.high = out.mean-t*out.se, out.mean+t*out.se
	return out, true
}
