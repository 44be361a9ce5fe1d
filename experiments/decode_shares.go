package experiments

import (
	"errors"
	"fmt"
	"strings"

	"pactsim/agents/param"
)

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
	names := [2]string{"population.share_core", "population.share_partner"}
	def := param.Defaults()
	var top [2]float64
	var said [2]string
	var at *CalibrationParam
	for k, name := range names {
		top[k] = def.Get(name)
		said[k] = "default " + fmtNum(top[k])
		if x, ok := c.Fixed[name]; ok {
			top[k], said[k] = x, fmtNum(x)+" under params"
		}
		for j := range free {
			if free[j].Name == name {
				top[k], said[k] = free[j].Max, "max "+fmtNum(free[j].Max)
				if at == nil || free[j].line > at.line {
					at = &free[j]
				}
			}
		}
	}
	if at == nil || top[0]+top[1] <= 1 {
		return nil
	}
	return &ConfigError{File: d.file, Line: at.line, Key: join("calibration.parameters", at.Name),
		Msg: fmt.Sprintf("the search can reach %s + %s = %s (%s + %s), which exceeds 1: no population has such shares (allowed: ranges whose maxima, with a share not searched at its value, sum to at most 1; the rest are hedgers)",
			names[0], names[1], fmtNum(top[0]+top[1]), said[0], said[1])}
}

// checkCalibratedShapes builds the plan at each corner of the search box
// of a synthetic population's shares by role, when the calibration
// searches them: an architecture that names a state (founders, eligible)
// that the shares at some evaluation do not give stopped the calibration
// there, exit 2 and its results directory half-written (a hostile
// review, h71). The counts of core, partner and hedger states are each
// monotone in each share (agents.SyntheticShape), so the fewest of each
// role come at a corner, and the corners find every such state. The other
// calibrated parameters stay at their defaults, clamped into their ranges.
func (p *Plan) checkCalibratedShapes() error {
	cs := p.Config.Calibration
	if cs == nil || p.Config.Population.Roster != Synthetic {
		return nil
	}
	var free []int
	for j, cp := range cs.Parameters {
		if cp.Name == "population.share_core" || cp.Name == "population.share_partner" {
			free = append(free, j)
		}
	}
	if len(free) == 0 {
		return nil
	}
	def := param.Defaults()
	for corner := range 1 << len(free) {
		x := make([]float64, len(cs.Parameters))
		for j, cp := range cs.Parameters {
			x[j] = max(cp.Min, min(cp.Max, def.Get(cp.Name)))
		}
		var at []string
		for b, j := range free {
			cp := cs.Parameters[j]
			end := "min"
			x[j] = cp.Min
			if corner>>b&1 == 1 {
				x[j], end = cp.Max, "max"
			}
			at = append(at, fmt.Sprintf("%s = %s (its %s)", cp.Name, fmtNum(x[j]), end))
		}
		if _, err := p.WithCalibrated(x); err != nil {
			var ce *ConfigError
			if errors.As(err, &ce) {
				return &ConfigError{File: ce.File, Line: ce.Line, Key: ce.Key,
					Msg: fmt.Sprintf("where the calibration's search reaches %s: %s", strings.Join(at, " and "), ce.Msg)}
			}
			return err
		}
	}
	return nil
}
