package experiments

import (
	"math"

	"pactsim/agents/param"
	"pactsim/engine"
)

// longestRun is the most periods a run of config c can have: its periods,
// or with periods swept, the largest value the sweep gives it (a range's
// max, a list's largest), which bounds every draw of a ranged design.
func longestRun(c *Config) float64 {
	if c.Sweep != nil {
		for _, sp := range c.Sweep.Parameters {
			if sp.Name != "periods" {
				continue
			}
			if sp.IsRange() {
				return sp.Max
			}
			hi := math.Inf(-1)
			for _, x := range sp.Values {
				hi = math.Max(hi, x)
			}
			return hi
		}
	}
	if x, ok := c.Fixed["periods"]; ok {
		return x
	}
	s, _ := param.Lookup("periods")
	return s.Default
}

// boundByPeriods narrows [lo, hi], the range quantityRange gives outcome,
// where the outcome's registered range is "0..periods" (the period at
// which the treaty formed, 0 at set-up up to the last period): its values
// lie in [0, T] for the config's longest run T, and a contrast's in
// [−T, T]. rangeBounds reads that range as [0, +Inf], which let a
// discovery threshold or a calibration range beyond the run's length
// through, to be met at no point (a review, stop 52). A stored config
// (decoder.stored) keeps [lo, hi]: an older version wrote such a one.
func boundByPeriods(outcome string, contrast bool, lo, hi float64, c *Config, stored bool) (float64, float64) {
	k, ok := engine.OutcomeByName(outcome)
	if stored || !ok || engine.Outcomes[k].Range != "0..periods" {
		return lo, hi
	}
	T := longestRun(c)
	if contrast {
		return -T, T
	}
	return 0, T
}
