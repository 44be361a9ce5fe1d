package docprobe

import (
	"context"
	"fmt"
	"os"
	"testing"

	"pactsim/experiments"
	"pactsim/internal/tabletest"
)

// TestMain runs the tests from the experiments folder, as when they were
// that package's: they name the shipped configs (calibration-band.yaml)
// and the model's text (../docs/model.md) from there.
func TestMain(m *testing.M) {
	if err := os.Chdir(".."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// mustRun runs plan into dir with opt (on 2 workers when opt names
// none), failing the test on error: the experiments tests' helper.
func mustRun(t testing.TB, plan *experiments.Plan, dir string, opt experiments.RunOptions) *experiments.Result {
	t.Helper()
	opt.Dir = dir
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	res, err := experiments.Run(context.Background(), plan, opt)
	if err != nil {
		t.Fatalf("run into %s: %v", dir, err)
	}
	return res
}

// readTable reads a Parquet file into rows of cells by column name.
func readTable(t testing.TB, path string) []map[string]string {
	t.Helper()
	return tabletest.Rows(t, path)
}

// mustParse parses yaml (named t.yaml), failing the test on error: the
// experiments tests' helper.
func mustParse(t testing.TB, yaml string) *experiments.Plan {
	t.Helper()
	p, err := experiments.Parse("t.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("%v\n%s", err, yaml)
	}
	return p
}
