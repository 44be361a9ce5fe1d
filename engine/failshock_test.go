package engine

import (
	"math"
	"testing"

	"pactsim/agents/param"
)

// TestFailureShockCoversRetries: the tension of a failed formation attempt
// lasts formation_window periods after every failed attempt
// (docs/model.md secs. 5.4 and 6.4: ω_Fail·λ_formation for
// t_x < t ≤ t_x + W_f), so a period is under the shock when it lies within
// the window of any earlier failed attempt. A retry that fails inside the
// window of the attempt before it must not lift the shock for its own
// period: failing again cannot lower the tension. Until the engine kept
// the attempt before the last, a retry inside the window (retry_period ≤
// formation_window, off the defaults of 16 and 8) left its own period
// without the shock: with an attempt at every review, 30 of 40 periods
// were under it instead of 40.
//
// With the spiral at 0 and a treaty that can never form (a minimum
// membership above the roster), the tension is exactly the failure term:
// ω_Fail·λ_formation × (periods under the shock) / T.
func TestFailureShockCoversRetries(t *testing.T) {
	for _, c := range []struct{ retry, window int }{{1, 8}, {4, 8}, {8, 8}, {12, 8}, {16, 8}, {4, 4}, {3, 5}} {
		p := param.Defaults()
		for name, x := range map[string]float64{
			"treaty.retry_period": float64(c.retry), "adversary.formation_window": float64(c.window),
			"adversary.spiral": 0, "mechanisms.treaty.min_members": 100,
			"treaty.failure_cost": 1, "adversary.formation_shock": 0.05,
		} {
			if err := p.Set(name, x); err != nil {
				t.Fatal(err)
			}
		}
		sc := presetScenario(t, p, roster(t, ""), nil, "treaty")
		periods, review := p.Int("periods"), p.Int("accession.review_period")
		// The attempts: at t = 0, then at the first review at or after the
		// last failure + retry_period (sec. 5.4).
		var attempts []int
		for x := 0; x <= periods; {
			attempts = append(attempts, x)
			next := x + c.retry
			x = (next + review - 1) / review * review
		}
		covered := 0
		for tt := 1; tt <= periods; tt++ {
			for _, x := range attempts {
				if x < tt && tt <= x+c.window {
					covered++
					break
				}
			}
		}
		want := 0.05 * float64(covered) / float64(periods)
		r := NewRunner()
		out := make([]Outcome, 1)
		for seed := int64(1); seed <= 5; seed++ {
			r.Run(sc, seed, out, nil)
			if f, _ := out[0].Get(TreatyFormed); f != 0 {
				t.Fatalf("retry %d: the treaty formed; the test needs it never to", c.retry)
			}
			if got := out[0].Value[Tension]; math.Abs(got-want) > 1e-12 {
				t.Errorf("retry every %d, window %d, seed %d: tension %.6g, want %.6g (%d of %d periods under the failure shock)",
					c.retry, c.window, seed, got, want, covered, periods)
			}
		}
	}
}
