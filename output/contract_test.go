package output

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/engine"
)

// Every column of every schema is either named by the contract or, in the
// tables that carry them, a swept parameter in sweep order right after
// point. A column added to a schema without a constant fails here.
func TestContractNamesEveryColumn(t *testing.T) {
	l := testLayout(t.TempDir())
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	named := map[string][]string{
		TableTrajectories: {ColPoint, ColReplicate, ColArchitecture, ColPeriod, ColPeriodChallenges, ColPeriodRepelled,
			ColPeriodFaitAccompli, ColPeriodWars, ColPeriodTension, ColPeriodVisibility, ColPeriodUSReliability,
			ColPeriodMeanBelief, ColPeriodMembers, ColPeriodInterop},
		TableStates: {ColPoint, ColReplicate, ColArchitecture, ColStateIndex, ColState, ColRole, ColStateCapability,
			ColStateBelief0, ColStateAutonomy, ColStateThreat, ColStateExposure, ColStateLegal, ColStateRiskTolerance,
			ColStateMechanisms, ColStateBeliefEnd, ColStateInteropEnd, ColStateCommitted, ColStateHonoured,
			ColStateChallengesReceived, ColStateChallengesGreyZone, ColStateChallengesEconomic, ColStateChallengesBlockade,
			ColStateChallengesArmed, ColStateChallengesMilitarised, ColStateFaitAccompliSuffered, ColStateEconomicLoss,
			ColStateHazardReceived, ColStateTreatyMember, ColStateCells, ColStateAllianceBan, ColStateAutonomyEnd,
			ColStateSpendingEnd, ColStateReadinessEnd},
	}
	for _, table := range append(d.PartTables(), d.WholeTables()...) {
		sc := d.Schema(table)
		var names []string
		for _, f := range sc.Fields() {
			names = append(names, f.Name)
		}
		if want, ok := named[table]; ok {
			if !slices.Equal(names, want) {
				t.Errorf("%s columns %q, want the contract's %q", table, names, want)
			}
			continue
		}
		swept, err := SweptColumns(table, sc)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(swept, l.Swept) {
			t.Errorf("%s: SweptColumns = %q, want %q", table, swept, l.Swept)
		}
		// Swept parameters sit right after point (README, "Guarantees":
		// Summary), except in runs, where they follow seed.
		at := 1
		if table == TableRuns {
			at = 4
		}
		if !slices.Equal(names[at:at+len(l.Swept)], l.Swept) {
			t.Errorf("%s: swept columns at %d are %q", table, at, names[at:at+len(l.Swept)])
		}
	}
	if _, err := SweptColumns(TableStates, d.Schema(TableStates)); err == nil {
		t.Error("SweptColumns(states): no error")
	}
}

func TestContrastPairs(t *testing.T) {
	for _, tc := range []struct {
		archs []string
		want  [][2]string
	}{
		{[]string{"none", "treaty", "hub_and_spokes", "layered"}, [][2]string{
			{"layered", "treaty"}, {"treaty", "none"}, {"hub_and_spokes", "none"}, {"hub_and_spokes", "treaty"},
			{"layered", "none"}, {"layered", "hub_and_spokes"},
		}},
		{[]string{"a", "b"}, [][2]string{{"b", "a"}}},
		{[]string{"treaty"}, [][2]string{}},
	} {
		if got := ContrastPairs(tc.archs); !slices.Equal(got, tc.want) {
			t.Errorf("ContrastPairs(%q) = %q, want %q", tc.archs, got, tc.want)
		}
	}
	if ContrastPairs([]string{PrimaryB, "x", PrimaryA})[0] != [2]string{PrimaryA, PrimaryB} {
		t.Error("the primary pair is not first")
	}
}

// The reader gives back, batch by batch, exactly what the whole-file reader
// gives, for every column type it converts.
func TestTableReader(t *testing.T) {
	defer func(n int) { tableBatchRows = n }(tableBatchRows)
	tableBatchRows = 50 // several batches, the last short

	l := testLayout(t.TempDir())
	writeDataset(t, l, 4)
	path := filepath.Join(l.Dir, TableSummary+".parquet")
	whole := readParquet(t, path)
	defer whole.Release()

	tb, err := OpenTable(path, ColPoint, ColArchitecture, ColMean, ColN, "mechanisms.treaty.founders_bound")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	// The summary has a row per point, architecture and outcome.
	wantRows := int64(len(l.Points) * len(l.Architectures) * len(engine.Outcomes))
	if tb.NumRows() != whole.NumRows() || tb.NumRows() != wantRows {
		t.Fatalf("NumRows %d, whole table %d, want %d", tb.NumRows(), whole.NumRows(), wantRows)
	}
	if u := tb.Meta("us.reliability", MetaUnit); u != "probability" {
		t.Errorf("unit of us.reliability %q", u)
	}
	var points, ns []int64
	var archs []string
	var means, flags []float64
	batches, nulls := 0, 0
	for tb.Next(context.Background()) {
		batches++
		if points, err = tb.Int64s(ColPoint, points); err != nil {
			t.Fatal(err)
		}
		if ns, err = tb.Int64s(ColN, ns); err != nil {
			t.Fatal(err)
		}
		if archs, err = tb.Strings(ColArchitecture, archs); err != nil {
			t.Fatal(err)
		}
		var k int
		if means, k, err = tb.Float64s(ColMean, means); err != nil {
			t.Fatal(err)
		}
		nulls += k
		if flags, _, err = tb.Float64s("mechanisms.treaty.founders_bound", flags); err != nil {
			t.Fatal(err)
		}
	}
	if err := tb.Err(); err != nil {
		t.Fatal(err)
	}
	if want := int((wantRows + 49) / 50); batches != want {
		t.Errorf("%d batches, want %d", batches, want)
	}
	wantPoint := column(t, whole, ColPoint).(*array.Int32)
	wantArch := column(t, whole, ColArchitecture)
	wantMean := column(t, whole, ColMean).(*array.Float64)
	wantFlag := column(t, whole, "mechanisms.treaty.founders_bound").(*array.Boolean)
	if n := int(wantRows); len(points) != n || len(archs) != n || len(means) != n || len(ns) != n || len(flags) != n {
		t.Fatalf("read %d, %d, %d, %d, %d values, want %d each", len(points), len(archs), len(means), len(ns), len(flags), n)
	}
	wantNulls := 0
	for i := range int(wantRows) {
		if points[i] != int64(wantPoint.Value(i)) || archs[i] != dictValue(wantArch, i) {
			t.Fatalf("row %d: point %d %s, want %d %s", i, points[i], archs[i], wantPoint.Value(i), dictValue(wantArch, i))
		}
		if wantMean.IsNull(i) {
			wantNulls++
			if !math.IsNaN(means[i]) {
				t.Errorf("row %d: null mean read as %v", i, means[i])
			}
		} else if means[i] != wantMean.Value(i) {
			t.Errorf("row %d: mean %v, want %v", i, means[i], wantMean.Value(i))
		}
		if flag := wantFlag.Value(i); (flags[i] == 1) != flag || (flags[i] != 0 && flags[i] != 1) {
			t.Errorf("row %d: flag read as %v, want %v", i, flags[i], flag)
		}
	}
	if nulls != wantNulls {
		t.Errorf("%d nulls counted, want %d", nulls, wantNulls)
	}
}

func TestTableReaderErrors(t *testing.T) {
	l := testLayout(t.TempDir())
	writeDataset(t, l, 4)
	path := filepath.Join(l.Dir, TableSummary+".parquet")

	if _, err := OpenTable(path, ColPoint, "no_such_column"); err == nil || !strings.Contains(err.Error(), `missing column "no_such_column"`) || !strings.Contains(err.Error(), path) {
		t.Errorf("missing column: %v", err)
	}
	csv := filepath.Join(l.Dir, TableSummary+".csv")
	if _, err := OpenTable(csv, ColPoint); err == nil || !strings.Contains(err.Error(), "not a Parquet file") {
		t.Errorf("a CSV file: %v", err)
	}
	if _, err := OpenTable(filepath.Join(l.Dir, "absent.parquet"), ColPoint); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an absent file: %v", err)
	}

	tb, err := OpenTable(path, ColPoint, ColOutcome, ColMean)
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	if _, err := tb.Int64s(ColPoint, nil); err == nil {
		t.Error("a column read before Next: no error")
	}
	if !tb.Next(context.Background()) {
		t.Fatal(tb.Err())
	}
	if _, err := tb.Int64s(ColOutcome, nil); err == nil || !strings.Contains(err.Error(), "want an integer") {
		t.Errorf("Int64s of a string column: %v", err)
	}
	if _, _, err := tb.Float64s(ColOutcome, nil); err == nil || !strings.Contains(err.Error(), "want a number") {
		t.Errorf("Float64s of a string column: %v", err)
	}
	if _, err := tb.Strings(ColMean, nil); err == nil || !strings.Contains(err.Error(), "want a string") {
		t.Errorf("Strings of a float column: %v", err)
	}
	if _, err := tb.Int64s(ColN, nil); err == nil || !strings.Contains(err.Error(), "not opened") {
		t.Errorf("a column not opened: %v", err)
	}
	if _, err := tb.Int64s(ColMean, nil); err == nil || !strings.Contains(err.Error(), ColMean) {
		t.Errorf("Int64s of a nullable float column: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if tb.Next(ctx) {
		t.Error("Next after cancellation")
	}
	if !errors.Is(tb.Err(), context.Canceled) {
		t.Errorf("Err after cancellation = %v", tb.Err())
	}
}

// TableParts lists the runs parts in task order and nothing else.
func TestTableParts(t *testing.T) {
	l := testLayout(t.TempDir())
	writeDataset(t, l, 4)
	if err := os.WriteFile(filepath.Join(l.Dir, TableRuns, "notes.parquet"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := TableParts(l.Dir, TableRuns)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for k := range 4 { // 15 tasks in parts of 4
		want = append(want, filepath.Join(l.Dir, TableRuns, pn(k)+".parquet"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("TableParts = %q, want %q", got, want)
	}
	if got, err := TableParts(l.Dir, "absent"); err != nil || len(got) != 0 {
		t.Errorf("TableParts of an absent table = %q, %v", got, err)
	}
	if PrimaryOutcome != engine.DeterrenceSuccess || engine.Outcomes[PrimaryOutcome].Name != "deterrence_success" {
		t.Errorf("PrimaryOutcome is %s", engine.Outcomes[PrimaryOutcome].Name)
	}
}
