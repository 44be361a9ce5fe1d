package agents

import (
	"math"
	"testing"
)

// An election halves the strength of every US belief (docs/model.md sec.
// 9.1). With learning.belief_decay 0, us.election_period 1 and no crisis
// that teaches anything (the none preset), a run of 10000 periods halved
// it 10000 times: α and β underflowed to 0 and the mean became 0/0 = NaN,
// which reached the outcomes. Scaling must keep the mean, whatever the
// number of halvings.
func TestBetaScaleKeepsMeanForever(t *testing.T) {
	for _, b := range []Beta{BetaPrior(0.6, 10), BetaPrior(1e-4, 0.5), BetaPrior(1-1e-4, 1000), {7, 4.3}} {
		want := b.Mean()
		s := b
		for range 5000 {
			s.Scale(0.5)
		}
		if got := s.Mean(); got != want || !(s.A > 0 && s.B > 0) {
			t.Errorf("%+v halved 5000 times: %+v, mean %v, want %v", b, s, got, want)
		}
		s.Observe(true, 1e-3)
		if m := s.Mean(); math.IsNaN(m) || m < want || m > 1 {
			t.Errorf("%+v halved 5000 times then observed: mean %v", b, m)
		}
	}
}
