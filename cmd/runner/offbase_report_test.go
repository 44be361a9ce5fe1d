package main

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReportOffBase (a review, stop 51): the report of the design of
// TestNoteOffBase, where treaty challenges is one value at every base
// sample and differs at an AB point, said it "does not vary over the
// design" in its reading, its flat note and its figure's panel title. It
// now says what the terminal says: one value at every base sample,
// differing at 1 of the 8 design points. Seed 2 gives a contrast of the
// same kind (layered − treaty members_end, asked the other way round).
func TestReportOffBase(t *testing.T) {
	dir := t.TempDir()
	tags := regexp.MustCompile(`<[^>]*>`)
	space := regexp.MustCompile(`\s+`)
	for _, tc := range []struct {
		seed, quantity, label string
	}{
		{"4", "{outcome: challenges, architecture: treaty}", "treaty: challenges"},
		{"2", "{outcome: members_end, contrast: [treaty, layered]}", "treaty − layered: members end"},
	} {
		cfg := writeText(t, dir, "offbase"+tc.seed+".yaml", `name: offbase
seed: `+tc.seed+`
replicates: 4
periods: 8
architectures: [treaty, layered]
population:
  roster: indo-pacific
sweep:
  design: saltelli
  samples: 2
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    burden.strength: {min: 0, max: 1.43}
analysis:
  quantities:
    - `+tc.quantity+`
  sensitivity: {bootstrap: 0}
output:
  formats: [parquet]
  tables: [runs, summary, contrasts]
  plots: true
`)
		out := filepath.Join(dir, "out"+tc.seed)
		mustRun(t, nil, "run", cfg, "-o", out, "--workers", "2")
		b, err := os.ReadFile(filepath.Join(out, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		page := space.ReplaceAllString(html.UnescapeString(tags.ReplaceAllString(string(b), " ")), " ")
		svg, err := os.ReadFile(filepath.Join(out, "plots", "sensitivity-sobol.svg"))
		if err != nil {
			t.Fatal(err)
		}
		figure := space.ReplaceAllString(html.UnescapeString(tags.ReplaceAllString(string(svg), " ")), " ")
		for _, text := range []string{page, figure} {
			if strings.Contains(text, "not vary") {
				t.Errorf("seed %s: a quantity that varies at an AB point is said not to vary: %q", tc.seed, text)
			}
		}
		for _, want := range []string{
			"every index is undefined: the quantity is one value at every base sample of the Saltelli design (every f(A) and f(B), over which the estimator takes the variance), so there is no variance to apportion, although it differs from that value at 1 of the 8 design points (AB points between them).",
			tc.label + ": is one value at every base sample of the Saltelli design",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("seed %s: report.html lacks %q", tc.seed, want)
			}
		}
		if want := "not at 1 of 8 points: no indices)"; !strings.Contains(figure, want) {
			t.Errorf("seed %s: the figure lacks %q", tc.seed, want)
		}
	}
}
