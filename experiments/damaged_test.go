package experiments

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestDamagedManifestRepairByKind: a manifest cut short names the way out
// of its own kind of directory, and following it rebuilds the directory
// (a hostile review, stop 48: a merge's and a shard's were told `run
// again with --resume`, which refuses a merge's parts, and merge called a
// whole run given alone a shard to resume with --shard I/N).
func TestDamagedManifestRepairByKind(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	base := t.TempDir()
	shards := runShards(t, plan, base, 2)
	merged := filepath.Join(base, "merged")
	if _, err := Merge(context.Background(), merged, shards, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	cut := func(dir string) {
		t.Helper()
		if err := os.Truncate(filepath.Join(dir, output.ManifestName), 60); err != nil {
			t.Fatal(err)
		}
	}
	verify := func(dir string) error {
		_, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
		return err
	}
	notWanted := func(err error, sub string) {
		t.Helper()
		if strings.Contains(err.Error(), sub) {
			t.Errorf("the error says %q: %v", sub, err)
		}
	}

	// A merge: redone by merge --force, once its manifest is removed.
	cut(merged)
	err := verify(merged)
	wantUsage(t, err, "damaged pactsim manifest", "redo the merge with `runner merge --force -o "+merged)
	notWanted(err, "--resume")
	_, err = Merge(context.Background(), filepath.Join(base, "again"), []string{merged}, MergeOptions{})
	wantUsage(t, err, "is not a finished results directory", "redo the merge")
	notWanted(err, "--shard")
	if err := os.Remove(filepath.Join(merged, output.ManifestName)); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(context.Background(), merged, shards, MergeOptions{Force: true}); err != nil {
		t.Fatalf("the advice does not work: %v", err)
	}
	if err := verify(merged); err != nil {
		t.Fatal(err)
	}

	// A shard: continued with its own --shard.
	cut(shards[1])
	wantUsage(t, verify(shards[1]), "damaged pactsim manifest", "--resume --shard I/N")
	_, err = Merge(context.Background(), filepath.Join(base, "again"), shards, MergeOptions{})
	wantUsage(t, err, "is not a finished shard", "--resume --shard I/N")

	// A whole run given alone to merge is no shard.
	run := filepath.Join(base, "run")
	copyDir(t, ref, run)
	cut(run)
	wantUsage(t, verify(run), "remove manifest.json and run again with --resume")
	_, err = Merge(context.Background(), filepath.Join(base, "again"), []string{run}, MergeOptions{})
	wantUsage(t, err, "is not a finished results directory", "run again with --resume")
	notWanted(err, "--shard I/N`, its own shard")
}

// TestDamagedKind: the kind of a directory whose manifest is unusable
// comes from what the manifest still says, else from a calibration's
// folder.
func TestDamagedKind(t *testing.T) {
	dir := t.TempDir()
	for data, want := range map[string]output.Kind{
		"{\n  \"format\": \"pactsim-results/1\",\n  \"kind\": \"merge\",\n  \"con": output.KindMerge,
		`{"kind":"calibration"`: output.KindCalibration,
		`{"kind": "other"`:      "",
		"":                      "",
	} {
		if got := damagedKind(dir, []byte(data)); got != want {
			t.Errorf("damagedKind(%q) = %q, want %q", data, got, want)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "calibration"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got := damagedKind(dir, nil); got != output.KindCalibration {
		t.Errorf("with calibration/: %q", got)
	}
	if r := damagedRepair(dir, output.KindCalibration); !strings.Contains(r, "runner calibrate CONFIG -o "+dir+" --resume") {
		t.Errorf("calibration: %s", r)
	}
}

// TestFigureReplacedByLink: a figure the manifest lists, replaced by a
// symbolic link or a folder, is refused as what it is, not as a file the
// manifest does not list (a hostile review, stop 48), and once it is
// moved out, plot draws the figures again.
func TestFigureReplacedByLink(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{Plots: true})
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	fig := ""
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "plots/") {
			fig = filepath.Join(dir, filepath.FromSlash(f.Path))
			break
		}
	}
	if fig == "" {
		t.Fatal("no figure listed")
	}
	rel, _ := filepath.Rel(dir, fig)
	outside := filepath.Join(t.TempDir(), "copy")
	data, err := os.ReadFile(fig)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outside, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		name string
		make func() error
	}{
		{"symbolic link", func() error { return os.Symlink(outside, fig) }},
		{"folder", func() error { return os.Mkdir(fig, 0o755) }},
	} {
		if err := os.Remove(fig); err != nil {
			t.Fatal(err)
		}
		if err := k.make(); err != nil {
			t.Fatal(err)
		}
		_, err := Plot(context.Background(), dir)
		wantUsage(t, err, filepath.ToSlash(rel)+", which is a "+k.name+", not the figure pactsim drew there")
		notWantedText(t, err, "does not list it")
	}
	if err := os.Remove(fig); err != nil {
		t.Fatal(err)
	}
	if _, err := Plot(context.Background(), dir); err != nil {
		t.Fatalf("moved out, plot still refuses: %v", err)
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2}); err != nil {
		t.Fatal(err)
	}
}

// notWantedText fails the test when err's text holds sub.
func notWantedText(t testing.TB, err error, sub string) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), sub) {
		t.Errorf("the error says %q: %v", sub, err)
	}
}

// TestManifestFolder: a results directory whose manifest.json is a folder
// is refused as such, with the way to mend it, not with the advice for a
// config path ("give the path of a file") nor a bare "remove
// manifest.json" (a review, stop 50); following the advice works.
func TestManifestFolder(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	base := t.TempDir()
	shards := runShards(t, plan, base, 2)
	fold := func(dir string) {
		t.Helper()
		m := filepath.Join(dir, output.ManifestName)
		if err := os.Remove(m); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(m, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	const what = "its manifest.json is a directory, not a file"
	fold(shards[0])
	_, err := Merge(context.Background(), filepath.Join(base, "m"), shards, MergeOptions{})
	wantUsage(t, err, "is not a finished shard: "+what, "remove that folder", "--resume --shard I/N")
	dir := filepath.Join(base, "run")
	copyDir(t, ref, dir)
	fold(dir)
	_, err = Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
	wantUsage(t, err, "damaged pactsim results directory: "+what, "remove that folder")
	if strings.Contains(err.Error(), "give the path of a file") {
		t.Errorf("config advice: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, output.ManifestName)); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2}); err != nil {
		t.Fatalf("the advice does not work: %v", err)
	}
}

// TestManifestReplacedByFolder: a complete run whose manifest.json was
// replaced by a folder between runs is named a damaged pactsim directory,
// with the way out of its kind, by --resume and verify, and --force keeps
// refusing it; following that advice (remove manifest.json, --resume)
// rebuilds the run's bytes. The refusal said it was no pactsim results
// directory, with the reader's "give the path of a file", which no one
// running --resume could follow (a review, stop 50).
func TestManifestReplacedByFolder(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "out")
	copyDir(t, ref, dir)
	mpath := filepath.Join(dir, output.ManifestName)
	if err := os.Remove(mpath); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(mpath, 0o755); err != nil {
		t.Fatal(err)
	}
	const advice = "remove that folder (move out anything of yours in it first) and run again with --resume"
	_, err := run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "damaged pactsim results directory", "is a directory, not a file", advice)
	_, err = Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
	wantUsage(t, err, "damaged pactsim results directory", advice)
	_, err = run(t, plan, dir, RunOptions{Force: true})
	wantUsage(t, err, "refusing to delete it even with --force")
	if err := os.Remove(mpath); err != nil {
		t.Fatal(err)
	}
	// A manifest.json too large to be one (a sparse file past
	// output.MaxManifestBytes) cannot be read either: the same way out.
	if err := os.WriteFile(mpath, nil, 0o644); err != nil {
		t.Fatal(err)
	} else if err := os.Truncate(mpath, output.MaxManifestBytes+1); err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, "damaged pactsim results directory", "remove manifest.json and run again with --resume")
	if err := os.Remove(mpath); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	sameFiles(t, ref, dir)
}
