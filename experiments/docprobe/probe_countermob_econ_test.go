package docprobe

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// TestProbeCounterMobEcon recomputes docs/model.md sec. 22's bullet on
// counter-mobilisation's economic channel: switching
// `adversary.counter_mobilisation.strength` off (0.5 → 0; seeds 111222333,
// 444555666 and 777888999, 400 replicates each, paired, crn: points), its
// contribution to `treaty_plus_cells − layered` (a − b at 0.5 minus a − b
// at 0, per replicate, over the 1,200 replicates) on severity, and the
// parts of it in economic failures, grey-zone failures and armed attacks
// (30 · failures_armed + 70 · wars), founders free and bound. The bullet
// gave +1.88 ± 0.23 on severity with the founders bound, a number of stop
// 33 that the stated configuration does not give (nor did engine 0.4.6) (+1.77 ± 0.23, its
// parts +1.72, +0.40 and −0.35 adding up to it); the rest holds (a review,
// stop 52). Each to its printed digit.
func TestProbeCounterMobEcon(t *testing.T) {
	if testing.Short() {
		t.Skip("9,600 architecture-runs")
	}
	got := map[bool][4][2]float64{}
	for _, bound := range []bool{false, true} {
		var d [4][]float64 // severity, economic, grey zone, armed (weighted)
		for _, seed := range []int{111222333, 444555666, 777888999} {
			cfg := fmt.Sprintf("name: countermob\nseed: %d\nreplicates: 400\nperiods: 40\narchitectures: [layered, treaty_plus_cells]\npopulation:\n  roster: indo-pacific\nparams:\n  mechanisms.treaty.founders_bound: %v\nsweep:\n  design: zip\n  crn: points\n  parameters:\n    adversary.counter_mobilisation.strength: [0.5, 0]\noutput:\n  formats: [parquet]\n  plots: false\n", seed, bound)
			rows := runTableRows(t, "countermob.yaml", cfg, "runs")
			// v[rep][k] accumulates +(tpc − layered) at 0.5 and −(tpc −
			// layered) at 0 for quantity k.
			v := make([][4]float64, 400)
			for _, r := range rows {
				num := func(k string) float64 { return rowFloat(t, r, k) }
				sign := 1.0
				if r["architecture"] == "layered" {
					sign = -1
				}
				if num("point") == 1 {
					sign = -sign
				}
				q := [4]float64{num("severity_loss"), num("failures_economic"), num("failures_grey_zone"), 30*num("failures_armed") + 70*num("wars")}
				rep := int(num("replicate"))
				for k := range q {
					v[rep][k] += sign * q[k]
				}
			}
			for _, x := range v {
				for k := range x {
					d[k] = append(d[k], x[k])
				}
			}
		}
		var g [4][2]float64
		for k := range d {
			m, ss := 0.0, 0.0
			for _, x := range d[k] {
				m += x
			}
			m /= float64(len(d[k]))
			for _, x := range d[k] {
				ss += (x - m) * (x - m)
			}
			g[k] = [2]float64{m, math.Sqrt(ss / float64(len(d[k])-1) / float64(len(d[k])))}
		}
		got[bound] = g
	}
	t.Logf("founders free: %v; bound: %v", got[false], got[true])
	// The text's numbers: mean and SE, founders free and bound (armed
	// attacks free only). Means to their printed digit; SEs within 0.025
	// (the text's were pooled in a way it does not state: armed attacks'
	// is 0.21 over the 1,200 paired replicates, 0.19 in the text).
	type num struct{ m, se float64 }
	want := map[bool][4]num{
		false: {{1.17, 0.22}, {1.17, 0.05}, {0.27, 0.03}, {-0.28, 0.19}},
		true:  {{1.77, 0.23}, {1.72, 0.04}, {0.40, 0.03}, {math.NaN(), 0}},
	}
	names := []string{"severity", "economic failures", "grey-zone failures", "armed attacks (weighted)"}
	for _, bound := range []bool{false, true} {
		for k, w := range want[bound] {
			if math.IsNaN(w.m) {
				continue
			}
			g := got[bound][k]
			if math.Abs(g[0]-w.m) > 0.005+1e-9 || math.Abs(g[1]-w.se) > 0.025 {
				t.Errorf("founders bound %v, %s: %+.4f ± %.4f, the text says %+.2f ± %.2f", bound, names[k], g[0], g[1], w.m, w.se)
			}
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	s := "its contribution to `treaty_plus_cells − layered` on severity is +1.17 ± 0.22 (+1.77 ± 0.23 with the founders bound; `TestProbeCounterMobEcon`), of which economic failures are +1.17 ± 0.05 (+1.72 ± 0.04), grey-zone failures +0.27 ± 0.03 (+0.40 ± 0.03) and armed attacks (weight 30) −0.28 ± 0.19."
	if !strings.Contains(strings.Join(strings.Fields(string(doc)), " "), s) {
		t.Errorf("docs/model.md sec. 22 does not state %q", s)
	}
}
