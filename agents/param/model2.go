package param

// The parameters model 2.0 adds (docs/model.md secs. 4.4, 6.5-6.7, 7.1,
// 9.6-9.9 and 19). Every mechanism of 2.0 has one strength parameter; at
// 0 (or, where stated, the 1.1 value) the mechanism is off, and
// experiments/model-1.1.yaml sets every one of them to its off value.

// Sources of the 2.0 parameters, kept short; docs/model.md sec. 18 has the
// references.
const (
	srcFit        = "calibrated: docs/model.md sec. 17.2 (experiments/calibrate.yaml)"
	srcDomains    = "docs/model.md sec. 4.4; BASE-RATES secs. 1-3"
	srcJohnson    = "Johnson & Leeds 2011 (no escalation effect of defence pacts)"
	srcKenwick    = "Kenwick, Vasquez & Powers 2015 (formation effect pre-nuclear only)"
	srcFuchs      = "Fuchs & Klann 2013 (exports to China -8.1%); IIT Adelaide on Australia 2020-21"
	srcCampaign   = "ASPI 2020, 2023 (campaigns of 1-16 quarters: JP 2010, KR 2017, AU 2020-24, LT 2021-22)"
	srcOpprobrium = "Mischief Reef 1995 (ASEAN statement); the 2016 arbitral award; " + srcFit
	srcTerritory  = "Mischief Reef 1995 (BASE-RATES sec. 3), Scarborough 2012 (BASE-RATES sec. 2); " + srcFit
)

// model2Specs registers the 2.0 parameters: domains and the adversary,
// then the mechanisms against and for the treaty, in the order of
// docs/model.md sec. 19.
func model2Specs() []Spec {
	var s []Spec
	for _, g := range [][]Spec{domainSpecs(), crisisTypeSpecs2(), adversarySpecs2(), againstSpecs(), forSpecs(), coordinationSpecs(), formationSpecs()} {
		s = append(s, g...)
	}
	return s
}

func domainSpecs() []Spec {
	return []Spec{
		f("domains.strength", "ω_D", 1, 0, 1, 0.5, 1, "", "blend of 1.1's single capability and salience (0) with the domain-specific ones (1): grey zone denied by presence × awareness, economic coercion by resilience and trade support", srcDomains),
		f("domains.awareness_base", "a_0", 0.5, 0, 1, 0.3, 0.7, "", "maritime awareness from national means alone, as a share of what a dedicated awareness cell gives", "judgement; the Quad's IPMDA (2022) as the full value"),
		f("domains.trade_support", "κ_TS", 0.2, 0, 2, 0.05, 0.4, "", "share of the adversary's economic leverage that a partner the size of the adversary's economy offsets by trade support", "Australia 2020-23 found other markets (USSC); G7 Coordination Platform on Economic Coercion 2023; judgement"),
		i("adversary.channels", "", 2, 1, 2, 2, 2, "channels", "challenge decisions per target and period: 2 = one militarised (grey zone, blockade, armed) and one economic; 1 = one over all four types (1.1)", "the Philippines 2012 and Japan 2025 saw several domains at once"),
	}
}

// crisisTypeSpecs2 registers the 2.0 fields of each crisis type.
func crisisTypeSpecs2() []Spec {
	oppr := [4]float64{0, 0, 1.1726101266385895, 1.217712421843734} // O_b, O_a fitted
	terr := [4]float64{0.02059241883354971, 0, 1, 1}                // τ^T_g fitted
	window := [4]float64{3, 180, 21, 7}
	var out []Spec
	for k, ct := range CrisisTypes {
		p := "crisis." + ct + "."
		o := f(p+"opprobrium", "O_k", oppr[k], 0, 10, oppr[k]*0.7, oppr[k]*1.3, "utility", "cost the adversary pays for a "+ct+" challenge itself, denied or not", srcOpprobrium)
		if oppr[k] == 0 {
			o.Source = "fixed at 0: grey-zone and economic pressure are chosen because they are deniable (docs/model.md sec. 6.3)"
		}
		tt := prob(p+"territorial_share", "τ^T_k", terr[k], terr[k], terr[k], "chance that a successful "+ct+" challenge changes control (a fait accompli); the rest are losses without a change of control", "docs/model.md sec. 8.1: a successful blockade or seizure changes control; an economic success is a loss, never territory (brief §1)")
		if k == 0 {
			tt.Lo, tt.Hi, tt.Source = 0.01, 0.05, srcTerritory
		}
		out = append(out, o, tt,
			f(p+"window", "W_k", window[k], 0.01, 3650, window[k]*0.5, window[k]*2, "days", "decision window of a "+ct+" crisis: a response that arrives later adds no strength", srcLatency),
		)
	}
	return append(out,
		i("crisis.economic_coercion.duration", "D", 6, 1, 40, 2, 16, "periods", "length of an economic campaign; no new campaign against the same target meanwhile", srcCampaign),
		f("crisis.economic_coercion.penalty", "p_pen", 0.1, 0, 1, 0.05, 0.15, "share of exports to A", "share of the target's exports to the adversary that a campaign hits", srcFuchs),
		f("crisis.economic_coercion.diversion", "δ_div", 0.6, 0, 1, 0.3, 0.9, "share", "share of the hit exports diverted to other markets", "BASE-RATES sec. 8 (0.6-0.9 fungible, 0-0.3 niche goods)"),
	)
}

func adversarySpecs2() []Spec {
	return []Spec{
		f("adversary.counter_mobilisation.strength", "ω_M", 0.5, 0, 5, 0, 1.5, "", "resolve the adversary gains per unit of visibility above the status quo ante (counter-mobilisation); 0 = off", "Jervis 1978; Snyder 1984; SIPRI China budget growth (docs/model.md sec. 6.7)"),
		f("adversary.counter_mobilisation.rate", "δ_M", 0.125, 0, 1, 0.06, 0.25, "1/period", "speed at which the adversary's counter-mobilisation follows excess visibility", "China Coast Guard large hulls 40 (2012) to 131 (2020), JCG annual report"),
		f("adversary.handtying.strength", "ω_H", 1, 0, 1, 0, 1, "", "how far the adversary's credibility prior follows membership changes after t = 0 (hand-tying at formation); 0 = frozen at t = 0 (1.1)", "Fearon 1997 (docs/model.md sec. 9.4)"),
		f("adversary.clarity.strength", "ω_C", 0.25, 0, 0.9, 0, 0.6, "", "shrinkage of the adversary's uncertainty about denial by public coverage of a domain (a red line deters by being clear); 0 = off", "US statements 2014 (Senkakus) and 2023 (Philippine coast guard) (docs/model.md sec. 6.2)"),
	}
}

// againstSpecs registers the mechanisms of the case against the treaty
// (and burden-sharing, which cuts both ways).
func againstSpecs() []Spec {
	return []Spec{
		f("retribution.strength", "ω_R", 0.5, 0, 5, 0, 1.5, "", "economic salience the adversary adds per unit of a target's visibility × export share (retribution against visible members); 0 = off", "ASPI 2020, 2023 (Australia most coerced; New Zealand, unallied, rarely) (docs/model.md sec. 9.6)"),
		f("retribution.learning", "w_L", 0.5, 0, 10, 0, 2, "per % of GDP", "how much a remembered economic loss adds to the expected retribution cost of visible membership", "Australia 2020-23 (AUKUS 2021); Korea 2017 (three no's)"),
		f("retribution.memory", "δ_L", 0.125, 0, 1, 0.06, 0.25, "1/period", "per-period decay of remembered economic losses", "judgement: a two-year memory"),
		f("burden.strength", "ω_B", 1, 0, 2, 0, 1.43, "", "scale of the patron's defence-spending asks (mechanisms.<m>.burden); 0 = off", "Trump 2024 (3%); Colby 2025 (3.5% of Japan); Hegseth 2025 (5%); NATO Hague 2025 (docs/model.md sec. 9.7)"),
		f("burden.adjustment_rate", "γ_B", 0.025, 0, 1, 0.0125, 0.05, "1/period", "share of the spending shortfall a member closes each quarter (spending ratchets: it never falls back)", "Japan's 2022 build-up plan (about 0.2 points of GDP a year)"),
		f("burden.capability_elasticity", "η_K", 0.15, 0, 2, 0.05, 0.3, "", "relative capability gain per relative gain in defence spending", "judgement: the Lowy overall score weighs more than military spending"),
		f("burden.domestic_cost", "C_B", 0.1, 0, 10, 0.05, 0.2, "utility per point of GDP", "domestic political cost of a spending shortfall against the ask, per period and in accession", "Japan postponed a 2+2 over the 3.5% ask (June 2025)"),
		f("false_security.strength", "ω_FS", 0.3, 0, 1, 0, 0.6, "", "readiness lost per unit of protection a state believes its partners promised (moral hazard); 0 = off", "Olson & Zeckhauser 1966; Plümper & Neumayer 2015; Alley 2021 (docs/model.md sec. 9.8)"),
		f("false_security.adjustment_rate", "δ_ϑ", 0.125, 0, 1, 0.06, 0.25, "1/period", "speed at which readiness follows its target", "judgement: budgets and training cycles over two years"),
		f("resistance.strength", "ω_Res", 0.5, 0, 5, 0, 1.5, "", "autonomy preference gained per unit of visibility above the status quo ante (regional resistance to visible blocs); 0 = off", "ISEAS State of Southeast Asia 2024-25; Kuik 2008; AUKUS objections 2021 (docs/model.md sec. 9.9)"),
		f("balancing.strength", "ω_Bal", 0.3, 0, 1, 0, 0.6, "", "autonomy preference lost under sustained coercion (balancing toward alignment); 0 = off", "Walt 1987; the Philippines 2022-25"),
		f("balancing.memory", "δ_Γ", 0.125, 0, 1, 0.06, 0.25, "1/period", "per-period decay of remembered coercion", "judgement: a two-year memory"),
		f("alliance_ban.strength", "ω_Ban", 1, 0, 1, 0, 1, "", "share of worlds in which a formal alliance ban bars the state (1: every world, the law as written) and the weight of the non-alignment doctrine cost ω_Ban·C_NA; 0 = off", "Vietnam 2019 Defence White Paper; Indonesia's bebas-aktif (Hatta 1948) (docs/model.md sec. 5.5)"),
		f("alliance_ban.obligation_limit", "ō", 0.5, 0, 1, 0.4, 0.7, "", "nominal obligation above which a ban or doctrine applies", "cells (0.4) below, alliances (0.8) above"),
		f("alliance_ban.doctrine_cost", "C_NA", 1, 0, 10, 0.5, 2, "utility", "cost of alliance-like membership to a non-aligned state", "judgement: about a tenth of the largest protection benefit"),
		f("constitutional_limit.strength", "ω_J", 1, 0, 1, 0, 1, "", "how far the survival-threat test caps a constrained state's links to third parties in blockades and armed attacks; 0 = off", "Japan's 2015 security legislation (MOFA) (docs/model.md sec. 6.1)"),
		f("constitutional_limit.near", "cap_near", 0.65, 0, 1, 0.5, 0.8, "", "cap on the link for a target in the constrained state's sub-region", "BASE-RATES sec. 9 (0.5-0.8)"),
		f("constitutional_limit.far", "cap_far", 0.1, 0, 1, 0, 0.2, "", "cap on the link for a target elsewhere", "BASE-RATES sec. 9 (about 0.1)"),
	}
}

// forSpecs registers the treaty's own strengths (Ratner's case).
func forSpecs() []Spec {
	return []Spec{
		i("treaty.standing_buildup", "B_ss", 8, 1, 100, 4, 12, "periods", "build-up time of a mechanism's standing structure", "SHAPE 1951; NATO's integrated structure 1950-52 (docs/model.md sec. 4.5)"),
		f("us.treaty_stickiness", "ω_T", 0.5, 0, 1, 0, 1, "", "how far statutory exit protection damps a retrenching administration for links from sticky mechanisms; 0 = off", "FY2024 NDAA sec. 1250A (docs/model.md sec. 9.1)"),
	}
}

func coordinationSpecs() []Spec {
	nat := [4]float64{0.5, 14, 2, 1}
	adhoc := [4]float64{7, 90, 14, 10}
	out := []Spec{
		f("coordination.latency.strength", "ω_L", 1, 0, 3, 0.5, 2, "", "multiplier on every latency: 0 = every response on time (1.1), 1 = the sourced latencies", srcLatency+" (docs/model.md sec. 7.1)"),
		f("coordination.latency_noise", "σ_lat", 0.5, 0.01, 3, 0.3, 0.8, "log-scale sd", "spread of a response's realised latency", "NATO Art. 5 within a day and confirmed after three weeks (2001); ANZUS after three days"),
	}
	for k, ct := range CrisisTypes {
		out = append(out, f("coordination.national."+ct, "Λ^nat_k", nat[k], 0, 365, nat[k]*0.5, nat[k]*1.5, "days", "national decision time for a "+ct+" response, lengthened by (1 + d_i); it bounds every mechanism", srcLatency+"; Japan's 2015 legislation"))
	}
	for k, ct := range CrisisTypes {
		out = append(out, f("coordination.adhoc."+ct, "Λ^adhoc_k", adhoc[k], 0.01, 365, adhoc[k]*0.5, adhoc[k]*1.5, "days", "latency of a "+ct+" response without a shared covering mechanism", srcLatency))
	}
	return out
}

func formationSpecs() []Spec {
	return []Spec{
		i("treaty.retry_period", "P_r", 16, 0, 1000, 8, 40, "periods", "wait before a treaty that failed to form is attempted again; 0 = never (1.1)", "one US electoral cycle (docs/model.md sec. 5.4)"),
		f("treaty.failure_cost", "ω_Fail", 1, 0, 10, 0, 3, "pseudo-observations", "credibility the patron loses (where it founds the treaty), and tension raised (in formation-shock units), by a failed formation attempt; 0 = off", "judgement: a failed attempt counts like one failed commitment"),
		f("treaty.formalise_interop", "ι*", 0.85, 0, 1, 0.75, 0.95, "", "mean interoperability of the core that triggers a deferred treaty's formation attempt", "Brussels Treaty 1948 to NATO 1949"),
		f("treaty.formalise_trust", "h*", 0.65, 0, 1, 0.6, 0.75, "", "mean mutual rating of the core's members that triggers a deferred treaty's formation attempt", "Brussels Treaty 1948 to NATO 1949"),
		f("accession.taste_correlation", "ρ_ε", 0.5, 0, 1, 0, 0.9, "", "share of a state's accession taste common to every mechanism (its position); 0 = independent tastes (1.1)", "Signorino & Ritter 1999: alignment portfolios cluster (docs/model.md sec. 5.2)"),
	}
}
