package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/engine"
)

// sameFloat reports whether a and b are the same float64 bits, or both NaN.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// TestReadPointQuantities reads an architecture's means and a contrast in
// both orders back from a finalised directory. The means are recomputed by
// the test from the fake tasks (to 1e-12: the summary accumulates in its
// own order); the reversed contrast must be the exact negation of the
// stored one, with its interval mirrored.
func TestReadPointQuantities(t *testing.T) {
	l := testLayout(t.TempDir())
	d := writeDataset(t, l, 4)
	qs := []PointQuantity{
		{Outcome: "deterrence_success", Architecture: "treaty"},
		{Outcome: "deterrence_success", A: "layered", B: "treaty"},
		{Outcome: "deterrence_success", A: "treaty", B: "layered"},
		{Outcome: "wars", A: "layered", B: "none"},
	}
	vals, err := d.ReadPointQuantities(context.Background(), qs)
	if err != nil {
		t.Fatal(err)
	}
	archIdx := func(a string) int { return slices.Index(l.Architectures, a) }
	for p := range l.Points {
		var treaty, diff float64
		for r := range l.Replicates {
			tr := fakeTask(&l, p, r)
			treaty += tr.Outcomes[archIdx("treaty")].Value[engine.DeterrenceSuccess]
			diff += tr.Outcomes[archIdx("layered")].Value[engine.DeterrenceSuccess] - tr.Outcomes[archIdx("treaty")].Value[engine.DeterrenceSuccess]
		}
		n := float64(l.Replicates)
		if got := vals[0].Mean[p]; math.Abs(got-treaty/n) > 1e-12 {
			t.Errorf("point %d: treaty mean %v, want %v", p, got, treaty/n)
		}
		if got := vals[1].Mean[p]; math.Abs(got-diff/n) > 1e-12 {
			t.Errorf("point %d: layered − treaty %v, want %v", p, got, diff/n)
		}
		if !(vals[0].CILow[p] < vals[0].Mean[p] && vals[0].Mean[p] < vals[0].CIHigh[p]) {
			t.Errorf("point %d: interval [%v, %v] does not hold the mean %v", p, vals[0].CILow[p], vals[0].CIHigh[p], vals[0].Mean[p])
		}
		ab, ba := vals[1], vals[2]
		if !sameFloat(ba.Mean[p], -ab.Mean[p]) || !sameFloat(ba.CILow[p], -ab.CIHigh[p]) || !sameFloat(ba.CIHigh[p], -ab.CILow[p]) {
			t.Errorf("point %d: treaty − layered (%v [%v, %v]) is not the mirror of layered − treaty (%v [%v, %v])",
				p, ba.Mean[p], ba.CILow[p], ba.CIHigh[p], ab.Mean[p], ab.CILow[p], ab.CIHigh[p])
		}
		if math.IsNaN(vals[3].Mean[p]) {
			t.Errorf("point %d: layered − none wars (stored as none − layered? %v) not read", p, vals[3])
		}
	}
	if _, err := d.ReadPointQuantities(context.Background(), []PointQuantity{{Outcome: "nope", Architecture: "treaty"}}); err == nil {
		t.Error("an unknown outcome was accepted")
	}
	// A summary table of another run is refused, naming the file.
	other := testLayout(t.TempDir())
	other.Provenance.ConfigSHA256 = "other"
	od := writeDataset(t, other, 4)
	copyFile(t, filepath.Join(od.l.Dir, "summary.parquet"), filepath.Join(l.Dir, "summary.parquet"))
	_, err = d.ReadPointQuantities(context.Background(), qs[:1])
	if err == nil || !strings.Contains(err.Error(), "summary.parquet") {
		t.Errorf("a foreign summary table: %v", err)
	}
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readCSV reads a CSV file whole.
func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// readParquetCells reads a Parquet file's rows as the CSV cells render them.
func readParquetCells(t testing.TB, path string) ([]string, [][]string) {
	t.Helper()
	tbl := readParquet(t, path)
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1<<20)
	defer tr.Release()
	var names []string
	for _, f := range tbl.Schema().Fields() {
		names = append(names, f.Name)
	}
	var rows [][]string
	for tr.Next() {
		rec := tr.RecordBatch()
		for i := range int(rec.NumRows()) {
			row := make([]string, rec.NumCols())
			for k, col := range rec.Columns() {
				row[k] = cell(col, i)
			}
			rows = append(rows, row)
		}
	}
	return names, rows
}

// TestWriteAnalysis writes the analysis tables and reads them back from
// Parquet and CSV: the exact columns of the README, nulls where a value is
// undefined, field metadata in the codebook; a second analysis without
// discovery removes the discovery tables and their codebook rows.
func TestWriteAnalysis(t *testing.T) {
	l := testLayout(t.TempDir())
	d := writeDataset(t, l, 4)
	nan := math.NaN()
	tabs := &AnalysisTables{
		HasSensitivity: true,
		Sensitivity: []SensitivityRow{
			{Method: MethodSobol, Outcome: "deterrence_success", ArchitectureA: "layered", ArchitectureB: "treaty", Parameter: "us.reliability", Index: IndexST, Estimate: 0.25, CILow: 0.125, CIHigh: 0.5, N: 64},
			{Method: MethodSobol, Outcome: "wars", ArchitectureA: "none", Parameter: "periods", ParameterB: "us.reliability", Index: IndexS2, Estimate: nan, CILow: nan, CIHigh: nan, N: 64},
		},
		HasDiscovery: true,
		Discovery:    []DiscoveryRow{{Target: "layered - treaty deterrence_success > 0", Box: 0, Coverage: 1, Density: 0.5, Mass: 1}, {Target: "layered - treaty deterrence_success > 0", Box: 1, Coverage: 0.75, Density: 0.9, Mass: 0.4, Restricted: 1, Selected: true}},
		DiscoveryLimits: []DiscoveryLimitRow{
			{Target: "layered - treaty deterrence_success > 0", Box: 1, Parameter: "us.reliability", Low: 0.3, High: 0.55, Restricted: true},
		},
	}
	if err := d.WriteAnalysis(context.Background(), tabs); err != nil {
		t.Fatal(err)
	}
	want := map[string][][]string{
		TableSensitivity: {
			{"method", "outcome", "architecture_a", "architecture_b", "parameter", "parameter_b", "index", "estimate", "ci_low", "ci_high", "n"},
			{"sobol", "deterrence_success", "layered", "treaty", "us.reliability", "", "ST", "0.25", "0.125", "0.5", "64"},
			{"sobol", "wars", "none", "", "periods", "us.reliability", "S2", "", "", "", "64"},
		},
		TableDiscovery: {
			{"target", "box", "coverage", "density", "mass", "restricted", "selected"},
			{"layered - treaty deterrence_success > 0", "0", "1", "0.5", "1", "0", "false"},
			{"layered - treaty deterrence_success > 0", "1", "0.75", "0.9", "0.4", "1", "true"},
		},
		TableDiscoveryLimits: {
			{"target", "box", "parameter", "low", "high", "restricted"},
			{"layered - treaty deterrence_success > 0", "1", "us.reliability", "0.3", "0.55", "true"},
		},
	}
	for table, w := range want {
		got := readCSV(t, filepath.Join(l.Dir, table+".csv"))
		if !slices.EqualFunc(got, w, slices.Equal) {
			t.Errorf("%s.csv:\n%v\nwant\n%v", table, got, w)
		}
		names, rows := readParquetCells(t, filepath.Join(l.Dir, table+".parquet"))
		if !slices.Equal(names, w[0]) || !slices.EqualFunc(rows, w[1:], slices.Equal) {
			t.Errorf("%s.parquet: %v %v, want %v", table, names, rows, w)
		}
		if !exists(filepath.Join(l.Dir, "arrow", table+".arrow")) {
			t.Errorf("no arrow/%s.arrow", table)
		}
	}
	book := readCSV(t, filepath.Join(l.Dir, CodebookName))
	count := func(table string) int {
		n := 0
		for _, r := range book {
			if r[0] == table {
				n++
				if r[5] == "" {
					t.Errorf("codebook: %s.%s has no description", table, r[1])
				}
			}
		}
		return n
	}
	if count(TableSensitivity) != 11 || count(TableDiscovery) != 7 || count(TableDiscoveryLimits) != 6 || count(TableRuns) == 0 {
		t.Errorf("codebook rows: sensitivity %d, discovery %d, limits %d, runs %d", count(TableSensitivity), count(TableDiscovery), count(TableDiscoveryLimits), count(TableRuns))
	}

	if err := d.WriteAnalysis(context.Background(), &AnalysisTables{HasSensitivity: true, Sensitivity: tabs.Sensitivity[:1]}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"discovery.parquet", "discovery.csv", "arrow/discovery.arrow", "discovery_limits.parquet", "discovery_limits.csv", "arrow/discovery_limits.arrow"} {
		if exists(filepath.Join(l.Dir, f)) {
			t.Errorf("%s left by the earlier analysis", f)
		}
	}
	book = readCSV(t, filepath.Join(l.Dir, CodebookName))
	if count(TableDiscovery) != 0 || count(TableSensitivity) != 11 {
		t.Error("codebook still lists the discovery table, or lost the sensitivity table")
	}
	if got := readCSV(t, filepath.Join(l.Dir, "sensitivity.csv")); len(got) != 2 {
		t.Errorf("sensitivity.csv has %d lines, want a header and one row", len(got))
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// completeDataset writes a complete run of four tasks with its manifest
// into a temporary directory and returns its layout, dataset and manifest.
func completeDataset(t *testing.T) (Layout, *Dataset, *Manifest) {
	t.Helper()
	l := testLayout(t.TempDir())
	d := writeDataset(t, l, 4)
	if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindRun, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(l.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return l, d, m
}

// TestRewriteManifest: the checks before analyze rewrites a directory
// refuse a changed or stray file but accept the files analyze rewrites;
// the rewritten manifest verifies and keeps the parts' entries.
func TestRewriteManifest(t *testing.T) {
	ctx := context.Background()
	l, d, m := completeDataset(t)
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); err != nil {
		t.Fatalf("an untouched directory: %v", err)
	}
	write := func(rel, s string) {
		if err := os.WriteFile(filepath.Join(l.Dir, rel), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var mm *MismatchError
	write("stray.txt", "x")
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); !errors.As(err, &mm) || !strings.Contains(err.Error(), "stray.txt") {
		t.Errorf("a stray file: %v", err)
	}
	os.Remove(filepath.Join(l.Dir, "stray.txt"))
	orig, _ := os.ReadFile(filepath.Join(l.Dir, "summary.csv"))
	write("summary.csv", "changed")
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); !errors.As(err, &mm) || !strings.Contains(err.Error(), "summary.csv") {
		t.Errorf("a changed summary: %v", err)
	}
	write("summary.csv", string(orig))
	// A file of a name analyze writes, not listed: the user's unless an
	// interrupted rewrite left it (review, stop 28: analyze replaced a
	// hand-written analysis.yaml or discovery.csv without a word).
	write("sensitivity.csv", "left by a crashed analyze")
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); !errors.As(err, &mm) || !strings.Contains(err.Error(), "sensitivity.csv, which its manifest does not list and no interrupted rewrite of pactsim") {
		t.Errorf("an unlisted sensitivity.csv without a mark: %v", err)
	}
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile, "sensitivity.csv"); err != nil {
		t.Errorf("an unlisted file the caller means to replace: %v", err)
	}
	// A plot's mark vouches for figures only (code review, stop 28: an
	// analyze after an interrupted plot deleted a hand-written file).
	if err := MarkPending(l.Dir, "plot"); err != nil {
		t.Fatal(err)
	}
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); !errors.As(err, &mm) {
		t.Errorf("an unlisted sensitivity.csv under a plot's mark: %v", err)
	}
	write("report.html", "left by a killed plot")
	os.Remove(filepath.Join(l.Dir, "sensitivity.csv"))
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); err != nil {
		t.Errorf("a report a killed plot left: %v", err)
	}
	os.Remove(filepath.Join(l.Dir, "report.html"))
	write("sensitivity.csv", "left by a crashed analyze")
	if err := MarkPending(l.Dir, "analyze"); err != nil {
		t.Fatal(err)
	}
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); err != nil {
		t.Errorf("a file an interrupted analyze left: %v", err)
	}
	if err := ClearPending(l.Dir); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteAnalysis(ctx, &AnalysisTables{HasSensitivity: true, Sensitivity: []SensitivityRow{{Method: MethodMorris, Outcome: "wars", ArchitectureA: "none", Parameter: "periods", Index: IndexMu, Estimate: 1, CILow: 0, CIHigh: 2, N: 3}}}); err != nil {
		t.Fatal(err)
	}
	if err := d.RewriteManifest(ctx, m, IsAnalysisFile); err != nil {
		t.Fatal(err)
	}
	m2, err := ReadManifest(l.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyFiles(l.Dir, m2); err != nil {
		t.Errorf("the rewritten manifest does not verify: %v", err)
	}
	if extra, _ := UnlistedFiles(l.Dir, m2); len(extra) > 0 {
		t.Errorf("unlisted after the rewrite: %v", extra)
	}
	if m2.Rows[TableSensitivity] != 1 || m2.Seed != 1 {
		t.Errorf("rows %v, seed %d", m2.Rows, m2.Seed)
	}
	for _, f := range m.Files {
		if isPartFile(f.Path) && !slices.Contains(m2.Files, f) {
			t.Errorf("part entry %v changed", f)
		}
	}
}

// TestRewriteManifestMissingPart: a part deleted (or cut short) after the
// run is refused before analyze or plot rewrites the manifest, which would
// otherwise drop its entry and seal the loss (verify then passed the
// checksums and only the coverage check caught it).
func TestRewriteManifestMissingPart(t *testing.T) {
	ctx := context.Background()
	l, _, m := completeDataset(t)
	var part string
	for _, f := range m.Files {
		if isPartFile(f.Path) {
			part = f.Path
			break
		}
	}
	p := filepath.Join(l.Dir, filepath.FromSlash(part))
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var mm *MismatchError
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); !errors.As(err, &mm) || !strings.Contains(err.Error(), part) {
		t.Errorf("a deleted part: %v", err)
	}
	if err := os.WriteFile(p, orig[:len(orig)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); !errors.As(err, &mm) || !strings.Contains(err.Error(), part) {
		t.Errorf("a truncated part: %v", err)
	}
	if err := os.WriteFile(p, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsAnalysisFile); err != nil {
		t.Errorf("the part restored: %v", err)
	}
}

// TestRewriteManifestPartDamagedInPlace: a runs part damaged without
// changing its size (zero-filled after a crash) is refused before plot or
// analyze removes the figures to redraw them from it; the size check alone
// let the redraw delete a complete directory's figures and report.
func TestRewriteManifestPartDamagedInPlace(t *testing.T) {
	ctx := context.Background()
	l, _, m := completeDataset(t)
	var part string
	for _, f := range m.Files {
		if isPartFile(f.Path) && strings.HasPrefix(f.Path, TableRuns+"/") && strings.HasSuffix(f.Path, ".parquet") {
			part = f.Path
			break
		}
	}
	if part == "" {
		t.Fatal("no runs part in the manifest")
	}
	p := filepath.Join(l.Dir, filepath.FromSlash(part))
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, make([]byte, len(orig)), 0o644); err != nil {
		t.Fatal(err)
	}
	var mm *MismatchError
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsFigureFile); !errors.As(err, &mm) || !strings.Contains(err.Error(), part) {
		t.Errorf("a runs part zero-filled at its size: %v", err)
	}
	if err := os.WriteFile(p, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CheckBeforeRewrite(ctx, l.Dir, m, IsFigureFile); err != nil {
		t.Errorf("the part restored: %v", err)
	}
}

// TestTraceJournal appends evaluations (with an undefined target and an
// infinite loss), tears the last line as a crash would, and reads the
// journal back: every number bit for bit, the torn line dropped; a journal
// of another calibration is refused; the final trace.csv is the journal.
func TestTraceJournal(t *testing.T) {
	l := testLayout(t.TempDir())
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	params := []TraceParam{{"adversary.threshold", 0.6, 1.6}, {"adversary.noise", 0.1, 0.5}}
	targets := []string{"armed, attacks", "honour"} // a comma: the header is quoted
	j, prior, err := d.OpenTrace(params, targets, false)
	if err != nil || len(prior) != 0 {
		t.Fatalf("fresh trace: %v, %d rows", err, len(prior))
	}
	nan := math.NaN()
	rows := []TraceRow{
		{Evaluation: 0, X: []float64{1.0000000000000002, 0.1 + 0.2}, Loss: 2.5, Targets: []TargetCell{{0.1, 0.01, 0.08, 0.12, 40}, {nan, nan, nan, nan, 0}}},
		{Evaluation: 1, X: []float64{0.6, 0.5}, Loss: math.Inf(1), Targets: []TargetCell{{1e-300, 0, math.Copysign(0, -1), 3, 40}, {0.5, nan, nan, nan, 1}}},
		{Evaluation: 2, X: []float64{1.25, 0.3333333333333333}, Loss: 0, Targets: []TargetCell{{2, 1, 0, 4, 40}, {0.7, 0.1, 0.5, 0.9, 40}}},
	}
	for k := range rows {
		if err := j.Append(&rows[k]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(l.Dir, "calibration", "trace.csv")
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Tear the last line: a crash in the middle of an append.
	if err := os.WriteFile(path, whole[:len(whole)-7], 0o644); err != nil {
		t.Fatal(err)
	}
	_, back, err := d.OpenTrace(params, targets, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 {
		t.Fatalf("read %d rows back, want 2 (the torn third dropped)", len(back))
	}
	for k, r := range back {
		w := rows[k]
		ok := r.Evaluation == w.Evaluation && sameFloat(r.Loss, w.Loss) && slices.EqualFunc(r.X, w.X, sameFloat)
		for i, c := range r.Targets {
			wc := w.Targets[i]
			ok = ok && sameFloat(c.Value, wc.Value) && sameFloat(c.SE, wc.SE) && sameFloat(c.CILow, wc.CILow) && sameFloat(c.CIHigh, wc.CIHigh) && c.N == wc.N
		}
		if !ok {
			t.Errorf("row %d read back as %+v, want %+v", k, r, w)
		}
	}
	got, _ := os.ReadFile(path)
	if !bytes.HasPrefix(whole, got) || bytes.Count(got, []byte("\n")) != 3 {
		t.Errorf("the resumed journal is not the header and the two whole lines:\n%s", got)
	}
	if _, _, err := d.OpenTrace(params[:1], targets, true); err == nil || !strings.Contains(err.Error(), "not this calibration's") {
		t.Errorf("another calibration's trace: %v", err)
	}
	// The final tables rewrite trace.csv with the same bytes.
	j, _, err = d.OpenTrace(params, targets, false)
	if err != nil {
		t.Fatal(err)
	}
	for k := range rows {
		if err := j.Append(&rows[k]); err != nil {
			t.Fatal(err)
		}
	}
	journal, _ := os.ReadFile(path)
	err = d.WriteCalibration(context.Background(), &CalibrationTables{Params: params, Targets: targets, Trace: rows,
		Results:    []TargetRow{{Name: "armed, attacks", Wanted: "[0, 0.5]", Achieved: 0.1, CILow: 0.08, CIHigh: 0.12, Met: true, High: 0.5, SE: 0.01, N: 40, Weight: 1}, {Name: "honour", Wanted: "0.65 ± 0.1", Achieved: nan, CILow: nan, CIHigh: nan, Low: 0.55, High: 0.75, SE: nan, Weight: 2}},
		Calibrated: []byte("name: x\n")})
	if err != nil {
		t.Fatal(err)
	}
	final, _ := os.ReadFile(path)
	if !bytes.Equal(final, journal) {
		t.Errorf("final trace.csv differs from the journal:\n%s\n%s", final, journal)
	}
	tg := readCSV(t, filepath.Join(l.Dir, "calibration", "targets.csv"))
	wantTargets := [][]string{
		{"name", "wanted", "achieved", "ci_low", "ci_high", "met", "low", "high", "se", "n", "weight"},
		{"armed, attacks", "[0, 0.5]", "0.1", "0.08", "0.12", "true", "0", "0.5", "0.01", "40", "1"},
		{"honour", "0.65 ± 0.1", "", "", "", "false", "0.55", "0.75", "", "0", "2"},
	}
	if !slices.EqualFunc(tg, wantTargets, slices.Equal) {
		t.Errorf("targets.csv:\n%v\nwant\n%v", tg, wantTargets)
	}
	for _, f := range []string{"calibration/trace.parquet", "calibration/trace.arrow", "calibration/targets.parquet", "calibration/targets.arrow", "calibrated.yaml", "codebook.csv"} {
		if !exists(filepath.Join(l.Dir, f)) {
			t.Errorf("no %s", f)
		}
		if !IsResultsFile(f) {
			t.Errorf("%s is not a results file: --force would refuse the directory", f)
		}
	}
}

// TestStateColumn: every number the states table writes can be summed by a
// calibration target, each name reads its own field (found by reflection,
// field name in snake_case), and every field of engine.StateRecord after
// the role has a column.
func TestStateColumn(t *testing.T) {
	rt := reflect.TypeFor[engine.StateRecord]()
	covered := map[string]bool{}
	for _, c := range stateColumns {
		f := StateColumn(c.name)
		if f == nil {
			t.Errorf("states column %s cannot be read from a record", c.name)
			continue
		}
		var r engine.StateRecord
		rv := reflect.ValueOf(&r).Elem()
		found := false
		for i := range rt.NumField() {
			if snake(rt.Field(i).Name) != c.name {
				continue
			}
			found, covered[rt.Field(i).Name] = true, true
			want := 7.0
			switch fv := rv.Field(i); fv.Kind() {
			case reflect.Bool:
				fv.SetBool(true)
				want = 1
			case reflect.Int:
				fv.SetInt(7)
			case reflect.Float64:
				fv.SetFloat(7)
			}
			if got := f(&r); got != want {
				t.Errorf("%s reads %v, want %v", c.name, got, want)
			}
		}
		if !found {
			t.Errorf("states column %s has no field of engine.StateRecord", c.name)
		}
	}
	for i := range rt.NumField() {
		if n := rt.Field(i).Name; i > 2 && !covered[n] {
			t.Errorf("engine.StateRecord.%s has no states column", n)
		}
	}
	if StateColumn("state") != nil || StateColumn("nope") != nil {
		t.Error("a text or unknown column has a reader")
	}
}

// snake turns a Go field name into its column name: BeliefEnd -> belief_end,
// Belief0 -> belief0.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestSensitivityCaveat: the note on a small design names what holds at its
// size and nothing at the sizes the intervals were checked at.
func TestSensitivityCaveat(t *testing.T) {
	for _, tc := range []struct {
		method    string
		n         int
		intervals bool
		want      []string // substrings; none: ""
	}{
		{MethodSobol, 4096, true, nil},
		{MethodSobol, 16384, true, nil},
		{MethodSobol, 2048, true, []string{"N = 2048 (below 4096) the 95% intervals cover less than 95%", "83–90% of the time at N = 256–2,048"}},
		{MethodSobol, 512, true, []string{"N = 512 (below 4096) the 95% intervals cover less than 95%"}},
		{MethodSobol, 512, false, nil},
		{MethodSobol, 32, true, []string{"cover less than 95%", "N = 32 the indices themselves are rough"}},
		{MethodSobol, 2, false, []string{"N = 2 the indices themselves are rough"}},
		{MethodMorris, 80, true, nil},
		{MethodMorris, 200, true, nil},
		// From 20 trajectories μ's and μ*'s intervals cover within about
		// a point of 95%, no better at 80 (a review, stop 53, which
		// measured 94.0%, 94.6% and 94.4% at 20, 40 and 80): no note.
		{MethodMorris, 20, true, nil},
		{MethodMorris, 40, true, nil},
		{MethodMorris, 79, true, nil},
		{MethodMorris, 40, false, nil},
		{MethodMorris, 10, true, []string{"with 10 Morris trajectories (below 20)"}},
		{MethodMorris, 1, true, []string{"with 1 Morris trajectory σ, the spread of a single effect, is undefined"}}, // one trajectory has no interval (a review, stop 50)
		{MethodMorris, 5, false, nil},
		{MethodSobol, 0, true, nil},
	} {
		got := SensitivityCaveat(tc.method, tc.n, tc.intervals)
		if len(tc.want) == 0 && got != "" {
			t.Errorf("%s n=%d intervals=%v: %q, want none", tc.method, tc.n, tc.intervals, got)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s n=%d intervals=%v: %q lacks %q", tc.method, tc.n, tc.intervals, got, w)
			}
		}
	}
}

// TestSensitivityCaveatOneTrajectory (a review, stop 50): one Morris
// trajectory gives a null σ and no interval, whatever the bootstrap, and
// the terminal and the report said nothing of it.
func TestSensitivityCaveatOneTrajectory(t *testing.T) {
	for _, intervals := range []bool{false, true} {
		if c := SensitivityCaveat(MethodMorris, 1, intervals); !strings.Contains(c, "with 1 Morris trajectory σ, the spread of a single effect, is undefined") {
			t.Errorf("intervals %v: caveat %q", intervals, c)
		}
	}
	if c := SensitivityCaveat(MethodMorris, 1, true); !strings.Contains(c, "run at least 2 trajectories, and 20 for intervals that cover within about a point of 95%") {
		t.Errorf("one trajectory: caveat %q names no size that covers 95%% (a review, stop 51)", c)
	}
	if c := SensitivityCaveat(MethodMorris, 2, true); !strings.Contains(c, "with 2 Morris trajectories (below 20)") {
		t.Errorf("two trajectories: caveat %q", c)
	}
}
