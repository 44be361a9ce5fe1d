package plots

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// dropColumn removes the named column from one table.
func dropColumn(table, name string) func(string, []column) []column {
	return func(tb string, cols []column) []column {
		if tb != table {
			return cols
		}
		return slices.DeleteFunc(cols, func(c column) bool { return c.field.Name == name })
	}
}

// nullColumn makes every value of a float column null.
func nullColumn(table, name string) func(string, []column) []column {
	return func(tb string, cols []column) []column {
		if tb != table {
			return cols
		}
		for i, c := range cols {
			if c.field.Name == name {
				v := make([]float64, len(c.f64))
				for k := range v {
					v[k] = nan()
				}
				cols[i].f64 = v
			}
		}
		return cols
	}
}

// emptyTable keeps the columns of a table and drops every row.
func emptyTable(table string) func(string, []column) []column {
	return func(tb string, cols []column) []column {
		if tb != table {
			return cols
		}
		for i := range cols {
			c := &cols[i]
			switch {
			case c.f64 != nil:
				c.f64 = []float64{}
			case c.i64 != nil:
				c.i64 = []int64{}
			case c.i32 != nil:
				c.i32 = []int32{}
			case c.boo != nil:
				c.boo = []float64{}
			default:
				c.str = []string{}
			}
		}
		return cols
	}
}

// retype turns a string column into an int64 column of zeros.
func retype(table, name string) func(string, []column) []column {
	return func(tb string, cols []column) []column {
		if tb != table {
			return cols
		}
		for i, c := range cols {
			if c.field.Name == name {
				cols[i] = column{field: arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int64}, i64: make([]int64, len(c.str))}
			}
		}
		return cols
	}
}

func TestDrawErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(string, []column) []column
		after  func(t *testing.T, dir string)
		want   []string // substrings of the error
	}{
		{"no summary", nil, func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "summary.parquet")) }, []string{"summary.parquet"}},
		{"not parquet", nil, func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "summary.parquet"), []byte("point,mean\n"), 0o644)
		}, []string{"summary.parquet", "not a Parquet file"}},
		{"summary without mean", dropColumn("summary", "mean"), nil, []string{"summary.parquet", `missing column "mean"`}},
		{"summary without outcome", dropColumn("summary", "outcome"), nil, []string{"summary.parquet", `missing column "outcome"`}},
		{"summary empty", emptyTable("summary"), nil, []string{"summary.parquet", "no rows"}},
		{"summary mean all null", nullColumn("summary", "mean"), nil, []string{"summary.parquet", `column "mean" is all null`}},
		{"summary architecture not a string", retype("summary", "architecture"), nil, []string{"summary.parquet", `column "architecture"`, "want a string"}},
		{"contrasts without p_a_better", dropColumn("contrasts", "p_a_better"), nil, []string{"contrasts.parquet", `missing column "p_a_better"`}},
		{"contrasts mean_diff all null", nullColumn("contrasts", "mean_diff"), nil, []string{"contrasts.parquet", `"mean_diff" is all null`}},
		{"contrasts empty", emptyTable("contrasts"), nil, []string{"contrasts.parquet", "no rows"}},
		{"runs without outcome", dropColumn("runs", "deterrence_success"), nil, []string{"part-00000.parquet", `missing column "deterrence_success"`}},
		{"runs outcome all null", nullColumn("runs", "deterrence_success"), nil, []string{"part-00000.parquet", `"deterrence_success" is all null`}},
		{"runs empty", emptyTable("runs"), nil, []string{"part-00000.parquet", "no rows"}},
		{"swept parameter all null", nullColumn("summary", "us.reliability"), nil, []string{"summary.parquet", `"us.reliability" is all null`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			f := gridFixture()
			f.mutate = tc.mutate
			f.write(t, dir)
			if tc.after != nil {
				tc.after(t, dir)
			}
			meta := Meta{Name: "broken", Seed: 1, Replicates: 24}
			err := Draw(context.Background(), dir, meta)
			if err == nil {
				t.Fatal("Draw: no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Draw: error %q lacks %q", err, w)
				}
			}
			if _, serr := os.Stat(filepath.Join(dir, "plots")); serr == nil {
				t.Error("Draw wrote plots/ despite the error")
			}
			if err := Report(context.Background(), dir, meta); err == nil {
				t.Error("Report: no error")
			}
			if _, serr := os.Stat(filepath.Join(dir, "report.html")); serr == nil {
				t.Error("Report wrote report.html despite the error")
			}
		})
	}
}

func TestReadMetaErrors(t *testing.T) {
	for _, tc := range []struct {
		name, config, manifest string
		want                   string
	}{
		{"no config", "", "", "config.yaml"},
		{"bad yaml", "name: [\n", "", "config.yaml"},
		{"no name", "seed: 1\n", "", `missing key "name"`},
		{"empty manifest", "name: x\nseed: 1\nreplicates: 2\n", "-", "manifest.json"},
		{"bad manifest", "name: x\nseed: 1\nreplicates: 2\n", "{", "manifest.json"},
		{"foreign manifest", "name: x\nseed: 1\nreplicates: 2\n", `{"format": "other/1"}`, `format "other/1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.config != "" {
				os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(tc.config), 0o644)
			}
			switch tc.manifest {
			case "":
			case "-":
				os.WriteFile(filepath.Join(dir, "manifest.json"), nil, 0o644)
			default:
				os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(tc.manifest), 0o644)
			}
			_, err := ReadMeta(dir)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadMeta: error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestReadMeta(t *testing.T) {
	dir := t.TempDir()
	gridFixture().write(t, dir)
	m, err := ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Meta{Name: "fixture-grid", Seed: 20261125, Replicates: 24, ConfigSHA256: m.ConfigSHA256, Points: 16, Architectures: 4}
	if m != want || len(m.ConfigSHA256) != 64 {
		t.Errorf("ReadMeta = %+v, want %+v", m, want)
	}
	// Without the manifest (a run not yet finished), config.yaml suffices.
	os.Remove(filepath.Join(dir, "manifest.json"))
	m, err = ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "fixture-grid" || m.Replicates != 24 || m.ConfigSHA256 != "" || m.Points != 0 {
		t.Errorf("ReadMeta without manifest = %+v", m)
	}
}
