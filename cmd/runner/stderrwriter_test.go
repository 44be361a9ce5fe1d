package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSignalWithStderrFull: a run whose standard error is a full pipe
// nobody reads (a parent that waits before it reads) blocks on its first
// message, as any program would; SIGTERM must still stop it with 143
// within about a second, and leave a directory --resume continues. It
// hung until SIGKILL: the signal cancelled the run, but the message in
// flight, and then the final one, waited on the pipe for ever.
func TestSignalWithStderrFull(t *testing.T) {
	dir := t.TempDir()
	conf := cfg{Reps: 40}.write(t, dir)
	out := filepath.Join(dir, "out")

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	// Fill the pipe: write until a write would block.
	chunk := make([]byte, 4096)
	for {
		if err := pw.SetWriteDeadline(time.Now().Add(50 * time.Millisecond)); err != nil {
			t.Skipf("pipe without deadlines: %v", err)
		}
		if _, err := pw.Write(chunk); err != nil {
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatal(err)
			}
			break
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, runnerBin, "run", conf, "-o", out)
	cmd.Env = cleanEnv()
	cmd.Stderr = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // blocked on its first line by now
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	signalled := time.Now()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("SIGTERM did not stop a run whose standard error is a full pipe within 10 s")
	}
	if code := cmd.ProcessState.ExitCode(); code != exitTerm {
		t.Fatalf("exit %d after SIGTERM, want %d", code, exitTerm)
	}
	t.Logf("stopped %v after SIGTERM", time.Since(signalled).Round(time.Millisecond))
	if r := runner(t, nil, "run", conf, "-o", out, "--resume", "--quiet"); r.code != 0 {
		t.Fatalf("--resume after the signal: %s", r)
	}
}
