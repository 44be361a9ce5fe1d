package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pactsim/output"
)

// TestWriteFailure: when the results directory cannot be written the run
// exits 1 naming the path, marks nothing complete, and once the cause is
// gone --resume finishes it into the uninterrupted run's bytes.
func TestWriteFailure(t *testing.T) {
	t.Parallel()
	c := cfg{}
	ref := reference(t, c)

	t.Run("parent not writable", func(t *testing.T) {
		t.Parallel()
		if os.Geteuid() == 0 {
			t.Skip("root writes through file modes; the other subtests cover write failures")
		}
		base := t.TempDir()
		config := c.write(t, base)
		parent := filepath.Join(base, "ro")
		if err := os.Mkdir(parent, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(parent, 0o755) })
		dir := filepath.Join(parent, "out")
		wantExit(t, runner(t, nil, "run", config, "-o", dir, "-q"), 1, dir, "permission denied")
		if exists(dir) {
			t.Fatal("a failed run left its directory")
		}
		if err := os.Chmod(parent, 0o755); err != nil {
			t.Fatal(err)
		}
		mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
		sameFiles(t, ref, dir)
	})

	t.Run("parent is a file", func(t *testing.T) {
		t.Parallel()
		base := t.TempDir()
		config := c.write(t, base)
		parent := filepath.Join(base, "file")
		if err := os.WriteFile(parent, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(parent, "out")
		wantExit(t, runner(t, nil, "run", config, "-o", dir, "-q"), 1, dir, "not a directory")
	})

	// The parts cannot be written: arrow/runs is a regular file. This
	// works as root too.
	t.Run("part folder is a file", func(t *testing.T) {
		t.Parallel()
		base := t.TempDir()
		config := c.write(t, base)
		dir := filepath.Join(base, "out")
		if err := os.MkdirAll(filepath.Join(dir, "arrow"), 0o755); err != nil {
			t.Fatal(err)
		}
		copyFile(t, filepath.Join(ref, "config.yaml"), filepath.Join(dir, "config.yaml"))
		obstacle := filepath.Join(dir, "arrow", "runs")
		if err := os.WriteFile(obstacle, []byte("in the way"), 0o644); err != nil {
			t.Fatal(err)
		}
		wantExit(t, runner(t, nil, "run", config, "-o", dir, "--resume", "-q"), 1, obstacle, "not a directory")
		failedCleanly(t, dir)
		if parts := finalParts(t, dir); len(parts) != 0 {
			t.Errorf("final parts %v without their Arrow files", parts)
		}
		if err := os.Remove(obstacle); err != nil {
			t.Fatal(err)
		}
		mustRun(t, nil, "run", config, "-o", dir, "--resume", "-q")
		sameFiles(t, ref, dir)
	})

	// The summary cannot be written after every part is: the parts stay
	// final and --resume redoes only the finalisation.
	t.Run("summary blocked", func(t *testing.T) {
		t.Parallel()
		config, dir, r := runStopped(t, c, 2, "INT")
		wantExit(t, r, 130)
		obstacle := filepath.Join(dir, "summary.parquet")
		if err := os.MkdirAll(filepath.Join(obstacle, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
		wantExit(t, runner(t, nil, "run", config, "-o", dir, "--resume", "-q"), 1, obstacle)
		failedCleanly(t, dir)
		if parts := finalParts(t, dir); len(parts) != 5 {
			t.Errorf("final parts %v, want all 5", parts)
		}
		if err := os.RemoveAll(obstacle); err != nil {
			t.Fatal(err)
		}
		r = mustRun(t, nil, "run", config, "-o", dir, "--resume")
		if !strings.Contains(r.stderr, "5 of 5 parts are final") {
			t.Errorf("resume stderr:\n%s", r.stderr)
		}
		sameFiles(t, ref, dir)
	})
}

// failedCleanly checks what a failed run leaves: no manifest, no
// temporary files.
func failedCleanly(t testing.TB, dir string) {
	t.Helper()
	if exists(filepath.Join(dir, output.ManifestName)) {
		t.Error("a failed run wrote its manifest")
	}
	if tmp := tmpFiles(t, dir); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestProgress: plain lines on a pipe, nothing with --quiet.
func TestProgress(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := cfg{}.write(t, base)

	r := mustRun(t, nil, "run", config, "-o", filepath.Join(base, "loud"), "--workers", "2")
	if r.stdout != "" {
		t.Errorf("run wrote to stdout: %q", r.stdout)
	}
	if strings.ContainsAny(r.stderr, "\r\x1b") {
		t.Errorf("progress on a pipe has terminal controls: %q", r.stderr)
	}
	lines := strings.SplitAfter(strings.TrimSpace(r.stderr), "\n")
	want := []string{
		"runner: runner-test: 2 points × 11 replicates × 4 architectures; unsharded (none): tasks [0, 22); 2 workers; writing ",
		"runner: 22/22 tasks (100%), ",
		"runner: writing the summary, contrasts, points, codebook\n",
		"runner: done: ",
	}
	if len(lines) != len(want) {
		t.Fatalf("stderr has %d lines, want %d:\n%s", len(lines), len(want), r.stderr)
	}
	for k, w := range want {
		if !strings.HasPrefix(lines[k], w) {
			t.Errorf("line %d: %q, want it to start with %q", k, lines[k], w)
		}
	}
	if !strings.Contains(lines[1], "tasks/s, ETA ") {
		t.Errorf("progress line lacks rate and ETA: %q", lines[1])
	}

	for _, q := range []string{"-q", "--quiet"} {
		r = mustRun(t, nil, "run", config, "-o", filepath.Join(base, "quiet"+q), q)
		if r.stdout != "" || r.stderr != "" {
			t.Errorf("%s printed: stdout %q, stderr %q", q, r.stdout, r.stderr)
		}
	}
	var dirs []string
	for i := 0; i < 2; i++ {
		d := filepath.Join(base, "shard"+strconv.Itoa(i))
		mustRun(t, nil, "run", config, "-o", d, "--shard", strconv.Itoa(i)+"/2", "-q")
		dirs = append(dirs, d)
	}
	r = mustRun(t, nil, append([]string{"merge", "-q", "-o", filepath.Join(base, "merged")}, dirs...)...)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("merge -q printed: stdout %q, stderr %q", r.stdout, r.stderr)
	}
}
