package plots

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// table is the columns of one Parquet file, read into memory. The arrow
// Table is released by Close; the extracted slices outlive it.
type table struct {
	path   string
	schema *arrow.Schema // as stored (dictionary types and field metadata survive)
	tbl    arrow.Table
}

// openTable reads the named columns of the Parquet file at path (all columns
// when names is nil). A missing column or a file with no rows is an error that
// names the file and the column.
func openTable(path string, names []string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("plots: %w", err)
	}
	defer f.Close()
	pf, err := file.NewParquetReader(f, file.WithReadProps(parquet.NewReaderProperties(memory.DefaultAllocator)))
	if err != nil {
		return nil, fmt.Errorf("plots: %s: not a Parquet file: %w", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", path, err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return nil, fmt.Errorf("plots: %s: schema: %w", path, err)
	}
	if pf.NumRows() == 0 {
		return nil, fmt.Errorf("plots: %s: the table has no rows", path)
	}
	if names == nil {
		for _, fld := range schema.Fields() {
			names = append(names, fld.Name)
		}
	}
	leaves := make([]int, 0, len(names))
	for _, name := range names {
		i := fieldIndex(schema, name)
		if i < 0 {
			return nil, fmt.Errorf("plots: %s: missing column %q", path, name)
		}
		sf := fr.Manifest.Fields[i]
		if !sf.IsLeaf() {
			return nil, fmt.Errorf("plots: %s: column %q is nested; want a flat column", path, name)
		}
		leaves = append(leaves, sf.ColIndex)
	}
	rgs := make([]int, pf.NumRowGroups())
	for i := range rgs {
		rgs[i] = i
	}
	tbl, err := fr.ReadRowGroups(context.Background(), leaves, rgs)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: reading: %w", path, err)
	}
	return &table{path: path, schema: schema, tbl: tbl}, nil
}

// fieldIndex returns the index of the field called name, or -1. Parameter
// names contain dots, so this never splits a name into a nested path.
func fieldIndex(s *arrow.Schema, name string) int {
	for i, f := range s.Fields() {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Close releases the arrow memory.
func (t *table) Close() {
	if t.tbl != nil {
		t.tbl.Release()
		t.tbl = nil
	}
}

func (t *table) rows() int { return int(t.tbl.NumRows()) }

// column returns the chunks of the column called name.
func (t *table) column(name string) ([]arrow.Array, error) {
	for i := range int(t.tbl.NumCols()) {
		c := t.tbl.Column(i)
		if c.Name() == name {
			return c.Data().Chunks(), nil
		}
	}
	return nil, fmt.Errorf("plots: %s: missing column %q", t.path, name)
}

// unit returns the `unit` field metadata of the column, or "".
func (t *table) unit(name string) string {
	i := fieldIndex(t.schema, name)
	if i < 0 {
		return ""
	}
	md := t.schema.Field(i).Metadata
	if k := md.FindKey("unit"); k >= 0 {
		return md.Values()[k]
	}
	return ""
}

// floats returns the column as float64, NaN for null. Integer columns are
// converted. allowNull false makes any null an error; an all-null column is
// always an error.
func (t *table) floats(name string, allowNull bool) ([]float64, error) {
	chunks, err := t.column(name)
	if err != nil {
		return nil, err
	}
	out := make([]float64, 0, t.rows())
	nulls := 0
	for _, ch := range chunks {
		for i := range ch.Len() {
			if ch.IsNull(i) {
				out = append(out, math.NaN())
				nulls++
				continue
			}
			var v float64
			switch a := ch.(type) {
			case *array.Float64:
				v = a.Value(i)
			case *array.Float32:
				v = float64(a.Value(i))
			case *array.Int64:
				v = float64(a.Value(i))
			case *array.Int32:
				v = float64(a.Value(i))
			case *array.Boolean:
				if a.Value(i) {
					v = 1
				}
			default:
				return nil, fmt.Errorf("plots: %s: column %q has type %s; want a number", t.path, name, ch.DataType())
			}
			out = append(out, v)
		}
	}
	if nulls == len(out) {
		return nil, fmt.Errorf("plots: %s: column %q is all null", t.path, name)
	}
	if nulls > 0 && !allowNull {
		return nil, fmt.Errorf("plots: %s: column %q has %d null values; want none", t.path, name, nulls)
	}
	return out, nil
}

// ints returns an integer column (int32 or int64) with no nulls.
func (t *table) ints(name string) ([]int64, error) {
	chunks, err := t.column(name)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, t.rows())
	for _, ch := range chunks {
		for i := range ch.Len() {
			if ch.IsNull(i) {
				return nil, fmt.Errorf("plots: %s: column %q has a null at row %d", t.path, name, len(out))
			}
			switch a := ch.(type) {
			case *array.Int64:
				out = append(out, a.Value(i))
			case *array.Int32:
				out = append(out, int64(a.Value(i)))
			default:
				return nil, fmt.Errorf("plots: %s: column %q has type %s; want an integer", t.path, name, ch.DataType())
			}
		}
	}
	return out, nil
}

// strings returns a string column, plain (utf8, large_utf8) or
// dictionary-encoded, with no nulls.
func (t *table) strings(name string) ([]string, error) {
	chunks, err := t.column(name)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, t.rows())
	for _, ch := range chunks {
		var value func(int) (string, bool)
		switch a := ch.(type) {
		case *array.String:
			value = func(i int) (string, bool) { return a.Value(i), true }
		case *array.LargeString:
			value = func(i int) (string, bool) { return a.Value(i), true }
		case *array.Dictionary:
			value = func(i int) (string, bool) {
				idx := a.GetValueIndex(i)
				switch d := a.Dictionary().(type) {
				case *array.String:
					return d.Value(idx), true
				case *array.LargeString:
					return d.Value(idx), true
				}
				return "", false
			}
		default:
			return nil, fmt.Errorf("plots: %s: column %q has type %s; want a string", t.path, name, ch.DataType())
		}
		for i := range ch.Len() {
			if ch.IsNull(i) {
				return nil, fmt.Errorf("plots: %s: column %q has a null at row %d", t.path, name, len(out))
			}
			s, ok := value(i)
			if !ok {
				return nil, fmt.Errorf("plots: %s: column %q has type %s; want a string dictionary", t.path, name, ch.DataType())
			}
			out = append(out, s)
		}
	}
	return out, nil
}
