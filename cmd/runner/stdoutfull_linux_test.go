package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignalWithStdoutFull: a command whose standard output is a full
// pipe nobody reads (`runner plot DIR | sleep 1000` behind an earlier
// writer that filled it) blocks on its last line, as any program would;
// one SIGTERM must still stop it with 143 within about a second, and plot
// leaves a directory that verifies. It hung until SIGKILL: the signal was
// caught, but the line waited on the pipe for ever, and plot swallows
// every later signal (a review, stop 51). Linux: /proc/PID/task/*/wchan
// says when the command waits on the pipe.
func TestSignalWithStdoutFull(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	conf := cfg{}.write(t, base)
	dir := filepath.Join(base, "out")
	mustRun(t, nil, "run", conf, "-o", dir, "-q")
	for _, args := range [][]string{{"plot", dir}, {"verify", dir}, {"validate", conf}} {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		chunk := make([]byte, 4096)
		for { // fill the pipe: write until a write would block
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
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, runnerBin, args...)
		cmd.Env = cleanEnv()
		cmd.Stdout = pw
		var se strings.Builder
		cmd.Stderr = &se
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if !waitsOnPipe(cmd.Process.Pid, 30*time.Second) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			cancel()
			t.Skipf("runner %v: /proc does not show it waiting on the pipe", args)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
			t.Errorf("runner %v: SIGTERM did not stop it within 10 s while its standard output was a full pipe", args)
		}
		if code := cmd.ProcessState.ExitCode(); code != exitTerm && code != -1 {
			t.Errorf("runner %v: exit %d after SIGTERM, want %d; stderr %q", args, code, exitTerm, se.String())
		} else if code == exitTerm && args[0] != "validate" && !strings.Contains(se.String(), "standard output does not drain") {
			// (validate, stopped in its estimate after its first lines,
			// says that it was stopped.)
			t.Errorf("runner %v: stderr %q, want it to say that standard output does not drain", args, se.String())
		}
		cancel()
		pr.Close()
		pw.Close()
	}
	if r := runner(t, nil, "verify", dir); r.code != 0 {
		t.Errorf("verify after the signals: %s", r)
	}
}

// waitsOnPipe reports whether a thread of process pid comes to wait on a
// pipe write (its wchan) within limit.
func waitsOnPipe(pid int, limit time.Duration) bool {
	for end := time.Now().Add(limit); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		ws, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "wchan"))
		for _, w := range ws {
			if b, err := os.ReadFile(w); err == nil && strings.Contains(string(b), "pipe_write") {
				return true
			}
		}
	}
	return false
}
