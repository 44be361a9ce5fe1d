package plots

import (
	"strings"
	"testing"

	"pactsim/output"
)

// TestMattersMostOverlap (a review, stop 50): "X matters most" was said
// where X's ST interval overlapped the runner-up's; the reading then says
// only that X has the largest ST, its interval overlapping the other's.
func TestMattersMostOverlap(t *testing.T) {
	q := func(lo float64) sensQuantity {
		return sensQuantity{method: output.MethodSobol, outcome: "deterrence_success", a: "layered", b: "treaty", n: 64, params: []sensParam{
			{name: "us.reliability", st: estimate{0.5, lo, 0.6}},
			{name: "retribution.strength", st: estimate{0.3, 0.2, 0.4}},
			{name: "burden.strength", st: estimate{0.1, 0.05, 0.15}},
		}}
	}
	got := sensitivityReading(q(0.35))
	if strings.Contains(got, "matters most") || !strings.Contains(got, "us.reliability has the largest ST (0.50, 95% CI 0.35–0.60), its interval overlapping retribution.strength's (0.30, 95% CI 0.20–0.40)") {
		t.Errorf("overlapping intervals: %q", got)
	}
	if got := sensitivityReading(q(0.45)); !strings.Contains(got, "us.reliability matters most (ST 0.50, 95% CI 0.45–0.60)") {
		t.Errorf("separate intervals: %q", got)
	}
	// The same where a larger estimate without a detectable effect leads.
	m := q(0.35)
	m.params = append([]sensParam{{name: "balancing.strength", st: estimate{0.9, -0.1, 1.9}}}, m.params...)
	if got := sensitivityReading(m); !strings.Contains(got, "of the parameters whose interval excludes 0, us.reliability has the largest ST (0.50, 95% CI 0.35–0.60), its interval overlapping retribution.strength's") {
		t.Errorf("after an undetectable larger one: %q", got)
	}
}
