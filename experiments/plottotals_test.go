package experiments

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
	"pactsim/output/plots"
)

// setManifest sets the manifest's field key (of its totals with inTotals)
// to the number v, every other value kept as written.
func setManifest(t *testing.T, dir string, inTotals bool, key string, v json.Number) {
	t.Helper()
	path := filepath.Join(dir, output.ManifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	at := m
	if inTotals {
		at = m["totals"].(map[string]any)
	}
	at[key] = v
	if b, err = json.MarshalIndent(m, "", "  "); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPlotEditedTotals (a review, stop 51): `runner plot` drew the
// report's plan and run count from the manifest's totals, which nothing
// checked there: totals edited by hand were drawn, and sealed into the
// manifest again, their product overflowing to "= 0 runs". Plot now
// checks the seed and totals against the config before it draws (exit
// 1, as verify), and plots.ReadMeta refuses totals whose product of runs
// overflows.
func TestPlotEditedTotals(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{})
	for _, c := range []struct {
		inTotals bool
		key      string
		v        json.Number
		want     string
	}{
		{true, "points", "4611686018427387904", "points 4611686018427387904"},
		{true, "replicates", "1", "totals is {points"},
		{false, "seed", "12345", "seed 12345"},
	} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		setManifest(t, dir, c.inTotals, c.key, c.v)
		if c.key == "points" {
			if _, err := plots.ReadMeta(dir); err == nil || !strings.Contains(err.Error(), "overflows") {
				t.Errorf("ReadMeta of totals whose product overflows: %v, want a refusal", err)
			}
		}
		_, err := Plot(context.Background(), dir)
		var mm *output.MismatchError
		if !errors.As(err, &mm) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("plot of a manifest whose %s is %s: %v, want a mismatch naming %q", c.key, c.v, err, c.want)
		}
		if exists(filepath.Join(dir, "report.html")) {
			t.Errorf("plot of a manifest whose %s is %s drew report.html", c.key, c.v)
		}
	}
}
