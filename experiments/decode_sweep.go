package experiments

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/agents/param"
	"pactsim/analysis"
)

var sweepKeys = []string{"design", "samples", "trajectories", "levels", "second_order", "crn", "parameters"}

func (d *decoder) sweep(n *yaml.Node, fixed map[string]float64) (*Sweep, error) {
	fields, err := d.mapping(n, "sweep", sweepKeys)
	if err != nil {
		return nil, err
	}
	s := &Sweep{Design: Grid}
	var samplesNode, paramsNode, trajNode, levelsNode, secondNode, crnNode, designNode *yaml.Node
	for _, f := range fields {
		switch f.name {
		case "design":
			designNode = f.val
			name, err := d.oneOf(f.val, "sweep.design", "design", allDesignNames)
			if err != nil {
				return nil, err
			}
			s.Design = Design(name)
		case "samples":
			samplesNode = f.val
		case "trajectories":
			trajNode = f.val
		case "levels":
			levelsNode = f.val
		case "second_order":
			secondNode = f.val
		case "crn":
			crnNode = f.val
		case "parameters":
			paramsNode = f.val
		}
	}
	if samplesNode != nil && designNode != nil && (s.Design == Grid || s.Design == Zip) {
		// The results contract's own example config writes samples beside
		// design: grid, commented "random, lhs, halton" (a contract
		// review, stop 33: the example was refused): a grid or a zip
		// enumerates its values, so samples is ignored, and said so. With
		// no design written, samples says a drawn design was meant and
		// its key forgotten: still an error (a code review, stop 33).
		d.note(samplesNode, "sweep.samples", "ignored: design %s %s; only random, lhs, halton and saltelli take samples", s.Design, samplesInstead(s.Design))
		samplesNode = nil
	}
	if samplesNode != nil {
		if !s.Design.takesSamples() {
			return nil, d.errf(samplesNode, "sweep.samples", "only random, lhs and halton designs take samples (and saltelli its base sample); %s %s", s.Design, samplesInstead(s.Design))
		}
		// Saltelli's N = 1 would give indices as ratios of two single
		// differences (S1 came out as 2 on a real run), with no interval.
		lowest, allowed := int64(1), fmt.Sprintf("integers 1..%d", MaxPoints)
		if s.Design == Saltelli {
			lowest, allowed = 2, fmt.Sprintf("powers of two 2..%d; below N = 1024 the bootstrap intervals cover less than 95%%", MaxPoints)
		}
		x, err := d.integer(samplesNode, "sweep.samples", lowest, MaxPoints, allowed)
		if err != nil {
			return nil, err
		}
		if s.Design == Saltelli && x&(x-1) != 0 {
			return nil, d.errf(samplesNode, "sweep.samples", "%d is not a power of two; saltelli's base sample N must be one (allowed 2, 4, ..., %d) so that the Sobol' points are balanced", x, MaxPoints)
		}
		s.Samples = int(x)
	} else if s.Design.takesSamples() {
		extra := ""
		if s.Design == Saltelli {
			extra = ", a power of two from 2"
		}
		return nil, d.errf(n, "sweep.samples", "required for design %s (allowed integers 1..%d%s)", s.Design, MaxPoints, extra)
	}
	only := func(node *yaml.Node, key string, design Design) error {
		if node != nil && s.Design != design {
			return d.errf(node, "sweep."+key, "only design %s takes %s, not %s", design, key, s.Design)
		}
		return nil
	}
	for _, o := range []struct {
		n      *yaml.Node
		key    string
		design Design
	}{{trajNode, "trajectories", Morris}, {levelsNode, "levels", Morris}, {secondNode, "second_order", Saltelli}} {
		if err := only(o.n, o.key, o.design); err != nil {
			return nil, err
		}
	}
	if s.Design == Morris {
		s.Trajectories, s.Levels = DefaultTrajectories, DefaultLevels
		if trajNode != nil {
			x, err := d.integer(trajNode, "sweep.trajectories", 1, MaxPoints, fmt.Sprintf("integers 1..%d", MaxPoints))
			if err != nil {
				return nil, err
			}
			s.Trajectories = int(x)
		}
		if levelsNode != nil {
			allowed := fmt.Sprintf("even integers 2..%d", MaxLevels)
			x, err := d.integer(levelsNode, "sweep.levels", 2, MaxLevels, allowed)
			if err != nil {
				return nil, err
			}
			if x%2 != 0 {
				return nil, d.errf(levelsNode, "sweep.levels", "%d is odd (allowed %s): with p levels Morris's step is p/(2(p-1)), on the grid only for even p", x, allowed)
			}
			s.Levels = int(x)
		}
	}
	if secondNode != nil {
		if s.SecondOrder, err = d.boolean(secondNode, "sweep.second_order"); err != nil {
			return nil, err
		}
	}
	s.CRN = s.Design.defaultCRN()
	if crnNode != nil {
		name, err := d.oneOf(crnNode, "sweep.crn", "value", crnNames)
		if err != nil {
			return nil, err
		}
		s.CRN = CRN(name)
	}
	if paramsNode == nil {
		return nil, d.errf(n, "sweep.parameters", "required key is missing: a sweep needs at least one parameter")
	}
	pf, err := d.mapping(paramsNode, "sweep.parameters", nil)
	if err != nil {
		return nil, err
	}
	if len(pf) == 0 {
		return nil, d.errf(paramsNode, "sweep.parameters", "empty sweep: name at least one parameter, or drop the sweep section for one point")
	}
	// A range's steps are bounded before its values are made, so a grid
	// or zip far over the limits is refused at once, not after millions
	// of values per parameter (a 24-parameter grid took 24 s to refuse).
	k, grid := len(pf), 1
	tooMany := func(n *yaml.Node, key string, steps int) error {
		switch {
		case s.Design == Grid && steps > MaxPoints/grid:
			return d.errf(n, key, "%d steps make the grid more than %d points; use fewer values or a sampled design (random, lhs, halton)", steps, MaxPoints)
		case steps > MaxDesignValues/k:
			return d.errf(n, key, "%d steps over %d parameters make more than %d design values (points × swept parameters; the design matrix is held in memory); use at most %d steps, or fewer parameters", steps, k, MaxDesignValues, MaxDesignValues/k)
		}
		return nil
	}
	for _, f := range pf {
		key := join("sweep.parameters", f.name)
		spec, err := d.lookup(f.key, key, f.name)
		if err != nil {
			return nil, err
		}
		if _, ok := fixed[f.name]; ok {
			where := "params"
			if f.name == "periods" {
				where = "the top-level key periods"
			}
			return nil, d.errf(f.key, key, "is set both in %s and in sweep; keep one", where)
		}
		sp, err := d.sweepParam(f.val, key, spec, s.Design, tooMany)
		if err != nil {
			return nil, err
		}
		if c := sp.count(); s.Design == Grid && c > 0 && grid <= MaxPoints {
			grid *= min(c, MaxPoints+1)
		}
		sp.line = f.key.Line
		s.Parameters = append(s.Parameters, sp)
	}
	if s.Design == Saltelli && s.SecondOrder && len(s.Parameters) < 2 && !d.stored {
		// Advice, not a contract: a results directory an earlier version
		// wrote with it still verifies and resumes.
		// Second-order indices are of pairs: with one parameter its N
		// extra points would give no index at all.
		return nil, d.errf(secondNode, "sweep.second_order", "true needs at least two swept parameters (S2 is an index of pairs), got 1; drop it or sweep another parameter")
	}
	if s.Design == Saltelli && len(s.Parameters) > analysis.MaxSaltelliParameters {
		return nil, d.errf(paramsNode, "sweep.parameters", "saltelli takes at most %d parameters (its Sobol' base sample has twice as many dimensions), got %d", analysis.MaxSaltelliParameters, len(s.Parameters))
	}
	points, err := d.countPoints(s, paramsNode)
	if err != nil {
		return nil, err
	}
	if points > MaxDesignValues/k {
		return nil, d.errf(paramsNode, "sweep.parameters", "design %s has %d points × %d parameters = %d values, more than %d (the design matrix is held in memory); use fewer points or parameters", s.Design, points, k, points*k, MaxDesignValues)
	}
	return s, nil
}

// samplesInstead says what a design takes instead of samples.
func samplesInstead(d Design) string {
	if d == Morris {
		return "takes trajectories and levels"
	}
	return "enumerates its values"
}

// sweepParam decodes one swept parameter. tooMany refuses a range's steps
// before its values are made.
func (d *decoder) sweepParam(n *yaml.Node, key string, spec param.Spec, design Design, tooMany func(*yaml.Node, string, int) error) (SweepParam, error) {
	sp := SweepParam{Name: spec.Name}
	n = deref(n)
	if design.ranged() && spec.Kind == param.Bool {
		return sp, d.errf(n, key, "a boolean parameter cannot be drawn by design %s; sweep it with grid or zip as [false, true]", design)
	}
	switch n.Kind {
	case yaml.SequenceNode:
		if design.ranged() {
			return sp, d.errf(n, key, "design %s draws from a range: write {min: A, max: B}, not a list", design)
		}
		if len(n.Content) == 0 {
			return sp, d.errf(n, key, "empty list of values (allowed %s)", spec.Allowed())
		}
		sp.Values = make([]float64, 0, len(n.Content))
		// A grid's values, rounded to 12 significant digits as a range's
		// are, -> first index; 0 and -0 are one key.
		at := map[string]int{}
		for k, c := range n.Content {
			x, err := d.paramValue(c, index(key, k), spec)
			if err != nil {
				return sp, err
			}
			// A grid makes a point of every value, so a value written
			// twice (0.3 and 0.30, or 3e-1) runs the same points twice.
			// A zip may repeat a value, and even a point: a break-even
			// design (breakeven.yaml) runs each strength's values in
			// order, its default among them, beside the defaults' point.
			if design == Grid {
				r := roundKey(x)
				if j, ok := at[r]; ok {
					if x == sp.Values[j] {
						return sp, d.errf(c, index(key, k), "%s is the value %s again (already at [%d], written %s): a grid runs every point once per value, so a repeated value duplicates design points; list each value once (replicates sets the repetitions)",
							deref(c).Value, valueText(spec, x), j, deref(n.Content[j]).Value)
					}
					// Values apart only in the last digits are rounding, not
					// design: a range's values are rounded to 12 digits so
					// that they cannot differ so, and a list's may not either.
					return sp, d.errf(c, index(key, k), "%s equals the value %s at [%d] to 12 significant digits: a grid would run two design points apart only by rounding; list each value once (replicates sets the repetitions)",
						deref(c).Value, deref(n.Content[j]).Value, j)
				}
				at[r] = k
			}
			sp.Values = append(sp.Values, x)
		}
		return sp, nil
	case yaml.MappingNode:
		if spec.Kind == param.Bool {
			return sp, d.errf(n, key, "a boolean parameter takes a list such as [false, true], not a range")
		}
		allowed := []string{"min", "max", "steps"}
		if design.ranged() {
			allowed = allowed[:2]
		}
		fields, err := d.mapping(n, key, allowed)
		if err != nil {
			return sp, err
		}
		var minN, maxN, stepsN *yaml.Node
		for _, f := range fields {
			switch f.name {
			case "min":
				minN = f.val
				if sp.Min, err = d.paramValue(f.val, join(key, "min"), spec); err != nil {
					return sp, err
				}
			case "max":
				maxN = f.val
				if sp.Max, err = d.paramValue(f.val, join(key, "max"), spec); err != nil {
					return sp, err
				}
			case "steps":
				stepsN = f.val
				x, err := d.integer(f.val, join(key, "steps"), 1, MaxPoints, fmt.Sprintf("integers 1..%d", MaxPoints))
				if err != nil {
					return sp, err
				}
				if err := tooMany(f.val, join(key, "steps"), int(x)); err != nil {
					return sp, err
				}
				sp.Steps = int(x)
			}
		}
		for _, m := range []struct {
			name string
			n    *yaml.Node
		}{{"min", minN}, {"max", maxN}, {"steps", stepsN}} {
			if m.n == nil && slices.Contains(allowed, m.name) {
				what := spec.Allowed()
				if m.name == "steps" {
					what = fmt.Sprintf("integers 1..%d", MaxPoints)
				}
				return sp, d.errf(n, join(key, m.name), "required in a range {%s} (allowed %s)", strings.Join(allowed, ", "), what)
			}
		}
		if sp.Min > sp.Max {
			return sp, d.errf(maxN, key, "min %s is greater than max %s", fmtNum(sp.Min), fmtNum(sp.Max))
		}
		if design.ranged() && sp.Min == sp.Max {
			// A range of width 0 is a constant: a sensitivity design would
			// report it as a parameter of no influence, which it never had
			// the chance to show.
			return sp, d.errf(maxN, key, "min and max are both %s: design %s draws from a range of positive width; set a constant under params instead", fmtNum(sp.Min), design)
		}
		if sp.Steps == 1 && sp.Min != sp.Max {
			return sp, d.errf(stepsN, join(key, "steps"), "1 step cannot span min %s to max %s; use steps >= 2, or min = max", fmtNum(sp.Min), fmtNum(sp.Max))
		}
		if design == Grid && sp.Steps > 1 {
			vs := rangeValues(sp.Min, sp.Max, sp.Steps)
			for k := 1; k < len(vs); k++ {
				if vs[k] == vs[k-1] {
					if sp.Min == sp.Max {
						return sp, d.errf(stepsN, join(key, "steps"), "min and max are both %s, so %d steps give %d copies of one value and the grid duplicates design points; use steps: 1, or set the value under params", fmtNum(sp.Min), sp.Steps, sp.Steps)
					}
					return sp, d.errf(stepsN, join(key, "steps"), "%d steps from %s to %s repeat the value %s (values are rounded to 12 significant digits), so the grid duplicates design points; use fewer steps or a wider range", sp.Steps, fmtNum(sp.Min), fmtNum(sp.Max), fmtNum(vs[k]))
				}
			}
		}
		if !design.ranged() && spec.Kind == param.Int {
			for _, x := range rangeValues(sp.Min, sp.Max, sp.Steps) {
				if x != math.Trunc(x) {
					return sp, d.errf(stepsN, join(key, "steps"), "%d steps from %s to %s give %s, not an integer (allowed %s); choose steps so that (max - min)/(steps - 1) is an integer",
						sp.Steps, fmtNum(sp.Min), fmtNum(sp.Max), fmtNum(x), spec.Allowed())
				}
			}
		}
		return sp, nil
	}
	want := "a list of values or {min, max, steps}"
	if design.ranged() {
		want = "a range {min, max}"
	}
	return sp, d.errf(n, key, "want %s, got %s", want, describe(n))
}

// countPoints returns the number of design points, rejecting designs beyond
// MaxPoints and zips of unequal lists.
func (d *decoder) countPoints(s *Sweep, at *yaml.Node) (int, error) {
	switch s.Design {
	case Grid:
		total := 1
		for _, p := range s.Parameters {
			total *= p.count()
			if total > MaxPoints {
				return 0, d.errf(at, "sweep.parameters", "the grid has more than %d points; use fewer values or a sampled design (random, lhs, halton)", MaxPoints)
			}
		}
		return total, nil
	case Zip:
		first := s.Parameters[0]
		for _, p := range s.Parameters[1:] {
			if p.count() != first.count() {
				return 0, &ConfigError{File: d.file, Line: p.line, Key: join("sweep.parameters", p.Name),
					Msg: fmt.Sprintf("zip needs lists of equal length: %s has %d values, %s has %d", first.Name, first.count(), p.Name, p.count())}
			}
		}
		return first.count(), nil
	case Morris, Saltelli:
		k := len(s.Parameters)
		var total int
		if s.Design == Morris {
			total = analysis.MorrisPoints(s.Trajectories, k)
		} else {
			total = analysis.SaltelliPoints(s.Samples, k, s.SecondOrder)
		}
		// Both factors are at most MaxPoints and k is bounded by the
		// registry, so the product cannot overflow an int.
		if total > MaxPoints {
			return 0, d.errf(at, "sweep.parameters", "design %s over %d parameters has %d points, more than %d; use fewer %s or parameters", s.Design, k, total, MaxPoints, map[Design]string{Morris: "trajectories", Saltelli: "samples"}[s.Design])
		}
		return total, nil
	}
	return s.Samples, nil
}

// count is the number of values a list or grid range gives.
func (s SweepParam) count() int {
	if s.Values != nil {
		return len(s.Values)
	}
	return s.Steps
}

// values returns the grid or zip values of the parameter.
func (s SweepParam) values() []float64 {
	if s.Values != nil {
		return s.Values
	}
	return rangeValues(s.Min, s.Max, s.Steps)
}

// rangeValues spaces steps values evenly from lo to hi, ends exact. Interior
// values are rounded to 12 significant digits so that, say, 0.3..0.9 in 4
// steps gives 0.5 and 0.7 as a researcher would write them, not
// 0.7000000000000001; the rounding is deterministic, so it costs nothing in
// reproducibility.
func rangeValues(lo, hi float64, steps int) []float64 {
	if steps <= 1 {
		return []float64{lo}
	}
	out := make([]float64, steps)
	for k := range out {
		t := float64(k) / float64(steps-1)
		x := lo + (hi-lo)*t
		x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
		out[k] = max(lo, min(hi, x))
	}
	out[0], out[steps-1] = lo, hi
	return out
}

// roundKey is x rounded to the 12 significant digits of rangeValues, as
// text, with -0 as 0.
func roundKey(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 12, 64)
}

// valueText renders a parameter's value: true or false for a Bool.
func valueText(spec param.Spec, x float64) string {
	if spec.Kind == param.Bool {
		return strconv.FormatBool(x != 0)
	}
	return fmtNum(x)
}

// fmtNum renders a number the shortest way that reads back exactly.
func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
