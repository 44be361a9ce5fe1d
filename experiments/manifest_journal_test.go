package experiments

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestManifestChecksFinishedParts (a data-loss review, stop 37): a part
// file removed or changed after it became final, while the run went on,
// was sealed into the manifest as it then was (exit 0), and --resume then
// refused the complete directory, leaving only --force. The manifest is now
// checked against the parts journal: the run fails (exit 1) naming the
// file, and --resume recomputes the part to the reference's bytes. A
// config.yaml removed while the run worked is written again, so the
// directory still reproduces its numbers.
func TestManifestChecksFinishedParts(t *testing.T) {
	t.Parallel()
	c := pcfg{Tables: "runs, summary, contrasts, states", Reps: 20}
	ref := reference(t, c)
	plan := c.plan(t)
	for _, tc := range []struct {
		name, rel, want string
		damage          func(path string) error
	}{
		{"states part removed", "states/part-00000.parquet", "went missing since it was written", os.Remove},
		{"arrow part changed", "arrow/runs/part-00000.arrow", "changed (sha256", func(p string) error { flipByte(t, p); return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "out")
			path := filepath.Join(dir, filepath.FromSlash(tc.rel))
			done := false
			_, err := run(t, plan, dir, RunOptions{AfterPart: func(parts int) error {
				if !done && exists(path) {
					done = true
					return tc.damage(path)
				}
				return nil
			}})
			if !done {
				t.Fatalf("%s never appeared", tc.rel)
			}
			wantText(t, err, tc.rel, tc.want, "--resume")
			if exists(filepath.Join(dir, "manifest.json")) {
				t.Fatal("a manifest was written over the damage")
			}
			mustRun(t, plan, dir, RunOptions{Resume: true})
			sameFiles(t, ref, dir)
		})
	}
	t.Run("config removed", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "out")
		config := filepath.Join(dir, "config.yaml")
		done := false
		mustRun(t, plan, dir, RunOptions{AfterPart: func(parts int) error {
			if !done {
				done = true
				return os.Remove(config)
			}
			return nil
		}})
		sameFiles(t, ref, dir)
		if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 1, Tables: TablesNever}); err != nil {
			t.Errorf("verify: %v", err)
		}
	})
}

// TestMergeChecksCopiedParts (a data-loss review, stop 37): a part merge
// copied and checked, then changed before the manifest was written, was
// sealed as it then was (exit 0). The manifest is now checked against the
// copies' sums; the merge fails naming the file and leaves no manifest.
func TestMergeChecksCopiedParts(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	plan := c.plan(t)
	base := t.TempDir()
	shards := runShards(t, plan, base, 2)
	out := filepath.Join(base, "merged")
	rel := "arrow/runs/part-00000.arrow"
	flipped := false
	_, err := Merge(context.Background(), out, shards, MergeOptions{Notify: func(e Event) {
		if e.Kind == EventFinalizing && !flipped {
			flipped = true
			flipByte(t, filepath.Join(out, filepath.FromSlash(rel)))
		}
	}})
	if !flipped {
		t.Fatal("the merge never reached its finalisation")
	}
	wantText(t, err, rel, "changed (sha256")
	if exists(filepath.Join(out, "manifest.json")) {
		t.Fatal("a manifest was written over the damage")
	}
}

// TestCalibrationKeepsConfig (stop 37): a calibration whose config.yaml
// was removed while it searched writes it again before its manifest, as a
// run does, so the directory still verifies and reproduces.
func TestCalibrationKeepsConfig(t *testing.T) {
	t.Parallel()
	cal := calPlan(t, 8)
	dir := filepath.Join(t.TempDir(), "cal")
	removed := false
	if _, err := calibrate(t, cal, dir, CalibrateOptions{AfterEvaluation: func(n int) error {
		if !removed {
			removed = true
			return os.Remove(filepath.Join(dir, "config.yaml"))
		}
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if !removed {
		t.Fatal("no evaluation ran")
	}
	if b, err := os.ReadFile(filepath.Join(dir, "config.yaml")); err != nil || string(b) != string(cal.Canonical()) {
		t.Errorf("config.yaml after the calibration: %v", err)
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 1}); err != nil {
		t.Errorf("verify: %v", err)
	}
}
