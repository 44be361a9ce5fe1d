package experiments

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// pinnedTargets measures the fit targets of experiments/calibrate.yaml with
// the named constants pinned (the others at the registry defaults, the
// fit), as scripts/calibration-band.sh and TestFitBandEnds do: a
// calibration of each over a range 1e-9 wide, one evaluation, on the
// calibration's own replicates and task seeds. It returns each target's
// value and whether it is met, by target name.
func pinnedTargets(t *testing.T, pins map[string]float64) (map[string]float64, map[string]bool) {
	t.Helper()
	src, err := os.ReadFile("calibrate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	head := text[:strings.Index(text, "calibration:")]
	targets := text[strings.Index(text, "  targets:"):strings.Index(text, "  optimizer:")]
	var params strings.Builder
	for name, v := range pins {
		fmt.Fprintf(&params, "    %s: {min: %v, max: %v}\n", name, v, v+1e-9)
	}
	cfg := fmt.Sprintf("%scalibration:\n  parameters:\n%s%s  optimizer: {method: cmaes, evaluations: 1, start: center}\noutput:\n  formats: [parquet]\n  plots: false\n",
		head, params.String(), targets)
	c, rec := evaluateStart(t, "pinned.yaml", []byte(cfg))
	val, met := map[string]float64{}, map[string]bool{}
	for k, tg := range c.Targets {
		val[tg.Name] = rec.Targets[k].Value
		met[tg.Name] = tg.Met(rec.Targets[k])
	}
	return val, met
}

// TestProbeEconIdentified: docs/model.md sec. 17.2 said that the economic
// gain G_e and severity s_e "are not identified by the targets at all,
// like C_war: no target moves out of its range anywhere in their scans
// (T3b, the campaigns' count, moves with χ0 and σ_A instead)". C_war moves
// no target (T3b 10.35 at 0 and at 10); T3b moves with G_e and s_e by 40
// and 30 of its standard errors across their scans, and its upper end
// bounds G_e one at a time between 0.75 (met) and 0.8 (missed), inside
// the table's full search range 0.2–2.5, though far above G_e's analogue
// range. The text now says so (a review, stop 51). Deterministic: the
// calibration's task seeds.
func TestProbeEconIdentified(t *testing.T) {
	if testing.Short() {
		t.Skip("16,000 architecture-runs")
	}
	const ge, se, cwar = "crisis.economic_coercion.gain", "crisis.economic_coercion.severity", "adversary.war_aversion"
	// t3b is T3b's value and whether it is met with name pinned at v,
	// and whether every other target is met.
	t3b := func(name string, v float64) (float64, bool, bool) {
		val, met := pinnedTargets(t, map[string]float64{name: v})
		others := true
		for k, m := range met {
			others = others && (m || k == "T3b-economic-campaigns")
		}
		return val["T3b-economic-campaigns"], met["T3b-economic-campaigns"], others
	}
	for _, w := range []struct {
		name string
		v    float64
		want string
		met  bool
	}{
		{ge, 0.05, "9.46", true},
		{ge, 0.6, "13.29", true},
		{ge, 0.75, "14.59", true},
		{ge, 0.8, "15.07", false},
		{se, 0.3, "7.03", true},
		{se, 0.5, "7.04", true},
		{se, 1.5, "11.50", true},
		{cwar, 0, "10.35", true},
		{cwar, 10, "10.35", true},
	} {
		got, met, others := t3b(w.name, w.v)
		if s := fmt.Sprintf("%.2f", got); s != w.want || met != w.met {
			t.Errorf("%s = %v: T3b %s (met %v), want %s (met %v)", w.name, w.v, s, met, w.want, w.met)
		}
		if !others {
			t.Errorf("%s = %v: a target other than T3b missed", w.name, w.v)
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	if strings.Contains(text, "G_e and s_e are not identified by the targets at all, like C_war") {
		t.Error("docs/model.md sec. 17.2 still says G_e and s_e are not identified at all, like C_war")
	}
	for _, s := range []string{
		"T3b rises with each (from 9.46 at G_e 0.05 to 13.29 at 0.6, and from 7.04 at s_e 0.5 to 11.50 at 1.5; 10.35 at the fit)",
		"T3b's upper end bounds G_e, one at a time, between 0.75 (14.59) and 0.8 (15.07, a miss)",
		"s_e leaves every target in its range over the table's full range 0.3–1.5 (T3b 7.03 at 0.3)",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md sec. 17.2 does not state %q", s)
		}
	}
}
