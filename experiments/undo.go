package experiments

import (
	"errors"
	"fmt"
	"os"

	"pactsim/output"
)

// undoFresh is what a fresh run or calibration (openDir's modeFresh) does
// when it stops at err after it wrote into its results directory dir:
// where err is a *ConfigError, a rule of the config that the decoder did
// not apply (an evaluation's or a design point's values the engine
// refuses), which --resume would meet again at the same place, it removes
// what it wrote, so that nothing is left half-written (a hostile review:
// a calibration left config.yaml, .lock and calibration/trace.csv
// with no manifest). dir goes, with the folders above it that it created
// (created, from firstMissing); a directory that was there before (empty,
// or replaced with --force) is emptied but for its lock. The error it
// returns says so. Any other error (a signal, a full disk) leaves the
// directory for --resume, and so does a directory that is no longer the
// one lock holds (moved or removed under the writer). It runs under the
// lock.
func undoFresh(err error, lock *output.Lock, what, dir, created string) error {
	var ce *ConfigError
	if !errors.As(err, &ce) || lock.CheckHeld(dir, what, "") != nil {
		return err
	}
	out := *ce
	done := "emptied"
	if created != "" {
		if removeMade(lock, dir, created) != nil {
			return err
		}
		if _, serr := os.Lstat(dir); serr != nil {
			done = "removed" // else another process's lock file is there now
		}
	} else if clearDir(dir) != nil {
		return err
	}
	out.Msg += fmt.Sprintf(" (%s stopped there; its results directory %s was %s: nothing of it was kept)", what, dir, done)
	return &out
}

// removeMade removes dir, a results directory this command made and
// holds the lock of, with the folders above it that it made (created,
// from firstMissing): everything but the lock file first, then the lock
// file, then the folders, each only if empty. A process waiting for the
// lock makes a lock file of its own once this one is gone (output.LockDir),
// and then writes: os.RemoveAll, which took the lock file among the first
// entries, went on removing what such a process wrote meanwhile.
func removeMade(lock *output.Lock, dir, created string) error {
	if err := clearDir(dir); err != nil {
		return err
	}
	lock.Undo()
	removeCreated(dir, created)
	return nil
}
