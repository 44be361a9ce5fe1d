package engine

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"pactsim/agents"
)

// TestProbeMemoryTiming (a review, stop 51): the review at t reads the
// remembered coercion Γ and losses L̃ as they stood at the end of period
// t − 1, and the visibility before its own decisions, because it comes
// before period t's challenges (docs/model.md sec. 10, step 3a before
// step 5). Sections 9.9, 9.6 and 5.2 had written a_i(t) with Γ_i(t) and
// ΔVis(t), and ê_i(t) with L̃_i(t), although both memories are defined
// at the end of period t. The test checks that the engine's autonomy and
// its accession cost per unit of visibility at every review equal the
// formulas with the t − 1 values, that reading the end-of-period values
// instead would give other numbers in some reviews (so the index
// matters), and that the docs' formulas carry the t − 1 index.
func TestProbeMemoryTiming(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"a_i(t) = clamp( a_i0 · [ 1 + ω_Res · ΔVis(t−1) − ω_Bal · (1 − e^{−Γ_i(t−1)}) ], 1e-4, 1 − 1e-4 )",
		"ê_i(t)  = e_i + ω_R · w_L · L̃_i(t−1)",
		"ê_i(t) = e_i + ω_R·w_L·L̃_i(t−1)",
	} {
		if !strings.Contains(string(doc), line) {
			t.Errorf("docs/model.md: want the line %q (the review at t reads the memories of t − 1)", line)
		}
	}
	// Stronger retribution and balancing than the defaults, so that losses
	// and coercion are remembered often (docs/model.md secs. 9.6, 9.9).
	p, ros, archs := presetsAt(t, map[string]float64{"retribution.strength": 1.5, "retribution.learning": 2,
		"balancing.strength": 0.6, "resistance.strength": 1.5, "accession.review_period": 2})
	sc, err := NewScenario(p, ros, archs)
	if err != nil {
		t.Fatal(err)
	}
	var reviews, gammaDiffers, lossDiffers int
	for seed := uint64(1); seed <= 4; seed++ {
		want := make([]Outcome, len(archs))
		r := NewRunner()
		r.Run(sc, int64(seed), want, nil)
		s := &r.sim
		m, n := s.m, s.n
		for ai := range archs {
			s.am = &s.m.archs[ai]
			s.taste = counterStream(mix64(seed ^ s.am.stream))
			s.setUp()
			for tp := 1; tp <= m.periods; tp++ {
				review := tp%m.reviewPeriod == 0
				gam := append([]float64(nil), s.coercion[:n]...)
				lmem := append([]float64(nil), s.lossMem[:n]...)
				dv := agents.ExcessVisibility(s.vis, s.visPre)
				s.periodReview(tp)
				if review {
					reviews += n
					for i := range n {
						st := &s.pop.States[i]
						a := m.align.Autonomy(st.Autonomy, dv, gam[i])
						if s.autonomy[i] != a {
							t.Fatalf("seed %d %s t %d state %d: autonomy %v, want %v from Γ(t−1)", seed, archs[ai].Name, tp, i, s.autonomy[i], a)
						}
						c := m.acc.StateCosts(a, st.Exposure+m.retribution*m.retLearning*lmem[i], st.RiskTolerance, st.Legal)
						if len(s.am.mechs) > 0 && s.own[i] != c {
							t.Fatalf("seed %d %s t %d state %d: costs %v, want %v from L̃(t−1)", seed, archs[ai].Name, tp, i, s.own[i], c)
						}
					}
				}
				s.chi = s.challengeThreshold(tp)
				s.beginDynamics()
				s.acc.beginPeriod(m.adv.Threshold0 - s.chi)
				s.challenges(tp)
				s.acc.endPeriod()
				s.decay()
				s.endDynamics()
				if !review {
					continue
				}
				// What the old formulas' Γ_i(t) and L̃_i(t), defined at the
				// end of period t, would have given at this review.
				for i := range n {
					st := &s.pop.States[i]
					if m.align.Autonomy(st.Autonomy, dv, s.coercion[i]) != s.autonomy[i] {
						gammaDiffers++
					}
					if s.lossMem[i] != lmem[i] {
						lossDiffers++
					}
				}
			}
		}
	}
	msg := fmt.Sprintf("%d state-reviews; the end-of-period Γ would change autonomy in %d, L̃ the exposure in %d", reviews, gammaDiffers, lossDiffers)
	t.Log(msg)
	if gammaDiffers == 0 || lossDiffers == 0 {
		t.Errorf("the index does not matter in these runs: %s", msg)
	}
}
