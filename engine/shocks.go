package engine

// Shocks (docs/model.md sec. 9.1): US elections.

// election: every us.election_period periods the US may elect a
// retrenching administration, which lowers its true reliability until the
// next election. A new leader partly resets reputation, so every state's US
// belief loses half its strength (Renshon, Dafoe & Huth 2018); the prior
// that beliefs decay toward is untouched.
func (s *sim) election(t int) {
	m := s.m
	if s.shocks.uniform(t, -1, slotElection, 0) < m.retrenchment {
		s.reliability = min(1, max(0, m.usReliability-m.shockSize))
	} else {
		s.reliability = m.usReliability
	}
	for i := range s.us {
		s.us[i].Scale(0.5)
	}
}
