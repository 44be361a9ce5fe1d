package main

import (
	"path/filepath"
	"strings"
	"testing"

	"pactsim/experiments"
)

// TestAnalysesProgress: the finalisation's progress line names the
// analyses when the config has an analysis section.
func TestAnalysesProgress(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		spec experiments.AnalysisSpec
		want string
	}{
		{experiments.AnalysisSpec{Sensitivity: &experiments.SensitivitySpec{}}, "the sensitivity analysis"},
		{experiments.AnalysisSpec{Discovery: []experiments.DiscoverySpec{{}}}, "the discovery (PRIM) analysis"},
		{experiments.AnalysisSpec{Sensitivity: &experiments.SensitivitySpec{}, Discovery: []experiments.DiscoverySpec{{}}}, "the sensitivity and discovery (PRIM) analyses"},
	} {
		if got := analysesText(&tc.spec); got != tc.want {
			t.Errorf("analysesText = %q, want %q", got, tc.want)
		}
	}
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "unread.yaml", unreadCfg)
	r := mustRun(t, nil, "run", cfgPath, "-o", filepath.Join(dir, "out"), "--workers", "2")
	if want := "runner: writing the summary and contrasts (and both by treaty formation), points, codebook, the sensitivity analysis\n"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
}
