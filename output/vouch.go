package output

import (
	"fmt"
	"maps"
	"path/filepath"
	"sync"
)

// A Dataset keeps its own record of the part files it made final, kept or
// copied (Dataset.own), beside the journal on disk: a results directory
// moved or removed while a command writes it takes its journal along, and
// a later write (a whole table, a figure) may make the path again, empty.
// Checked against the journal alone, the manifest of that fresh directory
// listed nothing and the command succeeded (a failure-injection review:
// `rm -rf DIR` while a run drew its figures gave exit 0 and `rows: {}`).

// vouchRecord is a Dataset's own record: SHA-256 by slash-separated path
// relative to the directory.
type vouchRecord struct {
	mu   sync.Mutex
	sums map[string]string
}

// vouch records that the part file at rel (slash-separated, relative to
// the directory) has the SHA-256 sum.
func (d *Dataset) vouch(rel, sum string) {
	if d.own == nil {
		return
	}
	d.own.mu.Lock()
	defer d.own.mu.Unlock()
	d.own.sums[rel] = sum
}

// vouchFile is vouch for the file at path under the directory.
func (d *Dataset) vouchFile(path, sum string) error {
	rel, err := filepath.Rel(d.l.Dir, path)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	d.vouch(filepath.ToSlash(rel), sum)
	return nil
}

// vouched returns a copy of the Dataset's own record.
func (d *Dataset) vouched() map[string]string {
	if d.own == nil {
		return nil
	}
	d.own.mu.Lock()
	defer d.own.mu.Unlock()
	return maps.Clone(d.own.sums)
}

// checkCover refuses a manifest m of a kind that holds parts whose part
// files, as listed, do not cover the task range it records (the whole
// plan, or its shard's): a directory emptied under the writer would
// otherwise be sealed as complete with no rows. Skipped when the Layout
// does not say how many tasks a part holds.
func (d *Dataset) checkCover(m *Manifest) error {
	if !m.Kind.HoldsRuns() || d.l.PartTasks < 1 {
		return nil
	}
	lo, hi := 0, d.Tasks()
	if m.Shard != nil {
		lo, hi = m.Shard.TaskLo, m.Shard.TaskHi
	}
	if err := d.CheckPartCover(m, d.l.PartTasks, lo, hi); err != nil {
		return fmt.Errorf("output: %s: the manifest would not be true, so it is not written (run the command again; --resume for a run): %w", d.l.Dir, err)
	}
	return nil
}
