package experiments

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"

	"go.yaml.in/yaml/v3"

	"pactsim/agents/param"
	"pactsim/analysis"
	"pactsim/output"
)

// AnalysisSpec is the analysis section (README, "What a results directory holds"):
// what is analysed per design point, and how.
type AnalysisSpec struct {
	Quantities  []QuantitySpec   // analysed by the sensitivity method, in written order
	Sensitivity *SensitivitySpec // nil: none
	Discovery   []DiscoverySpec  // PRIM searches, in written order

	// Where each quantity and search was written (file, line, key), for
	// the errors only the tables can raise; empty when the spec was not
	// decoded.
	quantityAt, discoveryAt []position
}

// position is where an item of a config was written.
type position struct {
	file string
	line int
	key  string
}

// errorf returns a usage error at the position: a *ConfigError naming the
// file, line and key when known.
func (p position) errorf(format string, args ...any) error {
	if p.file == "" {
		return usagef(format, args...)
	}
	return &ConfigError{File: p.file, Line: p.line, Key: p.key, Msg: fmt.Sprintf(format, args...)}
}

// at returns the k-th position of ps; the zero position when there is none.
func at(ps []position, k int) position {
	if k < len(ps) {
		return ps[k]
	}
	return position{}
}

// QuantitySpec is a per-point quantity: the replicate mean of an outcome
// for one architecture, or, for a contrast [a, b], the replicate mean of
// the paired difference a − b.
type QuantitySpec struct {
	Outcome      string
	Architecture string    // one architecture; "" for a contrast
	Contrast     [2]string // a, b of the contrast a − b; empty otherwise
}

// IsContrast reports whether q is a paired contrast.
func (q QuantitySpec) IsContrast() bool { return q.Architecture == "" }

// String renders q the way discovery targets name it: "treaty
// deterrence_success" or "layered - treaty deterrence_success".
func (q QuantitySpec) String() string {
	if q.IsContrast() {
		return q.Contrast[0] + " - " + q.Contrast[1] + " " + q.Outcome
	}
	return q.Architecture + " " + q.Outcome
}

// SensitivitySpec configures the sensitivity analysis; the method follows
// the design (morris or saltelli).
type SensitivitySpec struct {
	Bootstrap int // resamples for the intervals; 0: none
}

// DefaultBootstrap is the number of bootstrap resamples when none is given.
const DefaultBootstrap = 1000

// Defaults of PRIM (the EMA Workbench's).
const (
	DefaultPeelAlpha  = 0.05
	DefaultPasteAlpha = 0.05
	DefaultMinMass    = 0.05
)

// DiscoverySpec is one PRIM search: points whose quantity lies above (or
// below) a threshold are the points of interest.
type DiscoverySpec struct {
	Quantity  QuantitySpec
	Below     bool    // the condition is quantity < Threshold; else quantity > Threshold
	Threshold float64 // the condition's number
	// Significant asks for the whole 95% interval of the point's quantity
	// (the summary or contrast interval) beyond the threshold, not its mean.
	Significant   bool
	PeelAlpha     float64
	PasteAlpha    float64
	MinMass       float64
	PeelToMinMass bool // peel_to_min_mass: analysis.PRIMOptions.ToMinMass
}

// Target is the text of the condition, as the discovery tables name it:
// "layered - treaty deterrence_success > 0", with " (95% CI)" appended when
// significant.
func (s DiscoverySpec) Target() string {
	op := ">"
	if s.Below {
		op = "<"
	}
	t := s.Quantity.String() + " " + op + " " + fmtNum(s.Threshold)
	if s.Significant {
		t += " (95% CI)"
	}
	return t
}

// Of reports whether a point is of interest, from its quantity's mean and 95%
// interval: never where it is undefined (NaN) or on the threshold (roundingTie).
func (s DiscoverySpec) Of(mean, ciLow, ciHigh float64) bool {
	v := s.compared(mean, ciLow, ciHigh)
	if math.IsNaN(v) || s.roundingTie(v, ciLow, ciHigh) {
		return false
	}
	if s.Below {
		return v < s.Threshold
	}
	return v > s.Threshold
}

// compared is the value Of compares with the threshold: the mean, or the
// interval's end on the threshold's side when significant.
func (s DiscoverySpec) compared(mean, ciLow, ciHigh float64) float64 {
	switch {
	case s.Significant && s.Below:
		return ciHigh
	case s.Significant:
		return ciLow
	}
	return mean
}

// CalibrationSpec is the calibration section (README, "What a results directory holds").
type CalibrationSpec struct {
	Parameters []CalibrationParam // in written order: the order of trace columns
	Targets    []TargetSpec       // in written order
	Optimizer  OptimizerSpec
}

// CalibrationParam is a free parameter and its search range.
type CalibrationParam struct {
	Name     string
	Min, Max float64
	line     int
}

// TargetSpec is one calibration target as written.
type TargetSpec struct {
	Name         string
	Table        string // analysis.TableRuns or analysis.TableStates
	States       []string
	Outcome      string
	Architecture string // a mean target
	Ratio        *RatioSpec
	// The range, or the value ± tolerance it came from.
	Low, High        float64
	Value, Tolerance float64
	HasValue         bool
	Weight           float64
}

// RatioSpec is a ratio target: mean(outcome | a) / mean(outcome | b).
type RatioSpec struct {
	Outcome string
	A, B    string
}

// OptimizerSpec is calibration.optimizer.
type OptimizerSpec struct {
	Method      string // MethodCMAES or MethodLHS
	Evaluations int
	Population  int    // 0: CMA-ES's default
	Start       string // "defaults" or "center"
}

// Budget is the evaluations as the commands announce them: "up to N
// evaluations" for a search, which may stop sooner, "a design of N
// evaluations" for lhs, which runs every one.
func (o OptimizerSpec) Budget() string {
	n := fmt.Sprintf("%d %s", o.Evaluations, output.Plural(o.Evaluations, "evaluation"))
	if o.Method == MethodLHS {
		return "a design of " + n
	}
	return "up to " + n
}

// Calibration defaults and choices.
const (
	// MethodCMAES searches for one point that meets every target and stops
	// there (analysis.Calibrate).
	MethodCMAES = "cmaes"
	// MethodLHS evaluates the start and then a Latin hypercube of
	// evaluations − 1 points of the box, all of them: the evaluations of
	// the trace whose loss is 0 are the set of constants the targets
	// cannot tell apart (analysis.Calibration.Points).
	MethodLHS          = "lhs"
	DefaultEvaluations = 300
	StartDefaults      = "defaults" // each parameter's registry default, moved into its range
	StartCenter        = "center"   // the middle of each range
)

var startNames = []string{StartDefaults, StartCenter}

// Target converts the written target for the analysis package.
func (t TargetSpec) Target() analysis.Target {
	q := func(outcome, arch string) analysis.Quantity {
		return analysis.Quantity{Table: t.Table, Outcome: outcome, Architecture: arch, States: t.States}
	}
	out := analysis.Target{Name: t.Name, Low: t.Low, High: t.High, Weight: t.Weight}
	if t.Ratio != nil {
		out.Of = q(t.Ratio.Outcome, t.Ratio.A)
		per := q(t.Ratio.Outcome, t.Ratio.B)
		out.Per = &per
	} else {
		out.Of = q(t.Outcome, t.Architecture)
	}
	if t.HasValue {
		out.Wanted = fmtNum(t.Value) + " ± " + fmtNum(t.Tolerance)
	}
	return out
}

// analysisStream is the generator of one analysis's random draws (bootstrap
// resamples, CMA-ES samples): from the config seed and a name, like
// designStream, so that it never shares draws with the design or another
// analysis.
func analysisStream(seed int64, name string) rand.Source {
	h := fnv.New64a()
	h.Write([]byte("pactsim/experiments/analysis/" + name))
	return rand.NewPCG(uint64(seed), h.Sum64())
}

// CRN reports whether replicate streams are shared across design points
// (sweep.crn: points).
func (p *Plan) CRN() bool { return p.Config.Sweep != nil && p.Config.Sweep.CRN == CRNPoints }

// SensitivityRow is one row of the sensitivity table (README, "What a results directory holds"): output's, which writes it. NaN numbers and empty strings
// are nulls.
type SensitivityRow = output.SensitivityRow

// Sensitivity computes the sensitivity indices of quantity q from y, its
// value at every design point (in point order), with the method of the
// design: Morris's mu, mu* and sigma, or Sobol's S1 and ST (and S2 with
// second_order). Rows come parameter by parameter in sweep order, each
// with its indices in the order above; S2 rows follow, pairs in row-major
// order. Bootstrap resamples are drawn from the config seed and the
// quantity (as the contrasts table orients it), so the table is the same
// on every run and for both spellings of a contrast.
func (p *Plan) Sensitivity(ctx context.Context, q QuantitySpec, y []float64) ([]SensitivityRow, error) {
	s := p.Config.Sweep
	if s == nil || !s.Design.sensitivity() {
		return nil, fmt.Errorf("experiments: sensitivity needs design morris or saltelli")
	}
	if len(y) != p.NumPoints() {
		return nil, fmt.Errorf("experiments: %d values for %d design points", len(y), p.NumPoints())
	}
	boot := analysis.Bootstrap{Resamples: DefaultBootstrap}
	if a := p.Config.Analysis; a != nil && a.Sensitivity != nil {
		boot.Resamples = a.Sensitivity.Bootstrap
	}
	// Named by the table's orientation: a − b and b − a have the same
	// Sobol indices and Morris's μ* and σ, and with the same resamples the
	// same intervals (μ's mirrored, up to the rounding of the percentiles).
	oriented, _ := q.tableOriented(p.ArchitectureNames())
	boot.Src = analysisStream(p.Config.Seed, "sensitivity/"+oriented.String())
	base := SensitivityRow{Outcome: q.Outcome, ArchitectureA: q.Architecture}
	if q.IsContrast() {
		base.ArchitectureA, base.ArchitectureB = q.Contrast[0], q.Contrast[1]
	}
	k := len(p.SweptNames)
	row := func(method, index string, j int, e analysis.Estimate) SensitivityRow {
		r := base
		r.Method, r.Index, r.Parameter = method, index, p.SweptNames[j]
		r.Estimate, r.CILow, r.CIHigh, r.N = e.Value, e.CILow, e.CIHigh, e.N
		return r
	}
	var rows []SensitivityRow
	switch s.Design {
	case Morris:
		res, err := analysis.Morris(ctx, morrisRangeShares(s, p.Config.Seed), k, y, boot)
		if err != nil {
			return nil, fmt.Errorf("experiments: sensitivity of %s: %w", q, err)
		}
		for j := range k {
			rows = append(rows, row("morris", "mu", j, res.Mu[j]), row("morris", "mu_star", j, res.MuStar[j]), row("morris", "sigma", j, res.Sigma[j]))
		}
	case Saltelli:
		res, err := analysis.Sobol(ctx, y, k, s.SecondOrder, boot)
		if err != nil {
			return nil, fmt.Errorf("experiments: sensitivity of %s: %w", q, err)
		}
		for j := range k {
			rows = append(rows, row("sobol", "S1", j, res.S1[j]), row("sobol", "ST", j, res.ST[j]))
		}
		for _, pe := range res.S2 {
			r := row("sobol", "S2", pe.I, pe.Estimate)
			r.ParameterB = p.SweptNames[pe.J]
			rows = append(rows, r)
		}
	}
	return rows, nil
}

// morrisRangeShares is the Morris design's points as shares of each
// parameter's range, (x − min)/(max − min), so that an elementary effect is
// the quantity's change per whole range (the codebook's unit). A real
// parameter's share is its unit coordinate itself; an integer parameter's
// is that of the whole value the point runs (fromUnit's bins), whose step
// differs from the grid's: on [1, 8] a grid step of 2/3 moves 5 of 7, not
// 2/3 of the range. Every grid step (p/(2(p−1)) > 1/2) crosses a bin, as
// a swept integer range has at least two values, so no move is lost.
func morrisRangeShares(s *Sweep, seed int64) []float64 {
	u := unitDesign(s, seed)
	d := len(s.Parameters)
	for j, sp := range s.Parameters {
		if kindOf(sp.Name) != param.Int {
			continue
		}
		for q := j; q < len(u); q += d {
			u[q] = (fromUnit(u[q], sp, param.Int) - sp.Min) / (sp.Max - sp.Min)
		}
	}
	return u
}

// PRIMShuffles is the number of shuffled searches PRIM's proposal must
// beat (analysis.PRIMTest): 19 is a test at the 5% level.
const PRIMShuffles = 19

// DiscoveryRow is one row of the discovery table: a box of the PRIM
// trajectory (output's, which writes it).
type DiscoveryRow = output.DiscoveryRow

// DiscoveryLimitRow is one row of the discovery_limits table: a box's
// inclusive limits of one swept parameter (output's, which writes it).
type DiscoveryLimitRow = output.DiscoveryLimitRow

// Discover runs the PRIM search d over the design points. mean, ciLow and
// ciHigh give each point's quantity and its 95% interval (the summary or
// contrasts table's mean and ci_low/ci_high; the interval is read only
// when d.Significant). Points whose value is undefined (NaN) are not of
// interest. The design range of each parameter is its sweep {min, max}
// (for list-valued grid or zip parameters, the smallest and largest value).
// It returns the trajectory rows (one per box) and the limit rows (every
// swept parameter for every box, in sweep order).
//
// PRIM's proposal is tested against chance (analysis.PRIMTest, with
// PRIMShuffles shuffles drawn from the config seed and the target), so a
// box of noise is not proposed: the selected box is then box 0. With
// crn: points the test is not made (see below).
func (p *Plan) Discover(ctx context.Context, d DiscoverySpec, mean, ciLow, ciHigh []float64) ([]DiscoveryRow, []DiscoveryLimitRow, error) {
	n := p.NumPoints()
	if len(mean) != n || (d.Significant && (len(ciLow) != n || len(ciHigh) != n)) {
		return nil, nil, fmt.Errorf("experiments: discovery needs one value (and interval) per design point, %d points", n)
	}
	if p.Config.Sweep == nil {
		return nil, nil, fmt.Errorf("experiments: discovery needs a sweep")
	}
	k := len(p.SweptNames)
	lo, hi := make([]float64, k), make([]float64, k)
	for j, sp := range p.Config.Sweep.Parameters {
		if sp.IsRange() {
			lo[j], hi[j] = sp.Min, sp.Max
			continue
		}
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
		for _, v := range sp.Values {
			lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
		}
	}
	y := make([]bool, n)
	for i := range n {
		l, h := math.NaN(), math.NaN()
		if len(ciLow) == n && len(ciHigh) == n { // the scale of a mean's rounding too
			l, h = ciLow[i], ciHigh[i]
		}
		y[i] = d.Of(mean[i], l, h)
	}
	// With common random numbers across points (crn: points) the points'
	// noise is shared, so points of interest cluster where nothing acts,
	// the shuffles are no null, and the test is not made: the selection
	// is PRIM's own.
	shuffles := PRIMShuffles
	if p.CRN() {
		shuffles = 0
	}
	res, err := analysis.PRIMTest(ctx, p.matrix, k, y, lo, hi, analysis.PRIMOptions{PeelAlpha: d.PeelAlpha, PasteAlpha: d.PasteAlpha, MinMass: d.MinMass, ToMinMass: d.PeelToMinMass},
		shuffles, analysisStream(p.Config.Seed, "discovery/"+d.tableOriented(p.ArchitectureNames()).Target()))
	if err != nil {
		return nil, nil, fmt.Errorf("experiments: discovery of %s: %w", d.Target(), err)
	}
	target := d.Target()
	var boxes []DiscoveryRow
	var limits []DiscoveryLimitRow
	for b, box := range res.Boxes {
		coverage := box.Coverage
		if res.Boxes[0].Cases == 0 {
			// No point is of interest (box 0 is the whole range): the
			// share of them in a box is 0/0, null in the table.
			coverage = math.NaN()
		}
		boxes = append(boxes, DiscoveryRow{Target: target, Box: b, Coverage: coverage, Density: box.Density,
			Mass: box.Mass, Restricted: box.Restricted, Selected: b == res.Selected})
		for j, name := range p.SweptNames {
			limits = append(limits, DiscoveryLimitRow{Target: target, Box: b, Parameter: name, Low: box.Low[j], High: box.High[j],
				Restricted: box.Low[j] != lo[j] || box.High[j] != hi[j]})
		}
	}
	return boxes, limits, nil
}

// MovedStarts lists, for start: defaults, the free parameters whose value
// in the config (its params, else the registry default) lies outside
// their search range, each as a clause saying so: the search starts at
// the nearer end instead (Calibration).
func (p *Plan) MovedStarts() []string {
	cs := p.Config.Calibration
	if cs == nil || cs.Optimizer.Start != StartDefaults {
		return nil
	}
	var out []string
	start := p.searchStart()
	for j, cp := range cs.Parameters {
		if v := p.base.Get(cp.Name); v != start[j] {
			out = append(out, fmt.Sprintf("%s = %s lies outside [%s, %s], so the search starts at %s", cp.Name, fmtNum(v), fmtNum(cp.Min), fmtNum(cp.Max), fmtNum(start[j])))
		}
	}
	return out
}

// Calibration returns the calibration problem of the config's calibration
// section, with model as the evaluation: bounds and start in the order of
// calibration.parameters, the targets, the budget and population, and
// CMA-ES's source from the config seed. model typically runs
// WithCalibrated(x)'s tasks, which share their seeds from one evaluation
// to the next (common random numbers), so the loss is deterministic.
func (p *Plan) Calibration(model analysis.Model) (analysis.Calibration, error) {
	cs := p.Config.Calibration
	if cs == nil {
		return analysis.Calibration{}, fmt.Errorf("experiments: the config has no calibration section")
	}
	c := analysis.Calibration{
		Model:       model,
		Evaluations: cs.Optimizer.Evaluations,
		Population:  cs.Optimizer.Population,
		Src:         analysisStream(p.Config.Seed, "calibration"),
	}
	for _, cp := range cs.Parameters {
		c.Lower = append(c.Lower, cp.Min)
		c.Upper = append(c.Upper, cp.Max)
	}
	c.Start = p.searchStart()
	for _, t := range cs.Targets {
		c.Targets = append(c.Targets, t.Target())
	}
	if cs.Optimizer.Method == MethodLHS {
		c.Points = calibrationDesign(c.Lower, c.Upper, c.Evaluations-1, analysisStream(p.Config.Seed, "calibration-lhs"))
	}
	return c, nil
}

// WithCalibrated returns the plan of the config with the calibration
// parameters fixed at x (in the order of calibration.parameters) under
// params and without the calibration section: the plan one calibration
// evaluation runs, and, through Canonical, calibrated.yaml. Its tasks have
// the same seeds as every other evaluation's.
func (p *Plan) WithCalibrated(x []float64) (*Plan, error) {
	cs := p.Config.Calibration
	if cs == nil {
		return nil, fmt.Errorf("experiments: the config has no calibration section")
	}
	if len(x) != len(cs.Parameters) {
		return nil, fmt.Errorf("experiments: %d values for %d calibration parameters", len(x), len(cs.Parameters))
	}
	c := *p.Config
	c.Calibration = nil
	// The config's notes were said when it was read; an evaluation has
	// none of its own (and shares no slice or map with the config).
	c.Notes, c.fixedLines = nil, nil
	c.Fixed = make(map[string]float64, len(p.Config.Fixed)+len(x))
	for k, v := range p.Config.Fixed {
		c.Fixed[k] = v
	}
	for j, cp := range cs.Parameters {
		if !(cp.Min <= x[j] && x[j] <= cp.Max) {
			return nil, fmt.Errorf("experiments: %s = %v outside its calibration range [%v, %v]", cp.Name, x[j], cp.Min, cp.Max)
		}
		c.Fixed[cp.Name] = x[j]
	}
	return resolve(&decoder{file: p.file, stored: true}, &c, 0) // the config's advice was given when it was read
}

// canonicalAnalysis appends the analysis and calibration sections to the
// canonical config, every default written out, when the config has them;
// without them the canonical bytes are what they were before the sections
// existed.
func canonicalAnalysis(top mapBuilder, c *Config) {
	if a := c.Analysis; a != nil {
		sec := newMap()
		if len(a.Quantities) > 0 {
			qs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			for _, q := range a.Quantities {
				qs.Content = append(qs.Content, canonicalQuantity(q))
			}
			sec.add("quantities", qs)
		}
		if a.Sensitivity != nil {
			sn := newMap().add("bootstrap", integer(int64(a.Sensitivity.Bootstrap)))
			sn.n.Style = yaml.FlowStyle
			sec.add("sensitivity", sn.n)
		}
		if len(a.Discovery) > 0 {
			ds := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
			for _, d := range a.Discovery {
				op := "above"
				if d.Below {
					op = "below"
				}
				cond := newMap().add(op, num(d.Threshold)).add("significant", boolean(d.Significant))
				cond.n.Style = yaml.FlowStyle
				m := newMap().
					add("quantity", canonicalQuantity(d.Quantity)).
					add("condition", cond.n).
					add("peel_alpha", num(d.PeelAlpha)).
					add("paste_alpha", num(d.PasteAlpha)).
					add("min_mass", num(d.MinMass))
				if d.PeelToMinMass { // only when set: earlier configs' hashes stay
					m.add("peel_to_min_mass", boolean(true))
				}
				ds.Content = append(ds.Content, m.n)
			}
			sec.add("discovery", ds)
		}
		top.add("analysis", sec.n)
	}
	if cs := c.Calibration; cs != nil {
		ps := newMap()
		for _, cp := range cs.Parameters {
			r := newMap().add("min", num(cp.Min)).add("max", num(cp.Max))
			r.n.Style = yaml.FlowStyle
			ps.add(cp.Name, r.n)
		}
		ts := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for _, t := range cs.Targets {
			m := newMap().add("name", str(t.Name)).add("table", str(t.Table))
			if t.States != nil {
				m.add("states", strSeq(t.States))
			}
			if t.Ratio != nil {
				r := newMap().add("outcome", str(t.Ratio.Outcome)).add("a", str(t.Ratio.A)).add("b", str(t.Ratio.B))
				r.n.Style = yaml.FlowStyle
				m.add("ratio", r.n)
			} else {
				m.add("outcome", str(t.Outcome)).add("architecture", str(t.Architecture))
			}
			if t.HasValue {
				m.add("value", num(t.Value)).add("tolerance", num(t.Tolerance))
			} else {
				m.add("range", flowSeq(num(t.Low), num(t.High)))
			}
			m.add("weight", num(t.Weight))
			m.n.Style = yaml.FlowStyle
			ts.Content = append(ts.Content, m.n)
		}
		opt := newMap().
			add("method", str(cs.Optimizer.Method)).
			add("evaluations", integer(int64(cs.Optimizer.Evaluations))).
			add("population", integer(int64(cs.Optimizer.Population))).
			add("start", str(cs.Optimizer.Start))
		opt.n.Style = yaml.FlowStyle
		top.add("calibration", newMap().add("parameters", ps.n).add("targets", ts).add("optimizer", opt.n).n)
	}
}

func canonicalQuantity(q QuantitySpec) *yaml.Node {
	m := newMap().add("outcome", str(q.Outcome))
	if q.IsContrast() {
		m.add("contrast", strSeq(q.Contrast[:]))
	} else {
		m.add("architecture", str(q.Architecture))
	}
	m.n.Style = yaml.FlowStyle
	return m.n
}
