package plots

import (
	"strings"
	"testing"
)

// TestDiscoveryPower (a review, stop 50): "so in no region" was said at 10
// to 40 replicates per point with no word on what a single point can
// detect; the reading says no region stands out and how large a difference
// must be to be detectable at one point.
func TestDiscoveryPower(t *testing.T) {
	chance := primTarget{text: "treaty_plus_cells - layered severity_loss > 0 (95% CI)", params: []string{"us.reliability", "population.autonomy_shift"}, selected: 0,
		boxes: []primBox{box(1, 0.008, 1, 0.3, 0.9, -0.4, 0.4)}}
	got := discoverySection([]primTarget{chance}, 40).Reading
	for _, want := range []string{"so no region stands out.", "At 40 replicates per point only a difference larger than about 0.31 of the standard deviation of its per-replicate differences (1.96/√40) is detectable at a single point"} {
		if !strings.Contains(got, want) {
			t.Errorf("reading %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "so in no region") {
		t.Errorf("reading %q", got)
	}
	// A region that stands out needs no caveat on power.
	region := target("layered - treaty deterrence_success > 0", 1, box(0.55, 0.9, 0.08, 0.61, 0.9, -0.12, 0.3))
	if got := discoverySection([]primTarget{region}, 40).Reading; strings.Contains(got, "replicates per point") {
		t.Errorf("reading %q", got)
	}
}
