package output

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// saysNull reports whether a column's description says when it is null
// ("null if n = 0", "null where undefined"; not "non-null"): every column
// that may hold a null says when, and only those.
var saysNull = regexp.MustCompile(`(^|[^-\w])null\b`)

// checkNullability checks that each column of sc is nullable exactly when
// its description says when it is null.
func checkNullability(t *testing.T, where string, sc *arrow.Schema) {
	t.Helper()
	for _, f := range sc.Fields() {
		k := f.Metadata.FindKey(MetaDescription)
		if k < 0 {
			t.Errorf("%s: column %s has no description", where, f.Name)
			continue
		}
		if says := saysNull.MatchString(f.Metadata.Values()[k]); f.Nullable != says {
			t.Errorf("%s: column %s is nullable %v, but its description says when it is null: %v (%q)", where, f.Name, f.Nullable, says, f.Metadata.Values()[k])
		}
	}
}

// TestSchemaNullability: every table's schema, as written in Parquet and
// Arrow, marks a column nullable exactly when it can hold a null, which is
// when its description says when it is null. The trajectories' and
// states' real columns were nullable, though no record's value is ever
// undefined (the means are over at least two states), which told R and
// Python users to expect nulls that never come (a review, stop 53).
func TestSchemaNullability(t *testing.T) {
	l := testLayout(t.TempDir())
	writeDataset(t, l, 4)
	seen := map[string]bool{}
	err := filepath.WalkDir(l.Dir, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(l.Dir, path)
		var sc *arrow.Schema
		switch filepath.Ext(path) {
		case ".parquet":
			sc = parquetSchema(t, path)
		case ".arrow":
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			r, err := NewIPCFileReader(f)
			if err != nil {
				return err
			}
			defer r.Close()
			sc = r.Schema()
		default:
			return nil
		}
		table := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(rel), "arrow/"), filepath.Ext(path))
		table, _, _ = strings.Cut(table, "/")
		seen[table] = true
		checkNullability(t, rel, sc)
		if table == TableTrajectories || table == TableStates {
			for _, f := range sc.Fields() {
				if f.Nullable {
					t.Errorf("%s: column %s is nullable; no trajectories or states value is ever null", rel, f.Name)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range append(newDatasetTables(t, l), TablePoints) {
		if !seen[table] {
			t.Errorf("no file of table %s was read", table)
		}
	}

	// The analysis, ablation and calibration tables, from their schemas.
	prov := l.Provenance
	archs := l.Architectures
	schemas := map[string]func() (*arrow.Schema, error){
		TableSensitivity:     func() (*arrow.Schema, error) { return SensitivitySchema(l.Swept, archs, prov) },
		TableDiscovery:       func() (*arrow.Schema, error) { return DiscoverySchema(prov) },
		TableDiscoveryLimits: func() (*arrow.Schema, error) { return DiscoveryLimitsSchema(l.Swept, prov) },
		TableBreakEven:       func() (*arrow.Schema, error) { return BreakEvenSchema(archs, prov) },
		TableContributions:   func() (*arrow.Schema, error) { return ContributionsSchema(archs, prov) },
		TableTrace: func() (*arrow.Schema, error) {
			return TraceSchema([]TraceParam{{Name: "us.reliability", Min: 0.3, Max: 0.9}}, []string{"T1"}, prov)
		},
		TableTargets: func() (*arrow.Schema, error) { return TargetsSchema([]string{"T1"}, prov) },
	}
	for name, mk := range schemas {
		sc, err := mk()
		if err != nil {
			t.Fatal(err)
		}
		checkNullability(t, name, sc)
	}
}

// newDatasetTables is every table a run of l writes as a file.
func newDatasetTables(t *testing.T, l Layout) []string {
	t.Helper()
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	return append(d.PartTables(), d.WholeTables()...)
}

// TestRecordNaNRefused: a trajectories or states column is never null, so
// an undefined (NaN) value in one is a bug upstream, refused with the
// column's name, not written as a null its schema says cannot be there.
func TestRecordNaNRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(*TaskRows)
	}{
		{"visibility", func(tr *TaskRows) { tr.Periods[1][0].Visibility = nan() }},
		{"interop", func(tr *TaskRows) { tr.Periods[0][2].Interop = nan() }},
		{"belief_end", func(tr *TaskRows) { tr.States[2][1].BeliefEnd = nan() }},
	} {
		_, err := writeEdited(t, tc.set)
		if err == nil || !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), "never null") {
			t.Errorf("%s NaN: Write = %v, want an error naming the column", tc.name, err)
		}
	}
}

// TestRecordErrorNamesTable: an error in a trajectories or states value
// names that table's part file, not the runs table's, which holds no such
// column (a review, stop 53: "runs/part-00000.parquet: ... visibility:
// undefined (NaN)" sent the reader to the wrong file).
func TestRecordErrorNamesTable(t *testing.T) {
	for _, tc := range []struct {
		table string
		set   func(*TaskRows)
	}{
		{TableTrajectories, func(tr *TaskRows) { tr.Periods[1][0].Visibility = nan() }},
		{TableTrajectories, func(tr *TaskRows) { tr.Periods[0][2].Interop = math.Inf(1) }},
		{TableStates, func(tr *TaskRows) { tr.States[2][1].BeliefEnd = nan() }},
	} {
		d, err := writeEdited(t, tc.set)
		if want := d.ParquetPath(tc.table, pn(0)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: Write = %v, want an error naming %s", tc.table, err, want)
		}
	}
}

// writeEdited writes one fake task, edited by set, to part 0 of a new
// dataset, and returns the dataset and Write's error (the part aborted).
func writeEdited(t *testing.T, set func(*TaskRows)) (*Dataset, error) {
	t.Helper()
	l := testLayout(t.TempDir())
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	w, err := d.NewPart(pn(0), 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	tr := fakeTask(&l, 0, 0)
	set(tr)
	err = w.Write(tr)
	w.Abort()
	return d, err
}
