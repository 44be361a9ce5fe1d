package experiments

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pactsim/output"
)

// saCfg is a small saltelli run with an analysis section: sensitivity of
// two quantities (one a contrast asked in the order the contrasts table
// does not hold) and a PRIM search.
const saCfg = `name: sa
seed: 3
replicates: 3
periods: 20
architectures: [none, treaty, layered]
sweep:
  design: saltelli
  samples: 8
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    adversary.threshold: {min: 0.8, max: 1.3}
analysis:
  quantities:
    - {outcome: deterrence_success, architecture: none}
    - {outcome: deterrence_success, contrast: [treaty, layered]}
  sensitivity: {bootstrap: 50}
  discovery:
    quantity: {outcome: deterrence_success, contrast: [layered, treaty]}
    condition: {above: 0}
output:
  plots: false
`

// saSection is saCfg's analysis section, as an analysis file.
func saSection() string {
	return saCfg[strings.Index(saCfg, "analysis:"):strings.Index(saCfg, "output:")]
}

// saRun runs saCfg into a fresh directory.
func saRun(t testing.TB) (*Plan, string) {
	plan := saPlan(t, saCfg)
	dir := filepath.Join(t.TempDir(), "d")
	mustRun(t, plan, dir, RunOptions{})
	return plan, dir
}

func saPlan(t testing.TB, text string) *Plan {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sa.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAnalyzeSameBytes: a run with an analysis section writes the
// analysis tables; Analyze on a copy whose analysis tables were removed
// writes the same bytes (and a manifest listing the same files), and so
// does Analyze with the section given as a separate file; the directory
// verifies after each. The sensitivity rows are Plan.Sensitivity's on the
// quantities the test recomputes from the summary and contrasts tables.
func TestAnalyzeSameBytes(t *testing.T) {
	ctx := context.Background()
	plan := saPlan(t, saCfg)
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})
	for _, f := range []string{"sensitivity.parquet", "sensitivity.csv", "arrow/sensitivity.arrow", "discovery.csv", "discovery_limits.parquet", "arrow/discovery_limits.arrow"} {
		if !exists(filepath.Join(ref, f)) {
			t.Fatalf("the run wrote no %s", f)
		}
	}
	m := readManifest(t, ref)
	if m.Rows[output.TableSensitivity] != 8 || m.Rows[output.TableDiscovery] == 0 {
		t.Errorf("manifest rows %v", m.Rows)
	}

	dir := filepath.Join(t.TempDir(), "again")
	copyDir(t, ref, dir)
	for _, f := range listFiles(t, dir) {
		if output.IsAnalysisFile(f) && f != output.CodebookName {
			os.Remove(filepath.Join(dir, f))
		}
	}
	res, err := Analyze(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows[output.TableSensitivity] != 8 {
		t.Errorf("rows %v", res.Rows)
	}
	sameFiles(t, ref, dir)
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 3}); err != nil {
		t.Errorf("verify after analyze: %v", err)
	}

	// The same section as a separate file.
	file := filepath.Join(t.TempDir(), "analysis.yaml")
	section := saSection()
	if err := os.WriteFile(file, []byte(section), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(ctx, dir, file); err != nil {
		t.Fatal(err)
	}
	// The same tables, and the file stored (TestAnalyzeStoresFile); the
	// config's section again removes it, and every file is the run's.
	for _, f := range listFiles(t, ref) {
		a, _ := os.ReadFile(filepath.Join(ref, f))
		b, err := os.ReadFile(filepath.Join(dir, f))
		if f != output.ManifestName && (err != nil || !bytes.Equal(a, b)) {
			t.Errorf("%s differs after analyze with the section as a file (%v)", f, err)
		}
	}
	if !exists(filepath.Join(dir, output.AnalysisName)) {
		t.Errorf("analyze with a file did not store it")
	}
	if _, err := Analyze(ctx, dir, ""); err != nil {
		t.Fatal(err)
	}
	sameFiles(t, ref, dir)

	// Another analysis: discovery only. The sensitivity tables go.
	other := filepath.Join(t.TempDir(), "other.yaml")
	os.WriteFile(other, []byte("analysis:\n  discovery: {quantity: {outcome: wars, architecture: treaty}, condition: {below: 0.5}}\n"), 0o644)
	res, err = Analyze(ctx, dir, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Rows[output.TableSensitivity]; ok || exists(filepath.Join(dir, "sensitivity.csv")) {
		t.Error("the sensitivity table of the earlier analysis is still there")
	}
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 3}); err != nil {
		t.Errorf("verify after another analysis: %v", err)
	}
	if res.Flat != nil {
		t.Errorf("a discovery alone names flat quantities: %q", res.Flat)
	}

	// A quantity that does not vary (no war in so short a design) has
	// only null indices, and is named as such; one that varies is not.
	os.WriteFile(other, []byte("analysis:\n  quantities:\n    - {outcome: deterrence_success, contrast: [treaty, layered]}\n    - {outcome: wars, contrast: [treaty, none]}\n  sensitivity: {bootstrap: 0}\n"), 0o644)
	if res, err = Analyze(ctx, dir, other); err != nil {
		t.Fatal(err)
	}
	if want := []string{"wars (treaty − none)"}; !slices.Equal(res.Flat, want) {
		t.Errorf("flat quantities %q, want %q", res.Flat, want)
	}

	// The sensitivity rows are the estimators' on the tables' values.
	ds, err := output.New(layout(plan, ref, nil))
	if err != nil {
		t.Fatal(err)
	}
	vals, err := ds.ReadPointQuantities(ctx, []output.PointQuantity{{Outcome: "deterrence_success", A: "layered", B: "treaty"}})
	if err != nil {
		t.Fatal(err)
	}
	y := vals[0].Mean
	for k := range y {
		y[k] = -y[k] // treaty − layered
	}
	rows, err := plan.Sensitivity(t.Context(), plan.Config.Analysis.Quantities[1], y)
	if err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(ref, "sensitivity.csv"))
	for _, r := range rows {
		if !strings.Contains(string(csv), "sobol,deterrence_success,treaty,layered,"+r.Parameter+",,"+r.Index+","+fmtCSV(r.Estimate)+",") {
			t.Errorf("sensitivity.csv lacks %+v:\n%s", r, csv)
		}
	}
}

func fmtCSV(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// TestAnalyzeErrors: what Analyze refuses, and how.
func TestAnalyzeErrors(t *testing.T) {
	ctx := context.Background()
	plan := saPlan(t, saCfg)
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})

	_, err := Analyze(ctx, filepath.Join(t.TempDir(), "missing"), "")
	wantUsage(t, err, "does not exist")
	notResults := t.TempDir()
	os.WriteFile(filepath.Join(notResults, "notes.txt"), []byte("x"), 0o644)
	_, err = Analyze(ctx, notResults, "")
	wantUsage(t, err, "not a pactsim results directory")

	// An unfinished run.
	unfinished := filepath.Join(t.TempDir(), "u")
	copyDir(t, ref, unfinished)
	os.Remove(filepath.Join(unfinished, output.ManifestName))
	_, err = Analyze(ctx, unfinished, "")
	wantUsage(t, err, "did not finish")

	// A config without an analysis section, and no file.
	plain := reference(t, pcfg{})
	_, err = Analyze(ctx, plain, "")
	wantUsage(t, err, "no analysis section")

	// A bad analysis file: file, line and key.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("analysis:\n  quantities:\n    - {outcome: warz, architecture: treaty}\n"), 0o644)
	_, err = Analyze(ctx, ref, bad)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.File != bad || ce.Line != 3 || ce.Key != "analysis.quantities[0].outcome" {
		t.Errorf("bad analysis file: %v", err)
	}
	// Discovery on a grid is refused by the decoder.
	os.WriteFile(bad, []byte("analysis:\n  discovery: {quantity: {outcome: wars, architecture: treaty}, condition: {above: 0}}\n"), 0o644)
	_, err = Analyze(ctx, plain, bad)
	if !errors.As(err, &ce) || ce.Key != "analysis.discovery" || !strings.Contains(ce.Msg, "sampled design") {
		t.Errorf("discovery on a grid: %v", err)
	}

	// A changed summary is not vouched for by a new manifest.
	tampered := filepath.Join(t.TempDir(), "t")
	copyDir(t, ref, tampered)
	flipByte(t, filepath.Join(tampered, "summary.parquet"))
	_, err = Analyze(ctx, tampered, "")
	var mm *output.MismatchError
	if !errors.As(err, &mm) || !strings.Contains(err.Error(), "summary.parquet") {
		t.Errorf("a tampered summary: %v", err)
	}

	// A quantity undefined at some point cannot be analysed for sensitivity.
	os.WriteFile(bad, []byte("analysis:\n  quantities:\n    - {outcome: treaty_formed, architecture: none}\n"), 0o644)
	_, err = Analyze(ctx, ref, bad)
	wantUsage(t, err, "undefined", "treaty_formed")

	// Results computed by another build target: its analysis arithmetic
	// could differ in the last bits, so this build does not rewrite it
	// (review, stop 26), and the directory is left as it was.
	other := filepath.Join(t.TempDir(), "other-build")
	copyDir(t, ref, other)
	editManifest(t, other, `"build": "`+output.BuildTarget()+`"`, `"build": "GOARCH=arm64 GOARM64=v8.0"`)
	before := listFiles(t, other)
	_, err = Analyze(ctx, other, "")
	wantUsage(t, err, "built for GOARCH=arm64 GOARM64=v8.0")
	if got := listFiles(t, other); !slices.Equal(got, before) {
		t.Errorf("a refused analyze changed the directory: %v, was %v", got, before)
	}

	// A file of a name analyze writes that the manifest does not list and
	// no interrupted analyze left is the user's: refused, not replaced
	// (review, stop 28: a hand-written DIR/analysis.yaml was deleted).
	own := filepath.Join(t.TempDir(), "own")
	copyDir(t, ref, own)
	const notes = "# my notes\n"
	tried := 0
	for _, rel := range []string{output.AnalysisName, "discovery.csv", "discovery.parquet", "arrow/discovery.arrow", "sensitivity.csv", "report.html"} {
		path := filepath.Join(own, rel)
		if exists(path) {
			continue // the run wrote it: listed
		}
		tried++
		if err := os.WriteFile(path, []byte(notes), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err = Analyze(ctx, own, "")
		if !errors.As(err, &mm) || !strings.Contains(err.Error(), rel+", which its manifest does not list and no interrupted rewrite of pactsim") {
			t.Errorf("an unlisted %s: %v", rel, err)
		}
		if data, _ := os.ReadFile(path); string(data) != notes {
			t.Errorf("the unlisted %s was replaced: %q", rel, data)
		}
		os.Remove(path)
	}
	if tried < 2 {
		t.Errorf("only %d unlisted names tried", tried)
	}
	// Given as the analysis file, DIR/analysis.yaml is read, then replaced
	// by its resolved form.
	section := saSection()
	if err := os.WriteFile(filepath.Join(own, output.AnalysisName), []byte(notes+section), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(ctx, own, filepath.Join(own, output.AnalysisName)); err != nil {
		t.Errorf("DIR/analysis.yaml given as the analysis file: %v", err)
	}
}

// countdownCtx reports cancellation from its n-th Err call on: a
// deterministic way to interrupt a long call at every point it checks.
type countdownCtx struct {
	context.Context
	n    int
	done chan struct{}
}

func (c *countdownCtx) Err() error {
	if c.n--; c.n > 0 {
		return nil
	}
	select {
	case <-c.done:
	default:
		close(c.done)
	}
	return context.Canceled
}

func (c *countdownCtx) Done() <-chan struct{} { return c.done }

// TestAnalyzeInterruptedVerifies: interrupted at any of its context
// checks, Analyze leaves a directory that still verifies, the analysis
// tables recomputed included (each file whole; analysis.yaml and the
// tables of one analysis, old or new; the manifest listing what is on
// disk), and a later Analyze restores the run's bytes.
func TestAnalyzeInterruptedVerifies(t *testing.T) {
	ref, file := runAndOtherAnalysis(t, saCfg)
	interrupted := 0
	for n := 1; n < 400; n++ {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		ctx := &countdownCtx{Context: context.Background(), n: n, done: make(chan struct{})}
		if _, err := Analyze(ctx, dir, file); err == nil {
			break // finished before the n-th check
		}
		interrupted++
		if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
			t.Fatalf("interrupted at check %d: verify: %v", n, err)
		}
		if _, err := Analyze(context.Background(), dir, ""); err != nil {
			t.Fatal(err)
		}
		sameFiles(t, ref, dir)
	}
	if interrupted < 3 {
		t.Errorf("only %d interruptions exercised", interrupted)
	}
}

// TestAnalyzeStoresFile: `runner analyze DIR FILE` stores FILE, resolved,
// as DIR/analysis.yaml, listed in the manifest; verify accepts it, checks
// it and, with --tables, recomputes the analysis tables from it; the
// config's section (no FILE) removes it again.
func TestAnalyzeStoresFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, dir := saRun(t)
	stored := filepath.Join(dir, output.AnalysisName)

	// A bad file stores nothing.
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("analysis:\n  quantities:\n    - {outcome: warz, architecture: treaty}\n"), 0o644)
	if _, err := Analyze(ctx, dir, bad); !errors.Is(err, ErrUsage) || exists(stored) {
		t.Fatalf("a bad analysis file: %v; stored: %t", err, exists(stored))
	}

	file := filepath.Join(t.TempDir(), "other.yaml")
	section := saSection()
	section = "# my notes\n" + strings.Replace(section, "bootstrap: 50", "bootstrap: 40", 1)
	if err := os.WriteFile(file, []byte(section), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(ctx, dir, file); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(stored)
	if err != nil {
		t.Fatalf("analyze did not store its file: %v", err)
	}
	for _, want := range []string{"bootstrap: 40", "peel_alpha: 0.05", "min_mass: 0.05", "significant: false"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %q (every default written out):\n%s", output.AnalysisName, want, data)
		}
	}
	if strings.Contains(string(data), "my notes") {
		t.Errorf("%s holds the file's comment, not its resolved form", output.AnalysisName)
	}
	if !slices.ContainsFunc(readManifest(t, dir).Files, func(f output.FileSum) bool { return f.Path == output.AnalysisName }) {
		t.Errorf("the manifest does not list %s", output.AnalysisName)
	}
	// A small directory: a sample recomputes the whole tables; --tables
	// the analyses from the stored file too.
	for _, opt := range []VerifyOptions{{Sample: 3}, {Sample: 3, Tables: TablesAlways}} {
		if res, err := Verify(ctx, dir, opt); err != nil || !res.Tables || res.Analyses != (opt.Tables == TablesAlways) {
			t.Errorf("verify %+v after analyze with a file: %+v, %v", opt, res, err)
		}
	}

	// The stored file reproduces the tables, byte for byte.
	before := map[string][]byte{}
	for _, f := range listFiles(t, dir) {
		before[f], _ = os.ReadFile(filepath.Join(dir, f))
	}
	if _, err := Analyze(ctx, dir, stored); err != nil {
		t.Fatal(err)
	}
	for f, b := range before {
		if a, err := os.ReadFile(filepath.Join(dir, f)); f != output.ManifestName && (err != nil || !bytes.Equal(a, b)) {
			t.Errorf("analyze with the stored file changed %s (%v)", f, err)
		}
	}

	// A stored file edited (and resealed in the manifest) is caught: out
	// of its resolved form at once; in form but not the analysis that made
	// the tables, by recomputing them.
	for _, tc := range []struct {
		name, from, to string
		opt            VerifyOptions
		want           string
	}{
		{"comment", "analysis:", "# edited\nanalysis:", VerifyOptions{Sample: 1}, "was edited"},
		{"unknown outcome", "outcome: deterrence_success", "outcome: warz", VerifyOptions{Sample: 1}, "not an analysis of this directory's config"},
		{"another bootstrap", "bootstrap: 40", "bootstrap: 41", VerifyOptions{Sample: 1, Tables: TablesAlways}, "sensitivity"},
	} {
		forged := filepath.Join(t.TempDir(), "f")
		copyDir(t, dir, forged)
		path := filepath.Join(forged, output.AnalysisName)
		b, _ := os.ReadFile(path)
		if !strings.Contains(string(b), tc.from) {
			t.Fatalf("%s lacks %q", path, tc.from)
		}
		os.WriteFile(path, []byte(strings.Replace(string(b), tc.from, tc.to, 1)), 0o644)
		resealFile(t, forged, output.AnalysisName)
		_, err := Verify(ctx, forged, tc.opt)
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Errorf("%s: verify = %v, want a mismatch", tc.name, err)
			continue
		}
		wantText(t, err, tc.want)
	}

	// The config's section: the stored file goes, and so does its entry.
	if _, err := Analyze(ctx, dir, ""); err != nil {
		t.Fatal(err)
	}
	if exists(stored) || slices.ContainsFunc(readManifest(t, dir).Files, func(f output.FileSum) bool { return f.Path == output.AnalysisName }) {
		t.Errorf("analyze with the config's section left %s", output.AnalysisName)
	}
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
		t.Errorf("verify after analyze with the config's section: %v", err)
	}
}

// TestVerifyUnrecordedAnalysis: analysis tables that neither a stored
// file nor the config's section account for (a directory analyzed with a
// file by a runner that did not store it) are reported with what to do.
func TestVerifyUnrecordedAnalysis(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	noSection := saCfg[:strings.Index(saCfg, "analysis:")] + saCfg[strings.Index(saCfg, "output:"):]
	plan := saPlan(t, noSection)
	dir := filepath.Join(t.TempDir(), "d")
	mustRun(t, plan, dir, RunOptions{})
	file := filepath.Join(t.TempDir(), "a.yaml")
	os.WriteFile(file, []byte(saSection()), 0o644)
	if _, err := Analyze(ctx, dir, file); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
		t.Fatalf("verify with the file stored: %v", err)
	}
	// As an older runner left it: no analysis.yaml, nor its entry.
	os.Remove(filepath.Join(dir, output.AnalysisName))
	m := readManifest(t, dir)
	m.Files = slices.DeleteFunc(m.Files, func(f output.FileSum) bool { return f.Path == output.AnalysisName })
	data, _ := json.MarshalIndent(m, "", "  ")
	os.WriteFile(filepath.Join(dir, output.ManifestName), data, 0o644)
	// Refused whether or not the analyses are recomputed: the engine that
	// wrote the directory stores the file (since 0.4.4), so the tables
	// came from elsewhere (a hostile review, stop 41: an analysis table
	// copied into a run with no analysis passed the default verify).
	for _, tables := range []TablesCheck{TablesAuto, TablesAlways} {
		_, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: tables})
		var mm *output.MismatchError
		if !errors.As(err, &mm) {
			t.Fatalf("verify (tables %v): %v, want a mismatch", tables, err)
		}
		wantText(t, err, "analysis.yaml", "config.yaml's analysis section", "runner analyze DIR FILE")
	}
}

// undefCfg is a run whose second sensitivity quantity, the treaty's
// formation period, is null at some design points (no replicate formed
// the treaty there): only the tables can tell.
const undefCfg = `name: u
seed: 7
replicates: 2
periods: 20
architectures: [treaty, layered]
population:
  roster: indo-pacific
sweep:
  design: saltelli
  samples: 8
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    population.autonomy_shift: {min: -0.4, max: 0.4}
analysis:
  quantities:
    - {outcome: severity_loss, architecture: treaty}
    - {outcome: treaty_formed_period, architecture: treaty}
output:
  plots: false
`

// TestUndefinedQuantityKeepsRun (fourth review): a sensitivity quantity
// that the tables show undefined at some point is a usage error naming the
// config's file, line and key, and it does not throw the run away: every
// task and whole table is written, the manifest marks the directory
// complete, it verifies (tables and analyses recomputed: none), and
// `runner analyze DIR FILE` with another quantity then works; --resume
// fails as the run did until then, and finds the directory complete after.
// The same
// holds for a merge of its shards. Before, the run ended without a
// manifest, and --resume failed the same way for ever.
func TestUndefinedQuantityKeepsRun(t *testing.T) {
	ctx := context.Background()
	plan := saPlan(t, undefCfg)
	wantKept := func(name, dir, file string, line int, err error) {
		t.Helper()
		var nw *AnalysisNotWrittenError
		var ce *ConfigError
		if !errors.As(err, &nw) || !errors.As(err, &ce) || !errors.Is(err, ErrUsage) {
			t.Fatalf("%s: got %v, want an AnalysisNotWrittenError wrapping a ConfigError", name, err)
		}
		if ce.File != file || (line > 0 && ce.Line != line) || ce.Line == 0 || ce.Key != "analysis.quantities[1]" || !strings.Contains(ce.Msg, "treaty treaty_formed_period is undefined") {
			t.Errorf("%s: error at %s:%d key %q: %s; want %s:%d key analysis.quantities[1]", name, ce.File, ce.Line, ce.Key, ce.Msg, file, line)
		}
		if _, err := os.Stat(filepath.Join(dir, output.ManifestName)); err != nil {
			t.Errorf("%s: no manifest: %v", name, err)
		}
		if _, err := os.Stat(filepath.Join(dir, output.TableSensitivity+".parquet")); err == nil {
			t.Errorf("%s: a sensitivity table was written", name)
		}
		if _, err := Verify(ctx, dir, VerifyOptions{Sample: 2, Tables: TablesAlways}); err != nil {
			t.Errorf("%s: verify: %v", name, err)
		}
	}
	dir := filepath.Join(t.TempDir(), "u")
	_, err := run(t, plan, dir, RunOptions{})
	wantKept("run", dir, plan.file, 17, err)
	// Resuming the complete directory runs nothing and fails as the run
	// did (hostile review, stop 24: it reported success, so a retry script
	// read the missing analysis as done).
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantKept("resume", dir, plan.file, 17, err)
	// The config's analysis is refused by analyze too, naming the stored config.
	_, err = Analyze(ctx, dir, "")
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.File != filepath.Join(dir, "config.yaml") || ce.Key != "analysis.quantities[1]" || ce.Line == 0 {
		t.Errorf("analyze with the config's section: %v", err)
	}
	file := filepath.Join(t.TempDir(), "a.yaml")
	os.WriteFile(file, []byte("analysis:\n  quantities:\n    - {outcome: severity_loss, architecture: treaty}\n"), 0o644)
	if res, err := Analyze(ctx, dir, file); err != nil || res.Rows[output.TableSensitivity] != 4 {
		t.Errorf("analyze with a file: %+v, %v", res, err)
	}
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
		t.Errorf("verify after analyze: %v", err)
	}
	// With another analysis in place, the directory is complete.
	if res, err := run(t, plan, dir, RunOptions{Resume: true}); err != nil || !res.Complete {
		t.Errorf("resume after analyze: %+v, %v", res, err)
	}

	// A merge of the shards finalises the same way.
	s0, s1 := filepath.Join(t.TempDir(), "s0"), filepath.Join(t.TempDir(), "s1")
	mustRun(t, plan, s0, RunOptions{Shard: ShardSpec{I: 0, N: 2}})
	mustRun(t, plan, s1, RunOptions{Shard: ShardSpec{I: 1, N: 2}})
	merged := filepath.Join(t.TempDir(), "m")
	_, err = Merge(ctx, merged, []string{s0, s1}, MergeOptions{})
	// The merge reads the config the shards stored.
	wantKept("merge", merged, filepath.Join(s0, "config.yaml"), 0, err)
	// Merged again over it with --force, it says what it replaced though
	// it fails so (a review, stop 50: only a merge that succeeded did).
	replaced := ""
	_, err = Merge(ctx, merged, []string{s0, s1}, MergeOptions{Force: true, Notify: func(e Event) {
		if e.Kind == EventReplaced {
			replaced = e.Replaced
		}
	}})
	wantKept("merge --force", merged, filepath.Join(s0, "config.yaml"), 0, err)
	if !strings.HasPrefix(replaced, "a complete merge of config ") {
		t.Errorf("merge --force replaced %q", replaced)
	}
}

// TestDiscoveryUndefinedEverywhere (fourth review): a PRIM search whose
// quantity is null at every design point can find no point of interest;
// it is a usage error naming the file, line and key, not a trajectory of
// one empty box.
func TestDiscoveryUndefinedEverywhere(t *testing.T) {
	ctx := context.Background()
	cfg := strings.Replace(undefCfg, "  design: saltelli\n  samples: 8\n", "  design: lhs\n  samples: 8\n", 1)
	cfg = strings.Replace(cfg, `  quantities:
    - {outcome: severity_loss, architecture: treaty}
    - {outcome: treaty_formed_period, architecture: treaty}
`, `  discovery:
    quantity: {outcome: severity_loss, architecture: treaty}
    condition: {above: 0}
`, 1)
	cfg = strings.Replace(cfg, "periods: 20", "periods: 1", 1)
	plan := saPlan(t, cfg)
	dir := filepath.Join(t.TempDir(), "d")
	mustRun(t, plan, dir, RunOptions{})
	// In one period no state commits and honours: the honour rate is null
	// in every run.
	file := filepath.Join(t.TempDir(), "a.yaml")
	os.WriteFile(file, []byte("analysis:\n  discovery:\n    - quantity: {outcome: severity_loss, architecture: treaty}\n      condition: {above: 0}\n    - quantity: {outcome: honour_rate, architecture: treaty}\n      condition: {above: 0.5}\n"), 0o644)
	_, err := Analyze(ctx, dir, file)
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.File != file || ce.Line != 5 || ce.Key != "analysis.discovery[1]" || !strings.Contains(ce.Msg, "at every one of the 8 design points") {
		t.Errorf("discovery of a quantity null everywhere: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, output.AnalysisName)); err == nil {
		t.Error("the refused analysis was stored")
	}
}

// rewriter is a command that rewrites a complete directory in place:
// analyze (with the config's own analysis) or plot.
type rewriter struct {
	name string
	do   func(dir string) error
}

func rewriters(ctx context.Context) []rewriter {
	return []rewriter{
		{"analyze", func(dir string) error { _, err := Analyze(ctx, dir, ""); return err }},
		{"plot", func(dir string) error { _, err := Plot(ctx, dir); return err }},
	}
}

// TestKilledWritersTemporaries: the temporary files a killed analyze or
// plot leaves (.NAME.RANDOM.tmp) are not data: verify counts them apart
// and passes, and the next plot or analyze, holding the lock, removes them
// (review 6: they stayed for ever while verify said no other file was
// there).
func TestKilledWritersTemporaries(t *testing.T) {
	ctx := context.Background()
	plan := saPlan(t, saCfg)
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})
	temps := []string{".sensitivity.csv.0a1b2c3d4e5f.tmp", "arrow/.sensitivity.arrow.0a1b2c3d4e5f.tmp"}
	for _, step := range rewriters(ctx) {
		dir := filepath.Join(t.TempDir(), step.name)
		copyDir(t, ref, dir)
		for _, f := range temps {
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f)), []byte("half"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesNever})
		if err != nil || res.Temporaries != len(temps) {
			t.Fatalf("%s: verify with temporaries: %+v, %v; want %d temporaries counted", step.name, res, err, len(temps))
		}
		// A user's file that only looks temporary stays (review 10).
		mine := filepath.Join(dir, ".notes.tmp")
		if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := step.do(dir); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		for _, f := range temps {
			if exists(filepath.Join(dir, filepath.FromSlash(f))) {
				t.Errorf("%s left %s", step.name, f)
			}
		}
		if !exists(mine) {
			t.Errorf("%s removed a user's .notes.tmp", step.name)
		}
		if err := os.Remove(mine); err != nil {
			t.Fatal(err)
		}
		if res, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesNever}); err != nil || res.Temporaries != 0 {
			t.Errorf("%s: verify afterwards: %+v, %v", step.name, res, err)
		}
	}
}

// TestAnalyzeInterruptedFigures: interrupted while it draws the figures,
// Analyze leaves no figure or report of the old analysis beside the new
// analysis's tables (they would contradict each other, and the manifest
// would seal the mixture): the report and figures are those of the
// analysis the tables hold, or gone.
func TestAnalyzeInterruptedFigures(t *testing.T) {
	ref, file := runAndOtherAnalysis(t, strings.Replace(saCfg, "plots: false", "plots: true", 1))
	newRef := filepath.Join(t.TempDir(), "new")
	copyDir(t, ref, newRef)
	if _, err := Analyze(context.Background(), newRef, file); err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			return ""
		}
		return string(b)
	}
	oldReport := read(filepath.Join(ref, "report.html"))
	if oldReport == "" || oldReport == read(filepath.Join(newRef, "report.html")) {
		t.Fatal("the two analyses' reports should differ")
	}
	duringFigures := 0
	for n := 1; n < 2000; n += 7 {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		ctx := &countdownCtx{Context: context.Background(), n: n, done: make(chan struct{})}
		if _, err := Analyze(ctx, dir, file); err == nil {
			break
		}
		if read(filepath.Join(dir, output.AnalysisName)) == "" {
			continue // stopped before the new tables: the old directory
		}
		duringFigures++
		if r := read(filepath.Join(dir, "report.html")); r == oldReport {
			t.Fatalf("interrupted at check %d: the old analysis's report beside the new tables", n)
		}
		if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
			t.Fatalf("interrupted at check %d: verify: %v", n, err)
		}
	}
	if duringFigures == 0 {
		t.Error("no interruption fell after the tables were written")
	}
	t.Logf("%d interruptions after the tables", duringFigures)
}

// runAndOtherAnalysis runs cfg into a new directory ref and writes an
// analysis file of another analysis (fewer bootstrap resamples), so that
// the files it writes differ from the run's.
func runAndOtherAnalysis(t *testing.T, cfg string) (ref, file string) {
	t.Helper()
	ref = filepath.Join(t.TempDir(), "ref")
	mustRun(t, saPlan(t, cfg), ref, RunOptions{})
	file = filepath.Join(t.TempDir(), "other.yaml")
	section := cfg[strings.Index(cfg, "analysis:"):strings.Index(cfg, "output:")]
	section = strings.Replace(section, "bootstrap: 50", "bootstrap: 40", 1)
	if err := os.WriteFile(file, []byte(section), 0o644); err != nil {
		t.Fatal(err)
	}
	return ref, file
}

// TestPendingMark: an analyze or plot killed part-way (or failed on a full
// disk) leaves DIR/.pending: verify and --resume refuse the directory,
// naming the command that repairs it, plot refuses one an analyze left,
// and that command, run again, repairs it (review 10: a kill during
// analyze left the old manifest beside the new tables, and verify called
// it a mismatch, as if tampered with; a full disk left a mixture that the
// default verify passed).
func TestPendingMark(t *testing.T) {
	ctx := context.Background()
	cfg := strings.Replace(saCfg, "plots: false", "plots: true", 1)
	plan := saPlan(t, cfg)
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})
	for _, cmd := range []string{"analyze", "plot"} {
		dir := filepath.Join(t.TempDir(), cmd)
		copyDir(t, ref, dir)
		if err := output.MarkPending(dir, cmd); err != nil {
			t.Fatal(err)
		}
		hint := "runner " + cmd + " " + dir
		_, err := Verify(ctx, dir, VerifyOptions{Sample: 1})
		if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), hint) {
			t.Errorf("%s: verify: %v, want a usage error naming %q", cmd, err, hint)
		}
		_, err = run(t, plan, dir, RunOptions{Resume: true})
		if err == nil || !strings.Contains(err.Error(), hint) {
			t.Errorf("%s: --resume: %v, want an error naming %q", cmd, err, hint)
		}
		_, err = Plot(ctx, dir)
		if cmd == "analyze" {
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), hint) {
				t.Errorf("plot after an interrupted analyze: %v, want a refusal naming %q", err, hint)
			}
			_, err = Analyze(ctx, dir, "")
		}
		if err != nil {
			t.Fatalf("%s again: %v", cmd, err)
		}
		if output.Pending(dir) != "" {
			t.Errorf("%s again left %s", cmd, output.PendingName)
		}
		if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
			t.Errorf("%s again: verify: %v", cmd, err)
		}
	}
}

// TestRedrawFigureFolder: plot and analyze refuse a plots/ folder holding
// a file pactsim does not write, untouched (its manifest would list it),
// and a redraw leaves no figure of an earlier drawing that the new one
// does not draw (review 10: both were sealed into the manifest).
func TestRedrawFigureFolder(t *testing.T) {
	ctx := context.Background()
	plan := saPlan(t, strings.Replace(saCfg, "plots: false", "plots: true", 1))
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})
	for _, step := range rewriters(ctx) {
		dir := filepath.Join(t.TempDir(), step.name)
		copyDir(t, ref, dir)
		stranger := filepath.Join(dir, "plots", "notes.txt")
		if err := os.WriteFile(stranger, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := listAll(t, dir)
		if err := step.do(dir); !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "plots/notes.txt") {
			t.Errorf("%s with plots/notes.txt: %v, want a usage error naming it", step.name, err)
		}
		// The lock the command took may stay (a lock file is not data).
		if got := slices.DeleteFunc(listAll(t, dir), func(p string) bool { return p == output.LockName }); !slices.Equal(got, before) {
			t.Errorf("%s: refused directory changed: %v, was %v", step.name, got, before)
		}
		if err := os.Remove(stranger); err != nil {
			t.Fatal(err)
		}
		// A figure pactsim did not draw is refused even with a figure's
		// name (a user's annotated copy), and kept.
		mine := filepath.Join(dir, "plots", "annotated.png")
		if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := step.do(dir); !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "plots/annotated.png") || !exists(mine) {
			t.Errorf("%s with plots/annotated.png: %v, want a usage error naming it, the file kept", step.name, err)
		}
		if err := os.Remove(mine); err != nil {
			t.Fatal(err)
		}
		// A figure of an earlier drawing, listed, that this one does not
		// draw goes.
		stale := filepath.Join(dir, "plots", "stale-figure.png")
		if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := output.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := output.RewriteManifestAt(ctx, dir, m, func(rel string) bool { return strings.HasPrefix(rel, "plots/") }); err != nil {
			t.Fatal(err)
		}
		if err := step.do(dir); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if exists(stale) {
			t.Errorf("%s kept a figure it does not draw", step.name)
		}
		if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1}); err != nil {
			t.Errorf("%s: verify: %v", step.name, err)
		}
	}
}

// TestAnalyzeRedrawsPlottedFigures: a `plots: false` run whose figures
// `runner plot` drew, or left part-drawn, gets them drawn anew by analyze:
// the figures then match the new analysis, as a plot after it draws them
// (review 10, second pass: analyze left the old figures, or sealed a
// part-drawn set and cleared the plot's mark).
func TestAnalyzeRedrawsPlottedFigures(t *testing.T) {
	ctx := context.Background()
	ref, file := runAndOtherAnalysis(t, saCfg)
	if _, err := Plot(ctx, ref); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(t.TempDir(), "want")
	copyDir(t, ref, want)
	if _, err := Analyze(ctx, want, file); err != nil {
		t.Fatal(err)
	}
	if _, err := Plot(ctx, want); err != nil {
		t.Fatal(err)
	}
	for _, partial := range []string{"", "plot", "analyze"} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		switch partial {
		case "plot":
			// A plot killed part-way: its mark, some figures gone.
			if err := output.MarkPending(dir, "plot"); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(filepath.Join(dir, "report.html")); err != nil {
				t.Fatal(err)
			}
		case "analyze":
			// An analyze killed after it removed every figure: its mark
			// says it was to draw them.
			if err := output.MarkPending(dir, output.PendingAnalyzeFigures); err != nil {
				t.Fatal(err)
			}
			if err := removeFigures(dir); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := Analyze(ctx, dir, file); err != nil {
			t.Fatalf("partial %q: %v", partial, err)
		}
		for _, f := range []string{"report.html", "plots/sensitivity-sobol.svg"} {
			a, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			b, _ := os.ReadFile(filepath.Join(want, filepath.FromSlash(f)))
			if len(b) == 0 || string(a) != string(b) {
				t.Errorf("partial %q: %s is not the new analysis's", partial, f)
			}
		}
		if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1}); err != nil {
			t.Errorf("partial %q: verify: %v", partial, err)
		}
	}
}

// TestDiscoveryNoPointOfInterest: where no design point meets the
// condition, every box's coverage (0/0) is null in the table, the figure
// and the report are drawn (the null reads "–" and the report says "at
// none of the design points"), and the directory verifies (a review, stop
// 24: coverage read 0; written null at first, the figure refused the NaN).
func TestDiscoveryNoPointOfInterest(t *testing.T) {
	ctx := context.Background()
	plan := saPlan(t, `name: none
seed: 3
replicates: 2
periods: 8
architectures: [treaty, layered]
sweep:
  design: lhs
  samples: 12
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
analysis:
  discovery:
    quantity: {outcome: severity_loss, contrast: [layered, treaty]}
    condition: {above: 1000000}
`)
	dir := filepath.Join(t.TempDir(), "d")
	mustRun(t, plan, dir, RunOptions{})
	data, err := os.ReadFile(filepath.Join(dir, output.TableDiscovery+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][2] != "coverage" {
		t.Fatalf("discovery.csv: %v", rows)
	}
	for _, r := range rows[1:] {
		if r[2] != "" || r[3] == "" {
			t.Errorf("row %v: want coverage null, density a number", r)
		}
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, errors.New(string(report)), "at none of the design points", "<td>–</td>")
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
		t.Errorf("verify: %v", err)
	}
}

// TestAnalyzeOwnFileStored: a directory's own analysis.yaml, in the form
// analyze wrote, is recomputed by the command its header names even where
// a later check would refuse it as a new file (code review, stop 28: a
// bootstrap of 20 resamples, accepted before); the same text elsewhere is
// a new file, and refused.
func TestAnalyzeOwnFileStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	plan, dir := saRun(t)
	section := saSection()
	section = strings.Replace(section, "bootstrap: 50", "bootstrap: 20", 1)
	spec, err := plan.parseAnalysis("old.yaml", []byte(section), true)
	if err != nil {
		t.Fatal(err)
	}
	canon, err := plan.canonicalAnalysisFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(dir, output.AnalysisName)
	elsewhere := filepath.Join(t.TempDir(), output.AnalysisName)
	for _, p := range []string{own, elsewhere} {
		if err := os.WriteFile(p, canon, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Analyze(ctx, dir, elsewhere); !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "20 resamples cannot") {
		t.Errorf("the text as a new file: %v", err)
	}
	if _, err := Analyze(ctx, dir, own); err != nil {
		t.Errorf("the directory's own file: %v", err)
	}
	if _, err := Verify(ctx, dir, VerifyOptions{Sample: 1, Tables: TablesAlways}); err != nil {
		t.Errorf("after the recomputation: %v", err)
	}
}

// TestAnalyzeNoSectionTouchesNothing: `runner analyze DIR` of a directory
// whose config has no analysis section is refused before DIR is locked,
// as a bad analysis file is (a hostile review, h1: it made DIR/.lock).
func TestAnalyzeNoSectionTouchesNothing(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, reference(t, pcfg{}), dir)
	lock := filepath.Join(dir, output.LockName)
	if err := os.Remove(lock); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	before := listFiles(t, dir)
	_, err := Analyze(context.Background(), dir, "")
	wantUsage(t, err, "has no analysis section")
	if exists(lock) {
		t.Errorf("a refused analyze created %s", output.LockName)
	}
	if got := listFiles(t, dir); !slices.Equal(got, before) {
		t.Errorf("a refused analyze changed the directory: %v, was %v", got, before)
	}
}

// TestAnalyzeBadFileTouchesNothing: a bad analysis file (one that does not
// decode, names what DIR's config lacks, or cannot be read) is refused
// before DIR is locked: no DIR/.lock is created and DIR's files stay as
// they were. (Taking the lock first also hid the file's error behind the
// lock's, exit 1, on a directory that cannot be written.)
func TestAnalyzeBadFileTouchesNothing(t *testing.T) {
	ctx := context.Background()
	plan := saPlan(t, saCfg)
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	lock := filepath.Join(dir, output.LockName)
	if err := os.Remove(lock); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	for _, c := range []struct{ text, key string }{
		{"analysis:\n  quantities:\n    - {outcome: warz, architecture: treaty}\n", "analysis.quantities[0].outcome"},
		{"analysis:\n  discovery:\n    quantity: {outcome: wars, contrast: [layered, hub_and_spokes]}\n    condition: {above: 0}\n", "analysis.discovery.quantity.contrast[1]"},
		{"analysis:\n  bogus: 1\n", "analysis.bogus"},
		{"", ""},
	} {
		if err := os.WriteFile(bad, []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		before := listFiles(t, dir)
		_, err := Analyze(ctx, dir, bad)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.File != bad || ce.Key != c.key || !errors.Is(err, ErrUsage) {
			t.Errorf("%q: want a usage error naming %s and key %q, got %v", c.text, bad, c.key, err)
		}
		if exists(lock) {
			t.Errorf("%q: a refused analysis file created %s", c.text, output.LockName)
			os.Remove(lock)
		}
		if got := listFiles(t, dir); !slices.Equal(got, before) {
			t.Errorf("%q: a refused analysis file changed the directory: %v, was %v", c.text, got, before)
		}
	}
	_, err := Analyze(ctx, dir, filepath.Join(t.TempDir(), "missing.yaml"))
	wantUsage(t, err, "cannot read analysis file")
	if exists(lock) {
		t.Errorf("a missing analysis file created %s", output.LockName)
	}
	// A good file still works, and takes the lock.
	if err := os.WriteFile(bad, []byte(saSection()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(ctx, dir, bad); err != nil {
		t.Fatalf("a good analysis file: %v", err)
	}
	if !exists(lock) {
		t.Errorf("analyze did not lock the directory")
	}
}

// TestPendingGarbageMark (a hostile-situation review, stop 44): a
// .pending holding none of pactsim's words sent verify, --resume and plot
// to `runner analyze DIR`, which a config without an analysis section
// refuses: a dead end. The refusal now says the mark may not be
// pactsim's and to remove it if no analyze or plot ran; a real mark's
// refusal does not.
func TestPendingGarbageMark(t *testing.T) {
	dir := t.TempDir()
	if err := output.MarkPending(dir, "analyze"); err != nil {
		t.Fatal(err)
	}
	if err := pendingError(dir, nil); err == nil || strings.Contains(err.Error(), "remove it") {
		t.Errorf("a real mark: %v, want a refusal that does not say to remove it", err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.PendingName), []byte("\x00garbage\xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := pendingError(dir, nil)
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "runner analyze "+dir) ||
		!strings.Contains(err.Error(), "may not be pactsim's") || !strings.Contains(err.Error(), "remove it") {
		t.Errorf("a garbage mark: %v, want a usage error naming the repair and saying to remove a mark that is not pactsim's", err)
	}
}

// TestAnalyzeGrownConfig: a results directory whose config.yaml grew past
// what a config may be (a sparse file of 64 MiB) is refused by analyze as
// verify refuses it: a mismatch (exit 1) in the one wording for a changed
// listed file, not as a config that cannot be read (exit 2; a review,
// stop 50).
func TestAnalyzeGrownConfig(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, reference(t, pcfg{}), dir)
	if err := os.Truncate(filepath.Join(dir, "config.yaml"), 64<<20); err != nil {
		t.Fatal(err)
	}
	_, verr := Verify(ctx, dir, VerifyOptions{Sample: 1})
	_, aerr := Analyze(ctx, dir, "")
	var mm *output.MismatchError
	if !errors.As(aerr, &mm) || errors.Is(aerr, ErrUsage) || verr == nil || aerr.Error() != verr.Error() {
		t.Fatalf("analyze: %v\nverify: %v\nwant one mismatch", aerr, verr)
	}
	wantText(t, aerr, "config.yaml does not match its manifest (67108864 bytes; manifest says")
}
