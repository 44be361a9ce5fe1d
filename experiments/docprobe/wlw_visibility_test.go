package docprobe

import (
	"math"
	"os"
	"pactsim/experiments"
	"strings"
	"testing"

	"pactsim/agents/param"
)

// TestWLWTreatyVisibilityRange: where-layered-wins.yaml sweeps the
// treaty's visibility over its plausible range 0.7–1 and the core's over
// 0.35–0.65, so the ratio the sign of treaty_plus_cells − layered turns on
// runs from about 1.1 to 2.9 (a review, stop 52). Until stop 52 the map
// held the treaty's at 1 and the core's at 0.5, a ratio of 2, and over a
// 512-point cut of that map the treaty's visibility at 0.7 turned the
// contrast's mean from +1.3855 to −1.3394 (57 and 2 of 512 points
// significantly above and below 0, then 13 and 14). The docs give the
// 96-parameter map's means by fifth of the treaty's visibility (its
// contrasts.csv, seed 20261202): +1.05 in 0.70–0.76, +3.16 in 0.94–1, 7
// of 820 points with the formal core significantly better in the lowest.
func TestWLWTreatyVisibilityRange(t *testing.T) {
	s, ok := param.Lookup("mechanisms.treaty.visibility")
	c, ok2 := param.Lookup("mechanisms.core.visibility")
	if !ok || !ok2 {
		t.Fatal("the treaty's or the core's visibility is not registered")
	}
	if s.Default != 1 || math.Abs(s.Lo-0.7) > 1e-12 || s.Hi != 1 {
		t.Fatalf("mechanisms.treaty.visibility: default %v, plausible %v–%v; the text says 1 and 0.7–1", s.Default, s.Lo, s.Hi)
	}
	if lo, hi := s.Lo/c.Hi, s.Hi/c.Lo; math.Round(10*lo) != 11 || math.Round(10*hi) != 29 {
		t.Fatalf("visibility ratio %.2f–%.2f; the text says about 1.1–2.9", lo, hi)
	}
	cfg, err := os.ReadFile("where-layered-wins.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := experiments.Parse("where-layered-wins.yaml", cfg)
	if err != nil {
		t.Fatal(err)
	}
	swept := map[string][2]float64{}
	for _, sp := range plan.Config.Sweep.Parameters {
		swept[sp.Name] = [2]float64{sp.Min, sp.Max}
	}
	if r, ok := swept["mechanisms.treaty.visibility"]; !ok || r != [2]float64{0.7, 1} {
		t.Errorf("where-layered-wins.yaml sweeps the treaty's visibility over %v (swept: %v); the text says 0.7–1", r, ok)
	}
	if r, ok := swept["mechanisms.core.visibility"]; !ok || r != [2]float64{0.35, 0.65} {
		t.Errorf("where-layered-wins.yaml sweeps the core's visibility over %v (swept: %v); the text says 0.35–0.65", r, ok)
	}
	if _, set := plan.Config.Fixed["mechanisms.treaty.visibility"]; set {
		t.Error("where-layered-wins.yaml also sets the treaty's visibility")
	}
	text := wlwDocText(t)
	for _, want := range []string{
		"The map now sweeps it over 0.7–1, with the core's visibility over 0.35–0.65, so the ratio of the two runs from about 1.1 to 2.9",
		"the mean of the contrast rises from +1.05 (0.70–0.76) to +3.16 (0.94–1), and the share of points where the formal core is significantly better is 7 of 820 in the lowest fifth, 0.9%",
		"from +1.39 to −1.34, and the shares of points significantly above and below 0 from 0.111 and 0.004 to 0.025 and 0.027",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("docs/model.md sec. 17.3 does not state %q", want)
		}
	}
	if strings.Contains(text, "The map does not sweep the treaty's visibility") {
		t.Error("docs/model.md sec. 17.3 still says the map does not sweep the treaty's visibility")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(readme)), " ")
	if want := "the mean of this contrast rises from +1.05 in the lowest fifth of the treaty's visibility (0.7–0.76) to +3.16 in the highest"; !strings.Contains(flat, want) {
		t.Errorf("README.md's map caption does not state %q", want)
	}
	for _, c := range [][2]float64{{57, 0.111}, {2, 0.004}, {13, 0.025}, {14, 0.027}} {
		if got := math.Round(1000*c[0]/512) / 1000; got != c[1] {
			t.Errorf("%v of 512 is %.3f, the text says %.3f", c[0], got, c[1])
		}
	}
	if got := math.Round(1000*7.0/820) / 10; got != 0.9 {
		t.Errorf("7 of 820 is %.1f%%, the text says 0.9%%", got)
	}
}
