//go:build !linux

package experiments

// pinned is nil where pactsim cannot read a file's flags: access(2) still
// reports an immutable file.
func pinned(string) error { return nil }
