package docprobe

import (
	"math"
	"os"
	"strings"
	"testing"
)

// TestProbeHandTyingHeadline recomputes the close of docs/model.md sec.
// 9.4 from its configuration (seed 31, 2,000 replicates, `crn: points`,
// `adversary.handtying.strength` 0 and 1, the six presets). The text said
// severity moved by +0.004 ± 0.0014 under `hub_and_spokes`, "less
// elsewhere"; under `layered` and `layered_then_treaty` the mean moves more
// (+0.015, +0.011), within their wider noise (a review, stop 54). It
// also said `none` moves by "nothing resolved", where it moves by exactly
// nothing: every `none` run is the same in every column. Numbers to their
// printed digits; the 4 SE bound is the one sec. 19 calls resolved. The
// small fall of A's grey-zone hazard under `layered` that seed 31 leaves
// at 3.2 SE is resolved at seed 4402 (6.7 SE), which the text now says.
func TestProbeHandTyingHeadline(t *testing.T) {
	if testing.Short() {
		t.Skip("28,000 architecture-runs")
	}
	rows := refRuns(t, 31, 2000, "none, hub_and_spokes, treaty, layered, treaty_plus_cells, layered_then_treaty", "grid", true, "    adversary.handtying.strength: [0, 1]\n")
	on := func(a string) refSel { return refSel{"point": "1", "architecture": a} }
	off := func(a string) refSel { return refSel{"point": "0", "architecture": a} }
	for _, c := range []struct{ arch, col, mean, se string }{
		{"hub_and_spokes", "severity_loss", "0.004", "0.0014"},
		{"treaty", "severity_loss", "0.003", "0.0012"},
		{"layered", "severity_loss", "0.015", "0.026"},
		{"layered_then_treaty", "severity_loss", "0.011", "0.015"},
		{"layered", "hazard_grey_zone", "-0.0004", "0.0001"},
		{"treaty_plus_cells", "hazard_grey_zone", "-0.0002", "0.0001"},
	} {
		m, se, n := refPaired(rows, on(c.arch), off(c.arch), refCol(c.col), nil)
		if n != 2000 {
			t.Fatalf("%s %s: %d paired replicates, want 2000", c.arch, c.col, n)
		}
		refNear(t, c.arch+" "+c.col, m, c.mean)
		refNear(t, c.arch+" "+c.col+" SE", se, c.se)
	}
	// Nothing resolved at 4 SE under layered and treaty_plus_cells, in any
	// headline outcome or hazard.
	for _, a := range []string{"layered", "treaty_plus_cells"} {
		for _, col := range []string{"severity_loss", "deterrence_success", "hazard_grey_zone", "hazard_economic", "hazard_armed"} {
			m, se, _ := refPaired(rows, on(a), off(a), refCol(col), nil)
			if se > 0 && math.Abs(m/se) > 4 {
				t.Errorf("%s %s: %.6f ± %.6f, beyond 4 SE; the text says nothing resolved", a, col, m, se)
			}
		}
	}
	// Under layered the grey-zone hazard's small fall is resolved at
	// another seed (the text's seed 4402).
	lay := refRuns(t, 4402, 2000, "layered", "grid", true, "    adversary.handtying.strength: [0, 1]\n")
	m, se, _ := refPaired(lay, on("layered"), off("layered"), refCol("hazard_grey_zone"), nil)
	refNear(t, "seed 4402 layered hazard_grey_zone", m, "-0.0007")
	refNear(t, "seed 4402 layered hazard_grey_zone SE", se, "0.0001")
	refNear(t, "seed 4402 layered hazard_grey_zone z", m/se, "-6.7")
	m, se, _ = refPaired(lay, on("layered"), off("layered"), refCol("severity_loss"), nil)
	refNear(t, "seed 4402 layered severity_loss", m, "0.031")
	refNear(t, "seed 4402 layered severity_loss SE", se, "0.021")
	// none: every run the same in every column but the point's own.
	type key struct{ point, rep string }
	byRep := map[key]map[string]string{}
	for _, r := range rows {
		if r["architecture"] == "none" {
			byRep[key{r["point"], r["replicate"]}] = r
		}
	}
	diff := 0
	for k, r := range byRep {
		if k.point != "1" {
			continue
		}
		b := byRep[key{"0", k.rep}]
		for c, v := range r {
			if c != "point" && c != "adversary.handtying.strength" && b[c] != v {
				diff++
				break
			}
		}
	}
	if len(byRep) != 4000 || diff != 0 {
		t.Errorf("none: %d of %d runs differ between strength 0 and 1; want 0 of 2000", diff, len(byRep)/2)
	}
	refDocSays(t,
		"severity +0.004 ± 0.0014 under `hub_and_spokes` and +0.003 ± 0.0012 under `treaty`",
		"+0.015 ± 0.026 and +0.011 ± 0.015",
		"`none` moves by exactly nothing, every run the same bit for bit",
		"A's grey-zone hazard −0.0004 ± 0.0001 and −0.0002 ± 0.0001 a run",
		"at seed 4402 (2,000 replicates) it is −0.0007 ± 0.0001, 6.7 SE",
	)
	b, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(strings.Fields(string(b)), " "), "`hub_and_spokes`, less elsewhere)") {
		t.Error("docs/model.md sec. 9.4 still says the severity moves less elsewhere than under hub_and_spokes")
	}
}
