package main

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"pactsim/output"
)

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
		"runner: runner-test: 2 points × 11 replicates × 4 architectures; all tasks [0, 22); 2 workers; writing ",
		"runner: estimated ",
		"runner: 22/22 tasks (100%), ",
		"runner: writing the summary and contrasts (and both by treaty formation), points, codebook\n",
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
	if !strings.Contains(lines[2], "tasks/s, ETA ") {
		t.Errorf("progress line lacks rate and ETA: %q", lines[2])
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

// TestETA: the progress line's time left saturates past a Duration's
// range; it wrapped to "ETA -2117825h20m28s" on a plan of 2^60 tasks at a
// few a second (hostile review, stop 25).
func TestETA(t *testing.T) {
	for _, c := range []struct {
		left int
		rate float64
		want string
	}{
		{10, 0, "?"},
		{10, 2, "5s"},
		{1 << 60, 3, "more than 292 years"},
		{math.MaxInt, 1e-3, "more than 292 years"},
	} {
		if got := eta(c.left, c.rate); got != c.want {
			t.Errorf("eta(%d, %v) = %q, want %q", c.left, c.rate, got, c.want)
		}
	}
}
