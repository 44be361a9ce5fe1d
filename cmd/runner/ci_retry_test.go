package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCIRetry (a review, stop 56): .ci/retry.sh's retry, which .ci/run
// puts around apt-get, npm ci and go mod download, runs a command that
// fails (as a dropped connection fails them) again, at most three times
// in all, says each failure with its try and exit status, returns 0 once
// a try succeeds and the last status when none does. Before it, one
// failed fetch failed CI with no second try. The command here is a
// script that fails until its Nth call, counted in a file.
func TestCIRetry(t *testing.T) {
	script, err := filepath.Abs(filepath.Join("..", "..", ".ci", "retry.sh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		okOnCall  int // the call that succeeds; 0: none does
		wantCalls int
		wantExit  int
		wantSays  []string
	}{
		{"succeeds at once", 1, 1, 0, nil},
		{"fails once", 2, 2, 0, []string{"ci: fetch failed (exit 7, try 1 of 3)"}},
		{"fails twice", 3, 3, 0, []string{"try 1 of 3", "try 2 of 3"}},
		{"fails every time", 0, 3, 7, []string{"try 2 of 3", "ci: fetch failed 3 times (last exit 7)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			calls := filepath.Join(dir, "calls")
			flaky := filepath.Join(dir, "flaky")
			// flaky: counts its calls in CALLS; exits 0 on call OK (0:
			// never), 7 otherwise.
			if err := os.WriteFile(flaky, []byte("#!/bin/sh\necho x >>\"$CALLS\"\nn=$(wc -l <\"$CALLS\")\n[ \"$OK\" != 0 ] && [ \"$n\" -ge \"$OK\" ] && exit 0\nexit 7\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", "-c", `. "$1" && retry fetch "$2"`, "bash", script, flaky)
			cmd.Env = append(os.Environ(), "RETRY_PAUSE=0", "CALLS="+calls, "OK="+strconv.Itoa(tc.okOnCall))
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(calls)
			if n := strings.Count(string(data), "\n"); n != tc.wantCalls || code != tc.wantExit {
				t.Errorf("%d calls, exit %d; want %d calls, exit %d; stderr:\n%s", n, code, tc.wantCalls, tc.wantExit, stderr.String())
			}
			for _, s := range tc.wantSays {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr does not say %q:\n%s", s, stderr.String())
				}
			}
			if tc.wantSays == nil && stderr.Len() > 0 {
				t.Errorf("a command that succeeds at once: stderr %q, want nothing", stderr.String())
			}
		})
	}
}
