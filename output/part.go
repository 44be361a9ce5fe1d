package output

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/agents"
	"pactsim/engine"
)

// TaskRows is what one task produced: the rows it contributes to every table
// of a part. The writer copies what it needs, so the caller may reuse the
// slices (engine.Execute recycles its result buffers) once Write returns.
type TaskRows struct {
	Point, Replicate int
	Seed             int64
	// Outcomes holds one outcome per architecture, in config order.
	Outcomes []engine.Outcome
	// Periods[a] are architecture a's period records; read only when the
	// Layout writes trajectories.
	Periods [][]engine.PeriodRecord
	// States[a] are architecture a's end-of-run state records; read only
	// when the Layout writes states.
	States [][]engine.StateRecord
}

// defaultRowGroupRows is the fixed number of rows after which a part starts
// a new Parquet row group and Arrow batch, so that a part of trajectories
// holds bounded memory. It is a constant, so the split depends only on the
// data. The runs table of a default part (8192 tasks x a few
// architectures) fits in one row group.
const defaultRowGroupRows = 1 << 17

// wholeBatchRows is the fixed number of rows per row group and Arrow batch
// of the whole tables (summary, contrasts, points), which are written as
// they are computed. Encoding a batch cannot be interrupted, so the batch
// is small enough to encode well within a second (a signal is answered
// between batches), and large enough that a table of a few thousand rows,
// such as every shipped config's, is one row group.
const wholeBatchRows = 1 << 15

// PartWriter writes one part: the tasks [lo, hi) of the plan, received in
// task order, into every table and format the Layout chooses. Nothing
// appears under a final name until Close succeeds. One goroutine owns a
// PartWriter.
type PartWriter struct {
	d      *Dataset
	part   string
	lo, hi int
	next   int // the task Write expects next

	tables []*partTable
	runs   *partTable
	traj   *partTable
	states *partTable

	closed bool
	err    error // first error; sticky
}

// partTable is one table of a part: its files and its record builder.
type partTable struct {
	name         string
	file         *tableFile
	b            *array.RecordBuilder
	perTask      int // rows per task, to reserve ahead (0: unknown)
	rowGroupRows int
	whole        bool // one batch per part (a dictionary that grows with the data)
}

// NewPart starts the part named part (experiments.Part.Name, e.g.
// "part-00003" or "part-00003_6000"), which holds the tasks [lo, hi) of the
// plan. It refuses to replace a final file: a resumed run removes an
// unfinished part first (RemovePart).
func (d *Dataset) NewPart(part string, lo, hi int) (*PartWriter, error) {
	if _, ok := parsePartName(part); !ok {
		return nil, fmt.Errorf("output: %q is not a part name (part-NNNNN or part-NNNNN_OOO)", part)
	}
	if lo < 0 || hi <= lo || hi > d.Tasks() {
		return nil, fmt.Errorf("output: %s: bad task range [%d, %d) of %d tasks", part, lo, hi, d.Tasks())
	}
	for _, p := range d.partPaths(part) {
		if _, err := os.Lstat(p); err == nil {
			return nil, fmt.Errorf("output: %s already exists", p)
		}
		if err := d.fs.MkdirBelow(d.l.Dir, filepath.Dir(p)); err != nil {
			return nil, fmt.Errorf("output: create %s: %w", filepath.Dir(p), err)
		}
	}
	w := &PartWriter{d: d, part: part, lo: lo, hi: hi, next: lo}
	A := len(d.l.Architectures)
	for _, name := range d.PartTables() {
		t := &partTable{name: name, rowGroupRows: d.rowGroupRows}
		switch name {
		case TableRuns:
			t.perTask = A
			w.runs = t
		case TableTrajectories:
			w.traj = t
		case TableStates:
			// Without the names known up front, one batch per part: the
			// Arrow IPC file takes one dictionary per field. With them,
			// row groups, so that memory does not grow with the part (a
			// scale review, stop 35: 2 GiB for 2.4M rows held).
			t.whole = d.l.StateNames == nil
			w.states = t
		}
		ipcPath := ""
		if d.l.Arrow {
			ipcPath = d.ArrowPath(name, part)
		}
		f, err := newTableFile(d.fs, d.mem, d.tables[name], d.ParquetPath(name, part), ipcPath)
		if err != nil {
			w.cleanup()
			return nil, err
		}
		t.file = f
		t.b = array.NewRecordBuilder(d.mem, d.tables[name])
		w.tables = append(w.tables, t)
		if err := w.seedDictionaries(t); err != nil {
			w.cleanup()
			return nil, err
		}
	}
	return w, nil
}

// seedDictionaries fills the fixed dictionaries (architecture, role, and
// state when the Layout gives the names) in their registry, config or
// roster order, so that every batch of every part has the
// same dictionary and index k always means the same name. The Arrow IPC file
// format allows one dictionary per field and file, and a dictionary in
// first-seen order would differ between parts.
func (w *PartWriter) seedDictionaries(t *partTable) error {
	if err := seedDict(w.d.mem, t.b, "architecture", w.d.l.Architectures); err != nil {
		return err
	}
	if t.name != TableStates {
		return nil
	}
	if err := seedDict(w.d.mem, t.b, "role", roleNames()); err != nil {
		return err
	}
	if names := w.d.l.StateNames; names != nil {
		return seedDict(w.d.mem, t.b, "state", names)
	}
	return nil
}

// Write appends the rows of the next task. Tasks must come in task order,
// lo, lo+1, ..., hi-1.
func (w *PartWriter) Write(tr *TaskRows) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return fmt.Errorf("output: %s: write after close", w.d.ParquetPath(TableRuns, w.part))
	}
	if err := w.write(tr); err != nil {
		w.fail(err)
		return w.err
	}
	return nil
}

func (w *PartWriter) write(tr *TaskRows) error {
	l := &w.d.l
	A := len(l.Architectures)
	task := tr.Point*l.Replicates + tr.Replicate
	switch {
	case tr.Point < 0 || tr.Point >= l.NumPoints || tr.Replicate < 0 || tr.Replicate >= l.Replicates:
		return w.errorf("task (point %d, replicate %d) is outside the plan", tr.Point, tr.Replicate)
	case task != w.next:
		return w.errorf("got task %d (point %d, replicate %d), want task %d: tasks must come in order", task, tr.Point, tr.Replicate, w.next)
	case len(tr.Outcomes) != A:
		return w.errorf("task %d: %d outcomes for %d architectures", task, len(tr.Outcomes), A)
	case tr.Seed < 0:
		return w.errorf("task %d: negative seed %d", task, tr.Seed)
	case w.traj != nil && len(tr.Periods) != A:
		return w.errorf("task %d: period records for %d architectures, want %d", task, len(tr.Periods), A)
	case w.states != nil && len(tr.States) != A:
		return w.errorf("task %d: state records for %d architectures, want %d", task, len(tr.States), A)
	}
	if err := w.appendRuns(tr, task); err != nil {
		return err
	}
	if w.traj != nil {
		if err := w.appendPeriods(tr, task); err != nil {
			return err
		}
	}
	if w.states != nil {
		if err := w.appendStates(tr, task); err != nil {
			return err
		}
	}
	w.next++
	for _, t := range w.tables {
		if !t.whole && t.b.Field(0).Len() >= t.rowGroupRows {
			if err := w.flush(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// errorf is an error of the part, named by its runs table's file (the
// task's, its outcomes'); tableErrorf names another table's.
func (w *PartWriter) errorf(format string, args ...any) error {
	return w.tableErrorf(TableRuns, format, args...)
}

// tableErrorf is an error in a value of table's part file, which it
// names: a trajectories or states value was named by the runs table's
// file, which holds no such column (a review, stop 53).
func (w *PartWriter) tableErrorf(table, format string, args ...any) error {
	return fmt.Errorf("output: %s: "+format, append([]any{w.d.ParquetPath(table, w.part)}, args...)...)
}

// reserve makes room for n more rows in every column of t. The first call of
// a batch reserves the whole batch (when rows per task are known), so the
// builders grow once rather than by doubling.
func (t *partTable) reserve(n, tasksLeft int) {
	if t.b.Field(0).Len() == 0 && t.perTask > 0 {
		n = min(t.perTask*tasksLeft, t.rowGroupRows+t.perTask)
	}
	t.b.Reserve(n)
}

func (w *PartWriter) appendRuns(tr *TaskRows, task int) error {
	l := &w.d.l
	b := w.runs.b
	w.runs.reserve(len(l.Architectures), w.hi-task)
	point := b.Field(0).(*array.Int32Builder)
	rep := b.Field(1).(*array.Int32Builder)
	arch := b.Field(2).(*array.BinaryDictionaryBuilder)
	seed := b.Field(3).(*array.Int64Builder)
	nSwept := len(l.Swept)
	xs := l.PointAt(tr.Point)
	for a, name := range l.Architectures {
		point.UnsafeAppend(int32(tr.Point))
		rep.UnsafeAppend(int32(tr.Replicate))
		if err := arch.AppendString(name); err != nil {
			return err
		}
		seed.UnsafeAppend(tr.Seed)
		for k, x := range xs {
			appendParam(b.Field(4+k), x)
		}
		o := &tr.Outcomes[a]
		for k, spec := range engine.Outcomes {
			fb := b.Field(4 + nSwept + k)
			if !o.Valid[k] {
				if !spec.Nullable {
					return w.errorf("task %d, architecture %s: outcome %s is undefined but not nullable", task, name, spec.Name)
				}
				fb.AppendNull()
				continue
			}
			x := o.Value[k]
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return w.errorf("task %d, architecture %s: outcome %s is %v (undefined values must be marked invalid, never NaN)", task, name, spec.Name, x)
			}
			switch fb := fb.(type) {
			case *array.Float64Builder:
				fb.Append(x)
			case *array.Int64Builder:
				// A count must be whole (engine.Outcome): 0.5 was written
				// as 0, and one beyond int64 as whatever the conversion
				// gave (a review, stop 51).
				if x != math.Trunc(x) || math.Abs(x) >= 1<<63 {
					return w.errorf("task %d, architecture %s: outcome %s is %v (a count: a whole number within int64)", task, name, spec.Name, x)
				}
				fb.Append(int64(x))
			case *array.BooleanBuilder:
				if x != 0 && x != 1 {
					return w.errorf("task %d, architecture %s: outcome %s is %v (a flag: 0 or 1)", task, name, spec.Name, x)
				}
				fb.Append(x != 0)
			}
		}
	}
	return nil
}

// appendParam appends a swept parameter's value in its column type.
func appendParam(b array.Builder, x float64) {
	switch b := b.(type) {
	case *array.Float64Builder:
		b.Append(x)
	case *array.Int64Builder:
		b.Append(int64(x))
	case *array.BooleanBuilder:
		b.Append(x != 0)
	default:
		panic(fmt.Sprintf("output: appendParam: unexpected builder %T", b))
	}
}

// appendRecordReal appends a real value of a trajectories or states
// column: null for NaN where the column is nullable; an error for NaN
// where it is not (its schema says no value is null) and for an infinity
// (a bug upstream).
func appendRecordReal(b array.Builder, c recordColumn, x float64) error {
	if math.IsNaN(x) && !c.nullable {
		return errors.New("undefined (NaN) value in a column that is never null")
	}
	return appendReal(b, x)
}

// appendReal appends a real value: null for NaN (a mean over nothing), an
// error for an infinity (a bug upstream).
func appendReal(b array.Builder, x float64) error {
	if math.IsInf(x, 0) {
		return errors.New("infinite value")
	}
	fb := b.(*array.Float64Builder)
	if math.IsNaN(x) {
		fb.AppendNull()
	} else {
		fb.Append(x)
	}
	return nil
}

func (w *PartWriter) appendPeriods(tr *TaskRows, task int) error {
	l := &w.d.l
	t := w.traj
	rows := 0
	for _, ps := range tr.Periods {
		rows += len(ps)
	}
	t.b.Reserve(rows)
	b := t.b
	point := b.Field(0).(*array.Int32Builder)
	rep := b.Field(1).(*array.Int32Builder)
	arch := b.Field(2).(*array.BinaryDictionaryBuilder)
	col := func(k int) array.Builder { return b.Field(3 + k) }
	for a, name := range l.Architectures {
		for i := range tr.Periods[a] {
			r := &tr.Periods[a][i]
			point.UnsafeAppend(int32(tr.Point))
			rep.UnsafeAppend(int32(tr.Replicate))
			if err := arch.AppendString(name); err != nil {
				return err
			}
			col(0).(*array.Int32Builder).Append(int32(r.Period))
			col(1).(*array.Int64Builder).Append(int64(r.Challenges))
			col(2).(*array.Int64Builder).Append(int64(r.Repelled))
			col(3).(*array.Int64Builder).Append(int64(r.FaitAccompli))
			col(4).(*array.Int64Builder).Append(int64(r.Wars))
			for k, x := range [...]float64{r.Tension, r.Visibility, r.USReliability, r.MeanBelief} {
				if err := appendRecordReal(col(5+k), periodColumns[5+k], x); err != nil {
					return w.tableErrorf(TableTrajectories, "task %d, architecture %s, period %d: %s: %w", task, name, r.Period, periodColumns[5+k].name, err)
				}
			}
			col(9).(*array.Int64Builder).Append(int64(r.Members))
			if err := appendRecordReal(col(10), periodColumns[10], r.Interop); err != nil {
				return w.tableErrorf(TableTrajectories, "task %d, architecture %s, period %d: interop: %w", task, name, r.Period, err)
			}
		}
	}
	return nil
}

func (w *PartWriter) appendStates(tr *TaskRows, task int) error {
	l := &w.d.l
	t := w.states
	rows := 0
	for _, ss := range tr.States {
		rows += len(ss)
	}
	t.b.Reserve(rows)
	b := t.b
	point := b.Field(0).(*array.Int32Builder)
	rep := b.Field(1).(*array.Int32Builder)
	arch := b.Field(2).(*array.BinaryDictionaryBuilder)
	index := b.Field(3).(*array.Int32Builder)
	state := b.Field(4).(*array.BinaryDictionaryBuilder)
	role := b.Field(5).(*array.BinaryDictionaryBuilder)
	col := func(k int) array.Builder { return b.Field(6 + k) }
	for a, name := range l.Architectures {
		for i := range tr.States[a] {
			r := &tr.States[a][i]
			point.UnsafeAppend(int32(tr.Point))
			rep.UnsafeAppend(int32(tr.Replicate))
			if err := arch.AppendString(name); err != nil {
				return err
			}
			index.Append(int32(r.State))
			if err := state.AppendString(r.Name); err != nil {
				return err
			}
			if names := l.StateNames; names != nil && state.DictionarySize() != len(names) {
				// A name the seed lacks would grow the dictionary between
				// batches, which the Arrow IPC file does not allow.
				return w.tableErrorf(TableStates, "task %d, architecture %s: state %q is not one of the Layout's %d state names", task, name, r.Name, len(names))
			}
			if r.Role >= agents.NumRoles {
				return w.tableErrorf(TableStates, "task %d, architecture %s, state %s: unknown role %d", task, name, r.Name, r.Role)
			}
			if err := role.AppendString(r.Role.String()); err != nil {
				return err
			}
			for k, c := range stateColumns {
				if err := appendStateValue(col(k), c, r); err != nil {
					return w.tableErrorf(TableStates, "task %d, architecture %s, state %s: %s: %w", task, name, r.Name, c.name, err)
				}
			}
		}
	}
	return nil
}

// appendStateValue appends column c of state record r to b, by the
// column's type.
func appendStateValue(b array.Builder, c recordColumn, r *engine.StateRecord) error {
	v := c.state(r)
	switch c.dt {
	case f64:
		return appendRecordReal(b, c, v)
	case i64:
		b.(*array.Int64Builder).Append(int64(v))
	default: // boolean
		b.(*array.BooleanBuilder).Append(v != 0)
	}
	return nil
}

// flush writes the rows built so far as one row group and batch.
func (w *PartWriter) flush(t *partTable) error {
	if t.b.Field(0).Len() == 0 {
		return nil
	}
	rec := t.b.NewRecordBatch()
	defer rec.Release()
	return t.file.Write(rec)
}

// Close writes what is left and makes the part final: every file is synced
// and renamed into place, or, on any error, none is left. Close fails if the
// part did not get all of its tasks. It is idempotent: later calls return
// the first call's result.
func (w *PartWriter) Close() error {
	if w.closed || w.err != nil {
		return w.err
	}
	w.closed = true
	if w.next != w.hi {
		w.fail(w.errorf("got %d of the %d tasks [%d, %d)", w.next-w.lo, w.hi-w.lo, w.lo, w.hi))
		return w.err
	}
	for _, t := range w.tables {
		if err := w.flush(t); err != nil {
			w.fail(err)
			return w.err
		}
	}
	files := make([]*tableFile, len(w.tables))
	for k, t := range w.tables {
		files[k] = t.file
	}
	err := commitTables(w.d.fs, files...)
	w.releaseBuilders()
	if err != nil {
		w.err = err
		return w.err
	}
	var written []*AtomicFile
	for _, f := range files {
		for _, a := range []*AtomicFile{f.pqFile, f.ipcFile} {
			if a != nil {
				written = append(written, a)
			}
		}
	}
	// The part is final; its journal line lets a resumed run trust it,
	// and the Dataset's own record lets the manifest miss nothing of it.
	for _, a := range written {
		if err := w.d.vouchFile(a.Path(), a.Sum().SHA256); err != nil {
			w.err = err
			return w.err
		}
	}
	w.err = w.d.appendJournal(written)
	return w.err
}

// Abort discards the part: the temporary files are removed and nothing
// becomes final. Use it when the run stops before the part is complete.
// It does nothing after Close.
func (w *PartWriter) Abort() {
	if w.closed || w.err != nil {
		return
	}
	w.fail(fmt.Errorf("output: %s: aborted", w.d.ParquetPath(TableRuns, w.part)))
}

// fail records the first error and throws the part away.
func (w *PartWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
	w.closed = true
	w.cleanup()
}

func (w *PartWriter) cleanup() {
	for _, t := range w.tables {
		if t.file != nil {
			t.file.Abort()
		}
	}
	w.releaseBuilders()
}

func (w *PartWriter) releaseBuilders() {
	for _, t := range w.tables {
		if t.b != nil {
			t.b.Release()
			t.b = nil
		}
	}
}
