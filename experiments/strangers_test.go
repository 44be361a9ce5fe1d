package experiments

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestMisfitNotStranger (a review): an entry of a name pactsim writes, of
// another kind (a directory where pactsim writes a regular file, a FIFO
// or link where it writes a regular file), is said to be that, not a file "pactsim does not write";
// --force still refuses to delete it.
func TestMisfitNotStranger(t *testing.T) {
	plan := pcfg{}.plan(t)
	for _, tc := range []struct {
		name string
		make func(t *testing.T, dir string)
		want string
	}{
		{"directory at report.html", func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, "report.html", "x"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "a directory named report.html, where pactsim expects a regular file"},
		{"FIFO at codebook.csv", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "codebook.csv"), 0o644); err != nil {
				t.Skip(err)
			}
		}, "a named pipe (FIFO) named codebook.csv, where pactsim expects a regular file"},
		{"link at summary.csv", func(t *testing.T, dir string) {
			if err := os.Symlink("config.yaml", filepath.Join(dir, "summary.csv")); err != nil {
				t.Fatal(err)
			}
		}, "a symbolic link named summary.csv, where pactsim expects a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "config.yaml"), plan.Canonical(), 0o644); err != nil {
				t.Fatal(err)
			}
			tc.make(t, dir)
			_, err := run(t, plan, dir, RunOptions{Force: true})
			wantUsage(t, err, dir, tc.want, "refusing to delete it")
			if strings.Contains(err.Error(), "pactsim does not write") {
				t.Errorf("a name pactsim writes is said to be one it does not: %v", err)
			}
			if !exists(filepath.Join(dir, "config.yaml")) {
				t.Error("a refused --force deleted config.yaml")
			}
		})
	}
}
