package main

import "testing"

// TestVersionFlag (a hostile review, stop 55): `runner --version`, the
// spelling of most tools, was "unknown flag: --version" with only the
// list of flags; it now names the command that prints the version, exit
// 2 still, at the top level and after a command.
func TestVersionFlag(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--version"}, {"run", "--version"}, {"validate", "x.yaml", "--version=1"}} {
		wantExit(t, runner(t, nil, args...), 2, "unknown flag: --version; `runner version` prints the version")
	}
}
