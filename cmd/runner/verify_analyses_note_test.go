package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyNamesAnalysesOnlyWhereThere: verify's default check (the whole
// tables recomputed, not the analyses) says that the analyses were not
// recomputed only of a directory that has an analysis; of a run without
// an analysis section it says nothing of analyses (a review, stop 53: a
// researcher verifying the README's main job was told its analyses were
// not recomputed, and it has none).
func TestVerifyNamesAnalysesOnlyWhereThere(t *testing.T) {
	t.Parallel()
	const note = "(the analyses were not recomputed: --tables or --sample all does)"
	plain := mustRun(t, nil, "verify", reference(t, cfg{}))
	if !strings.Contains(plain.stdout, "the whole tables recomputed from the runs match the stored ones") {
		t.Fatalf("verify of a small run did not recompute its whole tables: %q", plain.stdout)
	}
	if strings.Contains(plain.stdout, "analys") {
		t.Errorf("verify of a run without an analysis section speaks of analyses: %q", plain.stdout)
	}
	dir := t.TempDir()
	withAnalysis := filepath.Join(dir, "out")
	mustRun(t, nil, "run", writeText(t, dir, "unread.yaml", unreadCfg), "-o", withAnalysis, "--workers", "2", "-q")
	r := mustRun(t, nil, "verify", withAnalysis, "--sample", "3")
	if !strings.Contains(r.stdout, "the whole tables recomputed from the runs match the stored ones") || !strings.Contains(r.stdout, note) {
		t.Errorf("verify of a run with an analysis section does not say %q: %q", note, r.stdout)
	}
}

// TestVerifyUndefinedAnalysis: a run whose analysis the tables leave
// undefined (the treaty's formation period, null at a point where no
// replicate formed it) completes without analysis tables; verify --tables
// recomputes the analysis, finds it undefined again, and says so, rather
// than that the analyses recomputed match the stored ones (a review, stop
// 53: it claimed analysis tables the directory does not have).
func TestVerifyUndefinedAnalysis(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := writeText(t, dir, "undefined.yaml", `name: undefined
seed: 5
replicates: 1
periods: 20
architectures: [treaty, layered]
sweep:
  design: saltelli
  samples: 8
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    adversary.threshold: {min: 0.8, max: 1.3}
analysis:
  quantities:
    - {outcome: treaty_formed_period, architecture: treaty}
  sensitivity: {bootstrap: 0}
output:
  formats: [parquet]
  plots: false
`)
	out := filepath.Join(dir, "out")
	wantExit(t, runner(t, nil, "run", config, "-o", out, "--workers", "2", "-q"), 2, "is complete", "its analysis tables are not written", "treaty_formed_period is undefined")
	if exists(filepath.Join(out, "sensitivity.parquet")) {
		t.Fatal("a run whose analysis is undefined wrote sensitivity.parquet")
	}
	r := mustRun(t, nil, "verify", out, "--tables")
	if strings.Contains(r.stdout, "analyses recomputed") {
		t.Errorf("verify --tables of a directory without analysis tables says they match: %q", r.stdout)
	}
	for _, want := range []string{"the tables and codebook recomputed from the runs match the stored ones", "the analysis has no tables", "treaty_formed_period is undefined"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("verify --tables of a directory whose analysis is undefined does not say %q: %q", want, r.stdout)
		}
	}
}
