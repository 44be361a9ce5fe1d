package main

import (
	"os"
	"path/filepath"
	"testing"
)

// verdictCfg is a small saltelli run with an analysis section and
// figures, which plot, analyze and merge each accept.
const verdictCfg = `name: verdict
seed: 5
replicates: 2
periods: 10
architectures: [none, layered]
sweep:
  design: saltelli
  samples: 8
  parameters:
    adversary.threshold: {min: 0.8, max: 1.3}
analysis:
  quantities:
    - {outcome: deterrence_success, architecture: none}
  sensitivity: {bootstrap: 0}
output:
  formats: [parquet]
  plots: true
`

// TestMismatchBeforeSignal (a review, stop 52): plot, analyze, merge and
// run --resume of a directory whose summary.csv no longer matches its
// manifest exit 1 naming it; a SIGTERM that came once the check had found
// it turned that exit 1 into 143 and "run `runner plot` again", which
// meets the same damage (merge's and --resume's, a plain error, did so
// too). The verdict of a check that ran to it now stands, as verify's
// does (TestVerifyMismatchBeforeSignal).
func TestMismatchBeforeSignal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "verdict.yaml", verdictCfg)
	bad := filepath.Join(dir, "bad")
	mustRun(t, nil, "run", cfgPath, "-o", bad, "--workers", "2", "-q")
	f, err := os.OpenFile(filepath.Join(bad, "summary.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("x"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	env := []string{"PACTSIM_TEST_SIGNAL_AFTER_RETURN=1:TERM"}
	for _, args := range [][]string{
		{"plot", bad},
		{"analyze", bad},
		{"merge", "-o", filepath.Join(dir, "merged"), bad},
		{"run", cfgPath, "-o", bad, "--resume", "-q"},
	} {
		wantExit(t, runner(t, env, args...), 1, "summary.csv does not match its manifest")
	}
	// Without a mismatch the signal still stops the command with its code.
	wantExit(t, runner(t, env, "plot", filepath.Join(dir, "nope")), 2)
}
