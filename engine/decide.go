package engine

import "pactsim/agents"

// A's decisions with two channels (docs/model.md secs. 6.2, 6.3, 6.5).

// weightRows are the rows of A's weights in the pair table (linkTable.wl)
// by target and type: wrow[j*nk+k] is wl[(j*nk+k)*n:][:n]. The resistance
// sums read a row's header instead of slicing wl, with the offset's checks,
// on every call (a review, stop 54).
type weightRows struct{ wrow [][]float64 }

// resize derives the rows anew whenever the table's size or memory changed
// (TestRowsFollowResize).
func (w *weightRows) resize(wl []float64, n int) {
	if len(w.wrow) == n*nk && (n == 0 || &w.wrow[0][0] == &wl[0]) {
		return
	}
	w.wrow = sized(w.wrow, n*nk)
	for r := range w.wrow {
		w.wrow[r] = wl[r*n : r*n+n : r*n+n]
	}
}

// challengesTwo is challenges with two channels (docs/model.md secs. 6.2,
// 6.3, 6.5), every value as agents' functions give it, bit for bit
// (docs/model.md sec. 22.1, "Exact shortcuts"). Most targets have options
// in both channels with the grey zone first among the militarised ones;
// for them, at ω_D = 1, both sums of A's estimate are taken in one pass
// over the states, written out here (resistance's sums for the two types:
// the same terms in the same order, each state's credibility, capabilities
// and interoperability read once, through slices taken once per period,
// not once per target behind a call; a review, stop 55), and the two
// estimates of denial, then the two hazards, in one call each
// (agents.LogisticPair), and a blockade or an armed attack is weighed only
// if its bound can beat the grey zone (both in one pass when both can:
// escalation). A target of economic coercion alone, or of the militarised
// channel alone with the grey zone first, has its sums written out
// likewise. The other targets, and every target under sim.full (so
// that TestShortcutsExact and TestGreyEconResistanceExact compare the sums
// written out with resistance's), take militarised and economic, which
// weigh each option alone.
func (s *sim) challengesTwo(t int) {
	const e = agents.EconomicCoercion
	row := s.shocks.row(t)
	// Crises within the period move the values, never the slices.
	n := s.n
	cred, caps, io := s.credMean[:n], s.caps[:n], s.interop[:n]
	opts, aware, campaign := s.opts[:n], s.aware[:n], s.campaign[:n]
	for j := range opts {
		o := &opts[j]
		if o.nAll == 0 {
			continue
		}
		eok := o.v[e] > 0 && t > campaign[j]
		var k agents.CrisisType
		var eu, eeu float64
		var ok bool
		if eok && o.nMil > 0 && o.mil[0] == agents.GreyZone && s.m.dom.Strength == 1 && !s.full {
			// Both channels weigh their first option, so both sums are
			// taken in one pass and both estimates of denial in one call.
			// The grey zone's sums are resistance's at ω_D = 1 (every Base
			// is +0, so KW = A_j·Σ x·Aware), economic coercion's the sum
			// of trade support and the target's resilience; the target's
			// weight is 1, so its terms are added unweighted between the
			// two runs of the others (j < n: no bounds checks in them).
			const g = agents.GreyZone
			wg, we := s.wrow[j*nk+int(g)][:n], s.wrow[j*nk+int(e)][:n]
			cj := &caps[j]
			var ka, w, wi, f float64
			for i := 0; i < j; i++ {
				ci, c := cred[i], &caps[i]
				x := ci * wg[i]
				ka += x * c.ByType[g].Aware
				w += x
				wi += x * io[i]
				f += ci * we[i] * c.ByType[e].Free
			}
			ka, w, wi, f = ka+cj.ByType[g].Aware, w+1, wi+io[j], f+cj.TargetFree
			for i := j + 1; i < n; i++ {
				ci, c := cred[i], &caps[i]
				x := ci * wg[i]
				ka += x * c.ByType[g].Aware
				w += x
				wi += x * io[i]
				f += ci * we[i] * c.ByType[e].Free
			}
			rg := agents.Coalition{KW: aware[j] * ka, W: w, WI: wi}.Strength(s.m.friction)
			re := f
			pg, pe := agents.LogisticPair((s.need[g]-rg)/o.tau[g], (s.need[e]-re)/o.tau[e])
			// The grey zone, index 0, is the best so far; a later option
			// is weighed only if its bound can beat it (militarised).
			k, eu, ok = g, s.m.adv.ChallengeUtility(g, &s.m.types[g], o.v[g], pg), true
			for _, k2 := range o.mil[1:o.nMil] {
				if o.bound[k2] > eu {
					k, eu = s.escalation(j, o, k, eu)
					break
				}
			}
			eeu = s.economicAt(o, pe)
		} else if eok && o.nMil == 0 && s.m.dom.Strength == 1 && !s.full {
			// Economic coercion alone (militarised has no option: k, eu
			// and ok stay 0, 0 and false): its sum, resistance's at ω_D =
			// 1, written out as the one pass's f.
			we := s.wrow[j*nk+int(e)][:n]
			var f float64
			for i := 0; i < j; i++ {
				f += cred[i] * we[i] * caps[i].ByType[e].Free
			}
			f += caps[j].TargetFree
			for i := j + 1; i < n; i++ {
				f += cred[i] * we[i] * caps[i].ByType[e].Free
			}
			eeu = s.economicAt(o, agents.DenialProbability(f, s.need[e], o.tau[e]))
		} else if !eok && o.nMil > 0 && o.mil[0] == agents.GreyZone && s.m.dom.Strength == 1 && !s.full {
			// The militarised channel alone, the grey zone first: its sums
			// (the one pass's without f) written out, then militarised's
			// search from the second option.
			const g = agents.GreyZone
			wg := s.wrow[j*nk+int(g)][:n]
			var ka, w, wi float64
			for i := 0; i < j; i++ {
				x := cred[i] * wg[i]
				ka += x * caps[i].ByType[g].Aware
				w += x
				wi += x * io[i]
			}
			ka, w, wi = ka+caps[j].ByType[g].Aware, w+1, wi+io[j]
			for i := j + 1; i < n; i++ {
				x := cred[i] * wg[i]
				ka += x * caps[i].ByType[g].Aware
				w += x
				wi += x * io[i]
			}
			rg := agents.Coalition{KW: aware[j] * ka, W: w, WI: wi}.Strength(s.m.friction)
			pg := agents.DenialProbability(rg, s.need[g], o.tau[g])
			k, eu, ok = g, s.m.adv.ChallengeUtility(g, &s.m.types[g], o.v[g], pg), true
			for _, k2 := range o.mil[1:o.nMil] {
				if o.bound[k2] > eu {
					k, eu = s.escalation(j, o, k, eu)
					break
				}
			}
		} else {
			k, eu, ok = s.militarised(j, o, 0, 0, 0)
			if eok {
				eeu = s.economic(j, o)
			}
		}
		draw := row.at(j)
		// Both channels' hazards in one call; the economic one is taken
		// anew if a militarised crisis moves its option. At σ_A = 0 each
		// is its own step (a referee, stop 30: the economic one was left
		// at 0 there, so campaigns against a target with a militarised
		// option came only after a militarised crisis).
		var h, eh float64
		if noise := s.m.adv.Noise; ok && eok && noise != 0 {
			h, eh = agents.LogisticPair((s.chi-eu)/noise, (s.chi-eeu)/noise)
		} else {
			if ok {
				h = s.m.adv.Hazard(eu, s.chi)
			}
			if eok {
				eh = s.m.adv.Hazard(eeu, s.chi)
			}
		}
		if ok {
			s.bookHazard(j, k, h)
			if 1-draw.uniform(slotChallenge, 0) < h {
				s.crisis(t, j, k, 0)
				if eok = o.v[e] > 0 && t > campaign[j]; eok {
					eeu = s.economic(j, o)
					eh = s.m.adv.Hazard(eeu, s.chi)
				}
			}
		}
		if eok {
			s.bookHazard(j, e, eh)
			if 1-draw.uniform(slotChallengeEcon, 0) < eh {
				s.crisis(t, j, e, econSlots)
			}
		}
	}
}

// militarised is A's militarised channel against j (docs/model.md sec.
// 6.3): the best of its options in index order, the bound G_k·V_jk − O_k
// skipping those that cannot win, and false when it has none. It weighs
// the options from the from-th on, with best and its EU bestEU the best of
// those before (none when from is 0).
func (s *sim) militarised(j int, o *options, from int, best agents.CrisisType, bestEU float64) (agents.CrisisType, float64, bool) {
	m := s.m
	ok := from > 0
	for _, k := range o.mil[from:o.nMil] {
		if ok && o.bound[k] <= bestEU {
			continue // EU_jk ≤ G_k·V_jk − O_k ≤ bestEU: k cannot win (a tie goes to the earlier type)
		}
		pd := agents.DenialProbability(s.resistance(j, k), s.need[k], o.tau[k])
		if eu := m.adv.ChallengeUtility(k, &m.types[k], o.v[k], pd); !ok || eu > bestEU {
			best, bestEU, ok = k, eu, true
		}
	}
	return best, bestEU, ok
}

// escalation is militarised from the second option on, after the grey
// zone's best (with EU bestEU). When the options left are a blockade and
// an armed attack and both bounds can beat the grey zone, both estimates
// of denial are taken at once (blockadeArmed); the armed attack's is used
// only if its bound still beats the best after the blockade, as in
// militarised, and is the value militarised would compute (nothing moves
// in between), so the choice and its EU are militarised's bit for bit.
func (s *sim) escalation(j int, o *options, best agents.CrisisType, bestEU float64) (agents.CrisisType, float64) {
	const b, a = agents.Blockade, agents.ArmedAttack
	if o.nMil != 3 || o.mil[1] != b || o.bound[b] <= bestEU || o.bound[a] <= bestEU {
		best, bestEU, _ = s.militarised(j, o, 1, best, bestEU)
		return best, bestEU
	}
	m := s.m
	pb, pa := s.blockadeArmed(j, o)
	if eu := m.adv.ChallengeUtility(b, &m.types[b], o.v[b], pb); eu > bestEU {
		best, bestEU = b, eu
	}
	if o.bound[a] > bestEU {
		if eu := m.adv.ChallengeUtility(a, &m.types[a], o.v[a], pa); eu > bestEU {
			best, bestEU = a, eu
		}
	}
	return best, bestEU
}

// blockadeArmed is A's estimates of denial P̂_jb and P̂_ja of a blockade
// and an armed attack against j (docs/model.md sec. 6.2): resistance's
// sums for the two types in one pass over the states, the same terms in
// the same order (so the same values bit for bit), with each state's
// credibility and interoperability read once, and the two logistics in one
// call (agents.LogisticPair, as challengesTwo takes them;
// TestBlockadeArmedExact).
func (s *sim) blockadeArmed(j int, o *options) (blockade, armed float64) {
	const b, a = agents.Blockade, agents.ArmedAttack
	n := s.n
	wb, wa := s.wrow[j*nk+int(b)][:n], s.wrow[j*nk+int(a)][:n]
	cred, caps, io := s.credMean[:n], s.caps[:n], s.interop[:n]
	cj := &caps[j] // j < n, so the loops over i < j need no bounds checks
	var kb, vb, ib, ka, va, ia float64
	for i := 0; i < j; i++ {
		ci, c, ii := cred[i], &caps[i], io[i]
		x, y := ci*wb[i], ci*wa[i]
		kb += x * c.ByType[b].Base
		vb += x
		ib += x * ii
		ka += y * c.ByType[a].Base
		va += y
		ia += y * ii
	}
	kb, vb, ib = kb+cj.ByType[b].Base, vb+1, ib+io[j]
	ka, va, ia = ka+cj.ByType[a].Base, va+1, ia+io[j]
	for i := j + 1; i < n; i++ {
		ci, c, ii := cred[i], &caps[i], io[i]
		x, y := ci*wb[i], ci*wa[i]
		kb += x * c.ByType[b].Base
		vb += x
		ib += x * ii
		ka += y * c.ByType[a].Base
		va += y
		ia += y * ii
	}
	f := s.m.friction
	rb := agents.Coalition{KW: kb, W: vb, WI: ib}.Strength(f)
	ra := agents.Coalition{KW: ka, W: va, WI: ia}.Strength(f)
	return agents.LogisticPair((s.need[b]-rb)/o.tau[b], (s.need[a]-ra)/o.tau[a])
}

// economic is EU_je, the economic option's expected utility against j
// (docs/model.md sec. 6.3).
func (s *sim) economic(j int, o *options) float64 {
	const e = agents.EconomicCoercion
	return s.economicAt(o, agents.DenialProbability(s.resistance(j, e), s.need[e], o.tau[e]))
}

// economicAt is EU_je for P̂_je = pd.
func (s *sim) economicAt(o *options, pd float64) float64 {
	const e = agents.EconomicCoercion
	m := s.m
	return m.adv.ChallengeUtility(e, &m.types[e], o.v[e], pd)
}
