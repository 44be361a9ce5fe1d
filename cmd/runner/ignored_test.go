package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestIgnoredSignalStaysIgnored: a run started with SIGHUP ignored
// (`nohup runner run ... &`) or SIGINT ignored (a POSIX shell's
// background job) goes on when that signal arrives, as the user who
// ignored it asked, and finishes into the same bytes as a run left alone.
// signal.Notify catches a signal that was ignored at the start again, so
// the closed terminal of a nohup'd run stopped it with exit 129 (a
// review, stop 49). The hook sends the signal after the second part.
func TestIgnoredSignalStaysIgnored(t *testing.T) {
	t.Parallel()
	c := cfg{Plots: true}
	ref := reference(t, c)
	for _, sig := range []string{"HUP", "INT"} {
		t.Run(sig, func(t *testing.T) {
			t.Parallel()
			base := t.TempDir()
			config := c.write(t, base)
			dir := filepath.Join(base, "out")
			ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
			defer cancel()
			// The shell ignores the signal and execs the runner, which
			// inherits the ignored disposition, as under nohup.
			cmd := exec.CommandContext(ctx, "sh", "-c", `trap "" `+sig+`; exec "$0" "$@"`,
				runnerBin, "run", config, "-o", dir, "--workers", "2", "-q")
			cmd.Env = append(cleanEnv(), stopHook+"=2:"+sig)
			var se bytes.Buffer
			cmd.Stderr = &se
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("the run timed out\n%s", se.String())
			}
			if err != nil {
				t.Fatalf("a run with SIG%s ignored: %v, want exit 0\n%s", sig, err, se.String())
			}
			if strings.Contains(se.String(), "interrupted") || !exists(filepath.Join(dir, output.ManifestName)) {
				t.Fatalf("the run did not finish:\n%s", se.String())
			}
			sameFiles(t, ref, dir)
		})
	}
}
