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
	if created != "" {
		if os.RemoveAll(dir) != nil {
			return err
		}
		removeCreated(dir, created)
		out.Msg += fmt.Sprintf(" (%s stopped there; its results directory %s was removed: nothing of it was kept)", what, dir)
	} else {
		if clearDir(dir) != nil {
			return err
		}
		out.Msg += fmt.Sprintf(" (%s stopped there; its results directory %s was emptied: nothing of it was kept)", what, dir)
	}
	return &out
}
