package output

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
	"testing"
)

// TestSyncDirErrors: a folder's fsync that a file system does not support
// (EINVAL, ENOTSUP) is let pass, as before, but a real error (EIO) is
// returned (a review, stop 50: every error was dropped), and so by the
// rename that syncs.
func TestSyncDirErrors(t *testing.T) {
	dir := t.TempDir()
	old := syncFolder
	defer func() { syncFolder = old }()
	for errno, fails := range map[syscall.Errno]bool{syscall.EINVAL: false, syscall.ENOTSUP: false, syscall.EIO: true} {
		syncFolder = func(d *os.File) error { return &fs.PathError{Op: "sync", Path: d.Name(), Err: errno} }
		err := SyncDir(dir)
		if fails != (err != nil) || fails && !errors.Is(err, errno) {
			t.Errorf("a sync failing with %v: SyncDir gives %v", errno, err)
		}
	}
	syncFolder = old
	if err := SyncDir(dir); err != nil {
		t.Errorf("SyncDir: %v", err)
	}
}
