package plots

import (
	"strings"
	"testing"
)

// TestTiedParametersNoted (a review, stop 51): the ablation moves
// treaty.retry_period and treaty.failure_cost together (its "treaty
// retries" point), so neither has a sweep figure, and the report said
// nothing of why while it listed one for every other strength. A random
// design, whose points never share the other parameters' values, and a
// design where each parameter moves alone, note nothing; nor do two
// parameters of a random design, one slice that they scatter over.
func TestTiedParametersNoted(t *testing.T) {
	pt := func(i int, v ...float64) designPoint { return designPoint{index: i, values: v} }
	params := []param{{name: "a.strength"}, {name: "treaty.retry_period"}, {name: "treaty.failure_cost"}}
	for _, c := range []struct {
		name   string
		params []param
		points []designPoint
		want   string
	}{
		{"ablation", params, []designPoint{pt(0, 1, 16, 1), pt(1, 0, 16, 1), pt(2, 1, 0, 0), pt(3, 0, 0, 0)},
			"sweep-treaty.retry_period and sweep-treaty.failure_cost are left out: the design never moves treaty.retry_period or treaty.failure_cost alone, only both together (at points 0 and 2)"},
		{"each alone", params, []designPoint{pt(0, 1, 16, 1), pt(1, 0, 16, 1), pt(2, 1, 0, 1), pt(3, 1, 16, 0)}, ""},
		{"random", params, []designPoint{pt(0, 0.1, 3, 0.7), pt(1, 0.5, 9, 0.2), pt(2, 0.9, 1, 0.4)}, ""},
		// Two parameters of a random design: one slice, scattered.
		{"random, two", params[1:], []designPoint{pt(0, 3, 0.7), pt(1, 9, 0.2), pt(2, 1, 0.4)}, ""},
	} {
		r := &results{params: c.params, points: c.points}
		if err := r.plan(t.Context()); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(r.notes, "\n")
		if c.want == "" && strings.Contains(got, "left out") && strings.Contains(got, "together") {
			t.Errorf("%s: notes %q", c.name, got)
		}
		if c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%s: notes %q, want %q", c.name, got, c.want)
		}
	}
}
