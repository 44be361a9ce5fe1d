package docprobe

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/experiments"
)

// TestMain runs the tests from the experiments folder, as when they were
// that package's: they name the shipped configs (calibration-band.yaml)
// and the model's text (../docs/model.md) from there.
func TestMain(m *testing.M) {
	if err := os.Chdir(".."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// mustRun runs plan into dir with opt (on 2 workers when opt names
// none), failing the test on error: the experiments tests' helper.
func mustRun(t testing.TB, plan *experiments.Plan, dir string, opt experiments.RunOptions) *experiments.Result {
	t.Helper()
	opt.Dir = dir
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	res, err := experiments.Run(context.Background(), plan, opt)
	if err != nil {
		t.Fatalf("run into %s: %v", dir, err)
	}
	return res
}

// readTable reads a Parquet file's rows, each value as Arrow prints it:
// the experiments tests' helper.
func readTable(t testing.TB, path string) []map[string]string {
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
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1<<20)
	defer tr.Release()
	var rows []map[string]string
	for tr.Next() {
		rec := tr.RecordBatch()
		// Fields copies the schema's fields: once a batch, not once a
		// row (the probes read 100,000-row tables).
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

// mustParse parses yaml (named t.yaml), failing the test on error: the
// experiments tests' helper.
func mustParse(t testing.TB, yaml string) *experiments.Plan {
	t.Helper()
	p, err := experiments.Parse("t.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("%v\n%s", err, yaml)
	}
	return p
}
