package output

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"pactsim/agents/param"
)

// Layout says what a results directory holds: the plan's shape, the tables
// and formats chosen, and where the files go. It is everything the writers
// and the finalisation need, and nothing that varies between runs of the
// same config.
type Layout struct {
	Dir string // the results directory

	// Swept names the swept parameters in sweep order; Points[p] holds
	// their values at design point p (one value per swept parameter, so
	// an unswept plan has one point with no values).
	Swept  []string
	Points [][]float64
	// NumPoints and PointAt give the points without a slice per point, for
	// large designs: PointAt(p) returns point p's values (the Dataset does
	// not modify or keep them). They are used when Points is nil.
	NumPoints int
	PointAt   func(p int) []float64

	Replicates int // replicates per point, >= 1
	// PartTasks is the tasks per part (output.part_tasks). When set,
	// WriteManifest refuses a manifest of parts whose parts do not cover
	// the task range it records (CheckPartCover); 0 skips that check.
	PartTasks     int
	Architectures []string // architecture names in config order

	Arrow        bool // also write Arrow IPC files under DIR/arrow
	Trajectories bool // write the optional trajectories table
	States       bool // write the optional states table
	// StateNames are the states table's state names, a superset of every
	// task's states in an order in which each task's come in its roster
	// order (a fixed roster's names; for a synthetic population, every
	// point's: experiments.stateNamesOf): the table's dictionary is then
	// seeded with them and the table is written in row groups like the
	// others. Nil (names not known before the run): a part's states rows
	// are held until the part closes, since the names' dictionary grows
	// with the data.
	StateNames []string

	Provenance Provenance // goes into every file's schema metadata

	// Ablation, when set, marks the plan as an ablation: Finalize also
	// writes the contributions table (contributions.go).
	Ablation *Ablation

	// FS is the file system written through; nil means OSFileSystem{}.
	FS FileSystem
	// Alloc allocates the Arrow buffers; nil means memory.DefaultAllocator.
	Alloc memory.Allocator
}

// Dataset is a results directory being written or finalised. Its schemas
// are built once, from the Layout, so that every part of a run (and of every
// shard of it) has the same schema. A Dataset is read-only after New and may
// be shared by goroutines; the writers it makes may not.
type Dataset struct {
	l      Layout
	fs     FileSystem
	mem    memory.Allocator
	specs  []param.Spec // of the swept parameters
	tables map[string]*arrow.Schema

	rowGroupRows int // defaultRowGroupRows; tests lower it to cut many row groups
	wholeRows    int // rows per batch of the whole tables: wholeBatchRows; tests lower it

	// breakEvenParams of the layout, computed once by New.
	beVaried, beParams []int

	// own is the SHA-256 of every part file this Dataset made final
	// (PartWriter.Close), kept (CheckPart) or copied (CopyParts), by
	// slash-separated path relative to the directory: WriteManifest
	// checks them as it checks the journal's. Unlike the journal, it
	// cannot vanish with the directory (see vouch).
	// A copy of the Dataset that writes elsewhere, or nowhere
	// (NewPartRewriter, Recompute), has none: it vouches for nothing.
	own *vouchRecord
}

// New checks l and builds the schemas of its tables.
func New(l Layout) (*Dataset, error) {
	if l.Dir == "" {
		return nil, errors.New("output: no results directory")
	}
	if l.Replicates < 1 {
		return nil, fmt.Errorf("output: %d replicates (need at least 1)", l.Replicates)
	}
	if l.Points != nil {
		pts := l.Points
		l.NumPoints, l.PointAt = len(pts), func(p int) []float64 { return pts[p] }
	}
	if l.NumPoints < 1 || l.PointAt == nil {
		return nil, errors.New("output: no design points")
	}
	if int64(l.NumPoints) > 1<<31-1 || int64(l.Replicates) > 1<<31-1 {
		return nil, errors.New("output: points and replicates must fit in int32")
	}
	d := &Dataset{l: l, fs: l.FS, mem: l.Alloc, tables: make(map[string]*arrow.Schema), rowGroupRows: defaultRowGroupRows, wholeRows: wholeBatchRows,
		own: &vouchRecord{sums: map[string]string{}}}
	if d.fs == nil {
		d.fs = OSFileSystem{}
	}
	if d.mem == nil {
		d.mem = memory.DefaultAllocator
	}
	seen := make(map[string]bool, len(l.Swept))
	for _, name := range l.Swept {
		s, ok := param.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("output: swept parameter %q: %w", name, param.Unknown(name))
		}
		if seen[name] {
			return nil, fmt.Errorf("output: swept parameter %q appears twice", name)
		}
		seen[name] = true
		d.specs = append(d.specs, s)
	}
	for p := range l.NumPoints {
		xs := l.PointAt(p)
		if len(xs) != len(l.Swept) {
			return nil, fmt.Errorf("output: point %d has %d swept values, want %d", p, len(xs), len(l.Swept))
		}
		for k, x := range xs {
			if err := d.specs[k].Check(x); err != nil {
				return nil, fmt.Errorf("output: point %d: %w", p, err)
			}
		}
	}
	var err error
	build := func(name string, f func() (*arrow.Schema, error)) {
		if err == nil {
			d.tables[name], err = f()
		}
	}
	prov, archs := l.Provenance, l.Architectures
	build(TableRuns, func() (*arrow.Schema, error) { return RunsSchema(l.Swept, archs, prov) })
	build(TableTrajectories, func() (*arrow.Schema, error) { return TrajectoriesSchema(archs, prov) })
	build(TableStates, func() (*arrow.Schema, error) { return StatesSchema(archs, prov) })
	build(TableSummary, func() (*arrow.Schema, error) { return SummarySchema(l.Swept, archs, prov) })
	build(TableContrasts, func() (*arrow.Schema, error) { return ContrastsSchema(l.Swept, archs, prov) })
	build(TablePoints, func() (*arrow.Schema, error) { return PointsSchema(l.Swept, prov) })
	build(TableSummaryByFormation, func() (*arrow.Schema, error) { return SummaryByFormationSchema(l.Swept, archs, prov) })
	build(TableContrastsByFormation, func() (*arrow.Schema, error) { return ContrastsByFormationSchema(l.Swept, archs, prov) })
	build(TableContributions, func() (*arrow.Schema, error) { return ContributionsSchema(archs, prov) })
	build(TableBreakEven, func() (*arrow.Schema, error) { return BreakEvenSchema(archs, prov) })
	if err == nil {
		err = checkAblation(&l)
	}
	if err != nil {
		return nil, err
	}
	d.beVaried, d.beParams = breakEvenParams(&d.l)
	return d, nil
}

// Layout returns the layout the Dataset was made from.
func (d *Dataset) Layout() Layout { return d.l }

// Tasks is the number of tasks of the whole plan (points x replicates).
func (d *Dataset) Tasks() int { return d.l.NumPoints * d.l.Replicates }

// NumPoints is the number of design points.
func (d *Dataset) NumPoints() int { return d.l.NumPoints }

// Schema returns the schema of the named table (TableRuns, ...), or nil.
func (d *Dataset) Schema(table string) *arrow.Schema { return d.tables[table] }

// PartTables are the tables written in parts, in the order a part writes
// them: runs, then the optional tables the Layout enables.
func (d *Dataset) PartTables() []string {
	ts := []string{TableRuns}
	if d.l.Trajectories {
		ts = append(ts, TableTrajectories)
	}
	if d.l.States {
		ts = append(ts, TableStates)
	}
	return ts
}

// wholeTableNames are every table Finalize may write, in codebook order
// after the part tables (WholeTables picks a directory's).
var wholeTableNames = []string{TableSummary, TableContrasts, TablePoints, TableSummaryByFormation, TableContrastsByFormation,
	TableContributions, TableBreakEven}

// WholeTables are the tables Finalize writes, in codebook order after the
// part tables. A plan with one architecture has no pairs to contrast: it
// writes no contrasts table (no contrasts.parquet, .csv or .arrow), and the
// figures that need two architectures are skipped.
func (d *Dataset) WholeTables() []string {
	ts := make([]string, 0, len(wholeTableNames))
	for _, t := range wholeTableNames {
		switch t {
		case TableContrasts, TableContrastsByFormation:
			if !d.HasContrasts() {
				continue
			}
		case TableContributions:
			if !d.hasContributions() {
				continue
			}
		case TableBreakEven:
			if !d.hasBreakEven() {
				continue
			}
		}
		ts = append(ts, t)
	}
	return ts
}

// HasContrasts reports whether the plan has a pair of architectures to
// contrast, and so a contrasts table.
func (d *Dataset) HasContrasts() bool { return len(d.l.Architectures) > 1 }

// partKey orders parts: a part's name is a function of its first task lo,
// "part-NNNNN" (NNNNN = lo / part_tasks) or "part-NNNNN_OOO" for a fragment
// a shard boundary starts at offset OOO = lo mod part_tasks (see
// PartName). Ordering by (NNNNN, OOO) as numbers is task order,
// however many digits they have.
type partKey struct{ k, off int }

func (a partKey) cmp(b partKey) int {
	if a.k != b.k {
		return a.k - b.k
	}
	return a.off - b.off
}

// parsePartName returns the order key of a part's base name, or false for
// anything that is not a part name, so that stray files are never mistaken
// for parts.
func parsePartName(base string) (partKey, bool) {
	rest, ok := strings.CutPrefix(base, "part-")
	if !ok {
		return partKey{}, false
	}
	num, off, hasOff := strings.Cut(rest, "_")
	digits := func(s string) (int, bool) {
		if s == "" {
			return 0, false
		}
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	var key partKey
	if key.k, ok = digits(num); !ok || len(num) < 5 || fmt.Sprintf("%05d", key.k) != num {
		return partKey{}, false
	}
	if hasOff {
		if key.off, ok = digits(off); !ok || key.off == 0 {
			return partKey{}, false
		}
	}
	return key, true
}

// parsePartFile is parsePartName for a file name with extension ext.
func parsePartFile(name, ext string) (partKey, bool) {
	base, ok := strings.CutSuffix(name, ext)
	if !ok {
		return partKey{}, false
	}
	return parsePartName(base)
}

// listParts returns the base names of the part files with extension ext in
// dir, in task order.
func listParts(dir, ext string) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type named struct {
		key  partKey
		name string
	}
	var ps []named
	for _, e := range es {
		if key, ok := parsePartFile(e.Name(), ext); ok && e.Type().IsRegular() {
			ps = append(ps, named{key, strings.TrimSuffix(e.Name(), ext)})
		}
	}
	slices.SortFunc(ps, func(a, b named) int { return a.key.cmp(b.key) })
	names := make([]string, len(ps))
	for k, p := range ps {
		names[k] = p.name
	}
	return names, nil
}

// ParquetPath is DIR/TABLE/PART.parquet, for the part named part
// ("part-00003").
func (d *Dataset) ParquetPath(table, part string) string {
	return filepath.Join(d.l.Dir, table, part+".parquet")
}

// ArrowPath is DIR/arrow/TABLE/PART.arrow.
func (d *Dataset) ArrowPath(table, part string) string {
	return filepath.Join(d.l.Dir, "arrow", table, part+".arrow")
}

// partPaths lists every final file of a part, in the order it writes them.
func (d *Dataset) partPaths(part string) []string {
	var ps []string
	for _, t := range d.PartTables() {
		ps = append(ps, d.ParquetPath(t, part))
		if d.l.Arrow {
			ps = append(ps, d.ArrowPath(t, part))
		}
	}
	return ps
}

// FinalParts returns, in task order, the names of the parts whose files
// are final in every table and format the Layout chooses. A resumed run
// keeps these and redoes the rest (after RemovePart).
func (d *Dataset) FinalParts() ([]string, error) {
	names, err := listParts(filepath.Join(d.l.Dir, TableRuns), ".parquet")
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	var final []string
	for _, n := range names {
		complete := true
		for _, p := range d.partPaths(n) {
			if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
				complete = false
				break
			}
		}
		if complete {
			final = append(final, n)
		}
	}
	return final, nil
}

// RemovePart removes every final file of a part, in every table and
// format, so that it can be written again. Temporary files are removed
// once for the whole directory by RemoveTempFiles.
func (d *Dataset) RemovePart(part string) error {
	if _, ok := parsePartName(part); !ok {
		return fmt.Errorf("output: %q is not a part name", part)
	}
	for _, t := range []string{TableRuns, TableTrajectories, TableStates} {
		for _, p := range []string{d.ParquetPath(t, part), d.ArrowPath(t, part)} {
			if err := d.fs.Remove(p); err != nil {
				return fmt.Errorf("output: remove %s: %w", p, err)
			}
		}
	}
	return nil
}

// PartsOnDisk returns, in task order, the names of the parts that have at
// least one final file in any table or format under the directory: what a
// resumed run must either verify and keep or remove. Its size is bounded by
// the files present, not by the plan.
func (d *Dataset) PartsOnDisk() ([]string, error) {
	seen := map[string]partKey{}
	for _, t := range []string{TableRuns, TableTrajectories, TableStates} {
		for _, loc := range []struct{ dir, ext string }{
			{filepath.Join(d.l.Dir, t), ".parquet"},
			{filepath.Join(d.l.Dir, "arrow", t), ".arrow"},
		} {
			es, err := os.ReadDir(loc.dir)
			if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("output: %w", err)
			}
			for _, e := range es {
				if key, ok := parsePartFile(e.Name(), loc.ext); ok {
					seen[strings.TrimSuffix(e.Name(), loc.ext)] = key
				}
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return seen[a].cmp(seen[b]) })
	return names, nil
}

// PartFileOnDisk returns the path of a file of part name that is on disk
// (runs, trajectories, states; Parquet before Arrow), for a message about
// that part; the runs Parquet path when none is.
func (d *Dataset) PartFileOnDisk(name string) string {
	for _, t := range []string{TableRuns, TableTrajectories, TableStates} {
		for _, p := range []string{filepath.Join(d.l.Dir, t, name+".parquet"), filepath.Join(d.l.Dir, "arrow", t, name+".arrow")} {
			if _, err := os.Lstat(p); err == nil {
				return p
			}
		}
	}
	return d.ParquetPath(TableRuns, name)
}

// PartName names the part whose first task is lo: "part-%05d" of the global
// part number lo / partTasks when lo is on a part boundary, and, when a shard
// boundary splits a part, the fragment starting at lo gets the suffix
// "_%0*d" of its offset lo mod partTasks, padded to the width of
// partTasks-1. The name is a function of lo alone, so no two parts of any
// sharding collide, and because '.' sorts before '_' and offsets share one
// width, sorting names sorts parts in task order (up to 99999 parts: beyond,
// part-100000 sorts before part-10001, which the README says; pactsim itself
// orders parts by their numbers).
func PartName(lo, partTasks int) string {
	k, off := lo/partTasks, lo%partTasks
	if off == 0 {
		return fmt.Sprintf("part-%05d", k)
	}
	w := len(strconv.Itoa(partTasks - 1))
	return fmt.Sprintf("part-%05d_%0*d", k, w, off)
}

// PartStart returns the first task of the part named name when parts hold
// partTasks tasks (the inverse of PartName), or false when name
// is not a part name.
func PartStart(name string, partTasks int) (int, bool) {
	key, ok := parsePartName(name)
	if !ok || partTasks < 1 || key.off >= partTasks || key.k > (math.MaxInt-key.off)/partTasks {
		return 0, false
	}
	// Only the name PartName writes: k·P wrapped round int before (a
	// review, stop 50: part-4611686018427387904 of 8192 tasks read as task
	// 0, and verify passed a directory whose part was renamed so), and an
	// offset in other digits (part-00000_5 of parts of 100 tasks, written
	// part-00000_05) named a part twice.
	start := key.k*partTasks + key.off
	if key.off > 0 && PartName(start, partTasks) != name {
		return 0, false
	}
	return start, true
}
