package experiments

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestProbeT4Tau: docs/model.md sec. 17.2 called T4 "the one that
// identifies τ". Moved alone, the others at the fit, τ keeps T4 in its
// range [0.6, 0.9] from 0.02 (0.728) to 0.15 (0.896) and leaves it only at
// the top of the search table's full range (0.957 at 0.3), while T3c
// (below 0.029) and T2 and T3-PH (above 0.048) bound τ's slice; the text
// and the comments of experiments/calibrate.yaml and calibration-set.yaml
// now say so (a review, stop 51). Deterministic: the calibration's task
// seeds.
func TestProbeT4Tau(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 architecture-runs")
	}
	const tau = "adversary.denial_scale"
	for _, w := range []struct {
		v      float64
		t4     string
		t4met  bool
		missed []string // the other targets missed
	}{
		{0.02, "0.728", true, []string{"T3-grey-zone-PH", "T3c-grey-zone-fait-accompli"}},
		{0.028, "0.733", true, []string{"T3c-grey-zone-fait-accompli"}},
		{0.049, "0.772", true, []string{"T2-armed", "T3-grey-zone-PH"}},
		{0.15, "0.896", true, nil},
		{0.3, "0.957", false, nil},
	} {
		val, met := pinnedTargets(t, map[string]float64{tau: w.v})
		if got := fmt.Sprintf("%.3f", val["T4-alliance-effect"]); got != w.t4 || met["T4-alliance-effect"] != w.t4met {
			t.Errorf("τ = %v: T4 %s (met %v), want %s (met %v)", w.v, got, met["T4-alliance-effect"], w.t4, w.t4met)
		}
		if w.missed == nil {
			continue
		}
		var missed []string
		for _, name := range []string{"T1-grey-economic-share", "T2-armed", "T2-armed-allies", "T2b-blockades", "T3-grey-zone", "T3-grey-zone-PH", "T3b-economic-campaigns", "T3c-grey-zone-fait-accompli"} {
			if !met[name] {
				missed = append(missed, name)
			}
		}
		if strings.Join(missed, " ") != strings.Join(w.missed, " ") {
			t.Errorf("τ = %v: missed %v, want %v", w.v, missed, w.missed)
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	if strings.Contains(text, "the one that identifies τ") {
		t.Error("docs/model.md sec. 17.2 still calls T4 the one that identifies τ")
	}
	for _, f := range []string{"calibrate.yaml", "calibration-set.yaml"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.Join(strings.Fields(string(src)), " "), "the one that identifies τ") {
			t.Errorf("experiments/%s still calls T4 the one that identifies τ", f)
		}
	}
	want := "τ keeps T4 in its range from 0.02 (0.728) to 0.15 (0.896) and leaves it only near the top of the table's full range (0.957 at 0.3); τ's slice, 0.029 to 0.048, is set by T3c below and by T2 and T3-PH above"
	if !strings.Contains(text, want) {
		t.Errorf("docs/model.md sec. 17.2 does not state %q", want)
	}
}
