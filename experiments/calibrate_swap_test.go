package experiments

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestCalibrateResumeSwappedTrace (a hostile review, stop 46): a stopped
// calibration's trace with two lines' parameters swapped, their checksums
// written again to match, passes the checksum journal; the resumed search
// then asks at evaluation 2 for another point than the trace's, and the
// resume stopped (exit 2) naming --force, which throws away every
// evaluation, the two before that follow the search too. Now those two
// are kept and the trace's others evaluated again: none of them is taken
// into the search by its point, which a forged line lists with another
// point's values. The calibration ends with the bytes of an
// uninterrupted one.
func TestCalibrateResumeSwappedTrace(t *testing.T) {
	plan := calPlan(t, 16)
	ref := filepath.Join(t.TempDir(), "ref")
	if _, err := calibrate(t, plan, ref, CalibrateOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "stopped")
	_, err := calibrate(t, plan, dir, CalibrateOptions{AfterEvaluation: func(n int) error {
		if n == 5 {
			return errStopped
		}
		return nil
	}})
	if !errors.Is(err, errStopped) {
		t.Fatalf("stopped calibration: %v", err)
	}
	trace := filepath.Join(dir, filepath.FromSlash(output.TableTrace)+".csv")
	sumsPath := filepath.Join(dir, "calibration", output.TraceSumsName)
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(sumsPath)
	if err != nil {
		t.Fatal(err)
	}
	// Lines 3 and 4 are evaluations 2 and 3: their parameters swapped,
	// the rest kept, so that each point is listed with the other's values.
	lines := strings.SplitAfter(string(data), "\n")
	a, b := strings.Split(lines[3], ","), strings.Split(lines[4], ",")
	if a[0] != "2" || b[0] != "3" {
		t.Fatalf("lines 3 and 4 are evaluations %s and %s", a[0], b[0])
	}
	P := len(plan.Config.Calibration.Parameters)
	for j := 1; j <= P; j++ {
		a[j], b[j] = b[j], a[j]
	}
	newSums := string(sums)
	for k, line := range []string{strings.Join(a, ","), strings.Join(b, ",")} {
		old := fmt.Sprintf("%x", sha256.Sum256([]byte(lines[3+k])))
		if !strings.Contains(newSums, old) {
			t.Fatalf("%s lacks the checksum of line %d", sumsPath, 3+k)
		}
		newSums = strings.Replace(newSums, old, fmt.Sprintf("%x", sha256.Sum256([]byte(line))), 1)
		lines[3+k] = line
	}
	if err := os.WriteFile(trace, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sumsPath, []byte(newSums), 0o644); err != nil {
		t.Fatal(err)
	}
	var notices []string
	var ran []int
	res, err := calibrate(t, plan, dir, CalibrateOptions{Resume: true, Notice: func(m string) { notices = append(notices, m) }, Progress: func(p CalibrationProgress) {
		if !p.Reused {
			ran = append(ran, p.Evaluation)
		}
	}})
	if err != nil {
		t.Fatalf("resume of a trace with swapped lines: %v", err)
	}
	if res.Resumed != 2 || len(ran) == 0 || ran[0] != 2 {
		t.Errorf("resumed %d and ran %v; want 2 reused, and evaluation 2 on run again", res.Resumed, ran)
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "evaluation 2 of the trace") || !strings.Contains(notices[0], "3 evaluations of the trace not reused") {
		t.Errorf("notices %q, want one naming evaluation 2 and the 3 not reused", notices)
	}
	sameFiles(t, ref, dir)
}
