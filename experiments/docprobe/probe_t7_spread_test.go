package docprobe

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// TestProbeT7Spread recomputes the numbers of docs/model.md sec. 17.1's
// bullet "T7 holds as the brief states it, but not by retribution alone"
// (seed 4242, 1,000 replicates, founders bound, `treaty` against
// `hub_and_spokes`): the ratio of economic campaigns received, treaty /
// hub, with its delta-method SE, for the founders JP, AU, PH (1.124 ±
// 0.006), the never-members VN, ID, MY, SG (1.149 ± 0.007) and the other
// states (1.155); the founders' extra campaigns over the never-members',
// per state and run (+0.009 ± 0.009 at `retribution.strength` 0.5, +0.017
// ± 0.008 at seed 1707); and Australia's share of all campaigns (0.127
// under `hub_and_spokes`, 0.122 under `treaty`). The bullet gave +0.075 ±
// 0.010 at retribution 1.5 as seed 4242's; that is seed 1707's, and seed
// 4242 gives +0.055 ± 0.010 (a review, stop 52). Each to its printed digit.
func TestProbeT7Spread(t *testing.T) {
	if testing.Short() {
		t.Skip("8,000 architecture-runs with the states table")
	}
	group := map[string]int{"JP": 0, "AU": 0, "PH": 0, "VN": 1, "ID": 1, "MY": 1, "SG": 1}
	size := [2]float64{3, 4}
	f := func(x float64, d int) string {
		return strings.ReplaceAll(fmt.Sprintf("%+.*f", d, x), "-", "−")
	}
	var got []string
	for _, seed := range []int{4242, 1707} {
		cfg := fmt.Sprintf("name: t7-spread\nseed: %d\nreplicates: 1000\nperiods: 40\narchitectures: [hub_and_spokes, treaty]\npopulation:\n  roster: indo-pacific\nparams:\n  mechanisms.treaty.founders_bound: true\nsweep:\n  design: zip\n  crn: points\n  parameters:\n    retribution.strength: [0.5, 1.5]\noutput:\n  formats: [parquet]\n  tables: [runs, summary, contrasts, states]\n  plots: false\n", seed)
		rows := runTableRows(t, "t7-spread.yaml", cfg, "states")
		// camp[point][arch][group][replicate]: campaigns received, summed
		// over the group's states (group 2: every other state); au, all:
		// Australia's and everyone's at point 0.
		var camp [2][2][3][1000]float64
		var au, all [2]float64
		for _, r := range rows {
			num := func(k string) float64 { return rowFloat(t, r, k) }
			pt, rp, x := int(num("point")), int(num("replicate")), num("challenges_received_economic")
			a := 0
			if r["architecture"] == "treaty" {
				a = 1
			}
			g, ok := group[r["state"]]
			if !ok {
				g = 2
			}
			camp[pt][a][g][rp] += x
			if pt == 0 {
				all[a] += x
				if r["state"] == "AU" {
					au[a] += x
				}
			}
		}
		meanSE := func(xs []float64) (float64, float64) {
			m, v := 0.0, 0.0
			for _, x := range xs {
				m += x
			}
			m /= float64(len(xs))
			for _, x := range xs {
				v += (x - m) * (x - m)
			}
			return m, math.Sqrt(v / float64(len(xs)-1) / float64(len(xs)))
		}
		if seed == 4242 {
			for g := range 3 {
				x, y := camp[0][1][g][:], camp[0][0][g][:]
				mx, _ := meanSE(x)
				my, _ := meanSE(y)
				ratio := mx / my
				e := make([]float64, len(x))
				for k := range x {
					e[k] = x[k] - ratio*y[k]
				}
				_, se := meanSE(e)
				got = append(got, fmt.Sprintf("%.3f ± %.3f", ratio, se/my))
			}
			got = append(got, fmt.Sprintf("from %.3f to %.3f", au[0]/all[0], au[1]/all[1]))
		}
		for pt := range 2 {
			d := make([]float64, 1000)
			for k := range d {
				d[k] = (camp[pt][1][0][k]-camp[pt][0][0][k])/size[0] - (camp[pt][1][1][k]-camp[pt][0][1][k])/size[1]
			}
			m, se := meanSE(d)
			got = append(got, f(m, 3)+" ± "+fmt.Sprintf("%.3f", se))
		}
	}
	want := []string{"1.124 ± 0.006", "1.149 ± 0.007", "1.155 ± 0.007", "from 0.127 to 0.122", "+0.009 ± 0.009", "+0.055 ± 0.010", "+0.017 ± 0.008", "+0.075 ± 0.010"}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("%d: got %s, want %s", k, got[k], want[k])
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, s := range []string{
		"founders JP, AU, PH " + got[0] + ", never-members VN, ID, MY, SG " + got[1] + ", the other states " + got[2][:5] + ".",
		"exceed the never-members' by " + got[4] + " at the default `retribution.strength` 0.5 (" + got[6] + " at seed 1707), and by a resolved " + got[5] + " only at 1.5, the top of its range (" + got[7] + " at seed 1707;",
		"Australia's share of all campaigns falls " + got[3] + " when the treaty forms",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md sec. 17.1 does not state %q", s)
		}
	}
}
