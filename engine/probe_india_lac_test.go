package engine

import (
	"fmt"
	"math"
	"testing"

	"pactsim/agents"
)

// TestProbeIndiaLAC pins docs/model.md sec. 22's "India is pressed far
// less than the record on the Line of Actual Control" (a review, stop
// 52): at the calibration's seed and replicates India receives 0.186
// grey-zone challenges and 0.091 armed attacks a decade under
// `hub_and_spokes` (0.185 and 0.081 under `none`), against the record's
// two face-offs in 2015-24 (Galwan 2020, Yangtse 2022; BASE-RATES sec. 3)
// and Doklam 2017 (the roster's source). India's presence (0.60, an
// assumption) denies the grey zone; at 0.30 or 0.12 India receives 0.916
// or 2.510 grey-zone challenges and no armed attack, which would leave
// T2 (0.02-0.3 armed attacks a run, all against India) empty.
// Tolerances: the means to their printed rounding (0.0005); the sum
// below 1 by more than 20 standard errors.
func TestProbeIndiaLAC(t *testing.T) {
	for _, c := range []struct {
		arch, presence string
		grey, armed    float64
	}{{"hub_and_spokes", "", 0.186, 0.091}, {"none", "", 0.185, 0.081}, {"hub_and_spokes", "0.30", 0.916, 0}, {"hub_and_spokes", "0.12", 2.510, 0}} {
		var r *agents.Roster
		if c.presence != "" {
			var err error
			if r, err = builtinRows(t).set("presence", c.presence, named("IN")).parse(); err != nil {
				t.Fatal(err)
			}
		}
		s := runStateSeries(t, r, c.arch)
		g, a := seriesMean(s.grey["IN"]), seriesMean(s.armed["IN"])
		if math.Abs(g-c.grey) > 0.0005 || math.Abs(a-c.armed) > 0.0005 {
			t.Errorf("%s, India's presence %q: grey zone %.4f, armed %.4f a run, want %.3f and %.3f", c.arch, c.presence, g, a, c.grey, c.armed)
		}
		if c.presence != "" {
			continue
		}
		sum := make([]float64, len(s.grey["IN"]))
		for i := range sum {
			sum[i] = s.grey["IN"][i] + s.armed["IN"][i]
		}
		m, se := meanSEOf(sum)
		if (1-m)/se < 20 {
			t.Errorf("%s: India's militarised challenges %.3f ± %.3f, want below 1 by 20 SE", c.arch, m, se)
		}
	}
	docHas(t, fmt.Sprintf("India receives %.3f grey-zone challenges and %.3f armed attacks a decade under `hub_and_spokes` (%.3f and %.3f under `none`)", 0.186, 0.091, 0.185, 0.081),
		"at 0.30 it receives 0.916 grey-zone challenges and no armed attack, at 0.12 2.510 and none")
}
