package experiments

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// checkWritable is asked by plot and analyze before they mark a complete
// directory (.pending): each of dir's folders they rewrite that exists
// (dir itself, and the sub-folders named) must be writable, or they would
// fail after the mark, unable to draw or remove a figure, and leave the
// directory saying that it is part old, part new though nothing changed
// (hostile review, stop 30: a read-only plots/). Access also answers for
// a read-only file system, where root is refused too.
func checkWritable(cmd, dir string, subs ...string) error {
	for _, p := range append([]string{dir}, subs...) {
		if p != dir {
			p = filepath.Join(dir, p)
			if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
				continue
			}
		}
		if err := syscall.Access(p, 2 /* W_OK */); err != nil {
			return fmt.Errorf("%s: cannot write %s (%w): nothing was changed; make it writable and run %s again", cmd, p, err, cmd)
		}
	}
	return nil
}
