package output

import (
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// wholeWriter writes the whole-directory tables as they are computed.
type wholeWriter struct {
	d      *Dataset
	tables []*streamTable          // in WholeTables() order
	byName map[string]*streamTable // the same tables by name
}

// table is the stream of the named whole table, nil when the directory
// has no such table (contrasts without pairs, contributions and
// break-even curves outside an ablation).
func (w *wholeWriter) table(name string) *streamTable { return w.byName[name] }

// streamTable is one whole table being written: a Parquet file, its Arrow
// twin when the Layout chooses Arrow, and its CSV twin when it has one,
// all through temporary files. Rows are built in b and written as a batch
// every rowGroupRows rows, and at the end.
type streamTable struct {
	name  string
	file  *tableFile
	csv   *AtomicFile
	csvw  *csv.Writer
	b     *array.RecordBuilder
	flush int
	fs    FileSystem
}

func (d *Dataset) newWholeWriter() (*wholeWriter, error) {
	for _, dir := range []string{d.l.Dir, filepath.Join(d.l.Dir, "arrow")} {
		if dir != d.l.Dir && !d.l.Arrow {
			continue
		}
		if err := d.fs.MkdirBelow(d.l.Dir, dir); err != nil {
			return nil, fmt.Errorf("output: create %s: %w", dir, err)
		}
	}
	w := &wholeWriter{d: d, byName: map[string]*streamTable{}}
	for _, table := range d.WholeTables() {
		t, err := d.newStreamTable(table, table != TablePoints)
		if err != nil {
			w.abort()
			return nil, err
		}
		w.tables = append(w.tables, t)
		w.byName[table] = t
	}
	return w, nil
}

func (d *Dataset) newStreamTable(table string, withCSV bool) (*streamTable, error) {
	ipcPath := ""
	if d.l.Arrow {
		ipcPath = filepath.Join(d.l.Dir, "arrow", table+".arrow")
	}
	f, err := newTableFile(d.fs, d.mem, d.tables[table], filepath.Join(d.l.Dir, table+".parquet"), ipcPath)
	if err != nil {
		return nil, err
	}
	t := &streamTable{name: table, file: f, b: array.NewRecordBuilder(d.mem, d.tables[table]), flush: d.wholeRows, fs: d.fs}
	fail := func(err error) (*streamTable, error) {
		t.abort()
		return nil, fmt.Errorf("output: build %s: %w", table, err)
	}
	// Seed the fixed dictionaries in config and registry order, so that
	// the dictionary (and so the bytes) depends on the config alone and
	// index k means the same name in every batch and file.
	switch table {
	case TableSummary, TableSummaryByFormation:
		if table == TableSummaryByFormation {
			if err := seedDict(d.mem, t.b, ColStratum, Strata); err != nil {
				return fail(err)
			}
			if err := seedDict(d.mem, t.b, ColStratifiedBy, d.l.Architectures); err != nil {
				return fail(err)
			}
		}
		if err := seedDict(d.mem, t.b, "architecture", d.l.Architectures); err != nil {
			return fail(err)
		}
		if err := seedDict(d.mem, t.b, "outcome", outcomeNames()); err != nil {
			return fail(err)
		}
	case TableContributions, TableBreakEven:
		for _, col := range []string{ColArchitectureA, ColArchitectureB} {
			if err := seedDict(d.mem, t.b, col, d.l.Architectures); err != nil {
				return fail(err)
			}
		}
		if err := seedDict(d.mem, t.b, ColOutcome, outcomeNames()); err != nil {
			return fail(err)
		}
		if table == TableContributions && d.l.Ablation != nil && len(mechanismLabels(d.l.Ablation)) > 0 {
			if err := seedDict(d.mem, t.b, ColMechanism, mechanismLabels(d.l.Ablation)); err != nil {
				return fail(err)
			}
		}
	case TableContrasts, TableContrastsByFormation:
		cols := []string{"architecture_a", "architecture_b"}
		if table == TableContrastsByFormation {
			if err := seedDict(d.mem, t.b, ColStratum, Strata); err != nil {
				return fail(err)
			}
			cols = append(cols, ColStratifiedBy)
		}
		for _, col := range cols {
			if err := seedDict(d.mem, t.b, col, d.l.Architectures); err != nil {
				return fail(err)
			}
		}
		if err := seedDict(d.mem, t.b, "outcome", outcomeNames()); err != nil {
			return fail(err)
		}
	}
	if withCSV {
		if t.csv, err = createAtomic(d.fs, filepath.Join(d.l.Dir, table+".csv")); err != nil {
			t.abort()
			return nil, err
		}
		t.csvw = csv.NewWriter(t.csv)
		if err := writeCSVHeader(t.csvw, d.tables[table]); err != nil {
			return fail(err)
		}
	}
	return t, nil
}

// rowsAdded writes a batch once the builder holds flush rows or more.
func (t *streamTable) rowsAdded() error {
	if t.b.Field(0).Len() < t.flush {
		return nil
	}
	return t.writeBatch()
}

// writeBatch writes the rows built so far to every format.
func (t *streamTable) writeBatch() error {
	if t.b.Field(0).Len() == 0 {
		return nil
	}
	rec := t.b.NewRecordBatch()
	defer rec.Release()
	if err := t.file.Write(rec); err != nil {
		return err
	}
	if t.csvw != nil {
		if err := writeCSVRows(t.csvw, rec); err != nil {
			return fmt.Errorf("output: write %s: %w", t.csv.Path(), err)
		}
	}
	return nil
}

func (t *streamTable) abort() {
	if t == nil {
		return
	}
	if t.file != nil {
		t.file.Abort()
	}
	if t.csv != nil {
		t.csv.Abort()
	}
	if t.b != nil {
		t.b.Release()
		t.b = nil
	}
}

// commit writes the last batch and makes the files final: Parquet and
// Arrow first, then the CSV twin.
func (t *streamTable) commit() error {
	if err := t.writeBatch(); err != nil {
		return err
	}
	t.b.Release()
	t.b = nil
	if err := commitTables(t.fs, t.file); err != nil {
		return err
	}
	if t.csvw != nil {
		t.csvw.Flush()
		if err := t.csvw.Error(); err != nil {
			t.csv.Abort()
			return fmt.Errorf("output: write %s: %w", t.csv.Path(), err)
		}
		return t.csv.Commit()
	}
	return nil
}

// writePoints writes the design matrix: one row per point.
func (w *wholeWriter) writePoints(ctx context.Context) error {
	point := w.table(TablePoints)
	b := point.b
	for p := range w.d.l.NumPoints {
		if p%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b.Field(0).(*array.Int32Builder).Append(int32(p))
		for j, x := range w.d.l.PointAt(p) {
			appendParam(b.Field(1+j), x)
		}
		if err := point.rowsAdded(); err != nil {
			return err
		}
	}
	return nil
}

// commit makes the tables final in codebook order (WholeTables): summary,
// contrasts, points, then the tables by treaty formation. A failure
// removes the temporary files of the rest (abort).
func (w *wholeWriter) commit() error {
	for _, t := range w.tables {
		if err := t.commit(); err != nil {
			return err
		}
	}
	return nil
}

func (w *wholeWriter) abort() {
	for _, t := range w.tables {
		t.abort()
	}
}
