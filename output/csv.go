package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/engine"
)

// CSV tables are for spreadsheets: a header row, nulls as empty cells,
// reals in the shortest form that reads back to the same float64,
// categorical columns as their names.

// writeCSVHeader writes the header row: the column names of sc.
func writeCSVHeader(w *csv.Writer, sc *arrow.Schema) error {
	row := make([]string, sc.NumFields())
	for k, f := range sc.Fields() {
		row[k] = f.Name
	}
	return w.Write(row)
}

// writeCSVRows writes the rows of rec.
func writeCSVRows(w *csv.Writer, rec arrow.RecordBatch) error {
	row := make([]string, rec.NumCols())
	for i := 0; i < int(rec.NumRows()); i++ {
		for k, col := range rec.Columns() {
			row[k] = cell(col, i)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// cell renders row i of col for CSV.
func cell(col arrow.Array, i int) string {
	if col.IsNull(i) {
		return ""
	}
	switch c := col.(type) {
	case *array.Float64:
		return strconv.FormatFloat(c.Value(i), 'g', -1, 64)
	case *array.Int64:
		return strconv.FormatInt(c.Value(i), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(c.Value(i)), 10)
	case *array.Boolean:
		return strconv.FormatBool(c.Value(i))
	case *array.String:
		return c.Value(i)
	case *array.Dictionary:
		return cell(c.Dictionary(), c.GetValueIndex(i))
	}
	panic(fmt.Sprintf("output: cell: unexpected column type %s", col.DataType()))
}

// typeName is a column's type as the codebook shows it.
func typeName(dt arrow.DataType) string {
	if d, ok := dt.(*arrow.DictionaryType); ok {
		return fmt.Sprintf("dictionary<%s, %s>", d.IndexType, d.ValueType)
	}
	return dt.String()
}

// writeCodebook writes codebook.csv: every column of every table the
// Dataset writes, with its type and the metadata most readers hide, then
// the columns of extra (the analysis tables, when there are some).
func (d *Dataset) writeCodebook(extra ...namedSchema) error {
	var tables []namedSchema
	for _, table := range append(d.PartTables(), d.WholeTables()...) {
		tables = append(tables, namedSchema{table, d.tables[table]})
	}
	return writeCodebookFile(d.fs, filepath.Join(d.l.Dir, CodebookName), append(tables, extra...))
}

// outcomeBetter is each outcome's direction, by column name.
var outcomeBetter = func() map[string]engine.Direction {
	m := make(map[string]engine.Direction, len(engine.Outcomes))
	for _, o := range engine.Outcomes {
		m[o.Name] = o.Better
	}
	return m
}()

// betterOf is the codebook's better column: "higher" or "lower" for an
// outcome where that value is better (what p_a_better, the contrasts'
// probability that a is better, reads), "none" for an outcome with no
// better direction, and "" for a column that is not an outcome.
func betterOf(name string) string {
	d, ok := outcomeBetter[name]
	switch {
	case !ok:
		return ""
	case d == engine.HigherBetter:
		return "higher"
	case d == engine.LowerBetter:
		return "lower"
	}
	return "none"
}

// writeCodebookFile writes the codebook of tables to path, atomically.
func writeCodebookFile(fs FileSystem, path string, tables []namedSchema) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	// nullable and better come last, so that readers of the first seven
	// columns keep working.
	_ = w.Write([]string{"table", "name", "type", "unit", "range", "description", "source", "nullable", "better"})
	for _, t := range tables {
		for _, f := range t.schema.Fields() {
			md := f.Metadata
			get := func(key string) string {
				if k := md.FindKey(key); k >= 0 {
					return md.Values()[k]
				}
				return ""
			}
			_ = w.Write([]string{t.name, f.Name, typeName(f.Type), get(MetaUnit), get(MetaRange), get(MetaDescription), get(MetaSource),
				strconv.FormatBool(f.Nullable), betterOf(f.Name)})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	return writeFileAtomic(fs, path, buf.Bytes())
}
