package experiments

import (
	"context"
	"os"
	"path/filepath"

	"pactsim/output"
	"pactsim/output/plots"
)

// Plot redraws the figures and report of the results directory dir from
// its tables (`runner plot`). A directory that is not a results directory
// is a usage error saying why; it takes the directory's lock.
func Plot(ctx context.Context, dir string) (report string, err error) {
	if err := IsResultsDir(dir); err != nil {
		return "", err
	}
	lock, err := output.LockDir(dir)
	if err != nil {
		return "", err
	}
	defer lock.Unlock()
	// A calibration's directory has no summary: its figures come from its
	// trace and targets.
	_, noTargets := os.Stat(filepath.Join(dir, filepath.FromSlash(output.TableTargets)+".parquet"))
	if _, err := os.Stat(filepath.Join(dir, output.TableSummary+".parquet")); err != nil && noTargets != nil {
		return "", usagef("plot: %s has no %s.parquet yet: finish the run first (runner run --resume)", dir, output.TableSummary)
	}
	meta, err := plots.ReadMeta(dir)
	if err != nil {
		return "", err
	}
	if err := drawPlots(ctx, dir, meta); err != nil {
		return "", err
	}
	return filepath.Join(dir, "report.html"), nil
}
