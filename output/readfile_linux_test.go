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

// TestOpenRegularRefuses: a FIFO or a link to a device under a listed
// file's name is refused at once, naming what it is, by the open that
// verify, merge and resume share (review, stop 29: verify and merge hung
// on a FIFO, deaf to SIGTERM, and read a link to /dev/zero without end).
// A hang fails the test by its deadline, not by blocking the suite.
func TestOpenRegularRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "part-00000.parquet")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	zero := filepath.Join(dir, "part-00001.parquet")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	regular := filepath.Join(dir, "summary.csv")
	if err := os.WriteFile(regular, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(regular, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, kind string }{{fifo, "a named pipe (FIFO)"}, {zero, "a character device"}, {dir, "a directory"}} {
		done := make(chan error, 1)
		go func() {
			_, _, err := hashFileCtx(context.Background(), c.path)
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), c.path+" is not a regular file (it is "+c.kind+")") {
				t.Errorf("hash of %s: %v, want it refused as %s", c.path, err, c.kind)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("hash of %s did not return within 10 s", c.path)
		}
	}
	for _, p := range []string{regular, link} {
		f, err := OpenRegular(p)
		if err != nil {
			t.Errorf("OpenRegular(%s): %v", p, err)
			continue
		}
		f.Close()
	}
}

// TestReadFileLimitedReadError: a regular file whose read fails
// (/proc/self/mem, unreadable at offset 0) is named once in the error, as
// the system names it ("read PATH: input/output error"): a config given
// as /proc/self/mem named it twice, "read PATH: read PATH: ..." (a review).
func TestReadFileLimitedReadError(t *testing.T) {
	const mem = "/proc/self/mem"
	_, err := ReadFileLimited(mem, 1<<20)
	if err == nil {
		t.Skip(mem, "reads here")
	}
	if n := strings.Count(err.Error(), mem); n != 1 {
		t.Errorf("the error names %s %d times, want once: %v", mem, n, err)
	}
	if !strings.HasPrefix(err.Error(), "read "+mem+": ") {
		t.Errorf("the error does not say what failed: %v", err)
	}
}

// TestPartReadersRefuseFIFO: every reader of a results directory's files
// refuses a FIFO under a file's name at once, naming what it is: the
// Parquet parts' reader (OpenParquet: verify's reruns, a merge's copies,
// the finalisation), the figures' (ReadRegular) and the lock's pid
// (readPID) opened it with a plain open, which waits for a writer (a
// review, stop 50). A hang fails the test by its deadline; the FIFO is
// then opened for writing, so the blocked open returns.
func TestPartReadersRefuseFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "part-00000.parquet")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	defer func() {
		if w, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
			time.Sleep(100 * time.Millisecond) // let a blocked open return
			w.Close()
		}
	}()
	want := fifo + " is not a regular file (it is a named pipe (FIFO))"
	for name, read := range map[string]func() error{
		"OpenParquet": func() error { _, err := OpenParquet(fifo); return err },
		"ReadRegular": func() error { _, err := ReadRegular(fifo); return err },
		"readPID": func() error {
			if readPID(fifo) != 0 {
				return nil
			}
			return errors.New(want)
		},
	} {
		done := make(chan error, 1)
		go func() { done <- read() }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %v, want %q", name, err, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s of a FIFO did not return within 10 s", name)
		}
	}
}
