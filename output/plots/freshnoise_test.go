package plots

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestSensitivityNoteFreshReplicates (a review, stop 53): under crn: none
// every design point draws its replicates anew, so a parameter with no
// effect has μ* (a mean of absolute effects) and ST (a mean of squares)
// above 0, intervals included, and is not grey; the note, which said only
// that grey marks no detectable effect, now says that an interval above 0
// does not show one there. Under crn: points the note is as it was.
func TestSensitivityNoteFreshReplicates(t *testing.T) {
	for _, method := range []string{output.MethodMorris, output.MethodSobol} {
		for _, crn := range []string{"none", "points"} {
			dir := t.TempDir()
			writeAnalysisRun(t, dir, 96, method, false)
			cfg := filepath.Join(dir, "config.yaml")
			raw, err := os.ReadFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			withCRN := string(raw) + "sweep:\n  crn: " + crn + "\n"
			if err := os.WriteFile(cfg, []byte(withCRN), 0o644); err != nil {
				t.Fatal(err)
			}
			page, _ := reportOf(t, dir)
			noted := strings.Contains(page, "with crn: none, where every point draws its replicates anew") ||
				strings.Contains(page, "With crn: none, where every point draws its replicates anew")
			if noted != (crn == "none") {
				t.Errorf("%s, crn: %s: the note on fresh replicates' noise is there: %v, want %v", method, crn, noted, crn == "none")
			}
		}
	}
}
