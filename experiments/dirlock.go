package experiments

import (
	"context"
	"errors"
	"time"

	"pactsim/output"
)

// The lock of a results directory, as the commands that write one take it
// and check it (output.Lock).

// openUnlocked, when not nil, is called with the directory when openDir,
// failing, has let go of its lock: a test takes the lock there, as a
// process waiting for it (--lock-wait) may. Set only by tests that do not
// run in parallel.
var openUnlocked func(dir string)

// lockWait is the LockWait of a command (run or merge) that waits up to d
// for another holder of its directory's lock, telling notify, when not
// nil, with EventWaiting; nil when d is 0.
func lockWait(d time.Duration, notify func(Event)) *output.LockWait {
	return output.NewLockWait(d, func(b *output.BusyError) {
		if notify != nil {
			notify(Event{Kind: EventWaiting, Busy: b})
		}
	})
}

// movedError is err, or the *output.MovedError of dir when lock's file is
// no longer dir's (output.Lock.CheckHeld): a directory moved or removed
// under its writer (`mv`, `rm -rf`) is named as such, rather than as the
// failed write it caused, and with a nil err before a write (keepConfig,
// the manifest) that would make its path again, empty, and seal it as
// complete (a failure-injection review: exit 0, `rows: {}`). An
// environment failure, exit 1. A cancelled ctx keeps err: the signal
// says why the command stopped. what and hint are CheckHeld's; lockHint
// is what to do where only the lock file was removed (MovedError.LockHint).
func movedError(ctx context.Context, lock *output.Lock, dir, what, hint, lockHint string, err error) error {
	if err != nil && ctx.Err() != nil {
		return err
	}
	herr := lock.CheckHeld(dir, what, hint)
	var me *output.MovedError
	if errors.As(herr, &me) {
		me.LockHint = lockHint
		return herr
	}
	if err == nil {
		return herr
	}
	return err
}
