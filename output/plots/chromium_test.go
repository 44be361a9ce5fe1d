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

// TestReportInChromium renders the report of the grid fixture in headless
// Chromium through .ci/chromium-check.sh, which checks that every figure
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
	for _, f := range []fixture{gridFixture(), pointFixture(), singleFixture()} {
		t.Run(f.name, func(t *testing.T) {
			dir := drawFixture(t, f)
			meta, err := ReadMeta(dir)
			if err != nil {
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
