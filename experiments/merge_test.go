package experiments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pactsim/output"
)

// dropFromShard removes the files of dir (slash-separated paths) and their
// entries from its manifest, taking rows off the runs count, so that the
// manifest's checksums all still match: a shard that leaves out a part.
func dropFromShard(t *testing.T, dir string, rows int64, paths ...string) {
	t.Helper()
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
		n := len(m.Files)
		m.Files = slices.DeleteFunc(m.Files, func(f output.FileSum) bool { return f.Path == p })
		if len(m.Files) != n-1 {
			t.Fatalf("%s does not list %s", dir, p)
		}
	}
	m.Rows[output.TableRuns] -= rows
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMergeLeavesNothing: merge checks, before it creates its output,
// that each shard's parts cover the shard's tasks; and a merge that fails
// after (here: stopped while finalising, as by a signal) removes what it
// wrote, the folders it created included (review 3: a shard whose manifest
// left a part out passed every check, and the merge failed half-way,
// leaving a directory with config.yaml and some parts).
func TestMergeLeavesNothing(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{}.plan(t) // 22 tasks, parts of 5, 4 architectures
	shards := runShards(t, plan, base, 3)
	// Shard 0/3 is tasks [0, 7): part-00000 [0, 5) and part-00001 [5, 7).
	noPart := filepath.Join(base, "no-part")
	copyDir(t, shards[0], noPart)
	dropFromShard(t, noPart, 2*4, "runs/part-00001.parquet", "arrow/runs/part-00001.arrow")
	noArrow := filepath.Join(base, "no-arrow")
	copyDir(t, shards[0], noArrow)
	dropFromShard(t, noArrow, 0, "arrow/runs/part-00001.arrow")
	for _, tc := range []struct {
		name, shard string
		want        []string
	}{
		{"a part left out", noPart, []string{"no-part", "tasks [5, 7) are in no part", "do not cover"}},
		{"an Arrow part left out", noArrow, []string{"no-arrow", "but no arrow/runs/part-00001.arrow", "do not cover"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top := filepath.Join(t.TempDir(), "new")
			out := filepath.Join(top, "deeper", "merged")
			_, err := Merge(context.Background(), out, []string{tc.shard, shards[1], shards[2]}, MergeOptions{})
			wantFailure(t, err, tc.want...)
			if exists(top) {
				t.Errorf("a refused merge created %s", top)
			}
		})
	}

	// Stopped while finalising: nothing is left, neither OUT nor the
	// folders above it that the merge created; an OUT that was there
	// before is left empty.
	stop := func() (context.Context, MergeOptions) {
		ctx, cancel := context.WithCancelCause(context.Background())
		return ctx, MergeOptions{Notify: func(e Event) {
			if e.Kind == EventFinalizing {
				cancel(errStopped)
			}
		}}
	}
	top := filepath.Join(t.TempDir(), "new")
	out := filepath.Join(top, "deeper", "merged")
	ctx, opt := stop()
	if _, err := Merge(ctx, out, shards, opt); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped merge: %v", err)
	}
	if exists(top) {
		t.Errorf("a stopped merge left %s", top)
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, opt = stop()
	if _, err := Merge(ctx, empty, shards, opt); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped merge: %v", err)
	}
	es, err := os.ReadDir(empty)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if !strings.HasPrefix(e.Name(), ".") {
			t.Errorf("a stopped merge left %s in %s", e.Name(), empty)
		}
	}
	// And the merge then runs as if nothing had happened.
	if _, err := Merge(context.Background(), empty, shards, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), empty, VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestOutUnderAFile: a results directory whose parent is a file is a usage
// error naming the file, for run and merge alike (review 3: run failed
// with an lstat error, exit 1; merge said the directory "exists and is not
// empty").
func TestOutUnderAFile(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	file := filepath.Join(base, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := pcfg{Reps: 1}.plan(t)
	shard := filepath.Join(base, "shard")
	mustRun(t, plan, shard, RunOptions{})
	for _, out := range []string{filepath.Join(file, "out"), filepath.Join(file, "a", "b")} {
		_, err := run(t, plan, out, RunOptions{})
		wantUsage(t, err, file+" is a file, not a directory")
		_, err = Merge(context.Background(), out, []string{shard}, MergeOptions{})
		wantUsage(t, err, file+" is a file, not a directory")
		_, err = Verify(context.Background(), out, VerifyOptions{})
		wantUsage(t, err, file+" is a file, not a directory")
	}
}

// TestBadShardRecord: a manifest whose shard record no run writes (an
// index outside its count, a negative task range) is refused by merge and
// resume, and is a mismatch to verify (it was edited), with the record named (review 3: merge and verify
// panicked, computing the shard's task range), and a merge of one shard of
// a huge count names a few missing shards, not every one (it built a list
// of them all: gigabytes for 10^8 shards).
func TestBadShardRecord(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{Reps: 2}.plan(t)
	shards := runShards(t, plan, base, 3)
	for _, edit := range [][2]string{
		{`"index": 1,`, `"index": 5,`},
		{`"index": 1,`, `"index": -1,`},
		{`"count": 3,`, `"count": 0,`},
		{`"task_lo": 1,`, `"task_lo": -1,`},
		{`"task_hi": 2`, `"task_hi": 0`},
	} {
		t.Run(edit[1], func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "s1")
			copyDir(t, shards[1], dir)
			editManifest(t, dir, edit[0], edit[1])
			out := filepath.Join(t.TempDir(), "merged")
			_, err := Merge(context.Background(), out, []string{shards[0], dir, shards[2]}, MergeOptions{})
			wantUsage(t, err, "want 0 <= index < count")
			if exists(out) {
				t.Errorf("a refused merge created %s", out)
			}
			_, err = Verify(context.Background(), dir, VerifyOptions{})
			wantEdited(t, err, "want 0 <= index < count")
			_, err = run(t, plan, dir, RunOptions{Resume: true, Shard: ShardSpec{I: 1, N: 3}})
			wantUsage(t, err, "want 0 <= index < count")
		})
	}

	// A shard whose config.yaml was edited, its checksum resealed, does
	// not merge, whichever place it is given in (review 6: only the first
	// shard's config was read, and the message named it twice).
	t.Run("edited config", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "s0")
		copyDir(t, shards[0], dir)
		cfg := filepath.Join(dir, "config.yaml")
		b, err := os.ReadFile(cfg)
		if err != nil {
			t.Fatal(err)
		}
		edited := strings.Replace(string(b), "seed: 7\n", "seed: 3\n", 1)
		if edited == string(b) {
			t.Fatalf("no seed line to edit in:\n%s", b)
		}
		if err := os.WriteFile(cfg, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		resealFile(t, dir, "config.yaml")
		for _, order := range [][]string{{dir, shards[1], shards[2]}, {shards[1], dir, shards[2]}} {
			out := filepath.Join(t.TempDir(), "merged")
			_, err := Merge(context.Background(), out, order, MergeOptions{})
			var mm *output.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("merge of %v: %v, want a mismatch", order, err)
			}
			wantText(t, err, "shard "+dir+" does not verify", "its config.yaml resolves to config")
			if exists(out) {
				t.Errorf("a refused merge created %s", out)
			}
		}
	})

	// A data file the shard's manifest does not list (verify refuses the
	// shard) is refused by merge too, not left out without a word.
	for _, stray := range []string{"runs/extra.parquet", "runs/.x.parquet"} {
		t.Run(stray, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "s1")
			copyDir(t, shards[1], dir)
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(stray)), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "merged")
			_, err := Merge(context.Background(), out, []string{shards[0], dir, shards[2]}, MergeOptions{})
			var mm *output.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("merge: %v, want a mismatch", err)
			}
			wantText(t, err, "shard "+dir+" does not verify", stray, "does not list")
			if exists(out) {
				t.Errorf("a refused merge created %s", out)
			}
		})
	}

	huge := filepath.Join(base, "huge")
	mustRun(t, plan, huge, RunOptions{Shard: ShardSpec{I: 1, N: 1 << 40}})
	_, err := Merge(context.Background(), filepath.Join(base, "merged"), []string{huge}, MergeOptions{})
	wantUsage(t, err, "missing shard(s) [0 2 3 4 5 6 7 8 9 10] and 1099511627765 more of 1099511627776")
}

// TestMergeIntoShardsParent: merging into the directory that holds the
// shards (the README's "by hand" example did: -o results/x with the shards
// in results/x/shard-I) is a usage error that says so and names a
// directory that works, with or without --force and through a symbolic
// link; the shards are untouched. Review 4: it said "exists and is not
// empty: use --force", and --force then refused the directory as not
// pactsim's.
func TestMergeIntoShardsParent(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	x := filepath.Join(base, "x")
	plan := pcfg{Reps: 2}.plan(t)
	var shards []string
	for i := range 2 {
		d := filepath.Join(x, fmt.Sprintf("shard-%d", i))
		mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: 2}})
		shards = append(shards, d)
	}
	before := map[string]string{}
	for _, d := range shards {
		before[d] = strings.Join(listFiles(t, d), ",")
	}
	link := filepath.Join(base, "link")
	if err := os.Symlink(x, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{x, link, base} {
		for _, force := range []bool{false, true} {
			_, err := Merge(context.Background(), out, shards, MergeOptions{Force: force})
			wantUsage(t, err, "holds the shard", filepath.Join(out, "merged"))
		}
	}
	for _, d := range shards {
		if got := strings.Join(listFiles(t, d), ","); got != before[d] {
			t.Errorf("a refused merge changed %s: %s, was %s", d, got, before[d])
		}
	}
	out := filepath.Join(x, "merged")
	if _, err := Merge(context.Background(), out, shards, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestForceCutShort: a --force whose clearing of the old directory is cut
// short after any number of entries (SIGKILL, OOM, a lost node: nothing
// runs after it) leaves a directory that --resume continues into the
// uninterrupted run's bytes, and that --force still accepts. Review 4: the
// entries went in name order, so arrow/ and the CSVs could go while
// manifest.json stayed; --resume then refused the directory as complete
// but not verifying (exit 1). Not parallel: it swaps removeAll.
func TestForceCutShort(t *testing.T) {
	c := pcfg{}
	ref := reference(t, c)
	plan := c.plan(t)
	entries, err := os.ReadDir(ref)
	if err != nil {
		t.Fatal(err)
	}
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == output.LockName })
	errCut := errors.New("cut short")
	defer func() { removeAll = os.RemoveAll }()
	for k := range len(entries) {
		for _, then := range []string{"resume", "force"} {
			dir := filepath.Join(t.TempDir(), "out")
			copyDir(t, ref, dir)
			removed := 0
			removeAll = func(p string) error {
				if removed == k {
					return errCut
				}
				removed++
				return os.RemoveAll(p)
			}
			if _, err := run(t, plan, dir, RunOptions{Force: true}); !errors.Is(err, errCut) {
				t.Fatalf("cut after %d entries: %v", k, err)
			}
			removeAll = os.RemoveAll
			opt := RunOptions{Resume: then == "resume", Force: then == "force"}
			if _, err := run(t, plan, dir, opt); err != nil {
				t.Fatalf("--force cut short after %d entries, then --%s: %v", k, then, err)
			}
			sameFiles(t, ref, dir)
		}
	}
}

// TestMergeForceKeepsOld: merge --force over a merged directory writes the
// new merge into a folder inside it and replaces the old contents only
// once complete, so a merge stopped while finalising, refused for room,
// or failing part-way through the replacement leaves the old one as it
// was and nothing else; one that completes replaces it in the same
// directory (its mode kept), through a symbolic link too, and removes what
// a merge killed outright left (review, stop 29: --force emptied the old
// merge first, and a merge stopped later lost both). Not parallel: it
// plays a full disk through measureFree and a failing rename through
// rename.
func TestMergeForceKeepsOld(t *testing.T) {
	base := t.TempDir()
	plan := pcfg{}.plan(t)
	shards := runShards(t, plan, base, 2)
	out := filepath.Join(base, "results", "merged")
	if _, err := Merge(context.Background(), out, shards, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(out, 0o750); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	before := filepath.Join(base, "before")
	copyDir(t, out, before)
	// sameFolder: out is the same folder, mode kept, with no staging
	// folder left in it.
	sameFolder := func(when string) {
		t.Helper()
		es, err := os.ReadDir(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if output.IsOwnStage(e.Name()) {
				t.Errorf("%s: %s left in %s", when, e.Name(), out)
			}
		}
		if now, err := os.Stat(out); err != nil || !os.SameFile(fi, now) || now.Mode().Perm() != 0o750 {
			t.Errorf("%s: %s is another folder now, or its mode changed (%v)", when, out, err)
		}
	}
	asBefore := func(when string) {
		t.Helper()
		sameFiles(t, before, out)
		sameFolder(when)
	}

	ctx, cancel := context.WithCancelCause(context.Background())
	opt := MergeOptions{Force: true, Notify: func(e Event) {
		if e.Kind == EventFinalizing {
			cancel(errStopped)
		}
	}}
	if _, err := Merge(ctx, out, shards, opt); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped merge --force: %v", err)
	}
	asBefore("after a stopped merge --force")

	func() {
		defer func(f func(string) (int64, string)) { measureFree = f }(measureFree)
		measureFree = func(dir string) (int64, string) { return 1024, dir }
		_, err := Merge(context.Background(), out, shards, MergeOptions{Force: true})
		wantUsage(t, err, "has 1 KiB free, of which", out+" is kept until the new merge is complete, so both must fit")
	}()
	asBefore("after a merge --force refused for room")

	// A rename that fails in the replacement, on the way out or in, puts
	// back what moved.
	es, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	moves := len(es) - 2 // all but the lock and config.yaml move out, then as many in
	for _, fail := range []int{3, moves + 3} {
		func() {
			defer func() { rename = os.Rename }()
			n := 0
			rename = func(a, b string) error {
				if n++; n == fail {
					return errors.New("the test's failure")
				}
				return os.Rename(a, b)
			}
			_, err := Merge(context.Background(), out, shards, MergeOptions{Force: true})
			if err == nil || !strings.Contains(err.Error(), "the test's failure") || !strings.Contains(err.Error(), out+" is as it was") {
				t.Fatalf("merge --force whose rename %d fails: %v", fail, err)
			}
			if n < fail {
				t.Fatalf("only %d renames: the test needs %d", n, fail)
			}
		}()
		asBefore(fmt.Sprintf("after a merge --force whose rename %d failed", fail))
	}

	// A merge killed outright left its folders; the next one removes them.
	for _, left := range []string{output.StagePrefix + "0123456789ab", output.ReplacedPrefix + "ba9876543210"} {
		if err := os.MkdirAll(filepath.Join(out, left, "runs"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
		t.Fatalf("verify with a killed merge's folders: %v", err)
	}
	res, err := Merge(context.Background(), out, shards, MergeOptions{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
	listed := readManifest(t, out)
	sameFolder("after a merge --force")
	if res.Dir != out || (res.Report != "" && filepath.Dir(res.Report) != out) {
		t.Errorf("merge --force reports %s and %s, want them in %s", res.Dir, res.Report, out)
	}
	if len(listed.Files) == 0 {
		t.Fatal("an empty manifest")
	}

	link := filepath.Join(base, "link")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(context.Background(), link, shards, MergeOptions{Force: true}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("merge --force through a link: the link is gone or replaced (%v)", err)
	}
	if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestMergeForceKilledAnywhere: a merge --force killed outright at any
// rename of its replacement (played by renames that fail from the k-th
// on, the putting back included) leaves a directory that is pactsim's:
// complete and verifying (a manifest never over a mixture), or unfinished
// with a config.yaml, which the next merge --force replaces (review, stop
// 30: killed part-way, the directory had neither file, and every command
// refused it). Not parallel: it plays the kill through rename.
func TestMergeForceKilledAnywhere(t *testing.T) {
	base := t.TempDir()
	plan := pcfg{Formats: "parquet"}.plan(t)
	shards := runShards(t, plan, base, 2)
	out := filepath.Join(base, "merged")
	if _, err := Merge(context.Background(), out, shards, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	defer func() { rename = os.Rename }()
	for k := 1; ; k++ {
		n := 0
		rename = func(a, b string) error {
			if n++; n >= k {
				return errors.New("killed")
			}
			return os.Rename(a, b)
		}
		_, err := Merge(context.Background(), out, shards, MergeOptions{Force: true})
		rename = os.Rename
		if err == nil {
			if k < 4 {
				t.Fatalf("the replacement took %d renames: the test needs more", k-1)
			}
			break
		}
		info, ierr := inspectDir(out)
		switch {
		case ierr != nil:
			t.Fatalf("killed at rename %d: %s is no pactsim directory: %v", k, out, ierr)
		case info.kind == dirComplete:
			if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
				t.Fatalf("killed at rename %d: complete but does not verify: %v", k, err)
			}
		case info.kind != dirUnfinished:
			t.Fatalf("killed at rename %d: %s is of kind %v", k, out, info.kind)
		}
		if _, err := Merge(context.Background(), out, shards, MergeOptions{Force: true}); err != nil {
			t.Fatalf("merge --force after a kill at rename %d: %v", k, err)
		}
		if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
			t.Fatalf("after a kill at rename %d and a merge --force: %v", k, err)
		}
	}
}

// runShards runs plan as n shards into base/s0 .. base/s(n-1) and returns
// their directories.
func runShards(t *testing.T, plan *Plan, base string, n int) []string {
	t.Helper()
	var shards []string
	for i := range n {
		d := filepath.Join(base, "s"+strconv.Itoa(i))
		mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: n}})
		shards = append(shards, d)
	}
	return shards
}

// TestUnescapeMount: mountinfo's octal escapes are undone, and a
// backslash that starts none is kept.
func TestUnescapeMount(t *testing.T) {
	for in, want := range map[string]string{
		"/mnt/a":              "/mnt/a",
		`/mnt/my\040results`:  "/mnt/my results",
		`/mnt/tab\011and\134`: "/mnt/tab\tand\\",
		`/mnt/x\04`:           `/mnt/x\04`,
		`/mnt/\999`:           `/mnt/\999`,
	} {
		if got := unescapeMount(in); got != want {
			t.Errorf("unescapeMount(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMergeLockWait (hostile review, stop 32): with LockWait, a merge
// whose output another process holds waits for it, says so once, and
// merges when it is let go, into a fresh folder and with --force over an
// earlier merge, as a requeued merge job must; without it, it is refused
// at once.
func TestMergeLockWait(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	plan := pcfg{Reps: 2}.plan(t)
	shards := runShards(t, plan, base, 2)
	for _, force := range []bool{false, true} {
		out := filepath.Join(base, fmt.Sprintf("merged-%v", force))
		if err := os.Mkdir(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if force {
			if _, err := Merge(context.Background(), out, shards, MergeOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		held, err := output.LockDir(out)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Merge(context.Background(), out, shards, MergeOptions{Force: force})
		wantUsage(t, err, "in use by pid")
		// Stopped while it waits: marked so, for "nothing was written".
		ctx, cancel := context.WithCancel(context.Background())
		_, err = Merge(ctx, out, shards, MergeOptions{Force: force, LockWait: time.Hour, Notify: func(e Event) {
			if e.Kind == EventWaiting {
				cancel()
			}
		}})
		if !errors.Is(err, ErrStoppedWaiting) {
			t.Fatalf("force %v: a merge cancelled while it waits: %v, want ErrStoppedWaiting", force, err)
		}
		waits := 0
		_, err = Merge(context.Background(), out, shards, MergeOptions{Force: force, LockWait: time.Hour, Notify: func(e Event) {
			if e.Kind == EventWaiting {
				waits++
				held.Unlock()
			}
		}})
		if err != nil || waits != 1 {
			t.Fatalf("force %v: merge with LockWait: %v, waited %d times, want once", force, err, waits)
		}
		if _, err := Verify(context.Background(), out, VerifyOptions{}); err != nil {
			t.Errorf("force %v: verify after the wait: %v", force, err)
		}
	}
}

// TestResumeRemovesStages (hostile review, stop 32): a directory a merge
// --force left unfinished, with its staging folders, and then resumed as a
// run ends complete without them (they stayed, unseen by verify, which
// skips hidden folders: 122 MB beside 61 MB of results).
func TestResumeRemovesStages(t *testing.T) {
	t.Parallel()
	plan := pcfg{Formats: "parquet"}.plan(t)
	dir := filepath.Join(t.TempDir(), "d")
	mustRun(t, plan, dir, RunOptions{})
	var stages []string
	for _, left := range []string{output.StagePrefix + "0123456789ab", output.ReplacedPrefix + "ba9876543210"} {
		stages = append(stages, filepath.Join(dir, left))
		if err := os.MkdirAll(filepath.Join(dir, left, "runs"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, left, "runs", "part-00000.parquet"), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, output.ManifestName)); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	for _, s := range stages {
		if exists(s) {
			t.Errorf("%s is still there after the resumed run completed", s)
		}
	}
	if _, err := Verify(context.Background(), dir, VerifyOptions{}); err != nil {
		t.Error(err)
	}
	// Left beside a complete directory (a merge --force killed over it),
	// --resume, which finds it complete, removes them too.
	if err := os.MkdirAll(filepath.Join(stages[0], "runs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if res := mustRun(t, plan, dir, RunOptions{Resume: true}); !res.Complete || exists(stages[0]) {
		t.Errorf("--resume of a complete directory: complete %v, %s left", res.Complete, stages[0])
	}
}

// TestWritersRemoveStages (hostile review, h2): the staging folders of a
// merge --force killed over a complete directory (the old merge stays
// whole and verifies; the new one, up to the size of the results, stays
// in a hidden folder verify does not see) are removed by the next writer
// of the directory, as output.StagePrefix says: plot and analyze too, not
// only merge and --resume (they stayed, 4 MB beside a 6 MB merge).
func TestWritersRemoveStages(t *testing.T) {
	t.Parallel()
	ref, _ := runAndOtherAnalysis(t, saCfg)
	for _, tc := range []struct {
		name  string
		write func(dir string) error
	}{
		{"plot", func(dir string) error { _, err := Plot(context.Background(), dir); return err }},
		{"analyze", func(dir string) error { _, err := Analyze(context.Background(), dir, ""); return err }},
	} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		var stages []string
		for _, left := range []string{output.StagePrefix + "0123456789ab", output.ReplacedPrefix + "ba9876543210"} {
			stages = append(stages, filepath.Join(dir, left))
			if err := os.MkdirAll(filepath.Join(dir, left, "runs"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, left, "runs", "part-00000.parquet"), []byte("new"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := tc.write(dir); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, s := range stages {
			if exists(s) {
				t.Errorf("%s: %s is still there after it rewrote the directory", tc.name, s)
			}
		}
		if _, err := Verify(context.Background(), dir, VerifyOptions{}); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestLockedManifest: each step of a merge reads a shard's manifest anew
// under its lock (a merge no longer holds every shard's lock throughout),
// and a shard whose manifest changed since it was checked, or is gone, is
// an error before the step runs.
func TestLockedManifest(t *testing.T) {
	t.Parallel()
	plan := pcfg{Reps: 2}.plan(t)
	dir := runShards(t, plan, t.TempDir(), 2)[1]
	calls := 0
	step := func(*output.Manifest) error { calls++; return nil }
	m, err := lockedManifest(dir, nil, step)
	if err != nil || calls != 1 {
		t.Fatalf("first read: %v, %d calls", err, calls)
	}
	if _, err := lockedManifest(dir, m, step); err != nil || calls != 2 {
		t.Fatalf("unchanged: %v, %d calls", err, calls)
	}
	changed := *m
	changed.Finished = changed.Finished.Add(time.Second) // as a shard run again with --force
	if _, err := lockedManifest(dir, &changed, step); err == nil || !strings.Contains(err.Error(), "changed during the merge") || calls != 2 {
		t.Errorf("a changed manifest: %v, %d calls", err, calls)
	}
	if err := os.Remove(filepath.Join(dir, output.ManifestName)); err != nil {
		t.Fatal(err)
	}
	if _, err := lockedManifest(dir, m, step); err == nil || !strings.Contains(err.Error(), "changed during the merge") || calls != 2 {
		t.Errorf("a manifest gone: %v, %d calls", err, calls)
	}
}
