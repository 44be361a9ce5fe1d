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
