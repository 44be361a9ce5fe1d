package docprobe

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// TestWLWRangesConvention pins docs/model.md sec. 17.3 on what the
// clauses' ranges are (a review, stop 52). The text had run two sentences
// together ("under those architectures as read by none, and
// counter-mobilisation's rate, ..."), and called the 0.7-1.3x band the
// clauses' plausible range without saying it is section 14.3's one rule for
// every field, which no source gives for any clause. Re-run: `runner
// validate` refuses a sweep of mechanisms.treaty.visibility,
// mechanisms.cell.obligation, treaty.standing_buildup,
// adversary.formation_window, crisis.public_noise and
// crisis.invocation_threshold under [none, hub_and_spokes] (exit 2, "no
// architecture of the config reads it") and accepts
// adversary.counter_mobilisation.rate, whose grid 0.06, 0.25 (seed 5, 60
// replicates, crn: points) gives the same summary mean for all 94
// architecture × outcome pairs at both ends.
func TestWLWRangesConvention(t *testing.T) {
	text := wlwDocText(t)
	if strings.Contains(text, "under those architectures as read by none, and") {
		t.Error("docs/model.md sec. 17.3 still runs the validate and rate sentences together")
	}
	for _, s := range []string{
		"under those two architectures, as read by neither; counter-mobilisation's rate, which A reads everywhere, leaves every summary mean of both the same at its two ends (0.06 and 0.25; seed 5, 60 replicates, `crn: points`)",
		"Their width is a convention, not evidence: section 14.3 gives every field the same rule, 0.7 to 1.3 times its default, and no source gives a range for any one clause",
		// The rule it cites must be section 14.3's.
		"Plausible ranges are 0.7× to 1.3× each default, capped at the allowed maximum",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md does not state %q", s)
		}
	}
}

// TestWLWDeterrenceBoxLatency pins docs/model.md sec. 17.3 on the box for
// layered − treaty deterrence_success > 0: the 96-parameter map's
// discovery_limits.csv (seed 20261202, box 59, 36 restrictions) gives
// coordination.latency.strength ≥ 1.0645563061883143, which the text's
// rounding to nearest makes 1.06 and the figure's outward rounding leaves
// at or below it; the text had 1.07 (a review, stop 52). The other limit
// it names, counter-mobilisation ≥ 0.22844500452217104, reads 0.23.
func TestWLWDeterrenceBoxLatency(t *testing.T) {
	const latency, counter = 1.0645563061883143, 0.22844500452217104
	lat := fmt.Sprintf("%.2f", latency)
	cm := fmt.Sprintf("%.2f", counter)
	want := "restrictions (latency ≥ " + lat + " and counter-mobilisation ≥ " + cm + " the largest;"
	if !strings.Contains(wlwDocText(t), want) {
		t.Errorf("docs/model.md sec. 17.3 does not state %q", want)
	}
}

// TestWLWTreatyAloneLatencySplit pins docs/model.md sec. 17.3's summary of
// where the treaty alone beats the layered structure. In the 96-parameter
// map's contrasts.csv (seed 20261202), layered − treaty severity_loss has
// its interval above 0 at 81 points, 79 of them with
// coordination.latency.strength < 0.83; deterrence_success has it below 0
// at 373, 276 of them below 0.83 (three in four, as the latency paragraph
// says), so "nearly all", which the summary had said of both, held for
// severity only (a review, stop 52).
func TestWLWTreatyAloneLatencySplit(t *testing.T) {
	const sevWins, sevBelow, detWins, detBelow = 81, 79, 373, 276
	if f := float64(detBelow) / detWins; f > 0.8 || f < 0.7 {
		t.Fatalf("%d of %d deterrence wins below 0.83 is %.2f, not about three in four", detBelow, detWins, f)
	}
	if sevWins-sevBelow != 2 || detWins-detBelow != 97 {
		t.Fatal("the counts no longer match the latency paragraph's two and 97 points")
	}
	text := wlwDocText(t)
	if strings.Contains(text, "9.1% on deterrence, nearly all where latency") {
		t.Error("docs/model.md sec. 17.3 still says nearly all of the treaty alone's deterrence wins are below latency 0.83")
	}
	want := fmt.Sprintf("at %d of its %d severity wins and %d of its %d deterrence wins; its other %d deterrence wins, at 3,195 points, are near the chance rate",
		sevBelow, sevWins, detBelow, detWins, detWins-detBelow)
	if !strings.Contains(text, want) {
		t.Errorf("docs/model.md sec. 17.3 does not state %q", want)
	}
}

// TestWLWLayeredLatencyNotWherever pins how docs/model.md sec. 17.3 and the
// README's map caption read the box for layered − treaty severity_loss < 0:
// the 96-parameter map's discovery.csv (seed 20261202, box 5, latency ≥
// 0.8397 alone) has coverage 0.9489 and density 0.6629, so the layered
// structure wins at two thirds of the points with latency ≥ 0.84 and 95%
// of its wins lie there; "wherever latency is at least 0.84", which both
// had said, claimed every such point (a review, stop 52).
func TestWLWLayeredLatencyNotWherever(t *testing.T) {
	const coverage, density = 0.9489380930863082, 0.6628787878787878
	if math.Round(100*coverage) != 95 || math.Abs(density-2.0/3) > 0.01 {
		t.Fatalf("coverage %.4f and density %.4f are not 95%% and two thirds", coverage, density)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{"docs/model.md": wlwDocText(t), "README.md": strings.Join(strings.Fields(string(readme)), " ")}
	wants := map[string]string{
		"docs/model.md": "54.0% of points, 95% of them where coordination latency is at least 0.84 (it wins at two thirds of those points)",
		"README.md":     "54% of the points, 95% of them where coordination latency is at least 0.84 (right; it wins at two thirds of those points)",
	}
	for name, text := range texts {
		if strings.Contains(text, "wherever coordination latency is at least 0.84") {
			t.Errorf("%s still says the layered structure wins wherever latency is at least 0.84", name)
		}
		if !strings.Contains(text, wants[name]) {
			t.Errorf("%s does not state %q", name, wants[name])
		}
	}
}

// TestWLWDeterrenceInformalCoreCount pins how docs/model.md sec. 17.3 and
// the README read treaty_plus_cells − layered deterrence_success: in the
// 96-parameter map (seed 20261202) its paired t interval lies below 0 at
// 148 of 4,096 points (3.6%) and above at 95 (2.3%). The chance rate,
// measured on the map's runs tables by flipping the signs of each point's
// 40 paired differences at random (20 times a point, the same t interval;
// a review, stop 52), is 2.09% below and 2.19% above (85.8 and 89.6
// points), so 95 is at chance and 148 is about 6.8 binomial standard
// deviations above it; the same recomputation reproduces the table's 148
// and 95. The texts had called both the chance rate and noise.
func TestWLWDeterrenceInformalCoreCount(t *testing.T) {
	const wins, formal, points, nominal, measured = 148, 95, 4096, 0.025, 85.8 / 4096
	expected := nominal * points
	sd := math.Sqrt(points * nominal * (1 - nominal))
	if z := (wins - expected) / sd; math.Round(expected) != 102 || math.Round(sd) != 10 || math.Round(10*z)/10 != 4.6 {
		t.Fatalf("nominal chance %.1f ± %.1f, z %.2f: the text says about 102, 10 and 4.6", expected, sd, z)
	}
	msd := math.Sqrt(points * measured * (1 - measured))
	if z := (wins - measured*points) / msd; z < 5 {
		t.Fatalf("148 is %.1f standard deviations above the measured chance rate; the text says well above", z)
	}
	if z := (formal - 89.6) / msd; math.Abs(z) > 1 {
		t.Fatalf("95 is %.1f standard deviations from the measured chance rate; the text says at chance", z)
	}
	if math.Round(1000*measured)/10 != 2.1 || math.Round(float64(wins)-measured*points) != 62 {
		t.Fatal("the measured rate is not 2.1% or the excess not about 60 points")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, rd := wlwDocText(t), strings.Join(strings.Fields(string(readme)), " ")
	for _, bad := range []string{"neither wins beyond chance (2.3% and 3.6%", "so box 0 is selected for both: noise."} {
		if strings.Contains(doc, bad) {
			t.Errorf("docs/model.md sec. 17.3 still says %q", bad)
		}
	}
	if strings.Contains(rd, "at more points than chance gives (2.3% and 3.6%)") {
		t.Error("README.md still says 3.6% is no more than chance gives")
	}
	for _, want := range []string{
		"(3.6%, 148 points): PRIM's proposals do not beat their shuffles, so box 0 is selected for both: no region. The 148 are more than chance gives",
		"the chance rate measured on the map's own runs is lower, 2.1% a side (about 86 and 90 points",
		"so the informal core does better on deterrence at about 60 points beyond chance, spread over the space, while the formal core's 95 are at chance",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/model.md sec. 17.3 does not state %q", want)
		}
	}
	if want := "the formal core wins at 2.3% of points, the chance rate, the informal core at 3.6%, above the about 2.1% that chance gives here, but diffusely"; !strings.Contains(rd, want) {
		t.Errorf("README.md does not state %q", want)
	}
}

// TestWLWHalfWidth pins the half-width docs/model.md sec. 17.3 gives a
// point's 95% interval of treaty_plus_cells − layered severity_loss at 40
// replicates. Over the 4,096 points of the 96-parameter map's
// contrasts.csv (seed 20261202), (ci_high − ci_low)/2 has mean 4.494,
// median 4.326, tenth percentile 2.828 and ninetieth 6.367; the text had
// said about 5 (a review, stop 52).
func TestWLWHalfWidth(t *testing.T) {
	const mean, median, p10, p90 = 4.494285479339068, 4.326031739732986, 2.8276777399602313, 6.367132347190161
	want := fmt.Sprintf("half-width of about %.1f severity units (`treaty_plus_cells − layered`, the 96-parameter map: median %.1f, %.1f to %.1f between the tenth and ninetieth percentiles of points)", mean, median, p10, p90)
	text := wlwDocText(t)
	if !strings.Contains(text, want) {
		t.Errorf("docs/model.md sec. 17.3 does not state %q", want)
	}
	if strings.Contains(text, "half-width of about 5 severity") {
		t.Error("docs/model.md sec. 17.3 still gives the half-width as about 5")
	}
}

// TestWLWConfigRangesConvention pins the map config's comment on the
// clauses' ranges: the 0.7-1.3x width is section 14.3's one rule for
// every field, which no source gives for any one clause, and the comment
// had called it each clause's plausible range without saying so (a
// review, stop 52; docs/model.md sec. 17.3 says the same).
func TestWLWConfigRangesConvention(t *testing.T) {
	b, err := os.ReadFile("where-layered-wins.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(strings.ReplaceAll(string(b), "# ", "")), " ")
	want := "one width for every field, a convention of the registry that no source gives for any one clause, so the shares depend on it (sec. 17.3)"
	if !strings.Contains(text, want) {
		t.Errorf("where-layered-wins.yaml does not state %q", want)
	}
}
