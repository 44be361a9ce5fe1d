package docprobe

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestProbeJapanLimitThreshold recomputes docs/model.md sec. 22's bullet
// "Japan's constitutional limit is a threshold, not a dose" (seed 6060601,
// 300 replicates, `constitutional_limit.strength` 0, 0.25, 0.5, 0.75, 0.9
// and 1 on common random numbers, the treaty's founders bound): how many
// runs differ in any column of the runs table from the same replicate at
// strength 0. Under `hub_and_spokes` none up to 0.75, 6 at 0.9 and all at
// 1; under `layered` none up to 0.5 and all from 0.75; under the bound
// treaty the bullet said "all from 0.5", but 2 runs differ at 0.25 and
// 297 at 0.5, all from 0.75 (a review, stop 52). Exact counts.
func TestProbeJapanLimitThreshold(t *testing.T) {
	if testing.Short() {
		t.Skip("5,400 architecture-runs")
	}
	cfg := "name: japan-limit\nseed: 6060601\nreplicates: 300\nperiods: 40\narchitectures: [hub_and_spokes, layered, treaty]\npopulation:\n  roster: indo-pacific\nparams:\n  mechanisms.treaty.founders_bound: true\nsweep:\n  design: grid\n  crn: points\n  parameters:\n    constitutional_limit.strength: [0, 0.25, 0.5, 0.75, 0.9, 1]\noutput:\n  formats: [parquet]\n  plots: false\n"
	all := runTableRows(t, "japan-limit.yaml", cfg, "runs")
	type key struct{ arch, point, rep string }
	rows := map[key]map[string]string{}
	for _, r := range all {
		rows[key{r["architecture"], r["point"], r["replicate"]}] = r
	}
	// Columns that name the point rather than its outcome.
	skip := map[string]bool{"point": true, "constitutional_limit.strength": true, "seed": true}
	want := map[string][5]int{
		"hub_and_spokes": {0, 0, 0, 6, 300},
		"layered":        {0, 0, 300, 300, 300},
		"treaty":         {2, 297, 300, 300, 300},
	}
	for arch, w := range want {
		var got [5]int
		for p := range 5 {
			for k, r := range rows {
				if k.arch != arch || k.point != fmt.Sprint(p+1) {
					continue
				}
				base := rows[key{arch, "0", k.rep}]
				for c, v := range r {
					if !skip[c] && base[c] != v {
						got[p]++
						break
					}
				}
			}
		}
		if got != w {
			t.Errorf("%s: runs differing from strength 0 at 0.25, 0.5, 0.75, 0.9, 1: %v, want %v", arch, got, w)
		}
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	s := "under the bound treaty 2 at 0.25, 297 at 0.5 and all from 0.75 (`TestProbeJapanLimitThreshold`)"
	if !strings.Contains(strings.Join(strings.Fields(string(doc)), " "), s) {
		t.Errorf("docs/model.md sec. 22 does not state %q", s)
	}
}
