package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestLockAndJournalDoNotFollowLinks (review defect 3): a symbolic link,
// a FIFO or a folder (a hostile review, stop 31: "is a directory", exit 1)
// planted at a directory's lock or journal is refused as a usage error,
// and the file a link points to is left untouched.
func TestLockAndJournalDoNotFollowLinks(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	victim := filepath.Join(base, "victim.txt")
	const precious = "precious\n"
	if err := os.WriteFile(victim, []byte(precious), 0o644); err != nil {
		t.Fatal(err)
	}
	wantRefused := func(what string, err error) {
		t.Helper()
		if err == nil || !errors.Is(err, ErrUsage) {
			t.Errorf("%s: want a usage error, got %v", what, err)
		}
	}
	for _, kind := range []string{"link", "fifo", "folder"} {
		dir := filepath.Join(base, kind)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{LockName, JournalName} {
			p := filepath.Join(dir, name)
			var err error
			switch kind {
			case "link":
				err = os.Symlink(victim, p)
			case "fifo":
				err = syscall.Mkfifo(p, 0o644)
			default:
				err = os.Mkdir(p, 0o755)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		l, err := LockDir(dir)
		l.Unlock()
		wantRefused(kind+": LockDir", err)
		l, err = LockDirShared(dir)
		l.Unlock()
		wantRefused(kind+": LockDirShared", err)
		wantRefused(kind+": AppendSync", OSFileSystem{}.AppendSync(filepath.Join(dir, JournalName), []byte("x  y\n")))
		_, err = (&Dataset{l: Layout{Dir: dir}}).ReadJournal()
		wantRefused(kind+": ReadJournal", err)
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != precious {
		t.Errorf("the link's target changed: %q, %v", b, err)
	}
	// A hard-linked journal is given its own copy before it is appended
	// to, a hard-linked lock is taken but not written (hostile review,
	// stop 24: the lock's pid truncated the user's file, the journal
	// appended to it; a copy made with cp -al must still resume, unfinished
	// or complete, and so must its original).
	dir := filepath.Join(base, "hard")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{LockName, JournalName} {
		if err := os.Link(victim, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if l, err := LockDir(dir); err != nil {
		t.Errorf("hard link: LockDir: %v", err)
	} else {
		l.Unlock()
	}
	// Appended to, the journal gets its own copy first: the other name
	// keeps its content.
	if err := (OSFileSystem{}).AppendSync(filepath.Join(dir, JournalName), []byte("x  y\n")); err != nil {
		t.Errorf("hard link: AppendSync: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, JournalName)); err != nil || string(b) != precious+"x  y\n" {
		t.Errorf("the journal after AppendSync: %q, %v; want its old content and the line", b, err)
	}
	if l, err := LockDirShared(dir); err != nil {
		t.Errorf("hard link: LockDirShared, a reader: %v", err)
	} else {
		l.Unlock()
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != precious {
		t.Errorf("the hard link's other name changed: %q, %v", b, err)
	}
}

// TestBusyNamesTheHolder (review defects 13, 14): a reader's shared lock
// is reported with the reader's pid, not the stale pid a dead writer left
// in the file; Busy reports a held lock without taking it, and nil for a
// free directory.
func TestBusyNamesTheHolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LockName), []byte("999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Busy(dir); err != nil {
		t.Fatalf("a free directory: %v", err)
	}
	r, err := LockDirShared(dir)
	if err != nil {
		t.Fatal(err)
	}
	var be *BusyError
	for what, err := range map[string]error{"Busy": Busy(dir), "LockDir": func() error { _, err := LockDir(dir); return err }()} {
		if !errors.As(err, &be) || be.PID != os.Getpid() {
			t.Errorf("%s while a reader holds the lock: %v, want pid %d", what, err, os.Getpid())
		}
	}
	r.Unlock()
	l, err := LockDir(dir)
	if err != nil {
		t.Fatalf("after the reader: %v", err)
	}
	l.Unlock()
}

// TestAppendAfterTornLine: a line appended after a torn one (a crash while
// appending) is a line of its own; it was glued to the fragment, so the
// reader dropped it too and its part was recomputed at the next resume
// (hostile review, stop 25).
func TestAppendAfterTornLine(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, JournalName)
	sum := strings.Repeat("a", 64)
	if err := os.WriteFile(p, []byte(strings.Repeat("b", 64)+"  runs/part-00000.parquet\n0123abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := (OSFileSystem{}).AppendSync(p, []byte(sum+"  runs/part-00001.parquet\n")); err != nil {
		t.Fatal(err)
	}
	j, err := (&Dataset{l: Layout{Dir: dir}}).ReadJournal()
	if err != nil {
		t.Fatal(err)
	}
	if j["runs/part-00001.parquet"] != sum || len(j) != 2 {
		t.Errorf("journal after a torn line: %v", j)
	}
	// A journal that ends cleanly gets no empty line.
	before, _ := os.ReadFile(p)
	if err := (OSFileSystem{}).AppendSync(p, []byte("x\n")); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(p); string(after) != string(before)+"x\n" {
		t.Errorf("appended %q to %q", after[len(before):], before)
	}
}

// TestLockDirWait (hostile review, stop 32): a LockWait waits for a holder
// to let go, gives up at its deadline with a BusyError that says how long
// it waited, tells once that it waits however many steps it serves, does
// not wait when nil, and ends its wait when its context is cancelled,
// marked as stopped while waiting. The waits are lower bounds the lock
// must respect, never bounds on speed.
func TestLockDirWait(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	held, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// waited: at least that long, measured from the first busy step (0:
	// not at all).
	busy := func(what string, err error, waited time.Duration) {
		t.Helper()
		var b *BusyError
		if !errors.As(err, &b) || !errors.Is(err, ErrUsage) || (waited == 0) != (b.Waited == 0) || b.Waited < waited {
			t.Fatalf("%s: want a BusyError that waited %v, got %#v", what, waited, err)
		}
		if waited > 0 && !strings.Contains(err.Error(), "waited "+b.Waited.String()) {
			t.Errorf("%s: %q does not say how long it waited", what, err)
		}
	}
	calls := 0
	count := func(*BusyError) { calls++ }
	if w := NewLockWait(0, count); w != nil {
		t.Fatalf("NewLockWait(0) = %+v, want nil", w)
	}
	_, err = LockDirWait(context.Background(), dir, nil)
	busy("no wait", err, 0)

	// One wait serves two steps: one deadline, one message.
	const short = 300 * time.Millisecond
	w := NewLockWait(short, count)
	start := time.Now()
	err = w.Do(context.Background(), func() error { return Busy(dir) })
	// The deadline runs from NewLockWait, the wait reported from the first
	// busy step, which a loaded machine can start milliseconds later (a
	// CI run: 293 ms against 300): what it waited is at least from that
	// step to the deadline, rounded as reported.
	atLeast := w.deadline.Sub(w.first).Round(time.Millisecond)
	if atLeast <= 0 || atLeast > short {
		t.Fatalf("the wait's first step is %v before its deadline, want within (0, %v]", atLeast, short)
	}
	busy("held throughout, first step", err, atLeast)
	if took := time.Since(start); took < atLeast-time.Millisecond { // atLeast is rounded to the millisecond
		t.Errorf("gave up after %v, before its wait of %v", took, atLeast)
	}
	_, err = LockDirWait(context.Background(), dir, w)
	busy("held throughout, second step", err, atLeast)
	if calls != 1 {
		t.Errorf("told %d times that it waits, want once", calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	_, err = LockDirWait(ctx, dir, NewLockWait(time.Hour, func(*BusyError) { cancel() }))
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrStoppedWaiting) {
		t.Errorf("cancelled: got %v, want context.Canceled and ErrStoppedWaiting", err)
	}
	// Cancelled before the wait begins: not told that it waits.
	calls = 0
	_, err = LockDirWait(ctx, dir, NewLockWait(time.Hour, count))
	if !errors.Is(err, ErrStoppedWaiting) || calls != 0 {
		t.Errorf("cancelled before: got %v, told %d times", err, calls)
	}

	// Released while it waits: it takes the lock, and the next is refused.
	got, err := LockDirWait(context.Background(), dir, NewLockWait(time.Hour, func(*BusyError) { held.Unlock() }))
	if err != nil {
		t.Fatalf("released while waiting: %v", err)
	}
	_, err = LockDirWait(context.Background(), dir, nil)
	busy("after the handover", err, 0)
	got.Unlock()
}

// TestSameDevice: /proc/locks' hex MAJ:MIN against a device number split
// as Linux encodes it (a review, stop 32: the inode alone was matched).
func TestSameDevice(t *testing.T) {
	mk := func(ma, mi uint64) uint64 { return mi&0xff | (ma&0xfff)<<8 | (mi&^0xff)<<12 | (ma&^0xfff)<<32 }
	for _, c := range []struct {
		ma, mi string
		dev    uint64
		want   bool
	}{
		{"08", "01", mk(8, 1), true},
		{"103", "03", mk(259, 3), true},
		{"00", "2a", mk(0, 42), true},
		{"1000", "100", mk(0x1000, 0x100), true},
		{"08", "02", mk(8, 1), false},
		{"09", "01", mk(8, 1), false},
		{"zz", "01", mk(8, 1), false},
	} {
		if got := sameDevice(c.ma, c.mi, c.dev); got != c.want {
			t.Errorf("sameDevice(%s, %s, %#x) = %v, want %v", c.ma, c.mi, c.dev, got, c.want)
		}
	}
}

// TestJournalSkipsOverlongLine (hostile review, stop 45): a run of zeros
// longer than a line buffer in the journal (blocks a crash left in a file
// it appended to) is skipped as damage, like a torn line; the lines before
// and after it still count. It made ReadJournal fail ("token too long"),
// and with it every --resume of the directory.
func TestJournalSkipsOverlongLine(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, JournalName)
	a, b := strings.Repeat("a", 64), strings.Repeat("b", 64)
	data := a + "  runs/part-00000.parquet\n" + strings.Repeat("\x00", 70000) + "\n" + b + "  runs/part-00001.parquet\n"
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := (&Dataset{l: Layout{Dir: dir}}).ReadJournal()
	if err != nil {
		t.Fatalf("a journal with a damaged line: %v", err)
	}
	if j["runs/part-00000.parquet"] != a || j["runs/part-00001.parquet"] != b || len(j) != 2 {
		t.Errorf("journal with a damaged line: %v", j)
	}
	// A damaged tail, with no newline after it, is skipped too.
	if err := os.WriteFile(p, []byte(a+"  runs/part-00000.parquet\n"+strings.Repeat("\x00", 70000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if j, err := (&Dataset{l: Layout{Dir: dir}}).ReadJournal(); err != nil || j["runs/part-00000.parquet"] != a || len(j) != 1 {
		t.Errorf("journal with a damaged tail: %v, %v", j, err)
	}
}

// TestBusyNamesEveryLocker: the refusal of a held directory names every
// command that may hold its lock, calibrate among them (a review, stop 50:
// a directory a calibration was writing was said to be in use by "another
// run, resume, plot, analyze, merge or verify").
func TestBusyNamesEveryLocker(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	l, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	_, err = LockDir(dir)
	var be *BusyError
	if !errors.As(err, &be) {
		t.Fatalf("a second lock: %v, want a BusyError", err)
	}
	for _, cmd := range []string{"run", "resume", "calibrate", "plot", "analyze", "merge", "verify"} {
		if !strings.Contains(err.Error(), cmd) {
			t.Errorf("%q does not name %s, which holds the lock while it works", err, cmd)
		}
	}
}
