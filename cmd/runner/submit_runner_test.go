package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSubmitChecksGivenRunner (a review, stop 51): submit.sh -r RUNNER is
// checked before RESULTS is made or anything submitted. A missing runner
// was named without its folder ("runner /runner is not executable", after
// bash's own cd error) and left RESULTS/bin and RESULTS/logs behind; a
// folder failed with bash's "Is a directory", exit 126; and a program that
// is not a pactsim runner (one that exits 0, as true does) passed the
// config check, which printed nothing, and the array and merge were
// submitted with it. Each is exit 2, naming -r and the path given.
func TestSubmitChecksGivenRunner(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	other := filepath.Join(work, "other")
	writeExec(t, other, "#!/usr/bin/env bash\nexit 0\n")
	for _, r := range []string{filepath.Join(work, "nowhere", "runner"), filepath.Join(work, "runner-missing"), work, other} {
		wantExit(t, runSubmit(work, bin, submit, "-r", r, "-n", "2", "-c", "1", config, "res"), 2, "-r "+r)
		if exists(filepath.Join(work, "res")) {
			t.Fatalf("-r %s: RESULTS was made for a refused submission", r)
		}
	}
	if exists(log) {
		b, _ := os.ReadFile(log)
		t.Fatalf("sbatch called for a refused submission:\n%s", b)
	}
	wantExit(t, runSubmit(work, bin, submit, "-r", runnerBin, "-n", "2", "-c", "1", config, "res"), 0)
}
