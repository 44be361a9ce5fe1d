package plots

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/output"
)

// maxAnalysisRows caps the rows read from one analysis or calibration
// table. Their rows grow with parameters, quantities, boxes and
// evaluations, never with design points or replicates (a Sobol' table of
// 40 parameters with S2 has about 2,500 rows a quantity; a trace of a
// million evaluations is past what any calibration here runs), so they are
// read whole; past the cap the table is refused rather than drawn.
const maxAnalysisRows = 1 << 20

// smallTable is one analysis table read whole: every column as numbers or
// strings, with its nulls marked. The run tables are streamed instead
// (output.OpenTable); this reader exists because the analysis tables have
// nullable string columns (architecture_b, parameter_b), which a null in
// output.Table.Strings refuses.
type smallTable struct {
	path   string
	rows   int
	fields []string // column names in schema order
	cols   map[string]*smallColumn
}

type smallColumn struct {
	str  []string  // string columns; "" for a null
	num  []float64 // numeric and boolean columns (0 or 1); NaN for a null
	null []bool
	text bool // a string column
}

// readSmallTable reads the Parquet file at path whole, in batches, checking
// ctx between them. Every name in need must be a column; the errors name
// the file and the column.
func readSmallTable(ctx context.Context, path string, need ...string) (st *smallTable, err error) {
	defer output.RecoverRead(path, &err)
	pf, err := output.OpenParquet(path)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", path, err)
	}
	defer pf.Close()
	if n := pf.NumRows(); n > maxAnalysisRows {
		return nil, fmt.Errorf("plots: %s has %d rows; the figures read an analysis table whole and stop at %d", path, n, maxAnalysisRows)
	}
	fr, err := output.NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1 << 14}, memory.DefaultAllocator)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", path, err)
	}
	sc, err := fr.Schema()
	if err != nil {
		return nil, fmt.Errorf("plots: %s: schema: %w", path, err)
	}
	t := &smallTable{path: path, cols: make(map[string]*smallColumn, sc.NumFields())}
	for _, f := range sc.Fields() {
		t.fields = append(t.fields, f.Name)
		t.cols[f.Name] = &smallColumn{}
	}
	for _, name := range need {
		if _, ok := t.cols[name]; !ok {
			return nil, fmt.Errorf("plots: %s: missing column %q", path, name)
		}
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", path, err)
	}
	defer rr.Release()
	for rr.Next() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec := rr.RecordBatch()
		for k, f := range rec.Schema().Fields() {
			if err := t.cols[f.Name].add(rec.Column(k)); err != nil {
				return nil, fmt.Errorf("plots: %s: column %q: %w", path, f.Name, err)
			}
		}
		t.rows += int(rec.NumRows())
	}
	if err := rr.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("plots: %s: reading: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// add appends one batch of a column.
func (c *smallColumn) add(a arrow.Array) error {
	var text func(int) string
	switch v := a.(type) {
	case *array.String:
		text = v.Value
	case *array.LargeString:
		text = v.Value
	case *array.Dictionary:
		var dict []string
		switch d := v.Dictionary().(type) {
		case *array.String:
			for k := range d.Len() {
				dict = append(dict, d.Value(k))
			}
		case *array.LargeString:
			for k := range d.Len() {
				dict = append(dict, d.Value(k))
			}
		default:
			return fmt.Errorf("type %s; want a string or a number", a.DataType())
		}
		text = func(i int) string { return dict[v.GetValueIndex(i)] }
	}
	if text != nil {
		c.text = true
		for i := range a.Len() {
			null := a.IsNull(i)
			s := ""
			if !null {
				s = strings.Clone(text(i))
			}
			c.str = append(c.str, s)
			c.null = append(c.null, null)
		}
		return nil
	}
	var num func(int) float64
	switch v := a.(type) {
	case *array.Float64:
		num = v.Value
	case *array.Float32:
		num = func(i int) float64 { return float64(v.Value(i)) }
	case *array.Int64:
		num = func(i int) float64 { return float64(v.Value(i)) }
	case *array.Int32:
		num = func(i int) float64 { return float64(v.Value(i)) }
	case *array.Boolean:
		num = func(i int) float64 {
			if v.Value(i) {
				return 1
			}
			return 0
		}
	default:
		return fmt.Errorf("type %s; want a string or a number", a.DataType())
	}
	for i := range a.Len() {
		null := a.IsNull(i)
		x := math.NaN()
		if !null {
			x = num(i)
		}
		c.num = append(c.num, x)
		c.null = append(c.null, null)
	}
	return nil
}

// strings returns a string column; a null is "" when nullable, else an
// error naming the row.
func (t *smallTable) strings(name string, nullable bool) ([]string, error) {
	c := t.cols[name]
	if c == nil {
		return nil, fmt.Errorf("plots: %s: missing column %q", t.path, name)
	}
	if !c.text && t.rows > 0 {
		return nil, fmt.Errorf("plots: %s: column %q is not a string column", t.path, name)
	}
	if !nullable {
		if i := firstNull(c.null); i >= 0 {
			return nil, fmt.Errorf("plots: %s: column %q has a null at row %d", t.path, name, i)
		}
	}
	if c.str == nil {
		return make([]string, t.rows), nil
	}
	return c.str, nil
}

// numbers returns a numeric or boolean column, NaN for a null when
// nullable, else an error naming the row.
func (t *smallTable) numbers(name string, nullable bool) ([]float64, error) {
	c := t.cols[name]
	if c == nil {
		return nil, fmt.Errorf("plots: %s: missing column %q", t.path, name)
	}
	if c.text {
		return nil, fmt.Errorf("plots: %s: column %q has strings; want numbers", t.path, name)
	}
	if !nullable {
		if i := firstNull(c.null); i >= 0 {
			return nil, fmt.Errorf("plots: %s: column %q has a null at row %d", t.path, name, i)
		}
	}
	if c.num == nil {
		return make([]float64, t.rows), nil
	}
	return c.num, nil
}

func firstNull(null []bool) int {
	for i, n := range null {
		if n {
			return i
		}
	}
	return -1
}
