package experiments

import (
	"context"
	"encoding/csv"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// The results contract as a researcher reads it (README, "What a results
// directory holds" and "Analyse in Python or R"; docs/model.md sec. 13 for
// the outcome columns, sec. 19 for the primary contrasts): the tests below
// read a results directory with
// arrow-go's generic readers and encoding/csv only, naming tables and
// columns by the strings the documents use, not by the writer's constants.

// twinsCfg asks for every table a grid run writes, with both primary
// contrasts and treaties that form and that do not.
const twinsCfg = `name: twins
seed: 11
replicates: 4
periods: 20
architectures: [none, treaty, layered, treaty_plus_cells]
sweep:
  design: grid
  parameters:
    us.reliability: [0.4, 0.8]
output:
  formats: [parquet, arrow]
  tables: [runs, summary, contrasts, trajectories, states]
  plots: false
  part_tasks: 3
`

// twinsSaCfg adds the analysis tables.
const twinsSaCfg = `name: twins-sa
seed: 5
replicates: 2
periods: 12
architectures: [treaty, layered]
sweep:
  design: saltelli
  samples: 4
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    adversary.threshold: {min: 0.8, max: 1.3}
analysis:
  quantities:
    - {outcome: severity_loss, contrast: [layered, treaty]}
  sensitivity: {bootstrap: 40}
  discovery:
    quantity: {outcome: severity_loss, contrast: [layered, treaty]}
    condition: {above: 0}
output:
  formats: [parquet, arrow]
  plots: false
`

// runConfig runs the config text into a fresh directory.
func runConfig(t *testing.T, text string) string {
	t.Helper()
	base := t.TempDir()
	path := filepath.Join(base, "exp.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	plan, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "out")
	if _, err := Run(context.Background(), plan, RunOptions{Dir: dir, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readTable is a Parquet file as the Arrow schema stored in it (field and
// schema metadata included), its columns concatenated, and the reader of
// its row groups.
type parquetTable struct {
	schema *arrow.Schema
	cols   []arrow.Array
	rows   int
	pf     *file.Reader
}

func readParquetTable(t *testing.T, path string) parquetTable {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pf.Close() })
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := fr.Schema()
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	pt := parquetTable{schema: sc, rows: int(tbl.NumRows()), pf: pf}
	for i := range int(tbl.NumCols()) {
		pt.cols = append(pt.cols, concatChunks(t, tbl.Column(i).DataType(), tbl.Column(i).Data().Chunks()))
	}
	return pt
}

func concatChunks(t *testing.T, dt arrow.DataType, chunks []arrow.Array) arrow.Array {
	t.Helper()
	if len(chunks) == 0 {
		return array.MakeArrayOfNull(memory.DefaultAllocator, dt, 0)
	}
	a, err := array.Concatenate(chunks, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// readArrowTable reads an Arrow IPC file the same way.
func readArrowTable(t *testing.T, path string) (*arrow.Schema, []arrow.Array, int) {
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
	sc := r.Schema()
	chunks := make([][]arrow.Array, sc.NumFields())
	rows := 0
	for i := range r.NumRecords() {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows += int(rec.NumRows())
		for k := range chunks {
			chunks[k] = append(chunks[k], rec.Column(k))
		}
	}
	cols := make([]arrow.Array, len(chunks))
	for k := range chunks {
		cols[k] = concatChunks(t, sc.Field(k).Type, chunks[k])
	}
	return sc, cols, rows
}

// value renders row i of a column exactly: reals by their bits, nulls as
// "null", categories by name.
func value(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return "null"
	}
	switch c := a.(type) {
	case *array.Float64:
		return "f" + strconv.FormatUint(math.Float64bits(c.Value(i)), 16)
	case *array.Int64:
		return strconv.FormatInt(c.Value(i), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(c.Value(i)), 10)
	case *array.Boolean:
		return strconv.FormatBool(c.Value(i))
	case *array.String:
		return "s" + c.Value(i)
	case *array.Dictionary:
		return value(c.Dictionary(), c.GetValueIndex(i))
	}
	return "unsupported " + a.DataType().String()
}

// csvValue renders a CSV cell as value renders its column's row: an empty
// cell is null, reals are parsed back to their bits.
func csvValue(dt arrow.DataType, cell string) string {
	if cell == "" {
		return "null"
	}
	switch dt.ID() {
	case arrow.FLOAT64:
		x, err := strconv.ParseFloat(cell, 64)
		if err != nil {
			return "unparsable " + cell
		}
		return "f" + strconv.FormatUint(math.Float64bits(x), 16)
	case arrow.STRING, arrow.DICTIONARY:
		return "s" + cell
	}
	return cell
}

// fieldMeta is a field's metadata without the Parquet reader's field id.
func fieldMeta(m arrow.Metadata) map[string]string {
	out := map[string]string{}
	for i, k := range m.Keys() {
		if k != "PARQUET:field_id" {
			out[k] = m.Values()[i]
		}
	}
	return out
}

// codebookType is a column's type as a codebook reader would expect it.
func codebookType(dt arrow.DataType) string {
	if d, ok := dt.(*arrow.DictionaryType); ok {
		return "dictionary<" + d.IndexType.String() + ", " + d.ValueType.String() + ">"
	}
	return dt.String()
}

// checkResultsTables checks every Parquet table of dir against its Arrow
// twin, its CSV twin where there is one, the codebook and the Formats
// contract, and returns the tables found (name -> schema and rows).
func checkResultsTables(t *testing.T, dir string) map[string]parquetTable {
	t.Helper()
	cbf, err := os.Open(filepath.Join(dir, "codebook.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cbRows, err := csv.NewReader(cbf).ReadAll()
	cbf.Close()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"table", "name", "type", "unit", "range", "description"}; len(cbRows) == 0 || !slices.Equal(cbRows[0][:len(want)], want) {
		t.Fatalf("codebook header %v, want it to start %v", cbRows[0], want)
	}
	codebook := map[[2]string][]string{}
	for _, r := range cbRows[1:] {
		codebook[[2]string{r[0], r[1]}] = r
	}
	seen := map[[2]string]bool{}

	var files []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && rel == "arrow" {
			return fs.SkipDir
		}
		if strings.HasSuffix(rel, ".parquet") {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]parquetTable{}
	for _, rel := range files {
		table := strings.TrimSuffix(rel, ".parquet")
		if dir, base := filepath.Split(table); strings.HasPrefix(base, "part-") {
			table = strings.TrimSuffix(dir, "/")
		}
		pt := readParquetTable(t, filepath.Join(dir, rel))
		if prev, ok := tables[table]; ok {
			if !prev.schema.Equal(pt.schema) {
				t.Errorf("%s: the parts of %s differ in schema", rel, table)
			}
			prev.rows += pt.rows
			tables[table] = prev
		} else {
			tables[table] = pt
		}
		sc := pt.schema
		// Schema metadata: config hash, engine version, model version.
		for _, k := range []string{"pactsim.config_sha256", "pactsim.engine_version", "pactsim.model_version"} {
			if v, ok := sc.Metadata().GetValue(k); !ok || v == "" {
				t.Errorf("%s: schema metadata lacks %s", rel, k)
			}
		}
		// zstd everywhere.
		for rg := range pt.pf.NumRowGroups() {
			md := pt.pf.MetaData().RowGroup(rg)
			for c := range md.NumColumns() {
				cc, err := md.ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				if cc.Compression() != compress.Codecs.Zstd {
					t.Errorf("%s: row group %d column %d is %v, not zstd", rel, rg, c, cc.Compression())
				}
			}
		}
		for k, f := range sc.Fields() {
			md := fieldMeta(f.Metadata)
			for _, key := range []string{"description", "unit", "range"} {
				if _, ok := md[key]; !ok {
					t.Errorf("%s: column %s has no %q field metadata", rel, f.Name, key)
				}
			}
			if md["description"] == "" || md["unit"]+md["range"] == "" {
				t.Errorf("%s: column %s lacks a description, or both unit and range: %v", rel, f.Name, md)
			}
			if f.Type.ID() == arrow.STRING {
				t.Errorf("%s: categorical column %s is a plain string, not dictionary-encoded", rel, f.Name)
			}
			key := [2]string{table, f.Name}
			seen[key] = true
			if r, ok := codebook[key]; !ok {
				t.Errorf("codebook.csv has no row for %s.%s", table, f.Name)
			} else if r[2] != codebookType(f.Type) || r[3] != md["unit"] || r[4] != md["range"] || r[5] != md["description"] {
				t.Errorf("codebook.csv row %v disagrees with %s's %s: %s %v", r, rel, f.Name, f.Type, md)
			}
			col := pt.cols[k]
			if !f.Nullable && col.NullN() > 0 {
				t.Errorf("%s: column %s is not nullable but holds %d nulls", rel, f.Name, col.NullN())
			}
			if c, ok := col.(*array.Float64); ok {
				for i := range c.Len() {
					if c.IsValid(i) && (math.IsNaN(c.Value(i)) || math.IsInf(c.Value(i), 0)) {
						t.Errorf("%s: %s row %d is %v, not null", rel, f.Name, i, c.Value(i))
						break
					}
				}
			}
		}

		// The Arrow twin: the same schema, metadata and values.
		arel := "arrow/" + strings.TrimSuffix(rel, ".parquet") + ".arrow"
		if strings.HasPrefix(rel, "calibration/") {
			arel = strings.TrimSuffix(rel, ".parquet") + ".arrow"
		}
		asc, acols, arows := readArrowTable(t, filepath.Join(dir, arel))
		if !slices.Equal(asc.Metadata().Keys(), sc.Metadata().Keys()) || !slices.Equal(asc.Metadata().Values(), sc.Metadata().Values()) {
			t.Errorf("%s: schema metadata %v, Parquet's %v", arel, asc.Metadata(), sc.Metadata())
		}
		if asc.NumFields() != sc.NumFields() || arows != pt.rows {
			t.Errorf("%s: %d columns and %d rows, Parquet has %d and %d", arel, asc.NumFields(), arows, sc.NumFields(), pt.rows)
			continue
		}
		for k, f := range sc.Fields() {
			g := asc.Field(k)
			if g.Name != f.Name || !arrow.TypeEqual(g.Type, f.Type) || g.Nullable != f.Nullable {
				t.Errorf("%s: column %d is %s %s (nullable %t), Parquet's %s %s (nullable %t)", arel, k, g.Name, g.Type, g.Nullable, f.Name, f.Type, f.Nullable)
				continue
			}
			if a, b := fieldMeta(g.Metadata), fieldMeta(f.Metadata); !mapsEqual(a, b) {
				t.Errorf("%s: %s field metadata %v, Parquet's %v", arel, f.Name, a, b)
			}
			for i := range pt.rows {
				if a, b := value(acols[k], i), value(pt.cols[k], i); a != b {
					t.Errorf("%s: %s row %d is %s, Parquet's %s", arel, f.Name, i, a, b)
					break
				}
			}
		}

		// The CSV twin, for spreadsheets (whole tables only).
		crel := strings.TrimSuffix(rel, ".parquet") + ".csv"
		data, err := os.ReadFile(filepath.Join(dir, crel))
		if err != nil {
			continue
		}
		rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
		if err != nil {
			t.Errorf("%s: %v", crel, err)
			continue
		}
		var names []string
		for _, f := range sc.Fields() {
			names = append(names, f.Name)
		}
		if !slices.Equal(rows[0], names) || len(rows)-1 != pt.rows {
			t.Errorf("%s: header %v and %d rows; Parquet has %v and %d", crel, rows[0], len(rows)-1, names, pt.rows)
			continue
		}
		for k, f := range sc.Fields() {
			for i := range pt.rows {
				if a, b := csvValue(f.Type, rows[i+1][k]), value(pt.cols[k], i); a != b {
					t.Errorf("%s: %s row %d is %q (%s), Parquet's %s", crel, f.Name, i, rows[i+1][k], a, b)
					break
				}
			}
		}
	}
	for key := range codebook {
		if !seen[key] {
			t.Errorf("codebook.csv describes %s.%s, which no table has", key[0], key[1])
		}
	}
	return tables
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// wantColumns checks that table has the columns, each of the type given
// (by its codebook spelling), in any order among others.
func wantColumns(t *testing.T, tables map[string]parquetTable, table string, cols map[string]string) {
	t.Helper()
	pt, ok := tables[table]
	if !ok {
		t.Errorf("no %s table", table)
		return
	}
	for name, typ := range cols {
		k := pt.schema.FieldIndices(name)
		if len(k) != 1 {
			t.Errorf("%s has no column %s", table, name)
			continue
		}
		if got := codebookType(pt.schema.Field(k[0]).Type); got != typ {
			t.Errorf("%s.%s is %s, want %s", table, name, got, typ)
		}
	}
}

// TestResultsContract: every table the contract promises for a grid run
// with trajectories and states, and for a saltelli run with analyses, is
// there with the promised columns and types; every Parquet file is zstd
// with the schema metadata and per-column description, unit and range;
// the codebook describes exactly the columns there are, as their metadata
// does; no real is NaN or infinite; the Arrow IPC twin of every table holds
// the same schema, metadata and values bit for bit, and so does the CSV of
// every whole table; the contrasts lead with layered − treaty, then
// treaty_plus_cells − layered (the results contract's order).
func TestResultsContract(t *testing.T) {
	t.Parallel()
	dict, i32, i64, f64, boolean := "dictionary<int32, utf8>", "int32", "int64", "float64", "bool"
	t.Run("grid", func(t *testing.T) {
		t.Parallel()
		dir := runConfig(t, twinsCfg)
		tables := checkResultsTables(t, dir)
		var names []string
		for n := range tables {
			names = append(names, n)
		}
		slices.Sort(names)
		want := []string{"contrasts", "contrasts_by_formation", "points", "runs", "states", "summary", "summary_by_formation", "trajectories"}
		if !slices.Equal(names, want) {
			t.Errorf("tables %v, want %v", names, want)
		}
		for _, csvName := range []string{"summary.csv", "contrasts.csv", "summary_by_formation.csv", "contrasts_by_formation.csv"} {
			if _, err := os.Stat(filepath.Join(dir, csvName)); err != nil {
				t.Errorf("no %s: %v", csvName, err)
			}
		}
		head := map[string]string{"point": i32, "us.reliability": f64}
		with := func(m map[string]string) map[string]string {
			out := map[string]string{}
			for k, v := range head {
				out[k] = v
			}
			for k, v := range m {
				out[k] = v
			}
			return out
		}
		wantColumns(t, tables, "runs", with(map[string]string{"replicate": i32, "architecture": dict, "seed": i64,
			"deterrence_success": f64, "severity_loss": f64, "treaty_formed": boolean, "treaty_formed_period": i64}))
		wantColumns(t, tables, "summary", with(map[string]string{"architecture": dict, "outcome": dict, "n": i64,
			"mean": f64, "sd": f64, "se": f64, "ci_low": f64, "ci_high": f64}))
		contrastCols := map[string]string{"outcome": dict, "architecture_a": dict, "architecture_b": dict, "n": i64,
			"mean_diff": f64, "ci_low": f64, "ci_high": f64, "p_a_better": f64, "p_tie": f64}
		wantColumns(t, tables, "contrasts", with(contrastCols))
		contrastCols["stratum"], contrastCols["stratified_by"] = dict, dict
		wantColumns(t, tables, "contrasts_by_formation", with(contrastCols))
		wantColumns(t, tables, "summary_by_formation", with(map[string]string{"stratum": dict, "stratified_by": dict,
			"architecture": dict, "outcome": dict, "n": i64, "mean": f64}))
		wantColumns(t, tables, "points", head)
		wantColumns(t, tables, "states", map[string]string{"point": i32, "replicate": i32, "architecture": dict,
			"state": dict, "role": dict,
			"challenges_received": i64, "challenges_received_grey_zone": i64, "challenges_received_economic": i64,
			"challenges_received_blockade": i64, "challenges_received_armed": i64, "fait_accompli_suffered": i64,
			"economic_loss": f64, "treaty_member": boolean, "cells": i64, "alliance_ban": boolean})
		wantColumns(t, tables, "trajectories", map[string]string{"point": i32, "replicate": i32, "architecture": dict, "period": i32})

		// The primary contrasts come first, layered − treaty first as the
		// results contract fixes.
		c := tables["contrasts"]
		ia, ib := c.schema.FieldIndices("architecture_a")[0], c.schema.FieldIndices("architecture_b")[0]
		var pairs []string
		for i := range c.rows {
			p := value(c.cols[ia], i) + "-" + value(c.cols[ib], i)
			if !slices.Contains(pairs, p) {
				pairs = append(pairs, p)
			}
		}
		if len(pairs) < 2 || pairs[0] != "slayered-streaty" || pairs[1] != "streaty_plus_cells-slayered" {
			t.Errorf("contrast pairs in order %v, want layered − treaty, then treaty_plus_cells − layered, first", pairs)
		}
		// Both strata occur, so the stratified tables are not trivially empty.
		sf := tables["summary_by_formation"]
		is := sf.schema.FieldIndices("stratum")[0]
		strata := map[string]bool{}
		for i := range sf.rows {
			strata[value(sf.cols[is], i)] = true
		}
		if !strata["streaty_formed"] || !strata["streaty_not_formed"] {
			t.Errorf("strata %v, want both treaty_formed and treaty_not_formed", strata)
		}
	})
	t.Run("analyses", func(t *testing.T) {
		t.Parallel()
		dir := runConfig(t, twinsSaCfg)
		tables := checkResultsTables(t, dir)
		wantColumns(t, tables, "sensitivity", map[string]string{"method": dict, "outcome": dict, "architecture_a": dict,
			"architecture_b": dict, "parameter": dict, "parameter_b": dict, "index": dict, "estimate": f64,
			"ci_low": f64, "ci_high": f64, "n": i64})
		wantColumns(t, tables, "discovery", map[string]string{"box": i64, "coverage": f64, "density": f64, "mass": f64,
			"restricted": i64, "selected": boolean})
		wantColumns(t, tables, "discovery_limits", map[string]string{"box": i64, "parameter": dict, "low": f64,
			"high": f64, "restricted": boolean})
	})
}
