package main

import (
	"errors"
	"fmt"
	"testing"

	"pactsim/output"
)

// TestExitCode: the exit code each kind of error maps to (DESIGN: 0 done, 1
// an environment failure, 2 bad input, 128+n a signal). A results directory
// moved or removed under a run is an environment failure, never "bad input",
// even when wrapped by the command that met it.
func TestExitCode(t *testing.T) {
	t.Parallel()
	moved := &output.MovedError{Dir: "res", What: "the run"}
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitOK},
		{"usage", usagef("bad key"), exitUsage},
		{"wrapped usage", fmt.Errorf("run: %w", usagef("bad key")), exitUsage},
		{"moved", moved, exitFailure},
		{"wrapped moved", fmt.Errorf("run: %w", moved), exitFailure},
		{"plain", errors.New("disk full"), exitFailure},
		{"signal", signalError{code: 130, name: "interrupt"}, 130},
	} {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("%s: exitCode(%v) = %d, want %d", c.name, c.err, got, c.want)
		}
	}
}
