package experiments

import "golang.org/x/sys/unix"

// exchange swaps the directories a and b in one step (renameat2 with
// RENAME_EXCHANGE), so that no moment finds either path missing.
// It is a variable so that a test can take the path of a file system
// without it (NFS, say), where swap falls back to two renames.
var exchange = func(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
