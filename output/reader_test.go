//go:build reader

package output

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	// The analysis tables too, so the reader opens every table a run can
	// write, not only the runs and their companions.
	if err := d.WriteAnalysis(context.Background(), &AnalysisTables{
		HasSensitivity: true,
		Sensitivity: []SensitivityRow{
			{Method: MethodSobol, Outcome: "deterrence_success", ArchitectureA: "layered", ArchitectureB: "treaty", Parameter: "us.reliability", Index: IndexST, Estimate: 0.25, CILow: 0.125, CIHigh: 0.5, N: 64},
			{Method: MethodSobol, Outcome: "wars", ArchitectureA: "none", Parameter: "us.reliability", Index: IndexS1, Estimate: math.NaN(), CILow: math.NaN(), CIHigh: math.NaN(), N: 64},
		},
		HasDiscovery: true,
		Discovery: []DiscoveryRow{
			{Target: "layered - treaty deterrence_success > 0", Box: 0, Coverage: 1, Density: 0.5, Mass: 1},
			{Target: "layered - treaty deterrence_success > 0", Box: 1, Coverage: 0.75, Density: 0.9, Mass: 0.4, Restricted: 1, Selected: true},
		},
		DiscoveryLimits: []DiscoveryLimitRow{
			{Target: "layered - treaty deterrence_success > 0", Box: 0, Parameter: "us.reliability", Low: 0.3, High: 0.9},
			{Target: "layered - treaty deterrence_success > 0", Box: 1, Parameter: "us.reliability", Low: 0.3, High: 0.55, Restricted: true},
		},
	}); err != nil {
		t.Fatal(err)
	}
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

// TestIndependentReaderEmptyShard: the reader takes an empty shard's
// manifest, whose part tables are recorded with 0 rows and have no file
// (WriteManifest), and refuses the same records in a manifest that is
// not an empty shard's: a shard that owns tasks, or a run (a review,
// stop 55: it took 0 rows with no file from any directory).
func TestIndependentReaderEmptyShard(t *testing.T) {
	script, err := filepath.Abs(filepath.Join("..", ".ci", "reader", "check.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		m     Manifest
		takes bool
	}{
		{"empty shard", Manifest{Kind: KindShard, Shard: &Shard{Index: 0, Count: 20, TaskLo: 0, TaskHi: 0}}, true},
		{"shard of a task", Manifest{Kind: KindShard, Shard: &Shard{Index: 1, Count: 20, TaskLo: 0, TaskHi: 1}}, false},
		{"run", Manifest{Kind: KindRun}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := New(testLayout(t.TempDir()))
			if err != nil {
				t.Fatal(err)
			}
			m := c.m
			m.Seed, m.Started, m.Finished, m.Workers = 1, start, start, 1
			if err := d.WriteManifest(context.Background(), &m); err != nil {
				t.Fatal(err)
			}
			// WriteManifest records 0 rows for a shard's part tables; a
			// forger would write them into another's.
			m.Rows = map[string]int64{TableRuns: 0, TableTrajectories: 0, TableStates: 0}
			if m.Files == nil {
				m.Files = []FileSum{} // a directory of no data file
			}
			data, err := json.MarshalIndent(&m, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(d.l.Dir, ManifestName), data, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("node", script, d.l.Dir).CombinedOutput()
			if took := err == nil; took != c.takes {
				t.Errorf("the reader took it: %t, want %t (%v):\n%s", took, c.takes, err, out)
			} else if !took && !strings.Contains(string(out), "runs: in the manifest rows but no file holds it") {
				t.Errorf("the reader refused it for another reason:\n%s", out)
			}
		})
	}
}
