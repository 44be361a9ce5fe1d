package engine

import (
	"slices"
	"testing"

	"pactsim/agents"
)

// TestTargetT0 is check target T0 (docs/model.md secs. 6.6 and 17.1): the
// Philippines' grey-zone pressure sits near A's threshold, so deterrence
// works by moving EU, not by luck. z = (EU_jg − χ(t))/σ_A, A's grey-zone
// option against the Philippines weighed on the state at the start of each
// period's decisions (a crisis earlier in the period moves it a little),
// under `hub_and_spokes` at the defaults; the median over periods and
// replicates must lie in [−2, 0.5]. The run is the engine's own, stepped
// as period does it; its outcomes must equal an unstepped run's (the
// stepping changes nothing). 300 replicates, 12,000 periods: the median's
// standard error is a few hundredths, against a margin of 0.8 to the
// nearer end of the range at the documented −1.2.
func TestTargetT0(t *testing.T) {
	const reps = 300
	p, ros, archs := presetsAt(t, nil)
	ai := slices.IndexFunc(archs, func(a agents.Architecture) bool { return a.Name == "hub_and_spokes" })
	sc, err := NewScenario(p, ros, archs[ai:ai+1])
	if err != nil {
		t.Fatal(err)
	}
	ph := ros.Index("PH")
	const g = agents.GreyZone
	var zs []float64
	periods := 0
	for seed := int64(1); seed <= reps; seed++ {
		want := make([]Outcome, 1)
		r := NewRunner()
		r.Run(sc, seed, want, nil)
		s := &r.sim
		s.am = &s.m.archs[0]
		s.taste = counterStream(mix64(uint64(seed) ^ s.am.stream))
		m := s.m
		s.setUp()
		periods += m.periods
		for tp := 1; tp <= m.periods; tp++ {
			s.periodReview(tp)
			s.chi = s.challengeThreshold(tp)
			s.beginDynamics()
			s.acc.beginPeriod(m.adv.Threshold0 - s.chi)
			if o := &s.opts[ph]; o.v[g] > 0 {
				pd := agents.DenialProbability(s.resistance(ph, g), s.need[g], o.tau[g])
				eu := m.adv.ChallengeUtility(g, &m.types[g], o.v[g], pd)
				zs = append(zs, (eu-s.chi)/m.adv.Noise)
			}
			s.challenges(tp)
			s.acc.endPeriod()
			s.decay()
			s.endDynamics()
		}
		var got Outcome
		s.finish(&got)
		if got != want[0] {
			t.Fatalf("seed %d: the stepped run's outcomes differ from the engine's", seed)
		}
	}
	if len(zs) < periods {
		t.Fatalf("the grey-zone option against PH existed in %d of %d periods", len(zs), periods)
	}
	slices.Sort(zs)
	med := zs[len(zs)/2]
	t.Logf("PH grey-zone z: median %.3f, quartiles %.3f and %.3f, over %d periods", med, zs[len(zs)/4], zs[3*len(zs)/4], len(zs))
	if med < -2 || med > 0.5 {
		t.Errorf("median z %.3f outside [-2, 0.5]", med)
	}
}
