package output

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// tableFile writes one table (or one part of one) to a Parquet file and,
// optionally, an Arrow IPC file, each through a temporary file: both appear
// under their final names only when Commit succeeds. One goroutine owns it.
type tableFile struct {
	pqPath, ipcPath string
	pqFile, ipcFile *AtomicFile
	pq              *pqarrow.FileWriter
	ipc             *ipc.FileWriter
	rows            int64
}

// parquetProps are the writer properties of every Parquet file: zstd, and
// the default created_by (a constant), so the bytes depend on the data alone.
//
// A column's dictionary may grow to dictPageLimit before the writer falls
// back to plain pages. The default, 1 MiB (about 131,000 distinct float64
// values, which a states part of 1,800 tasks of six architectures passes),
// is not enough: arrow-go lists a fallen-back column's page encodings in
// the footer in a Go map's order, which changes from one write to the
// next, so the same rows made two files whose footers differed in two
// bytes (review, this stop).
func parquetProps(mem memory.Allocator) (*parquet.WriterProperties, pqarrow.ArrowWriterProperties) {
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithAllocator(mem),
		parquet.WithDictionaryPageSizeLimit(dictPageLimit),
	)
	// The stored Arrow schema keeps dictionary types and field metadata
	// (README, "Guarantees").
	arrProps := pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem))
	return props, arrProps
}

// dictPageLimit bounds a column chunk's dictionary: 1 GiB, far beyond a
// part's distinct values (a part holds its rows in memory anyway) and
// within the 2 GiB a Parquet page may hold.
const dictPageLimit = 1 << 30

// newTableFile starts pqPath and, when ipcPath is not empty, ipcPath.
func newTableFile(fs FileSystem, mem memory.Allocator, schema *arrow.Schema, pqPath, ipcPath string) (*tableFile, error) {
	t := &tableFile{pqPath: pqPath, ipcPath: ipcPath}
	var err error
	if t.pqFile, err = createAtomic(fs, pqPath); err != nil {
		return nil, err
	}
	props, arrProps := parquetProps(mem)
	if t.pq, err = pqarrow.NewFileWriter(schema, t.pqFile, props, arrProps); err != nil {
		t.Abort()
		return nil, fmt.Errorf("output: write %s: %w", pqPath, err)
	}
	if ipcPath == "" {
		return t, nil
	}
	if t.ipcFile, err = createAtomic(fs, ipcPath); err != nil {
		t.Abort()
		return nil, err
	}
	// Uncompressed, so every Arrow implementation reads it and it can be
	// memory-mapped (README, "Guarantees").
	if t.ipc, err = ipc.NewFileWriter(t.ipcFile, ipc.WithSchema(schema), ipc.WithAllocator(mem)); err != nil {
		t.Abort()
		return nil, fmt.Errorf("output: write %s: %w", ipcPath, err)
	}
	return t, nil
}

// Write appends rec: a new Parquet row group and a new IPC record batch.
func (t *tableFile) Write(rec arrow.RecordBatch) error {
	if err := t.pq.Write(rec); err != nil {
		return fmt.Errorf("output: write %s: %w", t.pqPath, err)
	}
	if t.ipc != nil {
		if err := t.ipc.Write(rec); err != nil {
			return fmt.Errorf("output: write %s: %w", t.ipcPath, err)
		}
	}
	t.rows += rec.NumRows()
	return nil
}

// finish writes the footers and syncs the temporary files; rename does the
// rest. They are separate so that a part renames its files only once every
// table of it has been written.
func (t *tableFile) finish() error {
	if t.pq != nil {
		err := t.pq.Close()
		t.pq = nil
		if err != nil {
			return fmt.Errorf("output: write %s: %w", t.pqPath, err)
		}
	}
	if t.ipc != nil {
		err := t.ipc.Close()
		t.ipc = nil
		if err != nil {
			return fmt.Errorf("output: write %s: %w", t.ipcPath, err)
		}
	}
	return nil
}

// commitTables finishes every file of ts and renames them into place, in
// order. If any step fails it removes what it had already renamed, so a part
// (or a table and its Arrow twin) is either complete in every format or
// absent: nothing half-written is left looking complete.
func commitTables(fs FileSystem, ts ...*tableFile) error {
	fail := func(err error) error {
		for _, t := range ts {
			t.Abort()
		}
		return err
	}
	for _, t := range ts {
		if err := t.finish(); err != nil {
			return fail(err)
		}
	}
	var renamed []string
	for _, t := range ts {
		for _, f := range []*AtomicFile{t.pqFile, t.ipcFile} {
			if f == nil {
				continue
			}
			if err := f.Commit(); err != nil {
				for _, p := range renamed {
					_ = fs.Remove(p)
				}
				return fail(err)
			}
			renamed = append(renamed, f.path)
		}
	}
	return nil
}

// Abort releases the encoders and removes the temporary files. Files already
// renamed stay: the caller removes them (removeFinal) if it must.
func (t *tableFile) Abort() {
	if t.pq != nil {
		// Close releases the encoder's buffers; its error does not matter,
		// the file is being thrown away.
		_ = t.pq.Close()
		t.pq = nil
	}
	if t.ipc != nil {
		_ = t.ipc.Close()
		t.ipc = nil
	}
	if t.pqFile != nil {
		t.pqFile.Abort()
	}
	if t.ipcFile != nil {
		t.ipcFile.Abort()
	}
}
