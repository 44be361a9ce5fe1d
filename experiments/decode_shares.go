package experiments

import (
	"fmt"

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
