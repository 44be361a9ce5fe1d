package plots

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"pactsim/output"
)

// renderPage runs the report's template over a page built by hand, for the
// notes that depend on a section's data alone.
func renderPage(t *testing.T, page reportPage) string {
	t.Helper()
	var buf bytes.Buffer
	if err := reportTemplate.Execute(&buf, page); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestSensitivityNoteWithoutBootstrap (a review, stop 49): with
// "sensitivity: {bootstrap: 0}" no index has an interval, and the note said
// "A parameter whose ST interval includes 0 (grey) ..." and "Each cell: ST
// [95% bootstrap CI] · S1" beside cells with neither, each cell with a
// double space where its interval would be.
func TestSensitivityNoteWithoutBootstrap(t *testing.T) {
	nan := math.NaN()
	for _, method := range []string{output.MethodSobol, output.MethodMorris} {
		q := func(lo, hi float64) []sensQuantity {
			return []sensQuantity{{method: method, outcome: "deterrence_success", a: "layered", b: "treaty", n: 16,
				params: []sensParam{sp("us.reliability", 0.6, lo, hi), sp("population.autonomy_shift", 0.2, lo, hi)}}}
		}
		bare := renderPage(t, reportPage{Sensitivity: sensitivitySection(q(nan, nan))})
		for _, absent := range []string{"bootstrap CI]", "(grey)", "  ·"} {
			if strings.Contains(bare, absent) {
				t.Errorf("%s without intervals: the section has %q", method, absent)
			}
		}
		if !strings.Contains(bare, "ran without a bootstrap (bootstrap: 0)") {
			t.Errorf("%s without intervals: the note does not say why there are none", method)
		}
		with := renderPage(t, reportPage{Sensitivity: sensitivitySection(q(0.1, 0.9))})
		if !strings.Contains(with, "[95% bootstrap CI]") || !strings.Contains(with, "(grey)") || strings.Contains(with, "bootstrap: 0") {
			t.Errorf("%s with intervals: the note lost its reading of them", method)
		}
	}
}

// TestCountsOfOne (a review, stop 49): a count of 1 reads in the singular,
// not "formed in every one of the 1 replicates", "1 more parameters",
// "none of the 1 mechanisms switched off" or "1 of the 18 mechanisms
// switched off contribute".
func TestCountsOfOne(t *testing.T) {
	tpc := [2]string{output.PrimaryAddsA, output.PrimaryAddsB}
	det, sev := weightOutcomes[0], weightOutcomes[1]
	for _, tc := range []struct {
		stratum, want string
	}{
		{output.StratumFormed, "the treaty formed in the one replicate, so there is no not-formed stratum"},
		{output.StratumNotFormed, "the treaty did not form in the one replicate, so there is no formed stratum"},
	} {
		d := &primaryData{pairs: [][2]string{tpc}, cells: map[[4]string]*primaryCell{
			{tpc[0], tpc[1], det, tc.stratum}: primaryCellOf(1, 0.01, math.NaN()),
			{tpc[0], tpc[1], sev, tc.stratum}: primaryCellOf(1, 2, math.NaN()),
		}}
		if got := formationReading(d); !strings.Contains(got, tc.want) {
			t.Errorf("one replicate, %s: %q", tc.stratum, got)
		}
	}

	row := func(m string, c, h float64) contribution {
		return contribution{mechanism: m, outcome: det, a: tpc[0], b: tpc[1], n: 100, def: 0.01, off: 0.01 - c, c: c, lo: c - h, hi: c + h}
	}
	for _, tc := range []struct {
		rows []contribution
		want string
	}{
		{[]contribution{row("retribution", 0.001, 0.01)}, "the one mechanism switched off does not change the contrast detectably (its 95% CI includes 0;"},
		{[]contribution{row("retribution", 0.001, math.NaN())}, "the one mechanism switched off has no 95% CI (one replicate per point gives none)"},
		{[]contribution{row("retribution", 0.03, 0.01)}, "which is −0.02 switched off; it is the one mechanism switched off."},
		{[]contribution{row("retribution", 0.03, 0.01), row("clarity", 0.001, 0.01)}, "; 1 of the 2 mechanisms switched off contributes detectably."},
	} {
		if got := weightReading(&weightData{contribs: tc.rows}); !strings.Contains(got, tc.want) {
			t.Errorf("weight reading %q lacks %q", got, tc.want)
		}
	}

	one := []calTarget{{name: "honour-rate", wanted: "0.5 ± 0.1", achieved: 0.55, met: true}}
	if got := calibrationReading(&calibration{evals: []float64{0}, loss: []float64{0}, best: 0, targets: one}); !strings.HasPrefix(got, "Calibration met its one target at its best evaluation") {
		t.Errorf("one target met: %q", got)
	}
	one[0].met = false
	if got := calibrationReading(&calibration{evals: []float64{0}, loss: []float64{1}, best: 0, targets: one}); !strings.HasPrefix(got, "Calibration met 0 of 1 target at") {
		t.Errorf("one target missed: %q", got)
	}
	if got := calibrationReading(&calibration{evals: []float64{0}, loss: []float64{math.Inf(1)}, best: -1, targets: one}); got != "The one evaluation did not define every target, so the calibration has no best point." {
		t.Errorf("one evaluation, nothing defined: %q", got)
	}
	page := renderPage(t, reportPage{
		Sensitivity: &sensSection{Sobol: true, More: 1},
		Calib:       &calSection{Evaluations: 1, Best: []string{"adversary.noise = 0.5"}},
	})
	for _, want := range []string{"1 more parameter in sensitivity.csv", "(1 evaluation; calibrated.yaml"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestSensitivityNoteWhyNoIntervals (a review, stop 50): the note said
// "The analysis ran without a bootstrap (bootstrap: 0)" wherever no index
// had an interval, also of a run with bootstrap: 1000 whose one Morris
// trajectory cannot be resampled, and of one whose quantity varies at a
// few design points only, so that more than 2.5% of the resamples left
// every index undefined.
func TestSensitivityNoteWhyNoIntervals(t *testing.T) {
	nan := math.NaN()
	one := []sensQuantity{{method: output.MethodMorris, outcome: "severity_loss", a: "treaty", n: 1,
		params: []sensParam{{name: "us.reliability", st: estimate{1.9, nan, nan}, muStar: estimate{1.9, nan, nan},
			s1: estimate{nan, nan, nan}, sigma: estimate{nan, nan, nan}}}}}
	page := renderPage(t, reportPage{Sensitivity: sensitivitySection(one)})
	if strings.Contains(page, "bootstrap: 0") || !strings.Contains(page, "With one trajectory no μ* has an interval") ||
		!strings.Contains(page, "σ, the spread of a single effect, is undefined") {
		t.Errorf("one trajectory: the note does not say why there is no interval and no σ:\n%s", page)
	}
	rare := []sensQuantity{{method: output.MethodSobol, outcome: "repelled", a: "treaty", n: 8,
		params: []sensParam{sp("us.reliability", 0, nan, nan)}}}
	page = renderPage(t, reportPage{Sensitivity: sensitivitySection(rare)})
	if !strings.Contains(page, "(bootstrap: 0), or more than 2.5% of its resamples left each one undefined") {
		t.Errorf("no interval from 8 base samples: the note claims one cause of two:\n%s", page)
	}
	flat := []sensQuantity{{method: output.MethodSobol, outcome: "wars", a: "treaty", n: 8,
		params: []sensParam{sp("us.reliability", nan, nan, nan)}}}
	page = renderPage(t, reportPage{Sensitivity: sensitivitySection(flat)})
	if strings.Contains(page, "bootstrap: 0") || !strings.Contains(page, "No index has a value or an interval, as no quantity varies over the design") {
		t.Errorf("no quantity varies: the note gives another cause:\n%s", page)
	}
}

// TestCalibrationNoteWhy (a review, stop 50): a target with no value at
// the best evaluation (honour_rate null in every replicate, a ratio whose
// denominator's mean is 0) showed "–" in the report's table with no word
// of why; the terminal said it. A defined value without an interval is
// TestCalibrationNoteNoInterval's.
func TestCalibrationNoteWhy(t *testing.T) {
	nan := math.NaN()
	targets := []calTarget{
		{name: "h", wanted: "[0.2, 0.8]", achieved: nan, lo: nan, hi: nan, se: nan, n: 0, weight: 1},
		{name: "r", wanted: "[0.5, 0.9]", achieved: 1, lo: nan, hi: nan, se: 0, n: 20, weight: 1},
		{name: "q", wanted: "[0.5, 0.9]", achieved: nan, lo: nan, hi: nan, se: nan, n: 20, weight: 1},
		{name: "c", wanted: "[0, 100]", achieved: 12.9, lo: 11.7, hi: 14.1, se: 0.58, n: 20, weight: 1, met: true},
	}
	c := &calibration{params: []string{"adversary.threshold"}, evals: []float64{0}, loss: []float64{2e8}, bestX: []float64{1.5}, best: 0, targets: targets}
	page := renderPage(t, reportPage{Calib: calibrationSection(c)})
	for _, want := range []string{
		"h has no value: no replicate gave it one",
		"q has no value: the mean of its ratio&#39;s denominator is 0",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the calibration section lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "c has no") || strings.Contains(page, "r has no") {
		t.Errorf("a target with a value and an interval is explained:\n%s", page)
	}
}

// TestCalibrationNoteNoInterval (a review, stop 50): a target with a value
// but no interval (replicates that do not vary, as the shipped
// calibration's T2-armed-allies and T2b-blockades, or one replicate)
// showed "–" under 95% CI with no word of why, beside a note that
// explained only the targets without a value.
func TestCalibrationNoteNoInterval(t *testing.T) {
	nan := math.NaN()
	c := func(targets ...calTarget) string {
		cal := &calibration{params: []string{"adversary.threshold"}, evals: []float64{0}, loss: []float64{0}, bestX: []float64{1.5}, best: 0, targets: targets}
		return renderPage(t, reportPage{Calib: calibrationSection(cal)})
	}
	met := calTarget{name: "c", wanted: "[0, 100]", achieved: 12.9, lo: 11.7, hi: 14.1, se: 0.58, n: 20, weight: 1, met: true}
	armed := calTarget{name: "T2-armed-allies", wanted: "[0, 0.1]", achieved: 0, lo: nan, hi: nan, se: 0, n: 1000, weight: 1, met: true}
	blockades := calTarget{name: "T2b-blockades", wanted: "[0, 0.3]", achieved: 0, lo: nan, hi: nan, se: 0, n: 1000, weight: 1, met: true}
	one := calTarget{name: "o", wanted: "[0, 1]", achieved: 0.5, lo: nan, hi: nan, se: nan, n: 1, weight: 1, met: true}
	for _, tc := range []struct {
		page string
		want []string
	}{
		{c(met, armed, blockades), []string{"T2-armed-allies and T2b-blockades have a value but no 95% CI: the replicates of each do not vary (a standard error of 0, up to rounding), and an interval of width 0 would claim a certainty that no finite sample gives."}},
		{c(armed, met), []string{"T2-armed-allies has a value but no 95% CI: its replicates do not vary"}},
		{c(met, one), []string{"o has a value but no 95% CI: it rests on one replicate, from which no standard error can be computed."}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.page, w) {
				t.Errorf("the calibration section lacks %q:\n%s", w, tc.page)
			}
		}
	}
	if page := c(met); strings.Contains(page, "no 95% CI") {
		t.Errorf("a target with an interval is said to have none:\n%s", page)
	}
}
