package agents

import "math"

// The decision rules of MODEL.md sections 4-7 as pure functions of their
// inputs. The engine calls them in its inner loop, so they are small and take
// plain numbers; the tests in rules_test.go pin each one.

// AccessionCosts are the constants of the accession utility (MODEL.md sec. 4).
type AccessionCosts struct {
	Protect     float64 // B_protect
	Capacity    float64 // B_capacity
	Autonomy    float64 // C_autonomy
	Retribution float64 // C_retribution
	Entrapment  float64 // C_entrapment
	Domestic    float64 // C_domestic
}

// AccessionTerms are the state- and mechanism-specific inputs of U_im.
type AccessionTerms struct {
	Threat, Autonomy, Exposure, Legal, RiskTolerance float64 // θ_i, a_i, e_i, d_i, ρ_i
	Obligation                                       float64 // o_im, after reservations
	Coverage                                         float64 // ĉ_m, expected coverage
	Reliance                                         float64 // r̂_im, expected honour of the other members
	Integration                                      float64 // g_m
	Visibility                                       float64 // v_m
	Taste                                            float64 // ε_im, persistent
}

// AccessionUtility is U_im of MODEL.md sec. 4: protection and capacity
// (scaled by threat) against the costs of visible alignment (Kuik 2008;
// ASPI on retribution) and of the obligation itself (Snyder 1984:
// entrapment; domestic and constitutional limits).
func AccessionUtility(c AccessionCosts, t AccessionTerms) float64 {
	return t.Threat*(t.Obligation*t.Coverage*t.Reliance*c.Protect+t.Integration*c.Capacity) -
		t.Visibility*(t.Autonomy*c.Autonomy+t.Exposure*c.Retribution) -
		t.Obligation*((1-t.RiskTolerance)*c.Entrapment+t.Legal*c.Domestic) +
		t.Taste
}

// Reservation is a constrained state's obligation o_im = o_m·(1 − d_i·r):
// states with legal limits join with reservations (Japan's 2015 legislation).
func Reservation(obligation, legal, strength float64) float64 {
	return obligation * (1 - legal*strength)
}

// ExpectedCoverage is ĉ_m: the mechanism's coverage weighted by a posterior
// over crisis types, a prior π (weight n0) plus the crises seen so far.
// prior must sum to 1.
func ExpectedCoverage(coverage, prior *[NumCrisisTypes]float64, n0 float64, counts *[NumCrisisTypes]int) float64 {
	total := n0
	for _, n := range counts {
		total += float64(n)
	}
	if total == 0 {
		return 0
	}
	var c float64
	for k := range coverage {
		c += coverage[k] * (n0*prior[k] + float64(counts[k]))
	}
	return c / total
}

// Logistic is the standard logistic function 1/(1+e^−x).
func Logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// LogisticQuantile maps u in (0,1) to a standard logistic variate.
func LogisticQuantile(u float64) float64 { return math.Log(u / (1 - u)) }

// EffectiveStrength is combined strength Σ K·w discounted by friction for
// poor interoperability: S·(1 − φ(1 − ῑ)), ῑ the w-weighted mean ι
// (MODEL.md secs. 5-6). sumKW = Σ K_l w_l, sumW = Σ w_l, sumWI = Σ w_l ι_l.
func EffectiveStrength(sumKW, sumW, sumWI, friction float64) float64 {
	if sumW <= 0 {
		return 0
	}
	return sumKW * (1 - friction*(1-sumWI/sumW))
}

// DenialEstimate is A's estimate P̂_jk that a challenge is denied:
// logistic((Ŝ − K_A·s_k·R_A)/τ) (MODEL.md sec. 5).
func DenialEstimate(strength, capA, severity, resolve, tau float64) float64 {
	return Logistic((strength - capA*severity*resolve) / tau)
}

// ChallengeUtility is EU_jk of MODEL.md sec. 5: the gain if the challenge
// succeeds, the cost if it is denied, and for escalatory types the war risk
// of a denied challenge (war aversion pushes A down the ladder).
func ChallengeUtility(gain, cost, salience, pDeny float64, escalatory bool, pEscalation, severity, warAversion float64) float64 {
	eu := gain*salience*(1-pDeny) - cost*pDeny
	if escalatory {
		eu -= pDeny * pEscalation * severity * warAversion
	}
	return eu
}

// DenialProbability is i's P(deny | E[S], ŝ_i) of MODEL.md sec. 6: the
// chance that expected strength beats the strength needed, K_A·ŝ_i·R_A, given
// outcome noise σ_o and i's signal noise σ_i (a global game: Carlsson &
// van Damme 1993; Morris & Shin 2003).
func DenialProbability(expected, capA, sHat, resolve, sigmaO, sigmaI float64) float64 {
	if expected <= 0 {
		return 0
	}
	return DenialProbabilityLog(math.Log(expected), math.Log(capA*sHat*resolve), math.Sqrt(sigmaO*sigmaO+sigmaI*sigmaI))
}

// DenialProbabilityLog is DenialProbability on the log scale: Φ((ln E[S] −
// ln needed)/sd). The engine keeps logs to save work in the inner loop.
func DenialProbabilityLog(lnExpected, lnNeeded, sd float64) float64 {
	z := lnExpected - lnNeeded
	if sd == 0 {
		if z >= 0 {
			return 1
		}
		return 0
	}
	return 0.5 * math.Erfc(-z/(sd*math.Sqrt2))
}

// ResponseCosts are the constants of the crisis response (MODEL.md sec. 6).
type ResponseCosts struct {
	Respond     float64 // B_respond
	Audience    float64 // A_audience
	Retribution float64 // C_retribution
	Risk        float64 // C_risk
	Domestic    float64 // C_domestic
}

// ResponseUtility is the net benefit of acting in a crisis (MODEL.md sec.
// 6): expected denial, valued by threat and link; the audience cost of
// walking away from a public commitment (Fearon 1994), audience = o_im·c_mk·v_m
// of the mechanism giving the link (0 ad hoc); minus the expected retribution
// and risk, which scale with the estimated severity; minus domestic costs of
// fighting in an armed attack.
func ResponseUtility(c ResponseCosts, threat, link, pDeny, audience, sHat, exposure, riskTolerance, legal float64, armed bool) float64 {
	u := threat*link*c.Respond*pDeny + c.Audience*audience - sHat*(exposure*c.Retribution+(1-riskTolerance)*c.Risk)
	if armed {
		u -= legal * c.Domestic
	}
	return u
}

// ResponseThreshold turns ResponseUtility into a threshold on expected
// strength: i acts iff E[S] > the returned value (0 when i acts whatever it
// expects, +Inf when it never acts). Because P(deny) is increasing in E[S],
// "U > 0" is "P(deny) > −B/A" with A = θ·link·B_respond and B the rest of
// U; inverting Φ once per crisis saves a log and an erfc per state and
// best-response round. lnNeeded = ln(K_A·ŝ_i·R_A), sd = sqrt(σ_o² + σ_i²) > 0.
func ResponseThreshold(c ResponseCosts, threat, link, audience, sHat, exposure, riskTolerance, legal float64, armed bool, lnNeeded, sd float64) float64 {
	a := threat * link * c.Respond
	b := ResponseUtility(c, threat, link, 0, audience, sHat, exposure, riskTolerance, legal, armed)
	switch {
	case b > 0:
		return 0 // acts even if denial is hopeless
	case a+b <= 0:
		return math.Inf(1) // does not act even if denial is certain
	case b == 0:
		return 0 // any positive chance of denial will do; E[S] > 0 always
	}
	pc := -b / a // in (0, 1)
	return math.Exp(lnNeeded + sd*math.Sqrt2*math.Erfinv(2*pc-1))
}

// WarProbability is the chance that a repelled escalatory challenge becomes a
// war: min(1, p·s·(1 + entrapment·ō)), ō the mean obligation of the
// responders beside the target (Snyder 1984: formal obligations pull members
// up the ladder).
func WarProbability(pEscalation, severity, entrapment, meanObligation float64) float64 {
	return min(1, pEscalation*severity*(1+entrapment*meanObligation))
}

// FalseSecurityGap is the gap between the protection a target's partners
// promised, as the target rated it, and what came: (Σ_{l≠j} K_l·link_l·h_l −
// Σ_{l acted, l≠j} K_l) / Σ_{l≠j} K_l (MODEL.md sec. 6). The slices are over
// the states other than the target.
func FalseSecurityGap(capability, link, rating []float64, acted []bool) float64 {
	var promised, came, total float64
	for l, k := range capability {
		total += k
		promised += k * link[l] * rating[l]
		if acted[l] {
			came += k
		}
	}
	if total == 0 {
		return 0
	}
	return (promised - came) / total
}

// BetaMean is α/(α+β).
func BetaMean(a, b float64) float64 { return a / (a + b) }

// DecayToward moves x a share rate of the way toward target (the per-period
// decay of beliefs, records and credibility toward their priors).
func DecayToward(x, target, rate float64) float64 { return x + rate*(target-x) }
