package experiments

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"go.yaml.in/yaml/v3"

	"pactsim/agents"
	"pactsim/agents/param"
	"pactsim/analysis"
	"pactsim/engine"
	"pactsim/output"
)

// The analysis and calibration sections (README, "What a results directory holds"),
// decoded as strictly as the rest: unknown keys, wrong types, names that
// are not outcomes, architectures or states of this config, and settings
// outside their ranges are ConfigErrors naming file, line, key and what is
// allowed. Both sections are checked after the architectures, population,
// params and sweep they refer to.

var (
	analysisKeys    = []string{"quantities", "sensitivity", "discovery"}
	quantityKeys    = []string{"outcome", "architecture", "contrast"}
	sensitivityKeys = []string{"bootstrap"}
	discoveryKeys   = []string{"quantity", "condition", "peel_alpha", "paste_alpha", "min_mass", "peel_to_min_mass"}
	conditionKeys   = []string{"above", "below", "significant"}
	calibrationKeys = []string{"parameters", "targets", "optimizer"}
	targetKeys      = []string{"name", "table", "states", "outcome", "architecture", "ratio", "range", "value", "tolerance", "weight"}
	ratioKeys       = []string{"outcome", "a", "b"}
	optimizerKeys   = []string{"method", "evaluations", "population", "start"}
)

// MaxBootstrap bounds analysis.sensitivity.bootstrap.
const MaxBootstrap = 1_000_000

// MinBootstrap is the fewest resamples that give a 95% percentile interval
// (analysis.DefaultLevel): each 2.5% tail must hold at least one resample,
// 40 × 0.025 = 1. With fewer, the ends are interpolated between the
// extremes, and one resample gives an interval of width 0 that need not
// hold its own estimate. Efron & Tibshirani (1993, ch. 13) ask for 1,000
// or more for stable ends.
const MinBootstrap = 40

// MaxEvaluations bounds calibration.optimizer.evaluations.
const MaxEvaluations = 1_000_000

// runOutcomeNames lists the outcomes of the runs table.
func runOutcomeNames() []string {
	out := make([]string, len(engine.Outcomes))
	for k, o := range engine.Outcomes {
		out[k] = o.Name
	}
	return out
}

var (
	stateOutcomesOnce sync.Once
	stateOutcomes     []string
	stateRanges       map[string][2]float64 // each column's range, from its codebook entry
)

// stateOutcomeNames lists the per-state columns of the states table that a
// target can sum over states: every column of output's states schema but
// the identifying ones and the strings.
func stateOutcomeNames() []string {
	stateOutcomesOnce.Do(func() {
		s, err := output.StatesSchema([]string{"a"}, output.Provenance{})
		if err != nil {
			panic("experiments: states schema: " + err.Error())
		}
		for _, f := range s.Fields() {
			switch f.Name {
			case "point", "replicate", "architecture", "state_index":
				continue
			}
			if f.Type.ID() == arrow.DICTIONARY || f.Type.ID() == arrow.STRING {
				continue
			}
			stateOutcomes = append(stateOutcomes, f.Name)
			rng, _ := f.Metadata.GetValue(output.MetaRange)
			lo, hi := rangeBounds(rng)
			if stateRanges == nil {
				stateRanges = map[string][2]float64{}
			}
			stateRanges[f.Name] = [2]float64{lo, hi}
		}
	})
	return stateOutcomes
}

// stateColumnRange is the range of the states table's column col, from
// its codebook entry; false for a column that is not a target's outcome.
func stateColumnRange(col string) ([2]float64, bool) {
	stateOutcomeNames()
	r, ok := stateRanges[col]
	return r, ok
}

func (c *Config) architectureNames() []string {
	out := make([]string, len(c.Architectures))
	for k, a := range c.Architectures {
		out[k] = a.Name
	}
	return out
}

// oneOf reads a string that must be one of allowed.
func (d *decoder) oneOf(n *yaml.Node, key, what string, allowed []string) (string, error) {
	s, err := d.str(deref(n), key)
	if err != nil {
		return "", d.notOneOf(n, key, what, allowed, err)
	}
	if !slices.Contains(allowed, s) {
		return "", d.errf(n, key, "unknown %s %q%s (allowed: %s)", what, s, meant(s, allowed), strings.Join(allowed, ", "))
	}
	return s, nil
}

// notOneOf is err, str's refusal of n, for a key of a few allowed
// values: it names them, and keeps str's hint to quote n only where the
// quoted text is one of them (an architecture named 1). "sweep.design: want
// a string, got a number (5) (quote it, "5", ...)" named neither the
// designs nor a fix that works (a hostile review, h1).
func (d *decoder) notOneOf(n *yaml.Node, key, what string, allowed []string, err error) error {
	if v := deref(n); v.Kind != yaml.ScalarNode || !slices.Contains(allowed, v.Value) {
		article := "a"
		if strings.ContainsRune("aeiou", rune(what[0])) {
			article = "an"
		}
		return d.errf(n, key, "want %s %s (allowed: %s), got %s", article, what, strings.Join(allowed, ", "), describe(v))
	}
	return err
}

// fraction reads a number in the open interval (lo, hi), or (lo, hi] when
// closed.
func (d *decoder) fraction(n *yaml.Node, key string, lo, hi float64, closed bool) (float64, error) {
	x, err := d.number(deref(n), key)
	if err != nil {
		return 0, err
	}
	ok := x > lo && (x < hi || (closed && x == hi))
	if !ok {
		bracket := ")"
		if closed {
			bracket = "]"
		}
		return 0, d.errf(n, key, "%s is out of range (allowed (%s, %s%s)", fmtNum(x), fmtNum(lo), fmtNum(hi), bracket)
	}
	return x, nil
}

// analysis decodes the analysis section n of config c (whose sweep and
// architectures are already decoded); at, its key, is the line of an error
// of the whole section (n's own line is its first entry's in block style).
func (d *decoder) analysis(n, at *yaml.Node, c *Config) (*AnalysisSpec, error) {
	fields, err := d.mapping(n, "analysis", analysisKeys)
	if err != nil {
		return nil, err
	}
	if c.Sweep == nil {
		return nil, d.errf(at, "analysis", "needs a sweep: the analyses compare design points")
	}
	a := &AnalysisSpec{}
	design := c.Sweep.Design
	sensitive := design.sensitivity()
	var quantitiesNode, sensitivityNode *yaml.Node
	for _, f := range fields {
		switch f.name {
		case "quantities":
			quantitiesNode = f.val
			list := deref(f.val)
			if list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
				return nil, d.errf(f.val, "analysis.quantities", "want a non-empty list of {outcome, architecture} or {outcome, contrast: [a, b]}, got %s", describe(list))
			}
			seen := map[string]bool{}
			for k, qn := range list.Content {
				key := index("analysis.quantities", k)
				q, err := d.quantity(qn, key, c)
				if err != nil {
					return nil, err
				}
				if seen[q.String()] {
					return nil, d.errf(qn, key, "%s is listed twice", q)
				}
				// Advice to a new config (decoder.stored): an older version
				// accepted the pair.
				if m := q.reversed(); !d.stored && q.IsContrast() && seen[m.String()] {
					return nil, d.errf(qn, key, "%s is listed twice: %s is the same contrast with its sign reversed, and has the same indices (Morris's mu mirrored); keep one", q, m)
				}
				if arch, why := undefinedFor(c, q); arch != "" {
					return nil, d.errf(qn, key, "%s is undefined (null) in every run of architecture %s, which %s; sensitivity indices need a value at every point: choose another architecture or outcome", q.Outcome, arch, why)
				}
				seen[q.String()] = true
				a.Quantities = append(a.Quantities, q)
				a.quantityAt = append(a.quantityAt, d.position(qn, key))
			}
		case "sensitivity":
			sensitivityNode = f.val
			sf, err := d.mapping(f.val, "analysis.sensitivity", sensitivityKeys)
			if err != nil {
				return nil, err
			}
			a.Sensitivity = &SensitivitySpec{Bootstrap: DefaultBootstrap}
			for _, g := range sf {
				x, err := d.integer(g.val, "analysis.sensitivity.bootstrap", 0, MaxBootstrap, fmt.Sprintf("0 for no intervals, or integers %d..%d", MinBootstrap, MaxBootstrap))
				if err != nil {
					return nil, err
				}
				if x > 0 && x < MinBootstrap && !d.stored {
					// (A results directory's own file may hold fewer: its
					// tables were written so before stop 28.)
					return nil, d.errf(g.val, "analysis.sensitivity.bootstrap", "%d %s cannot give a 95%% percentile interval: each 2.5%% tail needs a resample, so at least %d (allowed: 0 for no intervals, or integers %d..%d; 1000 or more for stable ends)", x, output.Plural(int(x), "resample"), MinBootstrap, MinBootstrap, MaxBootstrap)
				}
				a.Sensitivity.Bootstrap = int(x)
			}
		case "discovery":
			if !design.sampled() && design != Saltelli {
				return nil, d.errf(f.key, "analysis.discovery", "needs a sampled design (random, lhs, halton, saltelli), not %s: PRIM reads the points as a sample of the space", design)
			}
			if n := c.Sweep.Samples; design.sampled() && n < MinDiscoveryPoints && !d.stored {
				why := fmt.Sprintf("on %d %s there are at most %d %s to mark the points of interest, so no box PRIM proposes could be told from chance at 5%%", n, output.Plural(n, "point"), maxLabellings(n), output.Plural(maxLabellings(n), "way"))
				if !d.config {
					// An analysis file (runner analyze DIR FILE) has no
					// sweep key: the points are the results directory's,
					// and only a new run with more samples adds any (a
					// review, stop 54: the hint named sweep.samples as if
					// the file could set it).
					return nil, d.errf(f.key, "analysis.discovery", "needs at least %d design points, and the results directory was run on %d (its config.yaml's sweep.samples): an analysis file cannot add points; run the config again with sweep.samples %d..%d to search it with discovery (%s)", MinDiscoveryPoints, n, MinDiscoveryPoints, MaxPoints, why)
				}
				return nil, d.errf(f.key, "analysis.discovery", "needs at least %d design points, and sweep.samples gives %d (allowed: sweep.samples %d..%d with discovery): %s", MinDiscoveryPoints, n, MinDiscoveryPoints, MaxPoints, why)
			}
			v := deref(f.val)
			items := []*yaml.Node{v}
			list := v.Kind == yaml.SequenceNode
			if list {
				items = v.Content
				if len(items) == 0 {
					return nil, d.errf(f.val, "analysis.discovery", "empty list: give one search {quantity, condition} or a list of them")
				}
			}
			seen := map[string]bool{}
			for k, it := range items {
				key := "analysis.discovery"
				if list {
					key = index(key, k)
				}
				ds, err := d.discovery(it, key, c)
				if err != nil {
					return nil, err
				}
				if seen[ds.Target()] {
					return nil, d.errf(it, key, "the search %q is listed twice", ds.Target())
				}
				if m := mirrored(ds); !d.stored && ds.Quantity.IsContrast() && seen[m.Target()] {
					return nil, d.errf(it, key, "the search %q is listed twice: %q picks the same points (its contrast and condition reversed); keep one", ds.Target(), m.Target())
				}
				if arch, why := undefinedFor(c, ds.Quantity); arch != "" {
					return nil, d.errf(it, join(key, "quantity"), "%s is undefined (null) in every run of architecture %s, which %s, so no point could be of interest: choose another architecture or outcome", ds.Quantity.Outcome, arch, why)
				}
				seen[ds.Target()] = true
				a.Discovery = append(a.Discovery, ds)
				a.discoveryAt = append(a.discoveryAt, d.position(it, key))
			}
		}
	}
	switch {
	case quantitiesNode != nil && !sensitive:
		return nil, d.errf(quantitiesNode, "analysis.quantities", "quantities are analysed for sensitivity, which needs design morris or saltelli, not %s (discovery names its own quantity)", design)
	case sensitivityNode != nil && !sensitive:
		return nil, d.errf(sensitivityNode, "analysis.sensitivity", "needs design morris or saltelli, not %s (the method follows the design)", design)
	case sensitivityNode != nil && quantitiesNode == nil:
		return nil, d.errf(sensitivityNode, "analysis.quantities", "required with sensitivity: name what is analysed")
	case quantitiesNode != nil && a.Sensitivity == nil:
		// The method follows the design, so quantities alone ask for it.
		a.Sensitivity = &SensitivitySpec{Bootstrap: DefaultBootstrap}
	}
	if a.Sensitivity == nil && len(a.Discovery) == 0 {
		return nil, d.errf(at, "analysis", "nothing to analyse: give quantities (sensitivity, with design morris or saltelli) or discovery")
	}
	if a.Sensitivity != nil {
		// The bootstrap holds every resample of every index at once: a
		// bound the estimator would enforce only after every task had run.
		k := len(c.Sweep.Parameters)
		m, what, fewer := analysis.MorrisIndexCount(k), fmt.Sprintf("the Morris statistics (mu, mu*, sigma) of %d parameters", k), "fewer parameters"
		if design == Saltelli {
			fewer = "fewer parameters or no second order"
			m, what = analysis.SobolIndexCount(k, c.Sweep.SecondOrder), fmt.Sprintf("the Sobol' indices of %d parameters", k)
			if c.Sweep.SecondOrder {
				what += " with second order"
			}
		}
		if b := a.Sensitivity.Bootstrap; b*m > analysis.MaxBootstrapValues {
			at, key := quantitiesNode, "analysis.quantities"
			if sensitivityNode != nil {
				at, key = sensitivityNode, "analysis.sensitivity.bootstrap"
			}
			return nil, d.errf(at, key, "%d resamples of %s (%d values) would hold %d numbers in memory, over the bound of %d (allowed: bootstrap up to %d here, or %s)",
				b, what, m, b*m, analysis.MaxBootstrapValues, analysis.MaxBootstrapValues/m, fewer)
		}
	}
	return a, nil
}

// quantity decodes {outcome, architecture} or {outcome, contrast: [a, b]}.
func (d *decoder) quantity(n *yaml.Node, key string, c *Config) (QuantitySpec, error) {
	var q QuantitySpec
	fields, err := d.mapping(n, key, quantityKeys)
	if err != nil {
		return q, err
	}
	archs := c.architectureNames()
	var outcomeN, archN, contrastN *yaml.Node
	for _, f := range fields {
		switch f.name {
		case "outcome":
			outcomeN = f.val
			if q.Outcome, err = d.oneOf(f.val, join(key, "outcome"), "outcome", runOutcomeNames()); err != nil {
				return q, err
			}
		case "architecture":
			archN = f.val
			if q.Architecture, err = d.oneOf(f.val, join(key, "architecture"), "architecture", archs); err != nil {
				return q, err
			}
		case "contrast":
			contrastN = f.val
			ab, err := d.stringList(f.val, join(key, "contrast"))
			if err != nil {
				return q, err
			}
			if len(ab) != 2 {
				return q, d.errf(f.val, join(key, "contrast"), "want two architectures [a, b] (the mean of a − b), got %d", len(ab))
			}
			for k, name := range ab {
				if !slices.Contains(archs, name) {
					return q, d.errf(f.val, index(join(key, "contrast"), k), "unknown architecture %q%s (allowed: %s)", name, meant(name, archs), strings.Join(archs, ", "))
				}
			}
			if ab[0] == ab[1] {
				return q, d.errf(f.val, join(key, "contrast"), "contrasts %q with itself; name two different architectures", ab[0])
			}
			q.Contrast = [2]string{ab[0], ab[1]}
		}
	}
	switch {
	case outcomeN == nil:
		return q, d.errf(n, join(key, "outcome"), "required (allowed: %s)", strings.Join(runOutcomeNames(), ", "))
	case archN == nil && contrastN == nil:
		return q, d.errf(n, key, "give architecture (one architecture's mean) or contrast: [a, b] (the paired mean of a − b)")
	case archN != nil && contrastN != nil:
		return q, d.errf(contrastN, join(key, "contrast"), "give architecture or contrast, not both")
	}
	return q, nil
}

// rangeBounds reads a codebook range ("[a, b]", ">= a", "0..periods",
// "true/false") as its ends; an end it does not bound is infinite.
func rangeBounds(rng string) (lo, hi float64) {
	lo, hi = math.Inf(-1), math.Inf(1)
	var a, b float64
	switch {
	case rng == "true/false":
		lo, hi = 0, 1
	case strings.HasPrefix(rng, ">= "):
		if _, err := fmt.Sscanf(rng, ">= %g", &a); err == nil {
			lo = a
		}
	case strings.HasPrefix(rng, "0.."):
		lo = 0
	default:
		if _, err := fmt.Sscanf(rng, "[%g, %g]", &a, &b); err == nil {
			lo, hi = a, b
		}
	}
	return lo, hi
}

// quantityRange returns the range a quantity's per-point value can take,
// from the outcome's registered range ("[a, b]", ">= 0", "0..periods",
// "true/false"; the mean of a flag is a share): a mean lies in the
// outcome's range, a contrast a − b in [lo − hi, hi − lo]. Unbounded ends
// are infinite. what names the quantity for messages.
func quantityRange(q QuantitySpec) (lo, hi float64, what string) {
	lo, hi = math.Inf(-1), math.Inf(1)
	for _, o := range engine.Outcomes {
		if o.Name != q.Outcome {
			continue
		}
		if lo, hi = rangeBounds(o.Range); o.Kind == engine.Flag {
			lo, hi = 0, 1
		}
	}
	what = "the mean of " + q.Outcome + " (" + q.Architecture + ")"
	if q.IsContrast() {
		lo, hi = lo-hi, hi-lo
		what = "the contrast " + q.Contrast[0] + " − " + q.Contrast[1] + " of " + q.Outcome
	}
	return lo, hi, what
}

// undefinedFor returns an architecture of q for which q's outcome is null
// in every run, found before anything runs, and why (engine.DegeneracyFor:
// "has no treaty" for the treaty's outcomes, "has no mechanism" for
// honour_rate and participation under `none`). Sensitivity needs a value
// at every point, so such a quantity would fail only after every task had
// run. It returns "" when none is, or when the architectures do not build
// here (resolving the plan reports that).
func undefinedFor(c *Config, q QuantitySpec) (arch, why string) {
	names := []string{q.Architecture}
	if q.IsContrast() {
		names = q.Contrast[:]
	}
	for _, name := range names {
		if d, why := degeneracyOf(c, q.Outcome, name); d == engine.AlwaysNull {
			return name, why
		}
	}
	return "", ""
}

// degeneracyOf is how the runs-table outcome behaves in every run of the
// config's architecture name (engine.DegeneracyFor), and why; Varies when
// the outcome or the architecture is unknown or does not build here
// (decoding and resolving the plan report those).
func degeneracyOf(c *Config, outcome, name string) (engine.Degeneracy, string) {
	k, ok := engine.OutcomeByName(outcome)
	if !ok {
		return engine.Varies, ""
	}
	if arch, ok := builtArchitecture(c, name); ok {
		return engine.DegeneracyFor(k, arch)
	}
	return engine.Varies, ""
}

// builtArchitecture builds the config's architecture name at its fixed
// parameters (the defaults elsewhere) on its roster, or a synthetic one,
// for the structural checks of degeneracyOf and stateDegeneracy; false
// where the roster or the architecture does not build or no architecture
// is so named (decoding and resolving the plan report those).
func builtArchitecture(c *Config, name string) (*agents.Architecture, bool) {
	p := param.Defaults()
	for n, x := range c.Fixed {
		_ = p.Set(n, x) // checked at decode; an error only leaves the default
	}
	r, err := c.loadRoster(true) // for its names: resolve refuses a bad roster
	if err == nil && r == nil {
		r, err = agents.SyntheticRoster(p)
	}
	if err != nil {
		return nil, false
	}
	for _, a := range c.Architectures {
		if a.Name != name {
			continue
		}
		if arch, err := a.Build(p, r); err == nil {
			return &arch, true
		}
	}
	return nil, false
}

// position returns where node n of key was written, for the errors that
// only the tables can raise (see position).
func (d *decoder) position(n *yaml.Node, key string) position {
	return position{file: d.file, line: n.Line, key: key}
}

// ParseAnalysis reads a separate analysis file (for runner analyze DIR
// ANALYSIS.yaml): one YAML document whose only key is analysis, or the
// section's own keys at the top (quantities, sensitivity, discovery: the
// section as a file, which the results contract's "also accepted as a
// separate file" may mean; a contract review, stop 33), checked against
// the plan's config as the section of a config would be.
func (p *Plan) ParseAnalysis(file string, data []byte) (*AnalysisSpec, error) {
	return p.parseAnalysis(file, data, false)
}

// parseAnalysis is ParseAnalysis; stored says the file is a results
// directory's own analysis.yaml, read back (decoder.stored).
func (p *Plan) parseAnalysis(file string, data []byte, stored bool) (*AnalysisSpec, error) {
	d := &decoder{file: file, stored: stored, empty: "empty analysis file (required key: analysis)"}
	root, err := d.parseDocument(data)
	if err != nil {
		return nil, err
	}
	if bareSection(root) {
		return d.analysis(root, root, p.Config)
	}
	if err := d.wholeConfig(root); err != nil {
		return nil, err
	}
	fields, err := d.mapping(root, "", []string{"analysis"})
	if err != nil && deref(root).Kind != yaml.MappingNode {
		// As a config's: say what the file must be (a hostile review).
		return nil, d.errf(root, "", "an analysis file must be a mapping with the key analysis, got %s", describe(deref(root)))
	} else if err != nil {
		return nil, err
	}
	if len(fields) == 0 {
		return nil, d.errf(root, "analysis", "required key is missing")
	}
	return d.analysis(fields[0].val, fields[0].key, p.Config)
}

// bareSection reports whether root is a mapping with at least one key of
// the analysis section and no analysis key: the section written without
// its key, whose other keys (a typo: sensitivty) the section's own
// errors then name (a code review, stop 33). Any other document is read
// as {analysis: ...}, whose errors name the analysis key.
func bareSection(root *yaml.Node) bool {
	n := deref(root)
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	some := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if k == "analysis" {
			return false
		}
		some = some || slices.Contains(analysisKeys, k)
	}
	return some
}
