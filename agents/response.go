package agents

import (
	"math"

	"pactsim/agents/param"
)

// The crisis as a global game among responders (docs/model.md sec. 7).

// ResponseCosts are the constants of the crisis response (docs/model.md
// sec. 7, "Utility of acting").
type ResponseCosts struct {
	Respond     float64 // B_respond
	Audience    float64 // A_audience
	Retribution float64 // C_retribution
	Risk        float64 // C_risk
	Domestic    float64 // C_domestic
}

// NewResponseCosts reads the response constants from p. Retribution and
// domestic costs are the accession constants: the same costs, met in a
// crisis instead of at a review.
func NewResponseCosts(p param.Values) ResponseCosts {
	return ResponseCosts{
		Respond:     p.Get("crisis.respond_benefit"),
		Audience:    p.Get("crisis.audience_cost"),
		Retribution: p.Get("accession.retribution_cost"),
		Risk:        p.Get("crisis.risk_cost"),
		Domestic:    p.Get("accession.domestic_cost"),
	}
}

// ResponseTerms are one candidate responder's inputs to U_i.
type ResponseTerms struct {
	Threat, Exposure, RiskTolerance, Legal float64 // θ_i, e_i, ρ_i, d_i
	Link                                   float64 // link_ijk
	Audience                               float64 // o_im·c_mk·v_m of the mechanism giving the link; 0 ad hoc
	Severity                               float64 // ŝ_i, i's estimate of the severity
	Armed                                  bool    // the crisis is an armed attack
}

// ResponseUtility is U_i, the net benefit of acting in a crisis given i's
// probability pDeny that the strength it expects denies the challenge
// (docs/model.md sec. 7): expected denial, valued by threat and link; the
// audience cost of walking away from a public commitment (Fearon 1994);
// minus the expected retribution and risk, which scale with the estimated
// severity; minus domestic costs of fighting in an armed attack.
func ResponseUtility(c ResponseCosts, t ResponseTerms, pDeny float64) float64 {
	sc := c.StateCost(t.Exposure, t.RiskTolerance, t.Legal)
	return c.utility(&sc, t.Threat*t.Link*c.Respond, t.Audience, t.Severity, t.Armed, pDeny)
}

// ResponseStateCost is what of a state's utility of acting does not depend
// on the crisis: its cost per unit of estimated severity, e_i·C_retribution
// + (1 − ρ_i)·C_risk, and its domestic cost of fighting, d_i·C_domestic.
// The engine computes it once per state and task.
type ResponseStateCost struct{ PerSeverity, Domestic float64 }

// StateCost returns a state's response costs from its exposure, risk
// tolerance and legal constraint.
func (c *ResponseCosts) StateCost(exposure, riskTolerance, legal float64) ResponseStateCost {
	return ResponseStateCost{PerSeverity: exposure*c.Retribution + (1-riskTolerance)*c.Risk, Domestic: legal * c.Domestic}
}

// utility is U_i from the state's costs sc, its benefit θ_i·link·B_respond,
// the audience term and the estimated severity.
func (c *ResponseCosts) utility(sc *ResponseStateCost, benefit, audience, severity float64, armed bool, pDeny float64) float64 {
	u := benefit*pDeny + c.Audience*audience - severity*sc.PerSeverity
	if armed {
		u -= sc.Domestic
	}
	return u
}

// DenialBelief is a responder's view of what it takes to deny a challenge:
// P_i(E) = Φ((ln E − LnNeeded)/SD) (docs/model.md sec. 7), a global game's
// posterior (Carlsson & van Damme 1993; Morris & Shin 2003).
type DenialBelief struct {
	LnNeeded float64 // ln(K_A·ŝ_i·R_A)
	SD       float64 // sqrt(σ_o² + σ̃_i²): outcome noise and i's signal noise
}

// Probability is P_i(E), i's probability that expected strength E denies
// the challenge; 0 for E ≤ 0, a step when SD is 0.
func (d DenialBelief) Probability(expected float64) float64 {
	if expected <= 0 {
		return 0
	}
	z := math.Log(expected) - d.LnNeeded
	if d.SD == 0 {
		if z >= 0 {
			return 1
		}
		return 0
	}
	return 0.5 * math.Erfc(-z/(d.SD*math.Sqrt2))
}

// ResponseThreshold turns ResponseUtility into a threshold on expected
// strength: i acts iff E > the returned value (−Inf when i acts whatever it
// expects, E = 0 included: there P_i is 0 and U_i is the rest of U, which
// is then positive; 0 when any positive E will do; +Inf when it never
// acts). Because P_i(E) increases in E,
// "U > 0" is "P_i(E) > −b/a" with a = θ·link·B_respond and b the rest of
// U; inverting Φ once per crisis saves a log and an erfc per state and
// best-response round. d.SD must be positive.
func ResponseThreshold(c ResponseCosts, t ResponseTerms, d DenialBelief) float64 {
	sc := c.StateCost(t.Exposure, t.RiskTolerance, t.Legal)
	return c.Threshold(&sc, t.Threat*t.Link*c.Respond, t.Audience, t.Severity, t.Armed, d)
}

// Threshold is ResponseThreshold from the state's costs sc (StateCost), its
// benefit a = θ_i·link·B_respond, the audience term o_im·c_mk·v_m and its
// estimated severity.
func (c *ResponseCosts) Threshold(sc *ResponseStateCost, a, audience, severity float64, armed bool, d DenialBelief) float64 {
	return thresholdOf(c.utility(sc, a, audience, severity, armed, 0), a, d)
}

// thresholdOf is Threshold for the rest b of the state's utility and its
// benefit a (ThresholdPair's way back to one candidate at a time, with
// the b it has computed).
func thresholdOf(b, a float64, d DenialBelief) float64 {
	switch {
	case b > 0:
		return math.Inf(-1) // acts even if denial is hopeless, at E = 0 too
	case a+b <= 0:
		return math.Inf(1) // does not act even if denial is certain
	case b == 0:
		return 0 // any positive chance of denial will do; E > 0 always
	}
	pc := -b / a // in (0, 1)
	y, sign := erfinvSign(2*pc - 1)
	// math.Erfinv(y) for y ≥ 0 (−0 included) or NaN: for y ≤ 0.85, about
	// 29 thresholds in 30, math.Erfinv's own rational function, the same
	// operations in the same order, written out without its call and its
	// tests for special cases and sign, which cannot hold there (a review,
	// stop 55: TestThresholdErfinvExact); the rest (and NaN) by
	// math.Erfinv itself (the coefficients: erfA0 …).
	var e float64
	if y <= 0.85 {
		r := 0.180625 - 0.25*y*y
		z1 := ((((((erfA7*r+erfA6)*r+erfA5)*r+erfA4)*r+erfA3)*r+erfA2)*r+erfA1)*r + erfA0
		z2 := ((((((erfB7*r+erfB6)*r+erfB5)*r+erfB4)*r+erfB3)*r+erfB2)*r+erfB1)*r + erfB0
		e = (y * z1) / z2
	} else {
		e = math.Erfinv(y)
	}
	ei := math.Float64frombits(math.Float64bits(e) ^ sign)
	return Exp(d.LnNeeded + d.SD*math.Sqrt2*ei)
}

// ThresholdPair is (Threshold(sc1, a1, audience1, Exp(lnX1), armed, d1),
// Threshold(sc2, a2, audience2, Exp(lnX2), armed, d2)) bit for bit, for two
// candidates of one crisis: each candidate's estimate, threshold and
// exponential form one long dependency chain, so the two chains are
// written out side by side (ExpPair, then Threshold's rational function
// for both) for the CPU to overlap them (a review, stop 56:
// TestThresholdPairExact). Where either candidate's threshold is not the
// rational function's (b ≥ 0, a + b ≤ 0, NaN, or Erfinv's argument above
// 0.85), each is Threshold's own (thresholdOf, from the b computed here).
func (c *ResponseCosts) ThresholdPair(sc1 *ResponseStateCost, a1, audience1, lnX1 float64, d1 DenialBelief,
	sc2 *ResponseStateCost, a2, audience2, lnX2 float64, d2 DenialBelief, armed bool) (float64, float64) {
	sev1, sev2 := ExpPair(lnX1, lnX2)
	b1 := c.utility(sc1, a1, audience1, sev1, armed, 0)
	b2 := c.utility(sc2, a2, audience2, sev2, armed, 0)
	if !(b1 < 0 && a1+b1 > 0 && b2 < 0 && a2+b2 > 0) {
		return thresholdOf(b1, a1, d1), thresholdOf(b2, a2, d2)
	}
	pc1, pc2 := -b1/a1, -b2/a2
	y1, sign1 := erfinvSign(2*pc1 - 1)
	y2, sign2 := erfinvSign(2*pc2 - 1)
	if !(y1 <= 0.85 && y2 <= 0.85) {
		return thresholdOf(b1, a1, d1), thresholdOf(b2, a2, d2)
	}
	r1, r2 := 0.180625-0.25*y1*y1, 0.180625-0.25*y2*y2
	n1 := ((((((erfA7*r1+erfA6)*r1+erfA5)*r1+erfA4)*r1+erfA3)*r1+erfA2)*r1+erfA1)*r1 + erfA0
	n2 := ((((((erfA7*r2+erfA6)*r2+erfA5)*r2+erfA4)*r2+erfA3)*r2+erfA2)*r2+erfA1)*r2 + erfA0
	m1 := ((((((erfB7*r1+erfB6)*r1+erfB5)*r1+erfB4)*r1+erfB3)*r1+erfB2)*r1+erfB1)*r1 + erfB0
	m2 := ((((((erfB7*r2+erfB6)*r2+erfB5)*r2+erfB4)*r2+erfB3)*r2+erfB2)*r2+erfB1)*r2 + erfB0
	e1, e2 := (y1*n1)/m1, (y2*n2)/m2
	e1 = math.Float64frombits(math.Float64bits(e1) ^ sign1)
	e2 = math.Float64frombits(math.Float64bits(e2) ^ sign2)
	return ExpPair(d1.LnNeeded+d1.SD*math.Sqrt2*e1, d2.LnNeeded+d2.SD*math.Sqrt2*e2)
}

// The coefficients of math.Erfinv's rational function for |x| ≤ 0.85,
// which Threshold and ThresholdPair write out: Wichura's (1988, Algorithm
// AS 241, Appl. Statist. 37(3):477–484), as the Go math package
// (BSD-3-Clause, the Go Authors) evaluates them.
const (
	erfA0 = 1.1975323115670912564578e0
	erfA1 = 4.7072688112383978012285e1
	erfA2 = 6.9706266534389598238465e2
	erfA3 = 4.8548868893843886794648e3
	erfA4 = 1.6235862515167575384252e4
	erfA5 = 2.3782041382114385731252e4
	erfA6 = 1.1819493347062294404278e4
	erfA7 = 8.8709406962545514830200e2
	erfB0 = 1.0000000000000000000e0
	erfB1 = 4.2313330701600911252e1
	erfB2 = 6.8718700749205790830e2
	erfB3 = 5.3941960214247511077e3
	erfB4 = 2.1213794301586595867e4
	erfB5 = 3.9307895800092710610e4
	erfB6 = 2.8729085735721942674e4
	erfB7 = 5.2264952788528545610e3
)

// erfinvSign takes the sign of math.Erfinv's argument apart by conditional
// moves: −x and the sign bit where x < 0, x and 0 elsewhere (−0 and NaN
// included). math.Erfinv branches on x < 0, and x = 2p − 1 is below 0
// about half the time at random, so that branch was mispredicted often (a
// review, stop 53). Below 0 math.Erfinv itself computes −Erfinv(−x) (x = −1
// gives −Inf = −Erfinv(1)), and negation flips the sign bit, so
// math.Erfinv(y) with its sign bit flipped by sign is math.Erfinv(x) bit
// for bit (TestErfinvSign).
func erfinvSign(x float64) (float64, uint64) {
	b, nb := math.Float64bits(x), math.Float64bits(x)^(1<<63)
	var sign uint64
	if x < 0 {
		b, sign = nb, 1<<63
	}
	return math.Float64frombits(b), sign
}

// NeverActs reports that Threshold(sc, a, audience, severity, armed, d) is
// +Inf for every estimated severity ≥ lo and every d, without the estimate:
// with a ≥ 0 and a cost per unit of severity sc.PerSeverity > 0, the rest b
// of U_i only falls as the severity rises, and every step of b and of a + b
// is a correctly rounded monotone operation, so a + b ≤ 0 at lo holds at
// every severity above it; then b ≤ −a ≤ 0, so Threshold returns +Inf.
// lo must not be NaN.
func (c *ResponseCosts) NeverActs(sc *ResponseStateCost, a, audience, lo float64, armed bool) bool {
	if !(sc.PerSeverity > 0 && a >= 0) {
		return false
	}
	return a+c.utility(sc, a, audience, lo, armed, 0) <= 0
}

// Signal is a noisy log-scale observation of a crisis's severity:
// ln x = ln s + SD·z (docs/model.md sec. 7, "Private signals").
type Signal struct {
	Log float64 // ln x
	SD  float64 // its noise
}

// Combine merges two independent signals by precision, as a treaty member
// combines its private signal with the public one in an invoked crisis:
// ln x̃ = (ln x/σ² + ln y/σ_y²)/(1/σ² + 1/σ_y²), σ̃ = (σ⁻² + σ_y⁻²)^(−1/2).
// Both SDs must be positive.
func (x Signal) Combine(y Signal) Signal {
	px, py := 1/(x.SD*x.SD), 1/(y.SD*y.SD)
	return Signal{Log: (x.Log*px + y.Log*py) / (px + py), SD: 1 / math.Sqrt(px+py)}
}

// PatronActs is the patron's decision, which is not a best response: it
// acts iff its draw u is below its current true reliability times its link
// (docs/model.md sec. 7, "Candidates").
func PatronActs(u, reliability, link float64) bool { return u < reliability*link }

// Coalition accumulates the weighted sums behind a combined strength: Σ w·K,
// Σ w and Σ w·ι over states with weight w, capability K and
// interoperability ι. The weights are A's p_i when it estimates resistance
// (docs/model.md sec. 6.2), a responder's q_l in a best-response round
// (sec. 7), and 1 for the states that acted (sec. 8).
//
// Free accumulates capability that needs no interoperability and so is
// not discounted by friction: the trade support and resilience that deny
// economic coercion (docs/model.md sec. 4.4).
type Coalition struct {
	KW, W, WI float64
	Free      float64
}

// AddFree counts w times capability free of friction.
func (c *Coalition) AddFree(w, free float64) { c.Free += w * free }

// Add counts a state with weight w.
func (c *Coalition) Add(w, capability, interop float64) {
	c.KW += w * capability
	c.W += w
	c.WI += w * interop
}

// Strength is the combined strength Σ w·K discounted by friction for poor
// interoperability, Σ w·K·(1 − φ·(1 − ῑ)) with ῑ the w-weighted mean ι,
// plus the capability free of friction; 0 for an empty coalition.
func (c Coalition) Strength(friction float64) float64 {
	if c.W <= 0 {
		return c.Free
	}
	return c.KW*(1-friction*(1-c.WI/c.W)) + c.Free
}
