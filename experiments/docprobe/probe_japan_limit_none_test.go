package docprobe

import (
	"math"
	"os"
	"strings"
	"testing"
)

// TestProbeJapanLimitNone recomputes docs/model.md sec. 6.1's reading of
// Japan's constitutional limit under `none` (a review, stop 54). The text
// said the limit "leaves `none` within noise" while it lowers severity
// under `hub_and_spokes`, from seeds where `none` happened to draw two more
// armed faits accomplis (weight 30). Under both architectures Japan's links
// to third parties but the US are ad hoc, so the limit acts alike: at
// seeds 1 and 777 (4,000 replicates, `crn: points`, strength 0 and 1) A's
// grey-zone and economic hazards fall under both by amounts within 15% of
// each other (their z-scores pass 20 and 10; the hazards are expected
// counts, so their paired noise is small), and at seed 1, where no armed
// fait accompli moves, severity falls under `none` by more than 4 standard
// errors (−0.014 ± 0.002), which the old text denied. At seed 777, with
// the armed faits accomplis taken out (severity − 30·fait_accompli_armed),
// the fall under `none` is resolved too. The 20,000-replicate numbers the
// text gives (seed 20261206, with `treaty`) are checked to their digits.
func TestProbeJapanLimitNone(t *testing.T) {
	if testing.Short() {
		t.Skip("152,000 architecture-runs")
	}
	on := func(a string) refSel { return refSel{"point": "1", "architecture": a} }
	off := func(a string) refSel { return refSel{"point": "0", "architecture": a} }
	sev := refCol("severity_loss")
	armed := refCol("fait_accompli_armed")
	noArmed := func(r map[string]string) float64 { return sev(r) - 30*armed(r) }
	for _, seed := range []int{1, 777} {
		rows := refRuns(t, seed, 4000, "none, hub_and_spokes", "grid", true, "    constitutional_limit.strength: [0, 1]\n")
		for _, h := range []struct {
			col  string
			minZ float64
		}{{"hazard_grey_zone", 20}, {"hazard_economic", 10}} {
			mn, sn, _ := refPaired(rows, on("none"), off("none"), refCol(h.col), nil)
			mh, sh, _ := refPaired(rows, on("hub_and_spokes"), off("hub_and_spokes"), refCol(h.col), nil)
			if !(mn < 0 && -mn/sn > h.minZ && mh < 0 && -mh/sh > h.minZ) {
				t.Errorf("seed %d %s: none %.5f ± %.5f, hub_and_spokes %.5f ± %.5f; want both falling, z beyond %g", seed, h.col, mn, sn, mh, sh, h.minZ)
			}
			if r := mn / mh; math.Abs(r-1) > 0.15 {
				t.Errorf("seed %d %s: none's fall %.5f is %.2f of hub_and_spokes' %.5f; want within 15%%", seed, h.col, mn, r, mh)
			}
		}
		m, se, n := refPaired(rows, on("none"), off("none"), noArmed, nil)
		if n != 4000 || !(m < 0 && -m/se > 4) {
			t.Errorf("seed %d none: severity without armed faits accomplis moves by %.4f ± %.4f over %d replicates; want a fall beyond 4 SE", seed, m, se, n)
		}
		if seed == 1 {
			m, se, _ := refPaired(rows, on("none"), off("none"), sev, nil)
			if !(m < 0 && -m/se > 4) {
				t.Errorf("seed 1 none: severity moves by %.4f ± %.4f; want a fall beyond 4 SE", m, se)
			}
			refNear(t, "seed 1 none severity change", m, "-0.014")
			refNear(t, "seed 1 none severity SE", se, "0.002")
			mh, sh, _ := refPaired(rows, on("hub_and_spokes"), off("hub_and_spokes"), sev, nil)
			refNear(t, "seed 1 hub_and_spokes severity change", mh, "-0.014")
			refNear(t, "seed 1 hub_and_spokes severity SE", sh, "0.002")
		}
	}
	// The text's 20,000 replicates (seed 20261206): each number to its
	// printed digits.
	rows := refRuns(t, 20261206, 20000, "none, hub_and_spokes, treaty", "grid", true, "    constitutional_limit.strength: [0, 1]\n")
	for _, c := range []struct{ arch, col, mean, se string }{
		{"none", "hazard_grey_zone", "-0.0065", ""},
		{"none", "hazard_economic", "-0.0039", ""},
		{"none", "hazard_armed", "0.0002", ""},
		{"none", "severity_loss", "-0.012", "0.002"},
		{"hub_and_spokes", "hazard_grey_zone", "-0.0071", ""},
		{"hub_and_spokes", "hazard_economic", "-0.0042", ""},
		{"hub_and_spokes", "hazard_armed", "0.0003", ""},
		{"hub_and_spokes", "severity_loss", "-0.011", "0.002"},
		{"treaty", "severity_loss", "-0.007", "0.004"},
	} {
		m, se, _ := refPaired(rows, on(c.arch), off(c.arch), refCol(c.col), nil)
		refNear(t, "seed 20261206 "+c.arch+" "+c.col, m, c.mean)
		if c.se != "" {
			refNear(t, "seed 20261206 "+c.arch+" "+c.col+" SE", se, c.se)
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, s := range []string{
		"severity falls by 0.014 ± 0.002 under both (`TestProbeJapanLimitNone`)",
		"by 0.012 ± 0.002 under `none`, 0.011 ± 0.002 under `hub_and_spokes` (and 0.007 ± 0.004 under `treaty`)",
		"slightly helps `none`, `hub_and_spokes` and `treaty`, and leaves `treaty_plus_cells` within noise (section 6.1)",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md does not state %q", s)
		}
	}
	for _, s := range []string{"leaves `none` and `treaty_plus_cells` within noise", "and the two cancel within noise"} {
		if strings.Contains(text, s) {
			t.Errorf("docs/model.md still states %q", s)
		}
	}
}
