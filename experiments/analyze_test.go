package experiments

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
	section := saCfg[strings.Index(saCfg, "analysis:"):strings.Index(saCfg, "output:")]
	if err := os.WriteFile(file, []byte(section), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(ctx, dir, file); err != nil {
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
	rows, err := plan.Sensitivity(plan.Config.Analysis.Quantities[1], y)
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
// checks, Analyze leaves a directory that still verifies (each file whole,
// old or new, and the manifest listing what is on disk), and a later
// Analyze restores the run's bytes.
func TestAnalyzeInterruptedVerifies(t *testing.T) {
	plan := saPlan(t, saCfg)
	ref := filepath.Join(t.TempDir(), "ref")
	mustRun(t, plan, ref, RunOptions{})
	// Another analysis (fewer bootstrap resamples), so that the files it
	// writes differ from the run's.
	file := filepath.Join(t.TempDir(), "other.yaml")
	section := saCfg[strings.Index(saCfg, "analysis:"):strings.Index(saCfg, "output:")]
	section = strings.Replace(section, "bootstrap: 50", "bootstrap: 20", 1)
	if err := os.WriteFile(file, []byte(section), 0o644); err != nil {
		t.Fatal(err)
	}
	interrupted := 0
	for n := 1; n < 400; n += 7 {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		ctx := &countdownCtx{Context: context.Background(), n: n, done: make(chan struct{})}
		if _, err := Analyze(ctx, dir, file); err == nil {
			break // finished before the n-th check
		}
		interrupted++
		if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1}); err != nil {
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
