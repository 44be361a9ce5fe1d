package engine

import "pactsim/agents"

// Outcomes and records (docs/model.md sec. 13).

// runTotals accumulates one architecture-run's outcomes.
type runTotals struct {
	succeeded, quiet       int // periods without fait accompli or war; without challenge
	challenges             [nk]int
	repelledN, faN, wars   int
	coordinated            int
	committed, honoured    int // (committed state, crisis) pairs; those in which it acted
	linked, participated   int // (mechanism-linked state, crisis) pairs; those in which it acted
	gapSum                 float64
	tension                float64
	pChallenges, pRepelled int // this period's
	pFaitAccompli, pWars   int
}

// beginPeriod starts a period whose tension is χ0 − χ(t).
func (a *runTotals) beginPeriod(tension float64) {
	a.tension += tension
	a.pChallenges, a.pRepelled, a.pFaitAccompli, a.pWars = 0, 0, 0, 0
}

// endPeriod counts a quiet period (no challenge) and a successful one (no
// fait accompli and no war).
func (a *runTotals) endPeriod() {
	if a.pChallenges == 0 {
		a.quiet++
	}
	if a.pFaitAccompli == 0 && a.pWars == 0 {
		a.succeeded++
	}
}

func (a *runTotals) challenge(k agents.CrisisType) {
	a.challenges[k]++
	a.pChallenges++
}

func (a *runTotals) faitAccompli() {
	a.faN++
	a.pFaitAccompli++
}

// repelled counts a denied challenge; a war is still counted as repelled.
func (a *runTotals) repelled(war bool) {
	a.repelledN++
	a.pRepelled++
	if war {
		a.wars++
		a.pWars++
	}
}

// finish writes the run's outcomes (docs/model.md sec. 13) into o.
func (s *sim) finish(o *Outcome) {
	m, a := s.m, &s.acc
	*o = Outcome{}
	T := float64(m.periods)
	o.set(DeterrenceSuccess, float64(a.succeeded)/T)
	o.set(GeneralDeterrence, float64(a.quiet)/T)
	var total int
	for k, c := range a.challenges {
		total += c
		o.set(ChallengesGreyZone+OutcomeID(k), float64(c))
	}
	o.set(Challenges, float64(total))
	o.set(Repelled, float64(a.repelledN))
	o.set(FaitAccompli, float64(a.faN))
	o.set(Wars, float64(a.wars))
	if total > 0 {
		o.set(CoordinatedShare, float64(a.coordinated)/float64(total))
		o.set(FalseSecurityGap, a.gapSum/float64(total))
	}
	if a.committed > 0 {
		o.set(HonourRate, float64(a.honoured)/float64(a.committed))
	}
	if a.linked > 0 {
		o.set(Participation, float64(a.participated)/float64(a.linked))
	}
	if s.am.treaty >= 0 {
		f := 0.0
		if s.treatyFormed {
			f = 1
		}
		o.set(TreatyFormed, f)
	}
	o.set(Tension, a.tension/T)
	s.finishStates(o)
}

// finishStates writes the outcomes read from the states at the end:
// buy-in, membership, mean US belief and interoperability.
func (s *sim) finishStates(o *Outcome) {
	var hedgers, in, capH, capIn float64
	var members int
	var belief, interop float64
	for i, st := range s.pop.States {
		if s.inAny[i] {
			members++
		}
		if st.Role == agents.Hedger {
			hedgers++
			capH += st.Capability
			if s.inAny[i] {
				in++
				capIn += st.Capability
			}
		}
		belief += s.us[i].Mean()
		interop += s.interop[i]
	}
	if hedgers > 0 {
		o.set(BuyIn, in/hedgers)
		o.set(BuyInCapability, capIn/capH)
	}
	o.set(MembersEnd, float64(members))
	nf := float64(s.n)
	o.set(USBeliefEnd, belief/nf)
	o.set(InteroperabilityEnd, interop/nf)
}

// recordPeriod sends period t's record to rec.
func (s *sim) recordPeriod(ai, t int, rec Recorder) {
	var belief, interop float64
	members := 0
	for i := 0; i < s.n; i++ {
		belief += s.us[i].Mean()
		interop += s.interop[i]
		if s.inAny[i] {
			members++
		}
	}
	a := &s.acc
	r := PeriodRecord{
		Period: t, Challenges: a.pChallenges, Repelled: a.pRepelled,
		FaitAccompli: a.pFaitAccompli, Wars: a.pWars,
		Tension: s.m.adv.Threshold0 - s.chi, Visibility: s.vis, USReliability: s.reliability,
		MeanBelief: belief / float64(s.n), Members: members, Interop: interop / float64(s.n),
	}
	rec.RecordPeriod(ai, &r)
}

// recordStates sends every state's end-of-run record to rec.
func (s *sim) recordStates(ai int, rec Recorder) {
	n := s.n
	for i, st := range s.pop.States {
		mech := 0
		for mi := range s.am.mechs {
			if s.member[mi*n+i] {
				mech++
			}
		}
		r := StateRecord{
			State: i, Name: st.Name, Role: st.Role, Capability: st.Capability,
			Belief0: st.Belief, Autonomy: st.Autonomy, Threat: st.Threat,
			Exposure: st.Exposure, Legal: st.Legal, RiskTolerance: st.RiskTolerance,
			Mechanisms: mech, BeliefEnd: s.us[i].Mean(),
			InteropEnd: s.interop[i], Committed: s.committed[i], Honoured: s.honoured[i],
		}
		rec.RecordState(ai, &r)
	}
}
