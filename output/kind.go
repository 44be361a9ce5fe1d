package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Kind says which command wrote a results directory. It is recorded in the
// manifest, and every command that reads a directory checks it, so that a
// calibration's directory is never taken for a run's (they can share a
// config, and so a config hash) nor the reverse.
type Kind string

// The kinds of results directory.
const (
	// KindRun: `runner run` without a shard (or with --shard 0/1): every
	// task's parts, the whole tables, figures and report.
	KindRun Kind = "run"
	// KindShard: `runner run --shard I/N` with N > 1: the parts of one
	// shard's task range and no whole tables.
	KindShard Kind = "shard"
	// KindMerge: `runner merge`: the shards' parts copied unchanged and
	// the whole tables written by a run's code path.
	KindMerge Kind = "merge"
	// KindCalibration: `runner calibrate`: a calibration's trace, targets
	// and calibrated.yaml; no runs parts.
	KindCalibration Kind = "calibration"
)

// Kinds lists every kind, in the order the error messages name them.
var Kinds = []Kind{KindRun, KindShard, KindMerge, KindCalibration}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Command is the command line that writes a directory of kind k.
func (k Kind) Command() string {
	switch k {
	case KindRun:
		return "runner run"
	case KindShard:
		return "runner run --shard"
	case KindMerge:
		return "runner merge"
	case KindCalibration:
		return "runner calibrate"
	}
	return "an unknown command"
}

// HoldsRuns reports whether a directory of kind k holds runs parts (every
// kind but a calibration's).
func (k Kind) HoldsRuns() bool { return k == KindRun || k == KindShard || k == KindMerge }

// inferKind is the kind of a manifest written before manifests recorded
// one, read from what the manifest says and lists: a shard record is a
// shard's; a file under calibration/ is a calibration's; a merge is the
// one writer that records no workers (0, where run and calibrate record at
// least 1); anything else is a run's.
func inferKind(m *Manifest) Kind {
	if m.Shard != nil {
		return KindShard
	}
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "calibration/") {
			return KindCalibration
		}
	}
	if m.Workers == 0 {
		return KindMerge
	}
	return KindRun
}

// checkKind checks a manifest's kind against what it holds: a shard record
// exactly when the kind is a shard's, and runs rows (or a calibration's
// trace) only where its kind writes them. A manifest edited by hand to
// claim another kind fails here, before a command acts on the claim.
func checkKind(path string, m *Manifest) error {
	if !m.Kind.Valid() {
		return fmt.Errorf("output: %s: kind %q, want one of %s", path, m.Kind, KindList(Kinds...))
	}
	if (m.Kind == KindShard) != (m.Shard != nil) {
		if m.Shard != nil {
			return fmt.Errorf("output: %s: kind %q, but it records shard %d/%d (a shard's kind is %q)", path, m.Kind, m.Shard.Index, m.Shard.Count, KindShard)
		}
		return fmt.Errorf("output: %s: kind %q, but it records no shard", path, m.Kind)
	}
	if s := m.Shard; s != nil && (s.Index < 0 || s.Index >= s.Count || s.TaskLo < 0 || s.TaskHi < s.TaskLo) {
		// A record no run writes: the commands would compute a task
		// range from it (Shard panics on such input).
		return fmt.Errorf("output: %s: shard %d/%d with tasks [%d, %d): want 0 <= index < count and 0 <= task_lo <= task_hi", path, s.Index, s.Count, s.TaskLo, s.TaskHi)
	}
	if s := m.Shard; s != nil && s.Count < 2 {
		// `--shard 0/1` runs unsharded and writes a run's directory, with
		// its whole tables; a "shard" of one would have verify pass over
		// those tables unchecked (a hostile review, stop 41).
		return fmt.Errorf("output: %s: shard %d/%d: a shard is one of at least 2 (`--shard 0/1` writes a run)", path, s.Index, s.Count)
	}
	cal := false
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "calibration/") {
			cal = true
		}
		if isPartFile(f.Path) && !m.Kind.HoldsRuns() {
			return fmt.Errorf("output: %s: kind %q, but it lists the part %s (a calibration writes none)", path, m.Kind, f.Path)
		}
	}
	if cal != (m.Kind == KindCalibration) {
		if cal {
			return fmt.Errorf("output: %s: kind %q, but it lists a calibration's files under calibration/", path, m.Kind)
		}
		return fmt.Errorf("output: %s: kind %q, but it lists no calibration/ files", path, m.Kind)
	}
	for _, f := range m.Files {
		if err := listable(m.Kind, f.Path); err != "" {
			return fmt.Errorf("output: %s: kind %q, but it lists %s, %s", path, m.Kind, f.Path, err)
		}
	}
	return nil
}

// KindList renders kinds for a message: "run", "run" or "merge", ...
func KindList(kinds ...Kind) string {
	q := make([]string, len(kinds))
	for i, k := range kinds {
		q[i] = fmt.Sprintf("%q", string(k))
	}
	switch len(q) {
	case 0:
		return "none"
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// UnfinishedContent says what an unfinished results directory (one with no
// manifest yet) has begun to hold: runs parts (a run, a shard or a merge
// wrote them: runs/, trajectories/, states/ or their arrow/ twins) and a
// calibration's files (calibration/, where its trace journal is the first
// thing a calibration writes). Both false: nothing but config.yaml, and
// any writer of that config may continue it.
func UnfinishedContent(dir string) (runs, calibration bool, err error) {
	for _, t := range []string{TableRuns, TableTrajectories, TableStates} {
		for _, loc := range []struct{ dir, ext string }{
			{filepath.Join(dir, t), ".parquet"},
			{filepath.Join(dir, "arrow", t), ".arrow"},
		} {
			es, err := os.ReadDir(loc.dir)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return false, false, fmt.Errorf("output: %w", err)
			}
			for _, e := range es {
				if _, ok := parsePartFile(e.Name(), loc.ext); ok {
					runs = true
				}
			}
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "calibration")); err == nil && fi.IsDir() {
		calibration = true
	}
	return runs, calibration, nil
}

// listable says why a directory of kind k cannot list rel, a
// slash-separated path, in its manifest, or "" when it can: a file
// pactsim writes there (IsResultsFile) other than its bookkeeping, and
// for a shard only its config and parts. A file a forger adds to the
// manifest with its checksum (a README, a calibration's calibrated.yaml
// in a run) would otherwise pass verify as part of the results.
func listable(k Kind, rel string) string {
	switch _, name := path.Split(rel); {
	case !IsResultsFile(rel) || IsResultsFolder(rel):
		return "which is not a file pactsim writes"
	case IsTempName(name), rel == ManifestName, rel == LockName, rel == JournalName, rel == TasksName, rel == PendingName:
		return "which pactsim never lists (bookkeeping or a temporary file)"
	case k == KindShard && rel != "config.yaml" && !isPartFile(rel):
		return "which a shard does not hold (it holds its config and parts; the whole tables, analyses and figures are the merge's)"
	case rel == CalibratedName && k != KindCalibration:
		return "which only a calibration writes"
	case k == KindCalibration && rel != "config.yaml" && rel != CalibratedName && rel != CodebookName &&
		!IsFigureFile(rel) && !strings.HasPrefix(rel, "calibration/"):
		return "which a calibration does not write (its config, calibrated.yaml, codebook, calibration/ tables and figures)"
	}
	return ""
}
