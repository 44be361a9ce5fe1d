package experiments

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"

	"pactsim/output"
)

// The files a verify checks before it re-runs anything: what the manifest
// lists beside the parts, and the parts' cover of the task range.

// orphanAnalysis is a *output.MismatchError when m, the manifest of dir,
// lists an analysis table but spec, the analysis that would have produced
// it (the stored one, else config.yaml's), is nil, or nil.
func orphanAnalysis(dir string, m *output.Manifest, spec *AnalysisSpec) error {
	if spec != nil {
		return nil
	}
	for _, f := range m.Files {
		if output.IsAnalysisTableFile(f.Path) {
			return &output.MismatchError{Msg: fmt.Sprintf("%s holds %s, but neither %s nor config.yaml's analysis section says which analysis produced it (a runner older than %s did not store the file given to `runner analyze DIR FILE`: run that again)",
				dir, f.Path, output.AnalysisName, output.AnalysisName)}
		}
	}
	return nil
}

// unlisted is a *output.MismatchError naming the data files under dir that
// its manifest m does not list, or nil (verify and merge refuse them).
func unlisted(dir string, m *output.Manifest) error {
	extra, err := output.UnlistedFiles(dir, m)
	if err != nil {
		return err
	}
	if len(extra) > 0 {
		return output.UnlistedError(dir, extra)
	}
	return nil
}

// runsParts returns the runs parts the manifest lists, in task order, with
// the task range each holds (Name is the part's name, as PartName gives it), and checks
// that they tile [lo, hi).
func runsParts(dir string, m *output.Manifest, plan *Plan, lo, hi int) ([]Part, error) {
	P := plan.Config.Output.PartTasks
	var parts []Part
	for _, f := range m.Files {
		d, name := path.Split(f.Path)
		if d != output.TableRuns+"/" || path.Ext(name) != ".parquet" {
			continue
		}
		part := name[:len(name)-len(".parquet")]
		start, ok := output.PartStart(part, P)
		if !ok {
			continue
		}
		parts = append(parts, Part{Lo: start, Name: part})
	}
	slices.SortFunc(parts, func(a, b Part) int { return a.Lo - b.Lo })
	for k := range parts {
		parts[k].Hi = hi
		if k+1 < len(parts) {
			parts[k].Hi = parts[k+1].Lo
		}
	}
	if (len(parts) == 0) != (lo == hi) || len(parts) > 0 && parts[0].Lo != lo {
		return nil, &output.MismatchError{Msg: fmt.Sprintf("%s: the runs parts do not cover the tasks [%d, %d)", dir, lo, hi)}
	}
	return parts, nil
}

// mergeNotVerified is merge's error for dir, of manifest m, that does not
// verify (err, wrapped). A check that was stopped (err a cancellation)
// did not fail: err is returned as it is, as the checksums' check returns
// ctx.Err() (a review, stop 51: a merge stopped while it checked a
// shard's records said it "does not verify: context canceled").
func mergeNotVerified(dir string, m *output.Manifest, err error) error {
	if stopped(err) {
		return err
	}
	if cannotRead(err) {
		// Not a difference: a file that this user may not read (a
		// review, stop 52: "does not verify" of a shard that does).
		return fmt.Errorf("merge: %s cannot be checked: %w", givenAs(dir, m), err)
	}
	return fmt.Errorf("merge: %s does not verify: %w", givenAs(dir, m), err)
}

// notVerified is the error of --resume on a complete directory that does
// not verify, with the way out; a stopped check is no failure
// (mergeNotVerified).
func notVerified(dir string, err error) error {
	if stopped(err) {
		return err
	}
	if cannotRead(err) {
		// A file this user may not read is to be made readable, not
		// restored or computed anew with --force (a review, stop 52).
		return fmt.Errorf("--resume: %s is complete but cannot be checked: %w", dir, err)
	}
	return fmt.Errorf("--resume: %s is complete but does not verify: %w (restore the file, or run again with --force instead of --resume, which computes the directory anew)", dir, err)
}

// cannotRead reports whether err is a file's that this user may not read
// (EACCES, EPERM): not one missing or different.
func cannotRead(err error) bool { return errors.Is(err, fs.ErrPermission) }

// stopped reports whether err is a cancelled context's.
func stopped(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// givenAs names dir, given to merge, as what its manifest m says it is:
// "shard DIR", or "the whole run DIR" ("merge") for a whole run or merge
// given alone, which merge copies (a review, stop 49: merge said "shard
// DIR does not verify" of a whole run).
func givenAs(dir string, m *output.Manifest) string {
	if m == nil || m.Shard != nil {
		return "shard " + dir
	}
	switch m.Kind {
	case output.KindRun, output.KindMerge:
		return fmt.Sprintf("the whole %s %s", m.Kind, dir)
	}
	return "results directory " + dir
}

// holders names what a merge copies, with its verb: "the shards hold", or
// for one whole run or merge given alone "the whole run DIR holds" (a
// review, stop 52: a merge that copies a whole run said "the shards hold"
// of it).
func holders(shards []shardDir) string {
	if len(shards) == 1 && shards[0].m.Shard == nil {
		return givenAs(shards[0].dir, shards[0].m) + " holds"
	}
	return "the shards hold"
}

// unsearchable is the error for the folder dir where lerr, the lstat of
// a file in it, says that this user may not search it (r, no x: its files
// cannot be opened), else nil: the system's error, which the command line
// gives with the advice on access, naming the folder. It was "not a
// pactsim results directory: it holds neither a pactsim manifest.json nor
// a config.yaml", exit 2 (a review, stop 53).
func unsearchable(dir string, lerr error) error {
	if !cannotRead(lerr) {
		return nil
	}
	return output.NotSearchable(dir, lerr)
}

// manifestNotRead is merge's error for the shard dir whose manifest
// could not be read (err) for a reason that says nothing of the shard,
// else nil: the limit of open files, or a folder this user may not
// search, whose manifest may be intact, so not "remove manifest.json",
// the way out of a damaged one (a review, stop 53). The command line says
// what to do.
func manifestNotRead(dir string, err error) error {
	switch {
	case output.TooManyFiles(err):
		return fmt.Errorf("merge: %w", err)
	case cannotRead(err):
		if _, lerr := os.Lstat(filepath.Join(dir, output.ManifestName)); lerr == nil {
			// The folder is searchable: the manifest itself is what
			// this user may not read (a hostile review, stop 55: the
			// folder was named as if it were not).
			return fmt.Errorf("merge: %w", err)
		}
		return fmt.Errorf("merge: %w", output.NotSearchable(dir, err))
	}
	return nil
}
