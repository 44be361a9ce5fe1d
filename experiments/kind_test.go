package experiments

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pactsim/output"
)

// kindDirs are complete directories of every kind from one config (a
// calibration's config, which `runner run` takes too): so they share a
// config hash, and only their kind tells them apart.
type kindDirs struct {
	plan                       *Plan
	run, shard0, shard1, merge string
	cal                        string
}

func makeKindDirs(t *testing.T) kindDirs {
	t.Helper()
	base := t.TempDir()
	d := kindDirs{plan: calPlan(t, 4)}
	d.run, d.cal, d.merge = filepath.Join(base, "run"), filepath.Join(base, "cal"), filepath.Join(base, "merge")
	d.shard0, d.shard1 = filepath.Join(base, "shard0"), filepath.Join(base, "shard1")
	mustRun(t, d.plan, d.run, RunOptions{})
	mustRun(t, d.plan, d.shard0, RunOptions{Shard: ShardSpec{I: 0, N: 2}})
	mustRun(t, d.plan, d.shard1, RunOptions{Shard: ShardSpec{I: 1, N: 2}})
	if _, err := Merge(context.Background(), d.merge, []string{d.shard0, d.shard1}, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := calibrate(t, d.plan, d.cal, CalibrateOptions{}); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]output.Kind{d.run: output.KindRun, d.shard0: output.KindShard, d.merge: output.KindMerge, d.cal: output.KindCalibration} {
		if m := readManifest(t, dir); m.Kind != want || m.KindInferred {
			t.Fatalf("%s: manifest kind %q (inferred %t), want %q recorded", dir, m.Kind, m.KindInferred, want)
		}
	}
	return d
}

// unchanged fails the test when dir's files differ from before.
func unchanged(t *testing.T, dir string, before []string, m *output.Manifest) {
	t.Helper()
	if !slices.Equal(listFiles(t, dir), before) {
		t.Errorf("a refused command changed the files of %s", dir)
	}
	if after := readManifest(t, dir); !after.Finished.Equal(m.Finished) || len(after.Files) != len(m.Files) {
		t.Errorf("a refused command rewrote the manifest of %s", dir)
	}
}

// TestKindRefusals: every command that reads a complete directory checks
// the kind its manifest records, and refuses another with a usage error
// naming the directory, the kind found and the kind wanted, before it
// changes anything. Before kinds were recorded, --resume of a run on a
// calibration's directory of the same config reported it complete, and the
// reverse too.
func TestKindRefusals(t *testing.T) {
	d := makeKindDirs(t)
	ctx := context.Background()
	type refusal struct {
		name string
		dir  string
		do   func() error
		want []string
	}
	out := filepath.Join(t.TempDir(), "merged")
	tests := []refusal{
		{"run --resume on a calibration", d.cal, func() error {
			_, err := run(t, d.plan, d.cal, RunOptions{Resume: true})
			return err
		}, []string{"runner run --resume", d.cal, `kind "calibration"`, `wants kind "run" or "merge"`}},
		{"calibrate --resume on a run", d.run, func() error {
			_, err := calibrate(t, d.plan, d.run, CalibrateOptions{Resume: true})
			return err
		}, []string{"runner calibrate --resume", d.run, `kind "run"`, `wants kind "calibration"`}},
		{"calibrate --resume on a shard", d.shard0, func() error {
			_, err := calibrate(t, d.plan, d.shard0, CalibrateOptions{Resume: true})
			return err
		}, []string{d.shard0, `kind "shard"`, `wants kind "calibration"`}},
		{"calibrate --resume on a merge", d.merge, func() error {
			_, err := calibrate(t, d.plan, d.merge, CalibrateOptions{Resume: true})
			return err
		}, []string{d.merge, `kind "merge"`, `wants kind "calibration"`}},
		{"run --resume --shard on a run", d.run, func() error {
			_, err := run(t, d.plan, d.run, RunOptions{Resume: true, Shard: ShardSpec{I: 0, N: 2}})
			return err
		}, []string{d.run, `kind "run"`, `wants kind "shard"`, "complete as all tasks", "this run is shard 0/2"}},
		{"run --resume on a shard", d.shard1, func() error {
			_, err := run(t, d.plan, d.shard1, RunOptions{Resume: true})
			return err
		}, []string{d.shard1, `kind "shard"`, `wants kind "run" or "merge"`}},
		{"run --resume --shard on a calibration", d.cal, func() error {
			_, err := run(t, d.plan, d.cal, RunOptions{Resume: true, Shard: ShardSpec{I: 1, N: 2}})
			return err
		}, []string{d.cal, `kind "calibration"`, `wants kind "shard"`}},
		{"merge of a calibration", d.cal, func() error {
			_, err := Merge(ctx, out, []string{d.cal}, MergeOptions{})
			return err
		}, []string{"runner merge", d.cal, `kind "calibration"`, `wants kind "shard", "run" or "merge"`}},
		{"merge of shards and a calibration", d.cal, func() error {
			_, err := Merge(ctx, out, []string{d.shard0, d.cal}, MergeOptions{})
			return err
		}, []string{d.cal, `kind "calibration"`}},
		{"analyze of a calibration", d.cal, func() error {
			_, err := Analyze(ctx, d.cal, "")
			return err
		}, []string{"runner analyze", d.cal, `kind "calibration"`, `wants kind "run" or "merge"`}},
		{"analyze of a shard", d.shard0, func() error {
			_, err := Analyze(ctx, d.shard0, "")
			return err
		}, []string{d.shard0, `kind "shard"`, `wants kind "run" or "merge"`, "merge the shards"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, m := listFiles(t, tc.dir), readManifest(t, tc.dir)
			wantUsage(t, tc.do(), tc.want...)
			unchanged(t, tc.dir, before, m)
			if exists(out) {
				t.Errorf("a refused merge created %s", out)
			}
		})
	}

	// What each kind's own writer, and the kinds it accepts, still do.
	for _, dir := range []string{d.run, d.merge} {
		if res, err := run(t, d.plan, dir, RunOptions{Resume: true}); err != nil || !res.Complete {
			t.Errorf("run --resume on %s: %+v, %v; want complete", dir, res, err)
		}
	}
	if res, err := calibrate(t, d.plan, d.cal, CalibrateOptions{Resume: true}); err != nil || !res.Complete {
		t.Errorf("calibrate --resume on its own directory: %+v, %v; want complete", res, err)
	}
	if _, err := Merge(ctx, filepath.Join(t.TempDir(), "m"), []string{d.run}, MergeOptions{}); err != nil {
		t.Errorf("merge of an unsharded run (shard 0/1): %v", err)
	}
	// verify follows the kind, not the config: the run of a
	// calibration's config re-runs its tasks (it used to be checked as a
	// calibration, and failed for want of a trace).
	for _, dir := range []string{d.run, d.shard0, d.merge, d.cal} {
		if _, err := Verify(ctx, dir, VerifyOptions{Sample: -1, Workers: 2}); err != nil {
			t.Errorf("verify %s: %v", dir, err)
		}
	}
}

// TestKindUnfinished: an unfinished directory has no manifest, so its kind
// is read from what it holds: a calibration's trace under calibration/, or
// runs parts. --resume of the other kind refuses it, changing nothing.
func TestKindUnfinished(t *testing.T) {
	plan := calPlan(t, 6)
	base := t.TempDir()
	cal := filepath.Join(base, "cal")
	errStop := errors.New("stopped by the test")
	_, err := calibrate(t, plan, cal, CalibrateOptions{AfterEvaluation: func(n int) error {
		if n == 2 {
			return errStop
		}
		return nil
	}})
	if !errors.Is(err, errStop) {
		t.Fatalf("stopped calibration: %v", err)
	}
	before := listFiles(t, cal)
	// verify and analyze say how to finish it: calibrate, not run (review 5).
	_, err = Verify(context.Background(), cal, VerifyOptions{})
	wantUsage(t, err, "the calibration did not finish", "runner calibrate CONFIG -o DIR --resume")
	_, err = run(t, plan, cal, RunOptions{Resume: true})
	wantUsage(t, err, "runner run --resume", cal, "unfinished", `kind "calibration"`, "calibration/", `wants kind "run"`)
	// Stopped (killed) after its config.yaml, before calibration/: the
	// config says it is a calibration's (a review, stop 51: verify said
	// to `runner run --resume` it, which made it a run).
	early := filepath.Join(base, "early")
	if err := os.MkdirAll(early, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(early, "config.yaml"), plan.Canonical(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Verify(context.Background(), early, VerifyOptions{})
	wantUsage(t, err, "the calibration did not finish", "runner calibrate CONFIG -o DIR --resume")
	if !slices.Equal(listFiles(t, cal), before) {
		t.Errorf("a refused run --resume changed %s", cal)
	}

	_, runDir := runStopped(t, pcfg{}, 1, RunOptions{})
	p := pcfg{}.plan(t)
	before = listFiles(t, runDir)
	// The config differs too, but the kind is checked first and named.
	_, err = calibrate(t, calPlan(t, 4), runDir, CalibrateOptions{Resume: true})
	wantUsage(t, err, "runner calibrate --resume", runDir, "unfinished", `kind "run"`, "runs parts", `wants kind "calibration"`)
	if !slices.Equal(listFiles(t, runDir), before) {
		t.Errorf("a refused calibrate --resume changed %s", runDir)
	}

	// Each writer still resumes its own.
	if _, err := calibrate(t, plan, cal, CalibrateOptions{Resume: true}); err != nil {
		t.Errorf("calibrate --resume of its own unfinished directory: %v", err)
	}
	if _, err := run(t, p, runDir, RunOptions{Resume: true}); err != nil {
		t.Errorf("run --resume of its own unfinished directory: %v", err)
	}
}

// TestKindOldManifests: a directory written before manifests recorded a
// kind is still read; its kind is inferred from the manifest (a shard
// record, calibration/ files, no workers for a merge, else a run), said to
// be inferred in messages, and checked as a recorded one would be.
func TestKindOldManifests(t *testing.T) {
	d := makeKindDirs(t)
	base := t.TempDir()
	old := func(src string, kind output.Kind) string {
		dst := filepath.Join(base, filepath.Base(src))
		copyDir(t, src, dst)
		editManifest(t, dst, `"kind": "`+string(kind)+`",`, "")
		m := readManifest(t, dst)
		if m.Kind != kind || !m.KindInferred {
			t.Errorf("%s without a kind: inferred %q (inferred %t), want %q", src, m.Kind, m.KindInferred, kind)
		}
		return dst
	}
	run0, shard0, merge, cal := old(d.run, output.KindRun), old(d.shard0, output.KindShard), old(d.merge, output.KindMerge), old(d.cal, output.KindCalibration)

	_, err := run(t, d.plan, cal, RunOptions{Resume: true})
	wantUsage(t, err, cal, `kind "calibration"`, "inferred", `wants kind "run" or "merge"`)
	_, err = calibrate(t, d.plan, run0, CalibrateOptions{Resume: true})
	wantUsage(t, err, run0, `kind "run"`, "inferred", `wants kind "calibration"`)
	_, err = Merge(context.Background(), filepath.Join(base, "m"), []string{cal}, MergeOptions{})
	wantUsage(t, err, cal, `kind "calibration"`, "inferred")

	if res, err := run(t, d.plan, merge, RunOptions{Resume: true}); err != nil || !res.Complete {
		t.Errorf("run --resume on an old merge: %+v, %v", res, err)
	}
	for _, dir := range []string{run0, shard0, merge, cal} {
		if _, err := Verify(context.Background(), dir, VerifyOptions{Workers: 2}); err != nil {
			t.Errorf("verify of an old %s: %v", dir, err)
		}
	}
}

// TestKindEdited: a manifest whose kind contradicts what it lists is
// refused by every reader rather than believed.
func TestKindEdited(t *testing.T) {
	d := makeKindDirs(t)
	base := t.TempDir()
	for _, tc := range []struct {
		src       string
		from, to  string
		wantError string
	}{
		{d.cal, `"kind": "calibration"`, `"kind": "run"`, "lists a calibration's files"},
		{d.run, `"kind": "run"`, `"kind": "calibration"`, "lists the part"},
		{d.run, `"kind": "run"`, `"kind": "shard"`, "records no shard"},
		{d.shard0, `"kind": "shard"`, `"kind": "run"`, "records shard 0/2"},
		{d.run, `"kind": "run"`, `"kind": "experiment"`, `want one of "run", "shard", "merge" or "calibration"`},
	} {
		dir := filepath.Join(base, strings.Trim(tc.to, `"kind: `)+"-"+filepath.Base(tc.src))
		copyDir(t, tc.src, dir)
		editManifest(t, dir, tc.from, tc.to)
		if _, err := output.ReadManifest(dir); err == nil || !strings.Contains(err.Error(), tc.wantError) {
			t.Errorf("%s edited to %s: ReadManifest = %v, want %q", tc.src, tc.to, err, tc.wantError)
		}
		_, err := run(t, d.plan, dir, RunOptions{Resume: true})
		wantUsage(t, err, dir, tc.wantError)
		// Verify: a mismatch, since this version wrote it (a hostile
		// review, stop 32).
		_, err = Verify(context.Background(), dir, VerifyOptions{})
		wantEdited(t, err, dir, tc.wantError)
	}
}

// TestKindRefusalNoLock: analyze and plot refuse a kind they do not
// rewrite (a shard; a calibration for analyze) before they take the lock,
// so that a directory without a lock file (copied, or from an archive)
// stays byte for byte as it was: they created DIR/.lock first (a review).
func TestKindRefusalNoLock(t *testing.T) {
	d := makeKindDirs(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, dir string
		do        func() error
		want      []string
	}{
		{"analyze of a shard", d.shard0, func() error {
			_, err := Analyze(ctx, d.shard0, "")
			return err
		}, []string{d.shard0, `kind "shard"`, "merge the shards"}},
		{"analyze of a calibration", d.cal, func() error {
			_, err := Analyze(ctx, d.cal, "")
			return err
		}, []string{d.cal, `kind "calibration"`, "no design points"}},
		{"plot of a shard", d.shard0, func() error {
			_, err := Plot(ctx, d.shard0)
			return err
		}, []string{d.shard0, `kind "shard"`, "a shard has no summary to draw"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.Remove(filepath.Join(tc.dir, output.LockName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			before := treeBytes(t, tc.dir)
			wantUsage(t, tc.do(), tc.want...)
			if after := treeBytes(t, tc.dir); !maps.Equal(after, before) {
				t.Errorf("a refused command changed %s: %d entries before, %d after (a lock file: %t)", tc.dir, len(before), len(after), exists(filepath.Join(tc.dir, output.LockName)))
			}
		})
	}
}

// treeBytes maps every entry under dir to its bytes (a folder to "/").
func treeBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			out[path] = "/"
			return nil
		}
		data, err := os.ReadFile(path)
		out[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
