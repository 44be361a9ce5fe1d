//go:build chromium

package plots

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// TestReportInChromium renders the reports of the run fixtures, of a run
// with sensitivity and discovery tables and of a calibration in headless
// Chromium (and of a run with both primary contrasts and the formation
// table) through .ci/chromium-check.sh, which checks that every figure
// laid out with a non-zero size and that the page logged nothing.
// Run with: go test -tags chromium -run TestReportInChromium ./output/plots/
func TestReportInChromium(t *testing.T) {
	script, err := filepath.Abs(filepath.Join("..", "..", ".ci", "chromium-check.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(script); err != nil {
		t.Fatal(err)
	}
	type page struct {
		name  string
		write func(t *testing.T, dir string)
	}
	pages := []page{
		{"analyses", func(t *testing.T, dir string) { writeAnalysisRun(t, dir, 200, "sobol", true) }},
		{"calibration", func(t *testing.T, dir string) { writeCalibrationDir(t, dir, calibrationFixture()) }},
		{"both-pairs-formation", func(t *testing.T, dir string) {
			bothFixture().write(t, dir)
			writeFormation(t, dir, formationFixtureRows())
		}},
	}
	for _, f := range []fixture{gridFixture(), pointFixture(), singleFixture()} {
		pages = append(pages, page{f.name, func(t *testing.T, dir string) { f.write(t, dir) }})
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			dir := t.TempDir()
			pg.write(t, dir)
			meta, err := ReadMeta(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := Report(context.Background(), dir, meta); err != nil {
				t.Fatal(err)
			}
			names, err := Figures(context.Background(), dir, meta)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", script, filepath.Join(dir, "report.html"), strconv.Itoa(len(names)))
			out, err := cmd.CombinedOutput()
			t.Logf("%s", out)
			if err != nil {
				t.Fatalf("chromium-check: %v", err)
			}
		})
	}
}
