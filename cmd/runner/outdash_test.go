package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutLooksMistaken: an -o whose value begins with '-' (the next flag,
// taken as the directory when the variable meant to follow -o was unset)
// or is only blanks is a usage error, and no folder of that name is made
// (a hostile review, stop 54: `run CONFIG -o --force` wrote the results
// into ./--force and never saw --force); ./-name still names such a
// folder.
func TestOutLooksMistaken(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	config := cfg{}.write(t, work)
	for _, c := range []struct {
		args []string
		made string
		want string
	}{
		{[]string{"run", config, "-o", "--force"}, "--force", "begins with '-'"},
		{[]string{"run", config, "-o", "-q"}, "-q", "or write ./-q"},
		{[]string{"calibrate", config, "--out", "--resume"}, "--resume", "begins with '-'"},
		{[]string{"merge", "-o", "--force", work}, "--force", "begins with '-'"},
		{[]string{"run", config, "-o", " "}, " ", "only blanks"},
		{[]string{"merge", "-o", "  ", work}, "  ", "only blanks"},
	} {
		cmd := exec.Command(runnerBin, c.args...)
		cmd.Env, cmd.Dir = cleanEnv(), work
		var se bytes.Buffer
		cmd.Stderr = &se
		err := cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(se.String(), c.want) {
			t.Errorf("runner %q: want exit 2 saying %q, got exit %d (%v)\n%s", c.args, c.want, code, err, se.String())
		}
		if exists(filepath.Join(work, c.made)) {
			t.Fatalf("runner %q made a folder named %q", c.args, c.made)
		}
	}
	// The way named works: ./-d is a folder of that name.
	cmd := exec.Command(runnerBin, "run", "-q", config, "-o", "./-d")
	cmd.Env, cmd.Dir = cleanEnv(), work
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run -o ./-d: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(work, "-d", "manifest.json")); err != nil {
		t.Errorf("run -o ./-d: %v", err)
	}
}
