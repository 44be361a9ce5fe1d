package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestDiskFailedAdvice: an input/output error (EIO) from the results
// directory's disk, as a sync of the directory after a calibration's
// manifest gave on an ext4 file system that failed part-way (a hostile
// review, stop 56), said neither what was kept nor what to do. Each
// command's advice now comes with it, turned from room to repair: "make
// room" would send the user to delete files for a disk that has room.
func TestDiskFailedAdvice(t *testing.T) {
	t.Parallel()
	failed := fmt.Errorf("output: write out/manifest.json: %w", &os.PathError{Op: "sync", Path: "out", Err: syscall.EIO})
	for _, c := range []struct{ name, hint, want string }{
		{"run", "finished parts are kept: make room, or copy the directory to a larger disk, and run again with --resume to continue",
			"finished parts are kept: repair it, or copy the directory to another disk, and run again with --resume to continue"},
		{"fresh run", nothingKept, "nothing was written: repair it, or choose a results directory on another disk (-o), and run again"},
		{"calibrate", "the evaluations traced so far are kept: make room and run `runner calibrate` again with --resume to continue",
			"the evaluations traced so far are kept: repair it and run `runner calibrate` again with --resume to continue"},
		{"merge", "the shards are untouched and the merge's output was removed: run the merge again where there is room",
			"run the merge again on a disk that works"},
	} {
		got := diskFull(failed, c.hint).Error()
		for _, want := range []string{"input/output error", "the disk or its file system failed", c.want} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", c.name, got, want)
			}
		}
		if strings.Contains(got, "room") {
			t.Errorf("%s: advice on a full disk for a failed one: %q", c.name, got)
		}
	}
}
