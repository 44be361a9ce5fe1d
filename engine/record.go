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
	// Model 2.0.
	failures, faByType [nk]int     // challenges not denied (and wars), changes of control, per domain
	pFailure           [nk]bool    // this period had a failure in the domain
	noFailure          [nk]int     // periods without a failure in the domain
	severityLoss       float64     // Σ w_k·(challenges not denied) + w_war·wars
	hazard             [nk]float64 // Σ hazards per domain
	responses, late    int         // responses of states besides the target; those late
	econLoss           float64     // Σ loss_j·Y_j
	burdenCost         float64     // Σ_t Σ_i C_B·gap_i(t)
	readiness          float64     // Σ_t Σ_{i ≠ patron} ϑ_i(t)
}

// beginPeriod starts a period whose tension is χ0 − χ(t).
func (a *runTotals) beginPeriod(tension float64) {
	a.tension += tension
	a.pChallenges, a.pRepelled, a.pFaitAccompli, a.pWars = 0, 0, 0, 0
	a.pFailure = [nk]bool{}
}

// endPeriod counts a quiet period (no challenge) and a successful one (no
// fait accompli and no war), overall and per domain.
func (a *runTotals) endPeriod() {
	// The counts without a branch on what the period's draws decided, and
	// the domains' without the loop (a review, stop 54): the same counts
	// (the period's counts are not negative, so their OR is 0 iff both
	// are). The four domains written out (the conversions fail to compile
	// if nk changes).
	a.quiet += boolInt(a.pChallenges == 0)
	a.succeeded += boolInt(a.pFaitAccompli|a.pWars == 0)
	f, c := (*[4]bool)(&a.pFailure), (*[4]int)(&a.noFailure)
	c[0], c[1], c[2], c[3] = c[0]+boolInt(!f[0]), c[1]+boolInt(!f[1]), c[2]+boolInt(!f[2]), c[3]+boolInt(!f[3])
}

// boolInt is 1 for true and 0 for false, which the compiler takes by a
// flag-setting instruction, not a branch.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (a *runTotals) challenge(k agents.CrisisType) {
	a.challenges[k]++
	a.pChallenges++
}

// failure counts a challenge that was not denied, and whether it changed
// control (a fait accompli).
func (a *runTotals) failure(k agents.CrisisType, control bool) {
	a.failures[k]++
	a.pFailure[k] = true
	a.severityLoss += agents.SeverityWeight[k]
	if control {
		a.faN++
		a.pFaitAccompli++
		a.faByType[k]++
	}
}

// repelled counts a denied challenge; a war is still counted as repelled,
// and as a failure of its domain.
func (a *runTotals) repelled(k agents.CrisisType, war bool) {
	a.repelledN++
	a.pRepelled++
	if war {
		a.wars++
		a.pWars++
		a.failures[k]++
		a.pFailure[k] = true
		a.severityLoss += agents.WarWeight
	}
}

// finish writes the run's outcomes (docs/model.md sec. 13) into o.
func (s *sim) finish(o *Outcome) {
	m, a := s.m, &s.acc
	*o = Outcome{}
	T := float64(m.periods)
	o.set(DeterrenceSuccess, float64(a.succeeded)/T)
	o.set(SeverityLoss, a.severityLoss)
	o.set(GeneralDeterrence, float64(a.quiet)/T)
	var total int
	for k, c := range a.challenges {
		total += c
		o.set(ChallengesGreyZone+OutcomeID(k), float64(c))
		o.set(FailuresGreyZone+OutcomeID(k), float64(a.failures[k]))
		o.set(FaitAccompliGreyZone+OutcomeID(k), float64(a.faByType[k]))
		o.set(DeterrenceGreyZone+OutcomeID(k), float64(a.noFailure[k])/T)
		if s.probe == nil {
			o.set(HazardGreyZone+OutcomeID(k), a.hazard[k])
		}
	}
	o.set(Challenges, float64(total))
	o.set(Repelled, float64(a.repelledN))
	o.set(FaitAccompli, float64(a.faN))
	o.set(Wars, float64(a.wars))
	if total > 0 {
		o.set(CoordinatedShare, float64(a.coordinated)/float64(total))
		o.set(FalseSecurityGap, a.gapSum/float64(total))
		o.set(GreyEconomicShare, float64(a.challenges[agents.GreyZone]+a.challenges[agents.EconomicCoercion])/float64(total))
	}
	if a.committed > 0 {
		o.set(HonourRate, float64(a.honoured)/float64(a.committed))
	}
	if a.linked > 0 {
		o.set(Participation, float64(a.participated)/float64(a.linked))
	}
	if a.responses > 0 {
		o.set(LateShare, float64(a.late)/float64(a.responses))
	}
	if s.am.treaty >= 0 {
		f := 0.0
		if s.treatyFormed {
			f = 1
			o.set(TreatyFormedPeriod, float64(s.formedAt))
		}
		o.set(TreatyFormed, f)
	}
	o.set(Tension, a.tension/T)
	o.set(BurdenCost, a.burdenCost/T)
	o.set(ResolveGrowth, m.adv.ResolveAt(s.z)/m.adv.Resolve-1)
	if s.n > 1 {
		o.set(Readiness, a.readiness/(T*float64(s.n-1)))
	}
	s.finishStates(o)
}

// finishStates writes the outcomes read from the states at the end:
// buy-in, membership, mean US belief and interoperability, hedgers'
// realignment, economic loss, capability growth.
func (s *sim) finishStates(o *Outcome) {
	var hedgers, in, capH, capIn, realign float64
	var members int
	var belief, interop, gdp, capEnd float64
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
			realign += st.Autonomy - s.autonomy[i]
		}
		belief += s.us[i].Mean()
		interop += s.interop[i]
		gdp += st.Domains.GDPRel
		capEnd += st.Capability * s.mult[i]
	}
	if hedgers > 0 {
		o.set(BuyIn, in/hedgers)
		o.set(BuyInCapability, capIn/capH)
		o.set(HedgerRealignment, realign/hedgers)
	}
	o.set(MembersEnd, float64(members))
	nf := float64(s.n)
	o.set(USBeliefEnd, belief/nf)
	o.set(InteroperabilityEnd, interop/nf)
	loss := 0.0
	if gdp > 0 {
		loss = s.acc.econLoss / gdp
	}
	o.set(EconomicLoss, loss)
	o.set(CapabilityGrowth, capEnd/s.capSum-1)
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
	r := &s.periodRec
	*r = PeriodRecord{
		Period: t, Challenges: a.pChallenges, Repelled: a.pRepelled,
		FaitAccompli: a.pFaitAccompli, Wars: a.pWars,
		Tension: s.m.adv.Threshold0 - s.chi, Visibility: s.vis, USReliability: s.reliability,
		MeanBelief: belief / float64(s.n), Members: members, Interop: interop / float64(s.n),
	}
	rec.RecordPeriod(ai, r)
}

// recordStates sends every state's end-of-run record to rec.
func (s *sim) recordStates(ai int, rec Recorder) {
	n := s.n
	tr := s.am.treaty
	for i, st := range s.pop.States {
		mech, cells := 0, 0
		for mi := range s.am.mechs {
			if s.member[mi*n+i] {
				mech++
				if s.am.mechs[mi].def.Cell {
					cells++
				}
			}
		}
		r := &s.stateRec
		*r = StateRecord{
			State: i, Name: st.Name, Role: st.Role, Capability: st.Capability,
			Belief0: st.Belief, Autonomy: st.Autonomy, Threat: st.Threat,
			Exposure: st.Exposure, Legal: st.Legal, RiskTolerance: st.RiskTolerance,
			Mechanisms: mech, BeliefEnd: s.us[i].Mean(),
			InteropEnd: s.interop[i], Committed: s.committed[i], Honoured: s.honoured[i],
		}
		recv := s.received[i*nk : i*nk+nk]
		r.ChallengesReceivedGreyZone = recv[agents.GreyZone]
		r.ChallengesReceivedEconomic = recv[agents.EconomicCoercion]
		r.ChallengesReceivedBlockade = recv[agents.Blockade]
		r.ChallengesReceivedArmed = recv[agents.ArmedAttack]
		r.ChallengesReceivedMilitarised = recv[agents.GreyZone] + recv[agents.Blockade] + recv[agents.ArmedAttack]
		r.ChallengesReceived = r.ChallengesReceivedMilitarised + recv[agents.EconomicCoercion]
		r.FaitAccompliSuffered = s.faSuffered[i]
		r.EconomicLoss = s.econLoss[i]
		r.HazardReceived = s.hazardRecv[i]
		r.TreatyMember = tr >= 0 && s.member[tr*n+i]
		r.Cells = cells
		r.AllianceBan = st.Domains.AllianceBan
		r.AutonomyEnd, r.SpendingEnd, r.ReadinessEnd = s.autonomy[i], s.spend[i], s.ready[i]
		rec.RecordState(ai, r)
	}
}
