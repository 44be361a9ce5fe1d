// Package tabletest reads a Parquet table of a results directory, whole
// or into rows, for the tests of several packages: output's, experiments'
// and the doc-number probes of experiments/docprobe (a package of its own,
// as go test times each package against its 10-minute default). It is
// imported by tests only.
package tabletest

import (
	"context"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Table reads the whole Parquet file at path into one Arrow table,
// failing t on error; the caller releases it.
func Table(t testing.TB, path string) arrow.Table {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

// Rows reads the Parquet file at path into rows of cells by column name,
// each value as Arrow prints it (array's ValueStr), failing t on error.
func Rows(t testing.TB, path string) []map[string]string {
	t.Helper()
	tbl := Table(t, path)
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1<<20)
	defer tr.Release()
	var rows []map[string]string
	for tr.Next() {
		rec := tr.RecordBatch()
		// Fields copies the schema's fields: once a batch, not once a
		// row (the doc-number probes read 100,000-row tables).
		fields := rec.Schema().Fields()
		for i := range int(rec.NumRows()) {
			row := make(map[string]string, len(fields))
			for k, f := range fields {
				row[f.Name] = rec.Column(k).ValueStr(i)
			}
			rows = append(rows, row)
		}
	}
	return rows
}
