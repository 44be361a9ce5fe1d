package experiments

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"pactsim/agents/param"
)

// TestSearchReachServesBoth: calibratedShares and calibratedPriors, which
// were near-copies of one loop and now share searchReach, refuse the same
// configs with the same messages as their copies did (oldCalibratedShares,
// oldCalibratedPriors below), over many random searches, values under
// params and lines.
func TestSearchReachServesBoth(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	names := []string{"population.share_core", "population.share_partner"}
	for _, ct := range param.CrisisTypes {
		names = append(names, "crisis."+ct+".prior_share")
	}
	val := func() float64 {
		if rng.IntN(3) == 0 {
			return 0
		}
		return float64(rng.IntN(11)) / 10
	}
	refused := 0
	for trial := range 5000 {
		c := &Config{Fixed: map[string]float64{}}
		var free []CalibrationParam
		for _, name := range rng.Perm(len(names)) {
			switch rng.IntN(3) {
			case 0:
				c.Fixed[names[name]] = val()
			case 1:
				lo, hi := val(), val()
				free = append(free, CalibrationParam{Name: names[name], Min: min(lo, hi), Max: max(lo, hi), line: 1 + rng.IntN(6)})
			}
		}
		d := &decoder{file: "c.yaml"}
		for _, f := range []struct {
			name     string
			new, old func(*Config, []CalibrationParam) error
		}{
			{"shares", d.calibratedShares, d.oldCalibratedShares},
			{"priors", d.calibratedPriors, d.oldCalibratedPriors},
		} {
			got, want := f.new(c, free), f.old(c, free)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d, %s, fixed %v, searched %+v: %v, before %v", trial, f.name, c.Fixed, free, got, want)
			}
			if got != nil {
				refused++
			}
		}
	}
	if refused < 500 {
		t.Fatalf("only %d refusals in the trials: the comparison did not reach them", refused)
	}
	x, how, at := searchReach(&Config{Fixed: map[string]float64{"population.share_core": 0.5}},
		[]CalibrationParam{{Name: "population.share_partner", Min: 0.1, Max: 0.3, line: 4}}, names[:2], true)
	if fmt.Sprint(x, how) != "[0.5 0.3] [under params max]" || at == nil || at.line != 4 {
		t.Errorf("searchReach: %v %v %+v, want [0.5 0.3] [under params max] and the partner share's line 4", x, how, at)
	}
}

// oldCalibratedShares is calibratedShares before searchReach.
func (d *decoder) oldCalibratedShares(c *Config, free []CalibrationParam) error {
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

// oldCalibratedPriors is calibratedPriors before searchReach.
func (d *decoder) oldCalibratedPriors(c *Config, free []CalibrationParam) error {
	def := param.Defaults()
	sum := 0.0
	var said []string
	var at *CalibrationParam
	for _, ct := range param.CrisisTypes {
		name := "crisis." + ct + ".prior_share"
		x, what := def.Get(name), "default"
		if v, ok := c.Fixed[name]; ok {
			x, what = v, "under params"
		}
		for j := range free {
			if free[j].Name == name {
				x, what = free[j].Min, "min"
				if at == nil || free[j].line > at.line {
					at = &free[j]
				}
			}
		}
		sum += x
		said = append(said, fmt.Sprintf("%s %s %s", name, what, fmtNum(x)))
	}
	if at == nil || sum > 0 {
		return nil
	}
	return &ConfigError{File: d.file, Line: at.line, Key: join("calibration.parameters", at.Name),
		Msg: fmt.Sprintf("the search can reach every crisis type's prior share at 0 (%s), and the engine needs at least one positive (allowed: a min above 0 for a searched share, or a positive share under params)",
			strings.Join(said, ", "))}
}
