package experiments

import (
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/agents"
	"pactsim/agents/param"
	"pactsim/analysis"
	"pactsim/engine"
	"pactsim/output"
)

// calibration decodes the calibration section n of config c; at, its key,
// is the line of an error of the whole section.
func (d *decoder) calibration(n, at *yaml.Node, c *Config) (*CalibrationSpec, error) {
	fields, err := d.mapping(n, "calibration", calibrationKeys)
	if err != nil {
		return nil, err
	}
	if c.Sweep != nil {
		return nil, d.errf(at, "calibration", "a calibration evaluates one point per parameter vector; drop the sweep section")
	}
	cs := &CalibrationSpec{Optimizer: OptimizerSpec{Method: MethodCMAES, Evaluations: DefaultEvaluations, Start: StartDefaults}}
	var paramsN, targetsN, optimizerN *yaml.Node
	for _, f := range fields {
		switch f.name {
		case "parameters":
			paramsN = f.val
		case "targets":
			targetsN = f.val
		case "optimizer":
			optimizerN = f.val
		}
	}
	if paramsN == nil {
		return nil, d.errf(n, "calibration.parameters", "required: the free parameters and their search ranges {name: {min, max}}")
	}
	if targetsN == nil {
		return nil, d.errf(n, "calibration.targets", "required: a list of targets")
	}
	// The parameters first, whatever the written order: which states a
	// synthetic population has depends on whether its shares are free.
	if cs.Parameters, err = d.calibrationParams(paramsN, c); err != nil {
		return nil, err
	}
	if err := d.calibratedSums(c, cs.Parameters); err != nil {
		return nil, err
	}
	if cs.Targets, err = d.targets(targetsN, c, cs.Parameters); err != nil {
		return nil, err
	}
	if optimizerN != nil {
		if err := d.optimizer(optimizerN, &cs.Optimizer); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

func (d *decoder) calibrationParams(n *yaml.Node, c *Config) ([]CalibrationParam, error) {
	fields, err := d.mapping(n, "calibration.parameters", nil)
	if err != nil {
		return nil, err
	}
	if len(fields) == 0 {
		return nil, d.errf(n, "calibration.parameters", "name at least one parameter {name: {min, max}}")
	}
	var out []CalibrationParam
	for _, f := range fields {
		key := join("calibration.parameters", f.name)
		spec, err := d.lookup(f.key, key, f.name)
		if err != nil {
			return nil, err
		}
		if spec.Kind != param.Float {
			return nil, d.errf(f.key, key, "is %s parameter; calibration searches real-valued parameters only", map[param.Kind]string{param.Int: "an integer", param.Bool: "a boolean"}[spec.Kind])
		}
		if _, ok := c.Fixed[f.name]; ok {
			return nil, d.errf(f.key, key, "is also fixed under params (or periods); keep one")
		}
		if syntheticOnly(f.name) && c.Population.Roster != Synthetic && !d.stored {
			// Every evaluation would be the same, and the "fitted" value
			// one that had no effect.
			return nil, d.errf(f.key, key, "%s", syntheticOnlyMsg(c.Population.Roster))
		}
		rf, err := d.mapping(f.val, key, []string{"min", "max"})
		if err != nil {
			return nil, err
		}
		cp := CalibrationParam{Name: f.name, line: f.key.Line}
		var minN, maxN *yaml.Node
		for _, g := range rf {
			switch g.name {
			case "min":
				minN = g.val
				cp.Min, err = d.paramValue(g.val, join(key, "min"), spec)
			case "max":
				maxN = g.val
				cp.Max, err = d.paramValue(g.val, join(key, "max"), spec)
			}
			if err != nil {
				return nil, err
			}
		}
		if minN == nil || maxN == nil {
			return nil, d.errf(f.val, key, "want a range {min, max} (allowed %s)", spec.Allowed())
		}
		if !(cp.Min < cp.Max) {
			return nil, d.errf(maxN, key, "min %s must be below max %s: a search range cannot be empty", fmtNum(cp.Min), fmtNum(cp.Max))
		}
		out = append(out, cp)
	}
	return out, nil
}

// stateNames returns the roster's state names, or nil when the roster does
// not load (resolve reports that). A synthetic population's states are
// named by role (US, C1.., P1.., H1..) from population.size and the
// shares, fixed here: calibration takes no integer parameter, and a
// calibration has no sweep. When the shares by role are calibrated (free),
// which of those names exist depends on the evaluation; the names any
// shares could give are returned, with maybe true: every other name is
// certainly unknown.
func stateNames(c *Config, free []CalibrationParam) (names []string, maybe bool) {
	r, err := c.loadRoster(true) // for its names: resolve refuses a bad roster
	if err == nil && r == nil {
		p := param.Defaults()
		for name, x := range c.Fixed {
			_ = p.Set(name, x) // checked at decode
		}
		// The range of each share: its search range when free.
		lo := map[string]float64{"population.share_core": p.Get("population.share_core"), "population.share_partner": p.Get("population.share_partner")}
		hi := maps.Clone(lo)
		for _, cp := range free {
			if _, ok := lo[cp.Name]; ok {
				lo[cp.Name], hi[cp.Name], maybe = cp.Min, cp.Max, true
			}
		}
		if maybe {
			// SyntheticRoster's counts, largest over the ranges: rounding
			// is monotone, so these bound every evaluation's.
			others := p.Int("population.size") - 1
			count := func(share float64) int { return int(math.Round(share * float64(others))) }
			minCore := count(lo["population.share_core"])
			return agents.SyntheticNames(
				min(others, count(hi["population.share_core"])),
				max(0, min(count(hi["population.share_partner"]), others-minCore)),
				max(0, others-minCore-count(lo["population.share_partner"]))), true
		}
		r, err = agents.SyntheticRoster(p)
	}
	if err != nil || r == nil {
		return nil, false
	}
	return r.Names(), false
}

// rosterWord names where a config's states come from, for messages.
func rosterWord(c *Config) string {
	if c.Population.Roster == Synthetic {
		return "synthetic population's"
	}
	return "roster"
}

func (d *decoder) targets(n *yaml.Node, c *Config, free []CalibrationParam) ([]TargetSpec, error) {
	list := deref(n)
	if list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		return nil, d.errf(n, "calibration.targets", "want a non-empty list of targets, got %s", describe(list))
	}
	seen := map[string]bool{}
	var out []TargetSpec
	for k, tn := range list.Content {
		key := index("calibration.targets", k)
		t, err := d.target(tn, key, c, free)
		if err != nil {
			return nil, err
		}
		if seen[t.Name] {
			return nil, d.errf(tn, join(key, "name"), "target %q is named twice", t.Name)
		}
		if !d.stored {
			// The trace's columns are NAME.value, …: a.value beside
			// A.value read as one column where names fold case (SQL,
			// spreadsheets), as architecture names do.
			for other := range seen {
				if strings.EqualFold(other, t.Name) {
					return nil, d.errf(tn, join(key, "name"), "target %q differs from %q only in case; give names that differ in more than case", t.Name, other)
				}
			}
		}
		if !d.stored {
			_, _, _, nonNeg := targetRange(t, c, false)
			if err := d.conflictingTarget(tn, key, t, out, nonNeg && t.Ratio != nil); err != nil {
				return nil, err
			}
		}
		if t.Table == analysis.TableRuns {
			if err := d.degenerateTarget(tn, key, c, t); err != nil {
				return nil, err
			}
		} else if !d.stored {
			if err := d.degenerateStatesTarget(tn, key, c, t, free); err != nil {
				return nil, err
			}
		}
		seen[t.Name] = true
		out = append(out, t)
	}
	if !d.stored {
		if err := d.heaviestWeight(list, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *decoder) target(n *yaml.Node, key string, c *Config, free []CalibrationParam) (TargetSpec, error) {
	t := TargetSpec{Table: analysis.TableRuns, Weight: 1}
	fields, err := d.mapping(n, key, targetKeys)
	if err != nil {
		return t, err
	}
	got := map[string]*yaml.Node{}
	for _, f := range fields {
		got[f.name] = f.val
	}
	// The table comes first: it decides which outcomes exist.
	if v := got["table"]; v != nil {
		if t.Table, err = d.oneOf(v, join(key, "table"), "table", []string{analysis.TableRuns, analysis.TableStates}); err != nil {
			return t, err
		}
	}
	outcomes := runOutcomeNames()
	if t.Table == analysis.TableStates {
		outcomes = stateOutcomeNames()
	}
	archs := c.architectureNames()
	for _, f := range fields {
		k := join(key, f.name)
		switch f.name {
		case "name":
			// Heads trace columns (NAME.value), printed, in targets.csv.
			if t.Name, err = d.str(deref(f.val), k); err == nil && strings.TrimSpace(t.Name) == "" {
				err = d.errf(f.val, k, "must not be empty")
			} else if err == nil && !archName.MatchString(t.Name) {
				err = d.errf(f.val, k, "%q is not a valid target name (allowed: 1-64 letters, digits, _ . -, not starting with . or -)", t.Name)
			} else if err == nil && !d.stored && notText.MatchString(t.Name) {
				err = d.errf(f.val, k, "%s", notTextMsg(t.Name, "calibration/targets.csv"))
			}
		case "states":
			if t.Table != analysis.TableStates {
				err = d.errf(f.val, k, "only a target with table: states sums over states")
				break
			}
			if t.States, err = d.stringList(f.val, k); err != nil {
				break
			}
			if len(t.States) == 0 {
				err = d.errf(f.val, k, "name at least one state")
				break
			}
			known, maybe := stateNames(c, free)
			dup := map[string]bool{}
			for i, s := range t.States {
				switch {
				case dup[s]:
					err = d.errf(f.val, index(k, i), "state %q is listed twice", s)
				case known != nil && !slices.Contains(known, s) && maybe:
					err = d.errf(f.val, index(k, i), "unknown state %q%s: no shares in the search ranges give it (allowed, with population.share_* calibrated: %s; which of them exist depends on the shares)", s, agents.CaseHint(s, known), agents.ListNames(known))
				case known != nil && !slices.Contains(known, s):
					err = d.errf(f.val, index(k, i), "unknown state %q (%s states: %s)%s", s, rosterWord(c), agents.ListNames(known), agents.CaseHint(s, known))
				}
				if err != nil {
					break
				}
				dup[s] = true
			}
		case "outcome":
			t.Outcome, err = d.oneOf(f.val, k, t.Table+" outcome", outcomes)
		case "architecture":
			t.Architecture, err = d.oneOf(f.val, k, "architecture", archs)
		case "ratio":
			t.Ratio, err = d.ratio(f.val, k, outcomes, archs, t.Table)
		case "range":
			var r []float64
			if r, err = d.numberPair(f.val, k); err == nil {
				t.Low, t.High = r[0], r[1]
			}
		case "value":
			t.HasValue = true
			t.Value, err = d.number(deref(f.val), k)
		case "tolerance":
			if t.Tolerance, err = d.number(deref(f.val), k); err == nil && t.Tolerance < 0 {
				err = d.errf(f.val, k, "%s is negative (allowed numbers >= 0)", fmtNum(t.Tolerance))
			}
		case "weight":
			if t.Weight, err = d.number(deref(f.val), k); err == nil && !(t.Weight > 0) {
				err = d.errf(f.val, k, "%s is out of range (allowed numbers > 0)", fmtNum(t.Weight))
			}
		}
		if err != nil {
			return t, err
		}
	}
	switch {
	case got["name"] == nil:
		return t, d.errf(n, join(key, "name"), "required: every target has a name")
	case t.Table == analysis.TableStates && got["states"] == nil:
		return t, d.errf(n, join(key, "states"), "required with table: states: the states summed within each run")
	case got["ratio"] != nil && (got["outcome"] != nil || got["architecture"] != nil):
		return t, d.errf(got["ratio"], join(key, "ratio"), "a ratio names its own outcome and architectures a, b; drop outcome and architecture")
	case got["ratio"] == nil && (got["outcome"] == nil || got["architecture"] == nil):
		return t, d.errf(n, key, "give outcome and architecture (a mean) or ratio: {outcome, a, b} (a ratio of means)")
	case got["range"] != nil && got["value"] != nil:
		return t, d.errf(got["value"], join(key, "value"), "give range: [low, high] or value (with tolerance), not both")
	case got["range"] == nil && got["value"] == nil:
		return t, d.errf(n, key, "give range: [low, high] or value: X (with tolerance: T)")
	case got["tolerance"] != nil && got["value"] == nil:
		return t, d.errf(got["tolerance"], join(key, "tolerance"), "goes with value; a range is already [low, high]")
	}
	if t.HasValue {
		t.Low, t.High = decimalRange(t.Value, t.Tolerance)
		if math.IsInf(t.Low, 0) || math.IsInf(t.High, 0) {
			return t, d.errf(got["value"], join(key, "value"), "%s ± %s overflows: the range [value − tolerance, value + tolerance] must be finite (allowed: |value| + tolerance below %g)", fmtNum(t.Value), fmtNum(t.Tolerance), math.MaxFloat64)
		}
	}
	// A target of width 0 (tolerance 0, or a range [x, x]) is met only by
	// an estimate of exactly x, which a mean over replicates rarely is
	// unless its outcome is x in every run; the search stops early only
	// when every target is met, so it spends its whole budget. Accepted (a
	// count wanted at 0 can be met), with a note (a hostile review, stop 44:
	// silent).
	if t.Low == t.High && !d.stored {
		wn, wk := got["range"], join(key, "range")
		if t.HasValue {
			wn, wk = got["value"], join(key, "value")
			if got["tolerance"] != nil {
				wn, wk = got["tolerance"], join(key, "tolerance")
			}
		}
		give := "give a tolerance"
		if t.HasValue && t.Tolerance > 0 { // lost in rounding: value ± tolerance is value
			give = "tolerance " + fmtNum(t.Tolerance) + " is below the rounding of the value, so give a wider one"
		}
		d.note(wn, wk, "target %s wants exactly %s (a range of width 0): only an estimate of exactly that value meets it, which a mean over replicates rarely is unless the outcome is %s in every run, and the search stops early only when every target is met; %s (about two standard errors of the estimate, say) unless the outcome can be exactly %s (docs/model.md sec. 17.2)",
			t.Name, fmtNum(t.Low), fmtNum(t.Low), give, fmtNum(t.Low))
	}
	// The loss and the targets figure measure a value by the range's width
	// (docs/model.md sec. 17.2): it must be a number, as its ends are.
	if math.IsInf(t.High-t.Low, 0) && !d.stored {
		// (A calibration without figures finished with one before stop
		// 28: its directory still verifies, and its figures draw nothing
		// for the span.)
		rn, rk := got["range"], join(key, "range")
		if t.HasValue {
			rn, rk = got["tolerance"], join(key, "tolerance")
		}
		return t, d.errf(rn, rk, "[%s, %s] is wider than the largest number, %g (allowed: a range whose width high − low is finite)", fmtNum(t.Low), fmtNum(t.High), math.MaxFloat64)
	}
	// A range that the target's quantity can never reach would be missed at
	// every point, and the search would spend its budget on it: refused
	// here, as discovery refuses a threshold beyond its quantity's range.
	if lo, hi, what, ok := targetRange(t, c, d.stored); ok && (t.High < lo || t.Low > hi) && (t.Table == analysis.TableRuns || !d.stored) {
		// (A states-table target is checked since stop 27; an older
		// version's calibration directory may hold one: decoder.stored.)
		rn, rk := got["range"], join(key, "range")
		if t.HasValue {
			rn, rk = got["value"], join(key, "value")
		}
		return t, d.errf(rn, rk, "[%s, %s] can be met at no point: %s lies in [%s, %s] (allowed: a range that meets it)", fmtNum(t.Low), fmtNum(t.High), what, fmtNum(lo), fmtNum(hi))
	}
	// The patron is never a target (salience 0, docs/model.md sec. 3.1):
	// what a target suffers is 0 for it in every run, and a range above 0
	// of the patron alone would be missed at every point (a hostile
	// review, stop 35: the budget was spent on it).
	if t.Table == analysis.TableStates && t.Ratio == nil && t.Low > 0 && !d.stored && targetSide(t.Outcome) {
		if p := patronName(c); p != "" && !slices.ContainsFunc(t.States, func(s string) bool { return s != p }) {
			rn, rk := got["range"], join(key, "range")
			if t.HasValue {
				rn, rk = got["value"], join(key, "value")
			}
			return t, d.errf(rn, rk, "[%s, %s] can be met at no point: %s is the patron, which the adversary never challenges (salience 0, docs/model.md sec. 3.1), so its %s is 0 in every run (allowed: a range that holds 0, or other states)", fmtNum(t.Low), fmtNum(t.High), p, t.Outcome)
		}
	}
	// A ratio of what the patron alone suffers is 0/0 under both
	// architectures at every point (a hostile review, stop 39).
	if t.Table == analysis.TableStates && t.Ratio != nil && !d.stored && targetSide(t.Ratio.Outcome) {
		if p := patronName(c); p != "" && !slices.ContainsFunc(t.States, func(s string) bool { return s != p }) {
			return t, d.errf(got["states"], join(key, "states"), "a ratio over %s alone is 0/0 at every point: %s is the patron, which the adversary never challenges (salience 0, docs/model.md sec. 3.1), so its %s is 0 in every run (allowed: states besides the patron)", p, p, t.Ratio.Outcome)
		}
	}
	return t, nil
}

// targetSide reports whether a states-table column counts what a state
// suffers as the adversary's target, which is 0 for a state never
// challenged.
func targetSide(col string) bool {
	return strings.HasPrefix(col, "challenges_received") || col == "fait_accompli_suffered" || col == "economic_loss" || col == "hazard_received"
}

// patronName is the name of the config's patron, "" if the roster cannot
// be read (resolve reports that).
func patronName(c *Config) string {
	r, err := c.loadRoster(true)
	switch {
	case err != nil:
		return ""
	case r == nil:
		return agents.SyntheticPatron
	}
	return r.States[r.Patron].Name
}

// targetRange is the range a target's value can take: a runs-table
// mean's is its outcome's (quantityRange); a states-table mean of a sum
// over N states is N times its column's (the codebook's range); a ratio
// of the means of an outcome that is never negative is in [0, +Inf]. ok
// is false where no bound is known (a ratio of an outcome that may be
// negative).
func targetRange(t TargetSpec, c *Config, stored bool) (lo, hi float64, what string, ok bool) {
	if t.Table == analysis.TableStates {
		col := t.Outcome
		if t.Ratio != nil {
			col = t.Ratio.Outcome
		}
		r, known := stateColumnRange(col)
		switch {
		case !known || t.Ratio != nil && r[0] < 0:
			return 0, 0, "", false
		case t.Ratio != nil:
			return 0, math.Inf(1), "a ratio of two means of a sum of " + col + ", which is never negative,", true
		}
		n := float64(len(t.States))
		return n * r[0], n * r[1], fmt.Sprintf("the mean over runs of %s summed over %d %s (%s), each in [%s, %s],",
			col, len(t.States), output.Plural(len(t.States), "state"), t.Architecture, fmtNum(r[0]), fmtNum(r[1])), true
	}
	if t.Table != analysis.TableRuns {
		return 0, 0, "", false
	}
	if t.Ratio == nil {
		lo, hi, what = quantityRange(QuantitySpec{Outcome: t.Outcome, Architecture: t.Architecture})
		lo, hi = boundByPeriods(t.Outcome, false, lo, hi, c, stored)
		return lo, hi, what, true
	}
	if lo, _, _ = quantityRange(QuantitySpec{Outcome: t.Ratio.Outcome, Architecture: t.Ratio.A}); lo < 0 {
		return 0, 0, "", false
	}
	return 0, math.Inf(1), "a ratio of two means of " + t.Ratio.Outcome + ", which is never negative,", true
}

func (d *decoder) ratio(n *yaml.Node, key string, outcomes, archs []string, table string) (*RatioSpec, error) {
	fields, err := d.mapping(n, key, ratioKeys)
	if err != nil {
		return nil, err
	}
	r := &RatioSpec{}
	for _, f := range fields {
		k := join(key, f.name)
		switch f.name {
		case "outcome":
			r.Outcome, err = d.oneOf(f.val, k, table+" outcome", outcomes)
		case "a":
			r.A, err = d.oneOf(f.val, k, "architecture", archs)
		case "b":
			r.B, err = d.oneOf(f.val, k, "architecture", archs)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, req := range ratioKeys {
		if !slices.ContainsFunc(fields, func(f field) bool { return f.name == req }) {
			return nil, d.errf(n, join(key, req), "required in a ratio {outcome, a, b}: mean(outcome | a) / mean(outcome | b)")
		}
	}
	if r.A == r.B {
		return nil, d.errf(n, key, "a and b are both %q; a ratio compares two architectures", r.A)
	}
	return r, nil
}

// numberPair reads [low, high] with low <= high.
func (d *decoder) numberPair(n *yaml.Node, key string) ([]float64, error) {
	v := deref(n)
	if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
		return nil, d.errf(n, key, "want [low, high], got %s", describe(v))
	}
	out := make([]float64, 2)
	for k, c := range v.Content {
		x, err := d.number(deref(c), index(key, k))
		if err != nil {
			return nil, err
		}
		out[k] = x
	}
	if out[0] > out[1] {
		return nil, d.errf(n, key, "low %s is above high %s", fmtNum(out[0]), fmtNum(out[1]))
	}
	return out, nil
}

// series bounds the series of replicate values an evaluation holds: one
// per target, two for a ratio (the calibration shares a series between
// targets that read the same outcome, so it may hold fewer).
func (cs *CalibrationSpec) series() int64 {
	var n int64
	for _, t := range cs.Targets {
		n++
		if t.Ratio != nil {
			n++
		}
	}
	return n
}

// degenerateTarget refuses a runs-table target that no run could give a
// value, by the architectures' structure (engine.DegeneracyFor): a mean or
// ratio of an outcome null in every run of one of its architectures, a
// ratio over an architecture b whose outcome is 0 in every run (x/0), and
// a range without 0 for a mean or a ratio of an outcome 0 in every run of
// its (first) architecture. Each has no loss, or the same loss, at every
// point: the whole search would end with nothing fitted (a hostile review,
// stop 39: `calibrate` spent its budget and exited 0).
func (d *decoder) degenerateTarget(tn *yaml.Node, key string, c *Config, t TargetSpec) error {
	q := QuantitySpec{Outcome: t.Outcome, Architecture: t.Architecture}
	if t.Ratio != nil {
		q = QuantitySpec{Outcome: t.Ratio.Outcome, Contrast: [2]string{t.Ratio.A, t.Ratio.B}}
	}
	if arch, why := undefinedFor(c, q); arch != "" {
		return d.errf(tn, key, "%s is undefined (null) in every run of architecture %s, which %s; a target needs a value: choose another architecture or outcome", q.Outcome, arch, why)
	}
	first := t.Architecture
	if t.Ratio != nil {
		first = t.Ratio.A
		if dg, why := degeneracyOf(c, t.Ratio.Outcome, t.Ratio.B); dg == engine.AlwaysZero {
			return d.errf(tn, join(key, "ratio.b"), "%s is 0 in every run of architecture %s, which %s, so the ratio's denominator is 0 at every point: choose another architecture b or outcome", t.Ratio.Outcome, t.Ratio.B, why)
		}
	}
	if dg, why := degeneracyOf(c, q.Outcome, first); dg == engine.AlwaysZero && (t.Low > 0 || t.High < 0) {
		return d.errf(tn, key, "[%s, %s] can be met at no point: %s is 0 in every run of architecture %s, which %s (allowed: a range that holds 0, or another architecture or outcome)", fmtNum(t.Low), fmtNum(t.High), q.Outcome, first, why)
	}
	return nil
}

// decimalRange is [value − tolerance, value + tolerance] computed on the
// decimals as written (each number's shortest decimal form) and rounded
// once to the nearest float64, so that an end is the number a range
// would hold had it been written out: 0.7 ± 0.1 is [0.6, 0.8], where
// float64 subtraction gives [0.6, 0.7999999999999999] and a mean of 8 in
// 10 replicates, exactly 0.8, would read missed. An end too large for a
// float64 is an infinity, as the subtraction's would be.
func decimalRange(value, tolerance float64) (lo, hi float64) {
	v, okV := new(big.Rat).SetString(strconv.FormatFloat(value, 'g', -1, 64))
	t, okT := new(big.Rat).SetString(strconv.FormatFloat(tolerance, 'g', -1, 64))
	if !okV || !okT {
		return value - tolerance, value + tolerance
	}
	lo, _ = new(big.Rat).Sub(v, t).Float64()
	hi, _ = new(big.Rat).Add(v, t).Float64()
	return lo, hi
}
