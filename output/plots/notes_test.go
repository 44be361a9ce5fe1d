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
