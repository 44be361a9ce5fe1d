package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal pair: the master to read what the
// runner draws, the slave to give it as stderr.
func openPTY(t testing.TB) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		m.Close()
		t.Skipf("unlock pty: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		m.Close()
		t.Skipf("pty number: %v", e)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pty slave: %v", err)
	}
	return m, s
}

// TestProgressTerminal: on a terminal the progress is a bar redrawn in
// place, cleared when the run ends.
func TestProgressTerminal(t *testing.T) {
	t.Parallel()
	master, slave := openPTY(t)
	defer master.Close()
	base := t.TempDir()
	cmd := exec.Command(runnerBin, "run", cfg{Reps: 400, PartTasks: 100}.write(t, base), "-o", filepath.Join(base, "out"), "--workers", "2")
	cmd.Env = cleanEnv()
	cmd.Stderr = slave
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var drawn bytes.Buffer
	copied := make(chan struct{})
	go func() {
		io.Copy(&drawn, master) // ends with EIO once the runner has exited
		close(copied)
	}()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, drawn.String())
	}
	<-copied
	out := drawn.String()
	t.Logf("%q", out)
	if !strings.Contains(out, "\r") || !strings.Contains(out, "tasks") {
		t.Errorf("no bar redrawn in place:\n%q", out)
	}
	if strings.Contains(out, "tasks/s, ETA") {
		t.Errorf("plain progress lines on a terminal:\n%q", out)
	}
	lines := strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n")
	last := ""
	for _, l := range lines {
		// What stays on screen is what follows the last carriage return.
		if k := strings.LastIndex(l, "\r"); k >= 0 {
			l = l[k+1:]
		}
		if strings.TrimSpace(l) != "" {
			last = l
		}
	}
	if !strings.HasPrefix(last, "runner: done: ") {
		t.Errorf("the last line is %q, want it to start with \"runner: done: \"", last)
	}
}
