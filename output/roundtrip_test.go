package output

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/engine"
	"pactsim/internal/tabletest"
)

// tol is the tolerance of a statistic recomputed here by a different
// summation (two-pass) than the writer's Welford update.
const tol = 1e-12

// closeRel reports whether a and b agree within tol, relative to the
// larger of 1 and their magnitudes.
func closeRel(a, b float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// readParquet reads a whole Parquet file into one table.
func readParquet(t testing.TB, path string) arrow.Table {
	t.Helper()
	return tabletest.Table(t, path)
}

// parquetSchema reads the Arrow schema stored in a Parquet file, metadata
// included (a table read whole drops the schema metadata).
func parquetSchema(t *testing.T, path string) *arrow.Schema {
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
	sc, err := fr.Schema()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// column returns the single chunk of a table column (the files written here
// are read back in one chunk per row group; the tests use one row group).
func column(t *testing.T, tbl arrow.Table, name string) arrow.Array {
	t.Helper()
	k := tbl.Schema().FieldIndices(name)
	if len(k) != 1 {
		t.Fatalf("no column %q", name)
	}
	ch := tbl.Column(k[0]).Data()
	if len(ch.Chunks()) != 1 {
		t.Fatalf("column %q has %d chunks", name, len(ch.Chunks()))
	}
	return ch.Chunk(0)
}

func dictValue(a arrow.Array, i int) string {
	d := a.(*array.Dictionary)
	return d.Dictionary().(*array.String).Value(d.GetValueIndex(i))
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	l := testLayout(dir)
	d := writeDataset(t, l, 4)

	// Direct computation: two-pass mean and sd per (point, arch, outcome),
	// and the layered − treaty paired mean difference.
	A, K := len(l.Architectures), int(engine.NumOutcomes)
	type key struct{ p, a, k int }
	vals := map[key][]float64{}
	diffs := map[key][]float64{} // a = pair index 0 (layered − treaty)
	for p := range l.Points {
		for r := range l.Replicates {
			tr := fakeTask(&l, p, r)
			for a := range A {
				for k := range K {
					if tr.Outcomes[a].Valid[k] {
						vals[key{p, a, k}] = append(vals[key{p, a, k}], tr.Outcomes[a].Value[k])
					}
				}
			}
			for k := range K {
				la, tr2 := tr.Outcomes[3], tr.Outcomes[1]
				if la.Valid[k] && tr2.Valid[k] {
					diffs[key{p, 0, k}] = append(diffs[key{p, 0, k}], la.Value[k]-tr2.Value[k])
				}
			}
		}
	}

	sum := readParquet(t, filepath.Join(dir, "summary.parquet"))
	defer sum.Release()
	if got, want := sum.NumRows(), int64(len(l.Points)*A*K); got != want {
		t.Fatalf("summary rows = %d, want %d", got, want)
	}
	n := column(t, sum, "n").(*array.Int64)
	mean := column(t, sum, "mean").(*array.Float64)
	sd := column(t, sum, "sd").(*array.Float64)
	lo := column(t, sum, "ci_low").(*array.Float64)
	pointCol := column(t, sum, "point").(*array.Int32)
	archCol := column(t, sum, "architecture")
	outCol := column(t, sum, "outcome")
	row := 0
	for p := range l.Points {
		for a, arch := range l.Architectures {
			for k, spec := range engine.Outcomes {
				xs := vals[key{p, a, k}]
				if int(pointCol.Value(row)) != p || dictValue(archCol, row) != arch || dictValue(outCol, row) != spec.Name {
					t.Fatalf("row %d is (%d, %s, %s), want (%d, %s, %s)", row, pointCol.Value(row), dictValue(archCol, row), dictValue(outCol, row), p, arch, spec.Name)
				}
				if n.Value(row) != int64(len(xs)) {
					t.Errorf("row %d: n = %d, want %d", row, n.Value(row), len(xs))
				}
				m, s := meanSD(xs)
				switch {
				case len(xs) == 0:
					if mean.IsValid(row) {
						t.Errorf("row %d: mean of nothing is %v, want null", row, mean.Value(row))
					}
				case math.Abs(mean.Value(row)-m) > tol:
					t.Errorf("row %d: mean = %v, want %v", row, mean.Value(row), m)
				}
				if len(xs) < 2 {
					if sd.IsValid(row) || lo.IsValid(row) {
						t.Errorf("row %d: n = %d but sd or ci_low is not null", row, len(xs))
					}
				} else if math.Abs(sd.Value(row)-s) > tol {
					t.Errorf("row %d: sd = %v, want %v", row, sd.Value(row), s)
				}
				row++
			}
		}
	}

	con := readParquet(t, filepath.Join(dir, "contrasts.parquet"))
	defer con.Release()
	pairs := len(contrastPairs(l.Architectures))
	if got, want := con.NumRows(), int64(len(l.Points)*pairs*K); got != want {
		t.Fatalf("contrasts rows = %d, want %d", got, want)
	}
	md := column(t, con, "mean_diff").(*array.Float64)
	pab := column(t, con, "p_a_better").(*array.Float64)
	ca, cb := column(t, con, "architecture_a"), column(t, con, "architecture_b")
	for p := range l.Points {
		for k, spec := range engine.Outcomes {
			row := (p*pairs+0)*K + k
			if dictValue(ca, row) != "layered" || dictValue(cb, row) != "treaty" {
				t.Fatalf("first pair is %s − %s, want layered − treaty", dictValue(ca, row), dictValue(cb, row))
			}
			xs := diffs[key{p, 0, k}]
			m, _ := meanSD(xs)
			if len(xs) > 0 && math.Abs(md.Value(row)-m) > tol {
				t.Errorf("point %d %s: mean_diff = %v, want %v", p, spec.Name, md.Value(row), m)
			}
			if (spec.Better == engine.NoDirection || len(xs) == 0) != pab.IsNull(row) {
				t.Errorf("point %d %s: p_a_better null = %v", p, spec.Name, pab.IsNull(row))
			}
		}
	}

	// Every table of every part opens; the runs rows are all there.
	var runsRows int64
	for part := range (d.Tasks() + 3) / 4 {
		tbl := readParquet(t, d.ParquetPath(TableRuns, pn(part)))
		runsRows += tbl.NumRows()
		if err := sameSchema(parquetSchema(t, d.ParquetPath(TableRuns, pn(part))), d.Schema(TableRuns)); err != nil {
			t.Errorf("part %d: schema changed in the round trip: %v", part, err)
		}
		tbl.Release()
		for _, table := range d.PartTables() {
			checkIPC(t, d.ArrowPath(table, pn(part)), d.Schema(table))
		}
	}
	if want := int64(d.Tasks() * A); runsRows != want {
		t.Errorf("runs rows = %d, want %d", runsRows, want)
	}
	for _, name := range []string{"summary.csv", "contrasts.csv", "codebook.csv", "points.parquet", "arrow/summary.arrow", "arrow/contrasts.arrow"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}

func checkIPC(t *testing.T, path string, want *arrow.Schema) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer r.Close()
	if err := sameSchema(r.Schema(), want); err != nil {
		t.Errorf("%s: %v", path, err)
	}
	for k := range r.NumRecords() {
		if _, err := r.RecordBatch(k); err != nil {
			t.Fatalf("%s: batch %d: %v", path, k, err)
		}
	}
}

// meanSD is the naive two-pass mean and sample sd (0 for fewer than two
// values), independent of the Welford update the writer uses.
func meanSD(xs []float64) (mean, sd float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}
