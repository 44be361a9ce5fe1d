//go:build reader

package output

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestIndependentReader writes a small results directory and checks it with
// the Node reader under .ci/reader (apache-arrow and DuckDB), which shares
// no code with this package. It needs node and `npm ci` in .ci/reader:
//
//	(cd .ci/reader && npm ci) && go test -tags reader -run TestIndependentReader ./output
//
// Set PACTSIM_READER_DIR to keep the directory for a closer look.
func TestIndependentReader(t *testing.T) {
	dir := os.Getenv("PACTSIM_READER_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	l := testLayout(dir)
	l.Replicates = 40                    // enough for every outcome to have n >= 2 somewhere
	d := writeDatasetRows(t, l, 64, 100) // several row groups and Arrow batches per part
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindRun, Seed: 1, Started: start, Finished: start, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("..", ".ci", "reader", "check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", script, dir)
	out, err := cmd.CombinedOutput()
	t.Logf("node %s %s:\n%s", script, dir, out)
	if err != nil {
		t.Fatalf("the independent reader rejected the directory: %v", err)
	}
}
