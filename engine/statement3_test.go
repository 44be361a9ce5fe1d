package engine

import (
	"fmt"
	"testing"

	"pactsim/agents"
)

// A referee's check of docs/model.md sec. 13: every outcome column that
// can be, recomputed from its definition out of data collected apart from
// the engine's run totals, and compared with the engine's Outcome.
//
// The task is run once with a Recorder (the outcomes wanted, the period
// and state records). Then each architecture is run again on the same
// task period by period in the test, in the order of sim.period, with A's
// decisions taken one target at a time (challengeOnly), so that each
// target's crises in a period can be told apart: its challenges per
// domain are read from the state's own counter (received), its faits
// accomplis from faSuffered, its economic loss from econLoss; whether a
// crisis was denied or became a war is the increment of the engine's
// per-crisis counters over that target (sec. 8's resolution itself is
// recomputed by TestCrisisAsStated). From these per-crisis events the
// test builds, by sec. 13's definitions, the per-period flags, the
// per-domain counts, the severity-weighted loss with its own weights, the
// shares of periods, and the per-state columns; tension, readiness and
// the burden cost are summed from the state each period; the end-of-run
// columns from the state records and the roster. For a target met by one
// crisis in the period, the crisis's acts (s.act, left by the crisis) give
// its (mechanism-linked, committed) pairs, and the statement's lateness
// draws, pre-crisis interoperability and ratings its on-time responders,
// coordination and false-security gap: coordinated_share,
// false_security_gap, late_share and participation are compared in the
// runs where no target met two crises in one period (the second's acts
// overwrite the first's), and the committed and honoured pairs there
// against the state records. Not recomputed independently: A's hazards
// per domain (the per-target increments; their sum is checked against
// the states' hazard_received, and A's hazard against sec. 6 by
// TestStatementSecs5And6), whether each crisis was denied and became a
// war (TestCrisisAsStated). The manual run's
// outcomes must equal the recorded run's bit for bit (the hooks change
// nothing).

type refOut struct {
	v     [NumOutcomes]float64
	valid [NumOutcomes]bool
	set   [NumOutcomes]bool // recomputed by the test
}

func (r *refOut) put(k OutcomeID, x float64, valid bool) {
	r.v[k], r.valid[k], r.set[k] = x, valid, true
}

type refRec struct {
	periods [][]PeriodRecord
	states  [][]StateRecord
}

func (r *refRec) RecordPeriod(a int, p *PeriodRecord) { r.periods[a] = append(r.periods[a], *p) }
func (r *refRec) RecordState(a int, s *StateRecord)   { r.states[a] = append(r.states[a], *s) }

func TestOutcomesAsStated(t *testing.T) {
	stress := map[string]float64{"accession.review_period": 2, "us.election_period": 4, "us.shock_size": 0.5,
		"burden.strength": 1.43, "adversary.counter_mobilisation.strength": 1.5, "retribution.strength": 1.5,
		"crisis.economic_coercion.duration": 3, "crisis.grey_zone.territorial_share": 0.5,
		"treaty.retry_period": 4, "treaty.failure_cost": 2, "adversary.threshold": 1.3, "coordination.latency.strength": 2,
		"crisis.escalation_probability": 1, "crisis.blockade.opprobrium": 0, "crisis.armed_attack.opprobrium": 0,
		"crisis.blockade.gain": 2, "crisis.armed_attack.gain": 2}
	cases := []struct {
		name  string
		set   map[string]float64
		seeds int
	}{{"defaults", nil, 8}, {"stressed", stress, 8}}
	weights := [nk]float64{1, 1, 10, 30} // sec. 13: grey zone, economic, blockade, armed
	const warWeight = 100
	var defined [NumOutcomes]int
	var compared, crises, wars, fas, failed, periods, singleRuns, doubleRuns int
	for _, cs := range cases {
		p, ros, archs := presetsAt(t, cs.set)
		sc, err := NewScenario(p, ros, archs)
		if err != nil {
			t.Fatal(err)
		}
		for seed := uint64(1); seed <= uint64(cs.seeds); seed++ {
			want := make([]Outcome, len(archs))
			rec := &refRec{periods: make([][]PeriodRecord, len(archs)), states: make([][]StateRecord, len(archs))}
			r := NewRunner()
			r.Run(sc, int64(seed), want, rec)
			s := &r.sim
			for ai := range archs {
				where := fmt.Sprintf("%s seed %d %s", cs.name, seed, archs[ai].Name)
				s.am = &s.m.archs[ai]
				s.taste = counterStream(mix64(seed ^ s.am.stream))
				m, n, T := s.m, s.n, s.m.periods
				patron := s.pop.Patron
				tr := s.am.treaty
				s.setUp()
				formedAt := -1
				if tr >= 0 && s.alive[tr] {
					formedAt = 0
				}
				var chal, fail, faK, noFail [nk]int
				var hazK [nk]float64
				var succ, quiet, repelled, warN int
				var severity, tension, readiness, burden float64
				// Per-crisis sums (sec. 13's coordinated_share, honour_rate,
				// participation, false_security_gap, late_share), recomputed
				// for target calls with one crisis; a run where a target
				// met two crises in a period (the second's decisions
				// overwrite the first's) is not compared on them.
				var cCoord, cCommitted, cHonoured, cLinked, cPart, cResp, cLate int
				var cGap float64
				double := false
				recv := make([]int, n*nk)
				faS := make([]int, n)
				lossS, hazS := make([]float64, n), make([]float64, n)
				for tp := 1; tp <= T; tp++ {
					s.periodReview(tp)
					if tp%m.reviewPeriod == 0 && tr >= 0 && formedAt < 0 && s.alive[tr] {
						formedAt = tp
					}
					s.chi = s.challengeThreshold(tp)
					s.beginDynamics()
					s.acc.beginPeriod(m.adv.Threshold0 - s.chi)
					tension += p.Get("adversary.threshold") - s.chi
					var pChal, pFA, pWar, pRep int
					var pFail [nk]bool
					for j := range n {
						b := s.acc
						r0 := append([]int(nil), s.received[j*nk:j*nk+nk]...)
						fa0, l0, h0 := s.faSuffered[j], s.econLoss[j], s.hazardRecv[j]
						io0 := append([]float64(nil), s.interop[:n]...)
						hon0 := make([]float64, n)
						for l := range n {
							hon0[l] = s.honour[l].Mean()
						}
						us0 := s.us[j].Mean()
						s.challengeOnly(tp, j)
						a := &s.acc
						var got [nk]int
						for k := range nk {
							got[k] = s.received[j*nk+k] - r0[k]
							if got[k] > 1 {
								t.Fatalf("%s t %d: %d crises of type %d against %d", where, tp, got[k], k, j)
							}
							if a.challenges[k]-b.challenges[k] != got[k] {
								t.Errorf("%s t %d: target %d type %d: %d challenges counted, %d received", where, tp, j, k, a.challenges[k]-b.challenges[k], got[k])
							}
						}
						// Per crisis: economic coercion never becomes a
						// war, and a target meets at most one militarised
						// crisis a period, so the target's increments
						// name each crisis's end.
						e := int(agents.EconomicCoercion)
						dWar, dRep := a.wars-b.wars, a.repelledN-b.repelledN
						econFail := a.failures[e] - b.failures[e]
						if econFail > 0 != (s.econLoss[j] > l0) && s.pop.States[j].Domains.ExportChina > 0 && s.pop.States[j].Domains.ExportsGDP > 0 {
							t.Errorf("%s t %d: target %d economic failure %d, loss %v", where, tp, j, econFail, s.econLoss[j]-l0)
						}
						repK := [nk]int{}
						repK[e] = got[e] - econFail
						for k := range nk {
							if k != e && got[k] == 1 {
								repK[k] = dRep - repK[e]
								if dWar > 0 && !agents.CrisisType(k).Escalatory() {
									t.Errorf("%s t %d: a war in domain %d", where, tp, k)
								}
							}
						}
						dFA := s.faSuffered[j] - fa0
						sumFA := 0
						for k := range nk {
							notDenied := got[k] - repK[k]
							w := 0
							if k != e && got[k] == 1 {
								w = dWar
							}
							f := notDenied + w // sec. 13: not denied, plus denied ones that became wars
							if df := a.failures[k] - b.failures[k]; df != f {
								t.Errorf("%s t %d: target %d type %d: failures +%d, the statement's %d", where, tp, j, k, df, f)
							}
							chal[k] += got[k]
							fail[k] += f
							if f > 0 {
								pFail[k] = true
							}
							severity += weights[k] * float64(notDenied)
							dk := a.faByType[k] - b.faByType[k]
							faK[k] += dk
							sumFA += dk
							hazK[k] += a.hazard[k] - b.hazard[k]
							recv[j*nk+k] += got[k]
							pChal += got[k]
							crises += got[k]
						}
						switch nc := got[0] + got[1] + got[2] + got[3]; {
						case nc > 1:
							double = true
						case nc == 1:
							k := agents.GreyZone
							for x := range nk {
								if got[x] == 1 {
									k = agents.CrisisType(x)
								}
							}
							off := 0
							if k == agents.EconomicCoercion && m.adv.Channels == 2 {
								off = econSlots
							}
							draw := s.shocks.at(tp, j)
							var on, prom, came, total, ioSum float64
							for l := range n {
								if l == j {
									continue
								}
								K := s.pop.States[l].Capability
								total += K
								link, mi := s.linkOf(l, j, k)
								h := hon0[l]
								if l == patron {
									h = us0
								}
								prom += K * link * h
								acted := s.act[l]
								if mi >= 0 {
									cLinked++
									if acted {
										cPart++
									}
								}
								if link >= m.commitment {
									cCommitted++
									if acted {
										cHonoured++
									}
								}
								if !acted {
									continue
								}
								cResp++
								if m.coord.On() && refXi(s, l, j, k) != 1 && refLat(s, l, j, k)+m.coord.Noise*draw.normal(slotLatency+off, l) > m.coord.LnWindow[k] {
									cLate++
									continue
								}
								on++
								came += K
								ioSum += io0[l]
							}
							if on >= 2 && ioSum/on >= m.coordination {
								cCoord++
							}
							cGap += (prom - came) / total
						}
						if sumFA != dFA {
							t.Errorf("%s t %d: target %d faits accomplis by type %d, suffered %d", where, tp, j, sumFA, dFA)
						}
						severity += warWeight * float64(dWar)
						pFA += dFA
						pWar += dWar
						pRep += dRep
						repelled += dRep
						warN += dWar
						faS[j] += dFA
						lossS[j] += s.econLoss[j] - l0
						hazS[j] += s.hazardRecv[j] - h0
					}
					s.acc.endPeriod()
					if pFA == 0 && pWar == 0 {
						succ++
					}
					if pChal == 0 {
						quiet++
					}
					for k := range nk {
						if !pFail[k] {
							noFail[k]++
						}
					}
					wars += pWar
					fas += pFA
					for i := range n {
						if i != patron {
							readiness += s.ready[i]
						}
						burden += m.burden.Cost * max(0, s.ask[i]-s.spend[i])
					}
					s.decay()
					s.endDynamics()
					// The period record.
					pr := rec.periods[ai][tp-1]
					if pr.Period != tp || pr.Challenges != pChal || pr.FaitAccompli != pFA || pr.Wars != pWar || pr.Repelled != pRep || pr.Tension != m.adv.Threshold0-s.chi {
						t.Errorf("%s t %d: period record %+v; the test's challenges %d, faits accomplis %d, wars %d, repelled %d", where, tp, pr, pChal, pFA, pWar, pRep)
					}
					compared += 6
					periods++
				}
				var gotO Outcome
				s.finish(&gotO)
				if gotO != want[ai] {
					t.Fatalf("%s: the hooked run's outcomes differ from the engine's", where)
				}
				// The period records alone.
				var rSucc, rQuiet, rChal, rFA, rWar, rRep int
				var rTension float64
				for _, pr := range rec.periods[ai] {
					if pr.FaitAccompli == 0 && pr.Wars == 0 {
						rSucc++
					}
					if pr.Challenges == 0 {
						rQuiet++
					}
					rChal += pr.Challenges
					rFA += pr.FaitAccompli
					rWar += pr.Wars
					rRep += pr.Repelled
					rTension += pr.Tension
				}
				// The state records.
				sts := rec.states[ai]
				if len(sts) != n || len(rec.periods[ai]) != T {
					t.Fatalf("%s: %d state records, %d period records", where, len(sts), len(rec.periods[ai]))
				}
				a := outcomeSums(sts, func(i int) *agents.DomainSpec { return &s.pop.States[i].Domains },
					p.Get("burden.capability_elasticity"), m.burden.Strength != 0)
				for i, st := range sts {
					// Per-state columns from the test's tallies.
					rg, re, rb, ra := recv[i*nk], recv[i*nk+1], recv[i*nk+2], recv[i*nk+3]
					wantSt := []float64{float64(rg), float64(re), float64(rb), float64(ra), float64(rg + rb + ra), float64(rg + re + rb + ra), float64(faS[i])}
					gotSt := []float64{float64(st.ChallengesReceivedGreyZone), float64(st.ChallengesReceivedEconomic), float64(st.ChallengesReceivedBlockade),
						float64(st.ChallengesReceivedArmed), float64(st.ChallengesReceivedMilitarised), float64(st.ChallengesReceived), float64(st.FaitAccompliSuffered)}
					for x := range wantSt {
						compared++
						if gotSt[x] != wantSt[x] {
							t.Errorf("%s: state %s column %d: %v, the test's %v", where, st.Name, x, gotSt[x], wantSt[x])
						}
					}
					compared += 2
					if !nearTol(st.EconomicLoss, lossS[i], 1e-12) || !nearTol(st.HazardReceived, hazS[i], 1e-12) {
						t.Errorf("%s: state %s economic loss %v (test %v), hazard %v (test %v)", where, st.Name, st.EconomicLoss, lossS[i], st.HazardReceived, hazS[i])
					}
					mech, cells := 0, 0
					for mi := range s.am.mechs {
						if s.alive[mi] && s.member[mi*n+i] {
							mech++
							if s.am.mechs[mi].def.Cell {
								cells++
							}
						}
					}
					compared += 3
					if st.Mechanisms != mech || st.Cells != cells || st.TreatyMember != (tr >= 0 && s.alive[tr] && s.member[tr*n+i]) {
						t.Errorf("%s: state %s mechanisms %d cells %d treaty %v; alive ones %d, %d", where, st.Name, st.Mechanisms, st.Cells, st.TreatyMember, mech, cells)
					}
				}
				var ref refOut
				Tf := float64(T)
				total := 0
				for k := range nk {
					total += chal[k]
					if a.recv[k] != chal[k] {
						t.Errorf("%s: type %d: state records %d challenges, the test %d", where, k, a.recv[k], chal[k])
					}
					ref.put(ChallengesGreyZone+OutcomeID(k), float64(chal[k]), true)
					ref.put(FailuresGreyZone+OutcomeID(k), float64(fail[k]), true)
					ref.put(FaitAccompliGreyZone+OutcomeID(k), float64(faK[k]), true)
					ref.put(DeterrenceGreyZone+OutcomeID(k), float64(noFail[k])/Tf, true)
					ref.put(HazardGreyZone+OutcomeID(k), hazK[k], true)
					failed += fail[k]
				}
				hz := hazK[0] + hazK[1] + hazK[2] + hazK[3]
				if rSucc != succ || rQuiet != quiet || rChal != total || rFA != a.fa || rWar != warN || rRep != repelled || !nearTol(hz, a.hazard, 1e-12) {
					t.Errorf("%s: records say periods without fa/war %d, quiet %d, challenges %d, wars %d, repelled %d; state records fa %d hazard %v; the test %d %d %d %d %d, %v",
						where, rSucc, rQuiet, rChal, rWar, rRep, a.fa, a.hazard, succ, quiet, total, warN, repelled, hz)
				}
				compared += 7
				ref.put(DeterrenceSuccess, float64(succ)/Tf, true)
				ref.put(SeverityLoss, severity, true)
				ref.put(GeneralDeterrence, float64(quiet)/Tf, true)
				ref.put(Challenges, float64(total), true)
				ref.put(Repelled, float64(repelled), true)
				ref.put(FaitAccompli, float64(a.fa), true)
				ref.put(Wars, float64(warN), true)
				if total > 0 {
					ref.put(GreyEconomicShare, float64(chal[agents.GreyZone]+chal[agents.EconomicCoercion])/float64(total), true)
				} else {
					ref.put(GreyEconomicShare, 0, false)
				}
				ref.put(HonourRate, float64(a.honoured)/float64(max(1, a.committed)), a.committed > 0)
				ref.put(BuyIn, float64(a.hedgersIn)/max(1, float64(a.hedgers)), a.hedgers > 0)
				ref.put(BuyInCapability, a.capIn/max(1e-300, a.capH), a.hedgers > 0)
				ref.put(HedgerRealignment, a.realign/max(1, float64(a.hedgers)), a.hedgers > 0)
				ref.put(MembersEnd, float64(a.members), true)
				last := rec.periods[ai][T-1]
				compared += 3
				if last.Members != a.members || !nearTol(last.MeanBelief, a.belief/float64(n), 1e-12) || !nearTol(last.Interop, a.interop/float64(n), 1e-12) {
					t.Errorf("%s: last period record members %d belief %v interop %v; state records %d %v %v", where, last.Members, last.MeanBelief, last.Interop, a.members, a.belief/float64(n), a.interop/float64(n))
				}
				ref.put(Tension, rTension/Tf, true)
				compared++
				if !nearTol(rTension, tension, 1e-12) {
					t.Errorf("%s: tension from records %v, from χ0 − χ %v", where, rTension, tension)
				}
				ref.put(USBeliefEnd, a.belief/float64(n), true)
				ref.put(InteroperabilityEnd, a.interop/float64(n), true)
				ref.put(EconomicLoss, a.loss/a.gdp, true)
				ref.put(BurdenCost, burden/Tf, true)
				ref.put(CapabilityGrowth, a.capEnd/a.capSum-1, true)
				ref.put(Readiness, readiness/(Tf*float64(n-1)), true)
				ref.put(ResolveGrowth, p.Get("adversary.resolve")*(1+p.Get("adversary.counter_mobilisation.strength")*s.z)/p.Get("adversary.resolve")-1, true)
				if tr >= 0 {
					ref.put(TreatyFormed, map[bool]float64{true: 1, false: 0}[formedAt >= 0], true)
					ref.put(TreatyFormedPeriod, float64(formedAt), formedAt >= 0)
				} else {
					ref.put(TreatyFormed, 0, false)
					ref.put(TreatyFormedPeriod, 0, false)
				}
				if double {
					doubleRuns++
				} else {
					singleRuns++
					ref.put(CoordinatedShare, float64(cCoord)/float64(max(1, total)), total > 0)
					ref.put(FalseSecurityGap, cGap/float64(max(1, total)), total > 0)
					ref.put(LateShare, float64(cLate)/float64(max(1, cResp)), cResp > 0)
					ref.put(Participation, float64(cPart)/float64(max(1, cLinked)), cLinked > 0)
					compared += 2
					if cCommitted != a.committed || cHonoured != a.honoured {
						t.Errorf("%s: committed pairs %d honoured %d; the state records' %d %d", where, cCommitted, cHonoured, a.committed, a.honoured)
					}
				}
				for k := range NumOutcomes {
					if !ref.set[k] {
						continue
					}
					compared++
					g, ok := want[ai].Get(k)
					if ok {
						defined[k]++
					}
					switch {
					case ok != ref.valid[k]:
						t.Errorf("%s: %s defined %v, the statement's %v (%v)", where, Outcomes[k].Name, ok, ref.valid[k], ref.v[k])
					case ok && Outcomes[k].Kind != Real && g != ref.v[k]:
						t.Errorf("%s: %s = %v, the statement's %v", where, Outcomes[k].Name, g, ref.v[k])
					case ok && !nearTol(g, ref.v[k], 1e-12):
						t.Errorf("%s: %s = %.17g, the statement's %.17g", where, Outcomes[k].Name, g, ref.v[k])
					}
				}
			}
		}
	}
	t.Logf("compared %d values; %d periods, %d crises, %d failures, %d faits accomplis, %d wars; runs with per-crisis shares recomputed %d (not: %d)",
		compared, periods, crises, failed, fas, wars, singleRuns, doubleRuns)
	var few string
	for k := range NumOutcomes {
		if Outcomes[k].Nullable {
			few += fmt.Sprintf(" %s %d", Outcomes[k].Name, defined[k])
		}
	}
	t.Logf("defined and compared (nullable outcomes):%s", few)
	if crises == 0 || wars == 0 || fas == 0 {
		t.Errorf("a case never exercised: crises %d, wars %d, faits accomplis %d", crises, wars, fas)
	}
}
