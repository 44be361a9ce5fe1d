package experiments

import (
	"os"
	"path/filepath"
	"testing"

	"pactsim/output/plots"
)

// TestPlotMetaCRN: the report run and analyze write is drawn from
// plotMeta(plan), the one plot and verify draw from plots.ReadMeta of the
// directory's config.yaml; the two must agree on the design's common
// random numbers, which the sensitivity note reads (a review, stop 53: a
// Morris run under crn: none failed verify, "report.html is not what its
// tables draw", once the note read crn from ReadMeta alone).
func TestPlotMetaCRN(t *testing.T) {
	for _, sweep := range []string{
		"",
		"sweep:\n  design: morris\n  trajectories: 2\n  crn: none\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n",
		"sweep:\n  design: morris\n  trajectories: 2\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n",
		"sweep:\n  design: saltelli\n  samples: 2\n  crn: none\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n",
		"sweep:\n  design: lhs\n  samples: 4\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n",
		"sweep:\n  design: grid\n  crn: points\n  parameters:\n    us.reliability: [0.3, 0.9]\n",
	} {
		plan := mustParse(t, "name: m\nseed: 1\nreplicates: 2\narchitectures: [none, treaty]\n"+sweep)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), plan.Canonical(), 0o644); err != nil {
			t.Fatal(err)
		}
		read, err := plots.ReadMeta(dir)
		if err != nil {
			t.Fatal(err)
		}
		got := plotMeta(plan)
		if got.SharedWorlds != read.SharedWorlds || got.FreshReplicates != read.FreshReplicates {
			t.Errorf("%q: plotMeta has shared %v, fresh %v; the directory's config.yaml reads %v, %v",
				sweep, got.SharedWorlds, got.FreshReplicates, read.SharedWorlds, read.FreshReplicates)
		}
	}
}
