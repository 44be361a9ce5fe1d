package output

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/engine"
)

// This file is the results contract as code: the column names of every
// table, the primary contrast, and one reader of the tables. Everything that
// reads a results directory (output/plots, analyses) names columns through
// these identifiers, so that renaming a column breaks the readers at compile
// time instead of at run time. schema.go builds every schema from them.
//
// Swept parameters are columns too, under their exact dotted names
// (us.reliability); they are not constants because the config chooses them
// (see SweptColumns). Runs outcome columns are the names of engine.Outcomes.

// Columns shared by several tables.
const (
	ColPoint        = "point"        // runs, summary, contrasts, points, trajectories, states
	ColReplicate    = "replicate"    // runs, trajectories, states
	ColArchitecture = "architecture" // runs, summary, trajectories, states
	ColSeed         = "seed"         // runs
	ColOutcome      = "outcome"      // summary, contrasts
	ColN            = "n"            // summary, contrasts
	ColCILow        = "ci_low"       // summary, contrasts
	ColCIHigh       = "ci_high"      // summary, contrasts
)

// Columns of the summary table (besides the shared ones).
const (
	ColMean = "mean"
	ColSD   = "sd"
	ColSE   = "se"
)

// Columns of the contrasts table (besides the shared ones).
const (
	ColArchitectureA = "architecture_a"
	ColArchitectureB = "architecture_b"
	ColMeanDiff      = "mean_diff"
	ColPABetter      = "p_a_better"
	ColPTie          = "p_tie"
)

// Columns of the trajectories table, one per field of engine.PeriodRecord.
// Some share a name with a runs outcome but count one period, not a run.
const (
	ColPeriod              = "period"
	ColPeriodChallenges    = "challenges"
	ColPeriodRepelled      = "repelled"
	ColPeriodFaitAccompli  = "fait_accompli"
	ColPeriodWars          = "wars"
	ColPeriodTension       = "tension"
	ColPeriodVisibility    = "visibility"
	ColPeriodUSReliability = "us_reliability"
	ColPeriodMeanBelief    = "mean_belief"
	ColPeriodMembers       = "members"
	ColPeriodInterop       = "interop"
)

// Columns of the states table, one per field of engine.StateRecord after
// the state's index, name and role.
const (
	ColStateIndex         = "state_index"
	ColState              = "state"
	ColRole               = "role"
	ColStateCapability    = "capability"
	ColStateBelief0       = "belief0"
	ColStateAutonomy      = "autonomy"
	ColStateThreat        = "threat"
	ColStateExposure      = "exposure"
	ColStateLegal         = "legal"
	ColStateRiskTolerance = "risk_tolerance"
	ColStateMechanisms    = "mechanisms"
	ColStateBeliefEnd     = "belief_end"
	ColStateInteropEnd    = "interop_end"
	ColStateCommitted     = "committed"
	ColStateHonoured      = "honoured"
	// Model 2.0 (README, "What a results directory holds"; docs/model.md sec. 13).
	ColStateChallengesReceived    = "challenges_received"
	ColStateChallengesGreyZone    = "challenges_received_grey_zone"
	ColStateChallengesEconomic    = "challenges_received_economic"
	ColStateChallengesBlockade    = "challenges_received_blockade"
	ColStateChallengesArmed       = "challenges_received_armed"
	ColStateChallengesMilitarised = "challenges_received_militarised"
	ColStateFaitAccompliSuffered  = "fait_accompli_suffered"
	ColStateEconomicLoss          = "economic_loss"
	ColStateHazardReceived        = "hazard_received"
	ColStateTreatyMember          = "treaty_member"
	ColStateCells                 = "cells"
	ColStateAllianceBan           = "alliance_ban"
	ColStateAutonomyEnd           = "autonomy_end"
	ColStateSpendingEnd           = "spending_end"
	ColStateReadinessEnd          = "readiness_end"
)

// The primary contrasts (docs/model.md sec. 19 "Estimand and ablation";
// docs/model.md sec. 21). PrimaryAddsA − PrimaryAddsB, treaty_plus_cells −
// layered, is what a treaty adds to the cells: the contrast the debate is
// about. PrimaryA − PrimaryB, layered − treaty, is 1.1's headline, which
// confounds the treaty with the cells; it is reported beside the first. The
// contrasts table lists them first when their architectures ran,
// layered − treaty first as the results contract fixes (README, "What a
// results directory holds"; TablePrimaryPairs), and the figures and report
// lead with them, what a treaty adds first (PrimaryPairs), in
// PrimaryOutcome and SecondaryOutcome.
const (
	PrimaryAddsA     = "treaty_plus_cells"
	PrimaryAddsB     = "layered"
	PrimaryA         = "layered"
	PrimaryB         = "treaty"
	PrimaryOutcome   = engine.DeterrenceSuccess
	SecondaryOutcome = engine.SeverityLoss
)

// PrimaryPairs are the primary contrasts (a, b), in the order the figures
// and the report show them: what a treaty adds, then layered − treaty.
var PrimaryPairs = [][2]string{{PrimaryAddsA, PrimaryAddsB}, {PrimaryA, PrimaryB}}

// TablePrimaryPairs are the primary contrasts in the order the contrasts
// table (and the tables by formation, the contributions and the
// break-even values) lists them: layered − treaty first, as the results
// contract has fixed since 1.1 ("layered − treaty first, then other pairs
// as later-minus-earlier in config order"), then what a treaty adds,
// oriented treaty_plus_cells − layered whatever the config's order (the
// issue that made it primary names it so).
var TablePrimaryPairs = [][2]string{{PrimaryA, PrimaryB}, {PrimaryAddsA, PrimaryAddsB}}

// IsPrimaryPair reports whether a − b is one of PrimaryPairs.
func IsPrimaryPair(a, b string) bool {
	for _, p := range PrimaryPairs {
		if p[0] == a && p[1] == b {
			return true
		}
	}
	return false
}

// ContrastPairs returns the pairs (a, b) of architectures that the contrasts
// table holds, in its row order: the TablePrimaryPairs whose architectures
// both ran, in that order, then every other pair as later minus earlier in
// config order. A config with one architecture has none.
func ContrastPairs(archs []string) [][2]string {
	idx := contrastPairs(archs)
	out := make([][2]string, len(idx))
	for k, p := range idx {
		out[k] = [2]string{archs[p[0]], archs[p[1]]}
	}
	return out
}

// fixedColumns are the columns of each table that the contract names; every
// other column of a runs, summary, contrasts or points table is a swept
// parameter. Outcome columns of the runs table are added in init.
var fixedColumns = map[string][]string{
	TableRuns:      {ColPoint, ColReplicate, ColArchitecture, ColSeed},
	TableSummary:   {ColPoint, ColArchitecture, ColOutcome, ColN, ColMean, ColSD, ColSE, ColCILow, ColCIHigh},
	TableContrasts: {ColPoint, ColOutcome, ColArchitectureA, ColArchitectureB, ColN, ColMeanDiff, ColCILow, ColCIHigh, ColPABetter, ColPTie},
	TablePoints:    {ColPoint},
}

func init() {
	for _, o := range engine.Outcomes {
		fixedColumns[TableRuns] = append(fixedColumns[TableRuns], o.Name)
	}
}

// SweptColumns returns the swept-parameter columns of a runs, summary,
// contrasts or points schema, in schema order (which is sweep order): the
// columns the contract does not name.
func SweptColumns(table string, schema *arrow.Schema) ([]string, error) {
	fixed, ok := fixedColumns[table]
	if !ok {
		return nil, fmt.Errorf("output: table %q has no swept-parameter columns", table)
	}
	var out []string
	for _, f := range schema.Fields() {
		known := false
		for _, c := range fixed {
			if f.Name == c {
				known = true
				break
			}
		}
		if !known {
			out = append(out, f.Name)
		}
	}
	return out, nil
}

// TableParts returns the paths of the Parquet parts of a part table (runs,
// trajectories, states) under the results directory dir, in task order. A
// directory without the table has none.
func TableParts(dir, table string) ([]string, error) {
	folder := filepath.Join(dir, table)
	names, err := listParts(folder, ".parquet")
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	paths := make([]string, len(names))
	for k, n := range names {
		paths[k] = filepath.Join(folder, n+".parquet")
	}
	return paths, nil
}

// tableBatchRows is how many rows a Table reads at a time: enough to
// amortise the per-batch work, few enough that memory stays flat however
// long the table is. Tests lower it to see several batches.
var tableBatchRows = 1 << 15

// Table reads chosen columns of one Parquet file of a results directory,
// batch by batch, so that memory does not grow with the table. It accepts
// the files this package writes and any Parquet file with the same columns:
// strings plain or dictionary-encoded, integers int32 or int64. Errors name
// the file and the column.
//
// Use:
//
//	t, err := output.OpenTable(path, output.ColPoint, output.ColMean)
//	defer t.Close()
//	for t.Next(ctx) {
//		points, err = t.Int64s(output.ColPoint, points[:0])
//		...
//	}
//	err = t.Err()
//
// A Table belongs to one goroutine.
type Table struct {
	path   string
	f      *os.File
	pf     *file.Reader
	schema *arrow.Schema
	rr     pqarrow.RecordReader
	batch  arrow.RecordBatch // the current batch; owned by rr
	at     map[string]int    // column name -> index in batch
	done   int64             // rows before the current batch
	rows   int64             // the file's rows, from its footer
	err    error
	closed bool // Close has run: Next fails with os.ErrClosed
}

// OpenTable opens the Parquet file at path to read the named columns. A
// file that is not Parquet, or that lacks a column, is an error that names
// the file (and the column).
func OpenTable(path string, columns ...string) (_ *Table, err error) {
	var t *Table
	defer func() {
		// The reader trusts the footer: a damaged file is an error.
		if p := recover(); p != nil {
			if t != nil {
				t.f.Close()
			}
			err = unreadable(path, p)
		}
	}()
	f, err := OpenRegular(path)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	t = &Table{path: path, f: f}
	// A buffered stream reads a column chunk a page at a time; without it
	// the reader loads whole column chunks, which for a one-row-group
	// summary of many points is the whole column.
	props := parquet.NewReaderProperties(memory.DefaultAllocator)
	props.BufferedStreamEnabled = true
	props.BufferSize = 1 << 20
	if t.pf, err = file.NewParquetReader(f, file.WithReadProps(props)); err != nil {
		f.Close()
		return nil, fmt.Errorf("output: %s: not a Parquet file: %w", path, err)
	}
	t.rows = t.pf.NumRows()
	fr, err := NewParquetArrowReader(t.pf, pqarrow.ArrowReadProperties{BatchSize: int64(tableBatchRows)}, memory.DefaultAllocator)
	if err != nil {
		t.Close()
		return nil, fmt.Errorf("output: %s: %w", path, err)
	}
	if t.schema, err = fr.Schema(); err != nil {
		t.Close()
		return nil, fmt.Errorf("output: %s: schema: %w", path, err)
	}
	leaves := make([]int, 0, len(columns))
	for _, name := range columns {
		i := fieldIndex(t.schema, name)
		if i < 0 {
			t.Close()
			return nil, fmt.Errorf("output: %s: missing column %q", path, name)
		}
		sf := fr.Manifest.Fields[i]
		if !sf.IsLeaf() {
			t.Close()
			return nil, fmt.Errorf("output: %s: column %q is nested; want a flat column", path, name)
		}
		leaves = append(leaves, sf.ColIndex)
	}
	if len(leaves) == 0 {
		t.Close()
		return nil, fmt.Errorf("output: %s: no columns to read", path)
	}
	if t.rr, err = fr.GetRecordReader(context.Background(), leaves, nil); err != nil {
		t.Close()
		return nil, fmt.Errorf("output: %s: %w", path, err)
	}
	return t, nil
}

// fieldIndex returns the index of the field called name, or -1. Parameter
// names contain dots, so a name is never split into a nested path.
func fieldIndex(s *arrow.Schema, name string) int {
	for i, f := range s.Fields() {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Path is the file's path.
func (t *Table) Path() string { return t.path }

// Schema is the file's Arrow schema as stored: dictionary types and field
// metadata survive, and every column is listed, read or not.
func (t *Table) Schema() *arrow.Schema { return t.schema }

// NumRows is the number of rows of the file, from its footer.
func (t *Table) NumRows() int64 { return t.rows }

// Meta returns the field metadata key (MetaDescription, MetaUnit,
// MetaRange, MetaSource) of the named column, or "" when it has none.
func (t *Table) Meta(column, key string) string {
	i := fieldIndex(t.schema, column)
	if i < 0 {
		return ""
	}
	md := t.schema.Field(i).Metadata
	if k := md.FindKey(key); k >= 0 {
		return md.Values()[k]
	}
	return ""
}

// Next reads the next batch and reports whether there is one. It returns
// false at the end, on an error, or once ctx is done; Err tells which.
func (t *Table) Next(ctx context.Context) (ok bool) {
	if t.closed && t.err == nil {
		// Not a table that ran out: Next after Close returned false with
		// Err nil, an empty table to the caller (a review, stop 52).
		t.err = fmt.Errorf("output: %s: Next after Close: %w", t.path, os.ErrClosed)
	}
	if t.err != nil || t.rr == nil {
		return false
	}
	defer func() {
		if p := recover(); p != nil {
			t.err, t.batch, ok = unreadable(t.path, p), nil, false
		}
	}()
	if t.batch != nil {
		t.done += t.batch.NumRows()
		t.batch = nil
	}
	if err := ctx.Err(); err != nil {
		t.err = err
		return false
	}
	if !t.rr.Next() {
		if err := t.rr.Err(); err != nil {
			t.err = fmt.Errorf("output: %s: reading: %w", t.path, err)
		}
		return false
	}
	t.batch = t.rr.RecordBatch()
	if t.at == nil {
		s := t.batch.Schema()
		t.at = make(map[string]int, s.NumFields())
		for i, f := range s.Fields() {
			t.at[f.Name] = i
		}
	}
	return true
}

// Err is the error that stopped Next, if any: a read error naming the
// file, or ctx's error.
func (t *Table) Err() error { return t.err }

// Len is the number of rows of the current batch.
func (t *Table) Len() int {
	if t.batch == nil {
		return 0
	}
	return int(t.batch.NumRows())
}

// Close releases the reader and closes the file.
func (t *Table) Close() error {
	t.batch = nil
	if t.rr != nil {
		t.rr.Release()
		t.rr = nil
	}
	t.closed = true
	var err error
	if t.pf != nil {
		// The Parquet reader's Close closes t.f (parquetReader); closing
		// it again returned "file already closed" from every Close (a
		// review, stop 52).
		err = t.pf.Close()
		t.pf, t.f = nil, nil
	}
	if t.f != nil {
		err = t.f.Close()
		t.f = nil
	}
	return err
}

func (t *Table) column(name string) (arrow.Array, error) {
	if t.batch == nil {
		return nil, fmt.Errorf("output: %s: no current batch (call Next)", t.path)
	}
	i, ok := t.at[name]
	if !ok {
		return nil, fmt.Errorf("output: %s: column %q was not opened", t.path, name)
	}
	return t.batch.Column(i), nil
}

// Float64s appends the named column of the current batch to dst as
// float64: integers converted, flags as 0 and 1, null as NaN. It returns
// the extended slice and how many nulls it appended.
func (t *Table) Float64s(name string, dst []float64) ([]float64, int, error) {
	col, err := t.column(name)
	if err != nil {
		return dst, 0, err
	}
	nulls := 0
	for i := range col.Len() {
		if col.IsNull(i) {
			dst = append(dst, math.NaN())
			nulls++
			continue
		}
		var v float64
		switch a := col.(type) {
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
			return dst, nulls, fmt.Errorf("output: %s: column %q has type %s; want a number", t.path, name, col.DataType())
		}
		dst = append(dst, v)
	}
	return dst, nulls, nil
}

// Int64s appends the named integer column (int32 or int64) of the current
// batch to dst. A null is an error naming its row.
func (t *Table) Int64s(name string, dst []int64) ([]int64, error) {
	col, err := t.column(name)
	if err != nil {
		return dst, err
	}
	for i := range col.Len() {
		if col.IsNull(i) {
			return dst, fmt.Errorf("output: %s: column %q has a null at row %d", t.path, name, t.done+int64(i))
		}
		switch a := col.(type) {
		case *array.Int64:
			dst = append(dst, a.Value(i))
		case *array.Int32:
			dst = append(dst, int64(a.Value(i)))
		default:
			return dst, fmt.Errorf("output: %s: column %q has type %s; want an integer", t.path, name, col.DataType())
		}
	}
	return dst, nil
}

// Strings appends the named string column of the current batch to dst:
// plain (utf8, large_utf8) or dictionary-encoded. A null is an error naming
// its row. The strings are copies: they do not hold the batch's memory.
func (t *Table) Strings(name string, dst []string) ([]string, error) {
	col, err := t.column(name)
	if err != nil {
		return dst, err
	}
	wrongType := func() error {
		return fmt.Errorf("output: %s: column %q has type %s; want a string", t.path, name, col.DataType())
	}
	var value func(int) string
	switch a := col.(type) {
	case *array.String:
		value = func(i int) string { return strings.Clone(a.Value(i)) }
	case *array.LargeString:
		value = func(i int) string { return strings.Clone(a.Value(i)) }
	case *array.Dictionary:
		// Decode the dictionary once per batch: categorical columns have a
		// handful of values and many rows.
		var dict []string
		switch d := a.Dictionary().(type) {
		case *array.String:
			for k := range d.Len() {
				dict = append(dict, strings.Clone(d.Value(k)))
			}
		case *array.LargeString:
			for k := range d.Len() {
				dict = append(dict, strings.Clone(d.Value(k)))
			}
		default:
			return dst, wrongType()
		}
		value = func(i int) string { return dict[a.GetValueIndex(i)] }
	default:
		return dst, wrongType()
	}
	for i := range col.Len() {
		if col.IsNull(i) {
			return dst, fmt.Errorf("output: %s: column %q has a null at row %d", t.path, name, t.done+int64(i))
		}
		dst = append(dst, value(i))
	}
	return dst, nil
}
