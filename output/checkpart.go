package output

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// PartError says that a final part on disk cannot be reused, and why. A
// resumed run reports it by file name and recomputes the part.
type PartError struct {
	Part   string // the part's name
	Path   string // the first file of it that fails
	Reason string
	// Range is set when every file is intact (it matches its journal
	// line) but holds another task range than the caller's: the part was
	// written by a run over other tasks (another --shard), not damaged.
	Range bool
	// Engine is set when the file is intact but another engine version
	// wrote it (its schema's pactsim.engine_version): not damaged, and
	// not this runner's to recompute.
	Engine string
	// Config is set when the file is intact but was written for another
	// resolved config (its schema's pactsim.config_sha256, same engine):
	// the directory was begun with another config, and its finished parts
	// are not this run's to replace.
	Config string
}

func (e *PartError) Error() string { return fmt.Sprintf("%s: %s", e.Path, e.Reason) }

// CheckPart verifies the final files of the part named part, which holds
// the tasks [lo, hi), before a resumed run reuses it. Every file of every
// table and format the Layout chooses must be present and regular and match
// its journal line byte for byte (SHA-256); every Parquet file must open
// (magic and footer) with this run's schema, every Arrow IPC file must open
// (magic, footer and schema) and yield its batches, both formats of a table
// must hold the same rows, and the runs table exactly (hi-lo) × the
// architectures; and every file's rows must be the tasks [lo, hi) in
// order (taskSeq), not another part's. Anything else is a *PartError
// naming the file. ctx stops the check between files, within a file's
// checksum every few MiB and within its rows every batch, returning
// ctx.Err() as it is: a resumed run's part of many GiB was hashed to its
// end, minutes after a SIGINT (a review, stop 50), and then read to its
// end (a review, stop 51).
func (d *Dataset) CheckPart(ctx context.Context, part string, lo, hi int, j Journal) error {
	for _, t := range d.PartTables() {
		// The Parquet file first, schema included: a part written for
		// another config or engine is told apart before a file this
		// run's layout adds (Arrow) is found missing.
		if err := ctx.Err(); err != nil {
			return err
		}
		pq := d.ParquetPath(t, part)
		if err := d.checkSum(ctx, part, pq, j); err != nil {
			return err
		}
		rows, err := d.checkParquet(ctx, part, t, pq, lo, hi)
		if err != nil {
			return err
		}
		if d.l.Arrow {
			if err := ctx.Err(); err != nil {
				return err
			}
			ap := d.ArrowPath(t, part)
			if err := d.checkSum(ctx, part, ap, j); err != nil {
				return err
			}
			n, err := d.checkArrow(ctx, part, t, ap, d.newTaskSeq(t, lo, hi))
			if err != nil {
				return err
			}
			if n != rows {
				return &PartError{Part: part, Path: ap, Reason: fmt.Sprintf("holds %d rows; its Parquet twin %d", n, rows)}
			}
		}
	}
	// Kept: the manifest must list it as it was checked (vouch).
	for _, p := range d.partPaths(part) {
		rel, err := filepath.Rel(d.l.Dir, p)
		if err != nil {
			return err
		}
		d.vouch(filepath.ToSlash(rel), j[filepath.ToSlash(rel)])
	}
	return nil
}

func (d *Dataset) checkSum(ctx context.Context, part, path string, j Journal) error {
	fi, err := os.Lstat(path)
	if err != nil {
		return &PartError{Part: part, Path: path, Reason: "missing"}
	}
	if !fi.Mode().IsRegular() {
		return &PartError{Part: part, Path: path, Reason: "not a regular file"}
	}
	rel, err := filepath.Rel(d.l.Dir, path)
	if err != nil {
		return err
	}
	want, ok := j[filepath.ToSlash(rel)]
	if !ok {
		return &PartError{Part: part, Path: path, Reason: "no checksum was recorded when it was written (" + JournalName + ")"}
	}
	_, got, err := hashFileCtx(ctx, path)
	if cerr := ctx.Err(); err != nil && cerr != nil {
		return cerr // stopped, not damaged: the part is not recomputed
	}
	if err != nil {
		return &PartError{Part: part, Path: path, Reason: err.Error()}
	}
	if got != want {
		return &PartError{Part: part, Path: path, Reason: fmt.Sprintf("damaged: sha256 %s, written as %s", got, want)}
	}
	return nil
}

// checkParquet checks the Parquet file at path of a part of table with
// tasks [lo, hi): its schema, for the runs table its row count, and its
// rows' tasks (scanTasks), on one opening of the file. It returns the
// file's row count.
func (d *Dataset) checkParquet(ctx context.Context, part, table, path string, lo, hi int) (rows int64, err error) {
	defer func() {
		// The reader trusts the footer; a damaged part is run again.
		if p := recover(); p != nil {
			rows, err = 0, &PartError{Part: part, Path: path, Reason: fmt.Sprintf("not a readable Parquet file: %v", p)}
		}
	}()
	pf, err := OpenParquet(path)
	if err != nil {
		return 0, &PartError{Part: part, Path: path, Reason: "not a readable Parquet file: " + err.Error()}
	}
	defer pf.Close()
	fr, err := NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, d.mem)
	if err != nil {
		return 0, &PartError{Part: part, Path: path, Reason: err.Error()}
	}
	sc, err := fr.Schema()
	if err != nil {
		return 0, &PartError{Part: part, Path: path, Reason: err.Error()}
	}
	if err := sameSchema(sc, d.tables[table]); err != nil {
		pe := &PartError{Part: part, Path: path, Reason: "another schema: " + err.Error()}
		if v := metaValue(sc.Metadata(), MetaEngineVersion); v != "" && v != metaValue(d.tables[table].Metadata(), MetaEngineVersion) {
			pe.Engine = v
		} else if v := metaValue(sc.Metadata(), MetaConfigSHA256); v != "" && v != metaValue(d.tables[table].Metadata(), MetaConfigSHA256) {
			pe.Config = v
		}
		return 0, pe
	}
	if table == TableRuns {
		if want := int64(hi-lo) * int64(len(d.l.Architectures)); pf.NumRows() != want {
			return 0, &PartError{Part: part, Path: path, Reason: fmt.Sprintf("holds %d rows; this run's part has tasks [%d, %d), %d rows", pf.NumRows(), lo, hi, want), Range: true}
		}
	}
	if err := d.scanTasks(ctx, fr, part, table, path, lo, hi); err != nil {
		return 0, err
	}
	return pf.NumRows(), nil
}

// checkArrow checks the Arrow IPC file at path, of a part of table, as
// seq says, batch by batch, and returns its row count; ctx's error, as is,
// once ctx has ended: a resumed run read a part of many GiB to its end
// after a SIGINT (a review, stop 51).
func (d *Dataset) checkArrow(ctx context.Context, part, table, path string, seq *taskSeq) (int64, error) {
	cur, err := d.openArrowCursor(ctx, table, path)
	if err != nil {
		return 0, &PartError{Part: part, Path: path, Reason: err.Error()}
	}
	defer cur.close()
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		b, err := cur.next()
		if err != nil {
			return 0, &PartError{Part: part, Path: path, Reason: err.Error()}
		}
		if b == nil {
			if why := seq.end(); why != "" {
				return 0, &PartError{Part: part, Path: path, Reason: why}
			}
			return n, nil
		}
		if why := seq.add(b); why != "" {
			return 0, &PartError{Part: part, Path: path, Reason: why}
		}
		n += b.NumRows()
	}
}

// checkParquetTasks checks that the Parquet file at path, of a part of
// table, holds the tasks [lo, hi) in order (taskSeq), reading only its
// point, replicate and architecture columns.
func (d *Dataset) checkParquetTasks(ctx context.Context, part, table, path string, lo, hi int) (err error) {
	bad := func(why string) error { return &PartError{Part: part, Path: path, Reason: why} }
	defer func() {
		if p := recover(); p != nil {
			err = bad(fmt.Sprintf("not a readable Parquet file: %v", p))
		}
	}()
	pf, err := OpenParquet(path)
	if err != nil {
		return bad("not a readable Parquet file: " + err.Error())
	}
	defer pf.Close()
	fr, err := NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, d.mem)
	if err != nil {
		return bad(err.Error())
	}
	return d.scanTasks(ctx, fr, part, table, path, lo, hi)
}

// scanTasks checks that the Parquet file fr (at path) holds the tasks
// [lo, hi) in order (taskSeq), reading only its point, replicate and
// architecture columns.
func (d *Dataset) scanTasks(ctx context.Context, fr *pqarrow.FileReader, part, table, path string, lo, hi int) error {
	bad := func(why string) error { return &PartError{Part: part, Path: path, Reason: why} }
	rr, err := fr.GetRecordReader(ctx, []int{0, 1, 2}, nil)
	if err != nil {
		return bad(err.Error())
	}
	defer rr.Release()
	seq := d.newTaskSeq(table, lo, hi)
	for rr.Next() {
		// The record reader does not watch ctx (a review, stop 51).
		if err := ctx.Err(); err != nil {
			return err
		}
		if why := seq.add(rr.RecordBatch()); why != "" {
			return bad(why)
		}
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		return bad("not a readable Parquet file: " + err.Error())
	}
	if why := seq.end(); why != "" {
		return bad(why)
	}
	return ctx.Err()
}

// metaValue is the value of key in md, or "".
func metaValue(md arrow.Metadata, key string) string {
	if k := md.FindKey(key); k >= 0 {
		return md.Values()[k]
	}
	return ""
}
