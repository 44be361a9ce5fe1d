//go:build !linux

package experiments

// pinned is nil where pactsim cannot read a file's flags: access(2) still
// reports an immutable file.
func pinned(string) error { return nil }

// pseudoFS is "" where pactsim does not know the kernel's file systems:
// run's mkdir says what cannot be made.
func pseudoFS(string) string { return "" }
