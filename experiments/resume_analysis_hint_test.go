package experiments

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResumeAnalysisOnlyHint: a --resume refused because only the
// analysis section was added or changed names the way on, `runner analyze
// DIR FILE`, and that way works; a config changed elsewhere too gets no
// such hint (a hostile review, stop 54: a researcher who added an
// analysis section after the run was told only that the config changed).
func TestResumeAnalysisOnlyHint(t *testing.T) {
	base := "name: h\nseed: 3\nreplicates: 1\nperiods: 4\narchitectures: [treaty, layered]\n" +
		"sweep:\n  design: lhs\n  samples: 6\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n"
	section := "analysis:\n  discovery:\n    quantity: {outcome: deterrence_success, contrast: [layered, treaty]}\n    condition: {above: 0}\n"
	dir := filepath.Join(t.TempDir(), "r")
	mustRun(t, mustParse(t, base), dir, RunOptions{})

	_, err := run(t, mustParse(t, base+section), dir, RunOptions{Resume: true})
	want := "only the analysis section differs"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "runner analyze "+dir+" FILE") {
		t.Fatalf("resume with an analysis section added: %v; want the refusal to name `runner analyze %s FILE`", err, dir)
	}
	if _, err := run(t, mustParse(t, strings.Replace(base, "seed: 3", "seed: 4", 1)+section), dir, RunOptions{Resume: true}); err == nil || strings.Contains(err.Error(), want) {
		t.Errorf("resume with the seed changed too: %v; want a refusal without the analysis hint", err)
	}
	// The way named works: the section alone, given to analyze.
	file := filepath.Join(t.TempDir(), "a.yaml")
	if err := os.WriteFile(file, []byte(section), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(context.Background(), dir, file); err != nil {
		t.Errorf("analyze %s %s: %v", dir, file, err)
	}

	// A directory still to be finished is told to finish it first; a
	// calibration or a shard (analyses false) gets no hint.
	old, with := mustParse(t, base).Canonical(), mustParse(t, base+section).Canonical()
	if got := resumeChanged(old, with, "d", false, true); !strings.Contains(got, "runner run "+filepath.Join("d", "config.yaml")+" -o d --resume), then") {
		t.Errorf("unfinished: %q", got)
	}
	if got := resumeChanged(old, with, "d", true, false); strings.Contains(got, want) || got == "" {
		t.Errorf("not analysable: %q", got)
	}
	// A config that drops the section has no new analysis to compute: it
	// is told what changed, and not to write "the new analysis section"
	// to a file (a review, stop 54).
	if got := resumeChanged(with, old, "d", true, true); strings.Contains(got, want) || got == "" {
		t.Errorf("analysis section dropped: %q", got)
	}
}
