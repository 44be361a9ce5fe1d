package output

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// PointQuantity names a per-point quantity that the summary or contrasts
// table holds: one architecture's replicate mean of an outcome (summary:
// mean, ci_low, ci_high), or the paired mean of a − b (contrasts:
// mean_diff, ci_low, ci_high; the table holds each pair in one order, and
// the other order is read negated, which is exact in floating point).
type PointQuantity struct {
	Outcome      string
	Architecture string // a summary quantity; "" for a contrast
	A, B         string // a contrast a − b
}

func (q PointQuantity) String() string {
	if q.Architecture != "" {
		return q.Architecture + " " + q.Outcome
	}
	return q.A + " - " + q.B + " " + q.Outcome
}

// PointValues are a quantity's value at every design point, in point
// order, with its 95% interval; NaN where the table holds a null.
type PointValues struct {
	Mean, CILow, CIHigh []float64
}

// ReadPointQuantities reads every quantity of qs at every design point from
// the directory's summary and contrasts tables (Parquet), each file once,
// in batches: memory holds three numbers per point and quantity, not the
// tables. Every table read must be this Dataset's (same columns, metadata
// and provenance), and every quantity must have exactly one row per
// point; the errors name the file.
func (d *Dataset) ReadPointQuantities(ctx context.Context, qs []PointQuantity) ([]PointValues, error) {
	n := d.l.NumPoints
	out := make([]PointValues, len(qs))
	seen := make([][]bool, len(qs))
	type hit struct {
		q    int
		sign float64
	}
	summary := map[[2]string]int{}
	// A pair is read in both orders when quantities ask for a − b and
	// b − a: each key lists every quantity it feeds.
	contrasts := map[[3]string][]hit{}
	for k, q := range qs {
		if !checkOutcome(q.Outcome) {
			return nil, fmt.Errorf("output: quantity %s: unknown outcome %q", q, q.Outcome)
		}
		nan := func() []float64 {
			s := make([]float64, n)
			for i := range s {
				s[i] = math.NaN()
			}
			return s
		}
		out[k] = PointValues{Mean: nan(), CILow: nan(), CIHigh: nan()}
		seen[k] = make([]bool, n)
		if q.Architecture != "" {
			summary[[2]string{q.Architecture, q.Outcome}] = k
			continue
		}
		if q.A == "" || q.B == "" || q.A == q.B {
			return nil, fmt.Errorf("output: quantity %s: a contrast needs two different architectures", q)
		}
		if !d.HasContrasts() {
			return nil, fmt.Errorf("output: quantity %s: the directory has one architecture and no contrasts table", q)
		}
		ab, ba := [3]string{q.Outcome, q.A, q.B}, [3]string{q.Outcome, q.B, q.A}
		contrasts[ab] = append(contrasts[ab], hit{k, 1})
		contrasts[ba] = append(contrasts[ba], hit{k, -1})
	}
	set := func(path string, k, p int, mean, lo, hi float64, ok [3]bool, sign float64) error {
		if p < 0 || p >= n {
			return fmt.Errorf("output: %s: point %d is outside the plan's %d points", path, p, n)
		}
		if seen[k][p] {
			return fmt.Errorf("output: %s: two rows for %s at point %d", path, qs[k], p)
		}
		seen[k][p] = true
		v := &out[k]
		if ok[0] {
			v.Mean[p] = sign * mean
		}
		if sign > 0 {
			if ok[1] {
				v.CILow[p] = lo
			}
			if ok[2] {
				v.CIHigh[p] = hi
			}
		} else {
			// −[lo, hi] is [−hi, −lo].
			if ok[2] {
				v.CILow[p] = -hi
			}
			if ok[1] {
				v.CIHigh[p] = -lo
			}
		}
		return nil
	}
	if len(summary) > 0 {
		path := filepath.Join(d.l.Dir, TableSummary+".parquet")
		err := d.readWholeTable(ctx, path, TableSummary, func(c columns) error {
			for i := range c.rows {
				k, ok := summary[[2]string{c.str("architecture", i), c.str("outcome", i)}]
				if !ok {
					continue
				}
				mean, ok0 := c.num("mean", i)
				lo, ok1 := c.num(ColCILow, i)
				hi, ok2 := c.num(ColCIHigh, i)
				if err := set(path, k, c.point(i), mean, lo, hi, [3]bool{ok0, ok1, ok2}, 1); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(contrasts) > 0 {
		path := filepath.Join(d.l.Dir, TableContrasts+".parquet")
		err := d.readWholeTable(ctx, path, TableContrasts, func(c columns) error {
			for i := range c.rows {
				hits := contrasts[[3]string{c.str("outcome", i), c.str(ColArchitectureA, i), c.str(ColArchitectureB, i)}]
				if len(hits) == 0 {
					continue
				}
				mean, ok0 := c.num("mean_diff", i)
				lo, ok1 := c.num(ColCILow, i)
				hi, ok2 := c.num(ColCIHigh, i)
				for _, h := range hits {
					if err := set(path, h.q, c.point(i), mean, lo, hi, [3]bool{ok0, ok1, ok2}, h.sign); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for k, s := range seen {
		for p, ok := range s {
			if !ok {
				table := TableSummary
				if qs[k].Architecture == "" {
					table = TableContrasts
				}
				return nil, fmt.Errorf("output: %s has no row for %s at point %d: the table is incomplete", filepath.Join(d.l.Dir, table+".parquet"), qs[k], p)
			}
		}
	}
	return out, nil
}

// columns gives a batch's columns by name.
type columns struct {
	rec  arrow.RecordBatch
	rows int
	idx  map[string]int
	dict map[string][]string // the dictionary of each dictionary column, decoded once per batch
}

func (c columns) col(name string) arrow.Array { return c.rec.Column(c.idx[name]) }

func (c columns) point(i int) int { return int(c.col("point").(*array.Int32).Value(i)) }

// str reads row i of a dictionary column ("" for a null).
func (c columns) str(name string, i int) string {
	col := c.col(name).(*array.Dictionary)
	if col.IsNull(i) {
		return ""
	}
	return c.dict[name][col.GetValueIndex(i)]
}

// num reads row i of a float64 column; false for a null.
func (c columns) num(name string, i int) (float64, bool) {
	col := c.col(name).(*array.Float64)
	if col.IsNull(i) {
		return 0, false
	}
	return col.Value(i), true
}

// readWholeTable reads the Parquet file path of whole table table in
// batches, checking its schema against the Dataset's, and calls fn on each.
func (d *Dataset) readWholeTable(ctx context.Context, path, table string, fn func(columns) error) (err error) {
	defer RecoverRead(path, &err)
	pf, err := OpenParquet(path)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	defer pf.Close()
	fr, err := NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{BatchSize: readBatchRows}, d.mem)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	sc, err := fr.Schema()
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	want := d.tables[table]
	if err := sameSchema(sc, want); err != nil {
		return fmt.Errorf("output: %s is not this run's %s table: %w", path, table, err)
	}
	idx := map[string]int{}
	for k, f := range want.Fields() {
		idx[f.Name] = k
	}
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	defer rr.Release()
	for rr.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec := rr.RecordBatch()
		c := columns{rec: rec, rows: int(rec.NumRows()), idx: idx, dict: map[string][]string{}}
		for k, f := range want.Fields() {
			if f.Type.ID() != arrow.DICTIONARY {
				continue
			}
			dv := rec.Column(k).(*array.Dictionary).Dictionary().(*array.String)
			vals := make([]string, dv.Len())
			for j := range vals {
				vals[j] = dv.Value(j)
			}
			c.dict[f.Name] = vals
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rr.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	return ctx.Err()
}
