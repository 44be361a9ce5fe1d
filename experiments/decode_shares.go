package experiments

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"pactsim/agents/param"
)

// calibratedSums refuses search ranges that reach a point where shares
// that must sum within bounds do not (calibratedShares, calibratedPriors),
// for a new config (decoder.stored).
func (d *decoder) calibratedSums(c *Config, free []CalibrationParam) error {
	if d.stored {
		return nil
	}
	if c.Population.Roster == Synthetic {
		if err := d.calibratedShares(c, free); err != nil {
			return err
		}
	}
	return d.calibratedPriors(c, free)
}

// calibratedShares refuses search ranges of a synthetic population's
// shares by role (population.share_core, population.share_partner) whose
// tops sum over 1, a share not searched counting at its value under params
// or its default. The search can propose any point of its box: one whose
// shares sum over 1 has no population, and the calibration stopped there
// with exit 2 and its results directory half-written (a hostile review,
// h71), where a sweep's such point is refused before any work starts.
// Each evaluation's shares are clamped into their ranges
// (clampCalibrated), so tops that sum to at most 1 bound every one.
func (d *decoder) calibratedShares(c *Config, free []CalibrationParam) error {
	names := []string{"population.share_core", "population.share_partner"}
	top, how, at := searchReach(c, free, names, true)
	if at == nil || top[0]+top[1] <= 1 {
		return nil
	}
	said := make([]string, len(names))
	for k := range names {
		said[k] = how[k] + " " + fmtNum(top[k])
		if how[k] == "under params" {
			said[k] = fmtNum(top[k]) + " under params"
		}
	}
	return &ConfigError{File: d.file, Line: at.line, Key: join("calibration.parameters", at.Name),
		Msg: fmt.Sprintf("the search can reach %s + %s = %s (%s + %s), which exceeds 1: no population has such shares (allowed: ranges whose maxima, with a share not searched at its value, sum to at most 1; the rest are hedgers)",
			names[0], names[1], fmtNum(top[0]+top[1]), said[0], said[1])}
}

// calibratedPriors refuses search ranges of the crisis types' prior shares
// (crisis.*.prior_share) that let every share be 0 at once, a share not
// searched counting at its value under params or its default: the engine
// needs one positive (agents.NewTypePrior), and the calibration stopped at
// the evaluation that reached them, exit 2 and its results directory
// half-written, where a sweep's such point is refused before any work
// starts (checkPoints). The shares are not negative, so their least sum is
// at the mins of the searched ones.
func (d *decoder) calibratedPriors(c *Config, free []CalibrationParam) error {
	var names []string
	for _, ct := range param.CrisisTypes {
		names = append(names, "crisis."+ct+".prior_share")
	}
	low, how, at := searchReach(c, free, names, false)
	sum := 0.0
	var said []string
	for k, name := range names {
		sum += low[k]
		said = append(said, fmt.Sprintf("%s %s %s", name, how[k], fmtNum(low[k])))
	}
	if at == nil || sum > 0 {
		return nil
	}
	return &ConfigError{File: d.file, Line: at.line, Key: join("calibration.parameters", at.Name),
		Msg: fmt.Sprintf("the search can reach every crisis type's prior share at 0 (%s), and the engine needs at least one positive (allowed: a min above 0 for a searched share, or a positive share under params)",
			strings.Join(said, ", "))}
}

// searchReach returns, for each parameter of names, the value the search
// can reach at one end of its range (the max with top, else the min)
// where it is searched, or else its value under params or its default,
// with how it came by it ("max", "min", "under params", "default"), and
// the searched one of them written last (nil when none is searched): the
// one a refusal of their sum names.
func searchReach(c *Config, free []CalibrationParam, names []string, top bool) (x []float64, how []string, at *CalibrationParam) {
	def := param.Defaults()
	x, how = make([]float64, len(names)), make([]string, len(names))
	for k, name := range names {
		x[k], how[k] = def.Get(name), "default"
		if v, ok := c.Fixed[name]; ok {
			x[k], how[k] = v, "under params"
		}
		for j := range free {
			if free[j].Name == name {
				x[k], how[k] = free[j].Min, "min"
				if top {
					x[k], how[k] = free[j].Max, "max"
				}
				if at == nil || free[j].line > at.line {
					at = &free[j]
				}
			}
		}
	}
	return x, how, at
}

// checkCalibratedShapes builds the plan at the corners of the search box
// where a calibration can meet a rule that relates several parameters,
// which the engine enforces at every evaluation: the corners of the
// synthetic population's shares by role, when they are searched, with the
// ban constants at their worst (alliance_ban.strength and a template's
// mechanisms.*.obligation at their max, alliance_ban.obligation_limit at
// its min), when any of those is searched. An architecture naming a state
// that some evaluation's shares do not give, or a founder with a formal
// alliance ban under a mechanism whose obligation some evaluation's limit
// is below, stopped the calibration there, exit 2 and its results
// directory half-written (a hostile review). The counts of core,
// partner and hedger states are each monotone in each share
// (agents.SyntheticShape), so the fewest of each role come at a corner;
// a ban binds a founder the more, the higher the strength and obligation
// and the lower the limit (agents.Alliances.Banned). The other calibrated
// parameters stay at their defaults, clamped into their ranges. At the
// same corners an inline mechanism must keep enough states that may join
// it (checkMinMembers), as calibrated.yaml, which runner run reads as a
// new config, must.
func (p *Plan) checkCalibratedShapes() error {
	cs := p.Config.Calibration
	if cs == nil {
		return nil
	}
	def := param.Defaults()
	x := make([]float64, len(cs.Parameters))
	label := make([]string, len(cs.Parameters))
	var free []int
	for j, cp := range cs.Parameters {
		x[j] = max(cp.Min, min(cp.Max, def.Get(cp.Name)))
		switch {
		case p.Config.Population.Roster == Synthetic && (cp.Name == "population.share_core" || cp.Name == "population.share_partner"):
			free = append(free, j)
		case cp.Name == "alliance_ban.obligation_limit":
			x[j], label[j] = cp.Min, fmt.Sprintf("%s = %s (its min)", cp.Name, fmtNum(cp.Min))
		case cp.Name == "alliance_ban.strength" || strings.HasPrefix(cp.Name, "mechanisms.") && strings.HasSuffix(cp.Name, ".obligation"):
			x[j], label[j] = cp.Max, fmt.Sprintf("%s = %s (its max)", cp.Name, fmtNum(cp.Max))
		}
	}
	if len(free) == 0 && !slices.ContainsFunc(label, func(s string) bool { return s != "" }) {
		return nil
	}
	for corner := range 1 << len(free) {
		for b, j := range free {
			cp := cs.Parameters[j]
			x[j], label[j] = cp.Min, fmt.Sprintf("%s = %s (its min)", cp.Name, fmtNum(cp.Min))
			if corner>>b&1 == 1 {
				x[j], label[j] = cp.Max, fmt.Sprintf("%s = %s (its max)", cp.Name, fmtNum(cp.Max))
			}
		}
		q, err := p.WithCalibrated(x)
		after := ""
		if err == nil {
			// calibrated.yaml holds the best evaluation's values under
			// params, and runner run reads it as a new config: a
			// mechanism that no state may join there is refused, so a
			// search that can end there is refused here (a hostile
			// review: alliance_ban.strength fitted at its max, 1,
			// left a calibration complete whose calibrated.yaml runner
			// run refused with exit 2).
			err, after = q.checkAllMinMembers(), "; runner run would refuse calibrated.yaml with such values (narrow the search range)"
		}
		if err != nil {
			var ce *ConfigError
			if errors.As(err, &ce) {
				at := slices.DeleteFunc(slices.Clone(label), func(s string) bool { return s == "" })
				return &ConfigError{File: ce.File, Line: ce.Line, Key: ce.Key,
					Msg: fmt.Sprintf("where the calibration's search reaches %s: %s%s", strings.Join(at, " and "), ce.Msg, after)}
			}
			return err
		}
	}
	return nil
}
