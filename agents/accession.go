package agents

import (
	"fmt"
	"math"

	"pactsim/agents/param"
)

// Accession: who joins what (docs/model.md sec. 5).

// AccessionCosts are the constants of the accession utility (docs/model.md
// sec. 5.2).
type AccessionCosts struct {
	Protect     float64 // B_protect
	Capacity    float64 // B_capacity
	Autonomy    float64 // C_autonomy
	Retribution float64 // C_retribution
	Entrapment  float64 // C_entrapment
	Domestic    float64 // C_domestic
	// Model 2.0 (docs/model.md secs. 5.2, 5.5, 9.7).
	Burden   float64 // C_B per point of spending shortfall against the mechanism's ask
	Doctrine float64 // ω_Ban·C_NA, the doctrine cost of alliance-like membership to a non-aligned state
}

// NewAccessionCosts reads the accession constants from p.
func NewAccessionCosts(p param.Values) AccessionCosts {
	return AccessionCosts{
		Protect:     p.Get("accession.protect_benefit"),
		Capacity:    p.Get("accession.capacity_benefit"),
		Autonomy:    p.Get("accession.autonomy_cost"),
		Retribution: p.Get("accession.retribution_cost"),
		Entrapment:  p.Get("accession.entrapment_cost"),
		Domestic:    p.Get("accession.domestic_cost"),
		Burden:      p.Get("burden.domestic_cost"),
		Doctrine:    p.Get("alliance_ban.strength") * p.Get("alliance_ban.doctrine_cost"),
	}
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
	// Model 2.0 (docs/model.md sec. 5.2): Autonomy is a_i(t) and Exposure
	// ê_i(t), learned retribution included (secs. 9.6, 9.9).
	BurdenGap float64 // (ω_B·burden_m − f_i)⁺, the shortfall against the mechanism's ask
	Doctrine  bool    // a non-aligned state and a mechanism above the obligation limit
}

// AccessionUtility is U_im of docs/model.md sec. 5.2: protection and
// capacity (scaled by threat) against the costs of visible alignment (Kuik
// 2008; ASPI on retribution) and of the obligation itself (Snyder 1984:
// entrapment; domestic and constitutional limits).
//
// Model 2.0 subtracts the domestic cost of a spending shortfall against the
// mechanism's ask, C_B·gap (sec. 9.7), and for a non-aligned state the
// doctrine cost of a mechanism above the obligation limit (sec. 5.5).
func AccessionUtility(c AccessionCosts, t AccessionTerms) float64 {
	return c.Utility(t.Threat, c.StateCosts(t.Autonomy, t.Exposure, t.RiskTolerance, t.Legal), &t)
}

// StateCosts are the parts of U_im that depend on the state and not on the
// mechanism: the cost of visible alignment per unit of visibility,
// a_i·C_autonomy + e_i·C_retribution, and the cost of obligation per unit
// of obligation, (1 − ρ_i)·C_entrapment + d_i·C_domestic. The engine
// computes them once per state and review.
type StateCosts struct{ Visible, Obliged float64 }

// StateCosts returns a state's costs from its autonomy, exposure, risk
// tolerance and legal constraint.
func (c *AccessionCosts) StateCosts(autonomy, exposure, riskTolerance, legal float64) StateCosts {
	return StateCosts{
		Visible: autonomy*c.Autonomy + exposure*c.Retribution,
		Obliged: (1-riskTolerance)*c.Entrapment + legal*c.Domestic,
	}
}

// Utility is U_im (AccessionUtility) from the state's threat θ_i and costs
// sc and the mechanism's terms of t; it does not read t's state fields.
func (c *AccessionCosts) Utility(threat float64, sc StateCosts, t *AccessionTerms) float64 {
	return c.UtilityOf(threat, sc, t.Obligation, t.Coverage, t.Reliance, t.Integration,
		t.Visibility, t.Taste, t.BurdenGap, t.Doctrine)
}

// UtilityOf is Utility with the terms as values, the one formula of both:
// the engine's review keeps them in registers, not in a struct in memory
// (a review, stop 53).
func (c *AccessionCosts) UtilityOf(threat float64, sc StateCosts, obligation, coverage, reliance,
	integration, visibility, taste, burdenGap float64, doctrine bool) float64 {
	u := threat*(obligation*coverage*reliance*c.Protect+integration*c.Capacity) -
		visibility*sc.Visible - obligation*sc.Obliged + taste
	if burdenGap > 0 {
		u -= c.Burden * burdenGap
	}
	if doctrine {
		u -= c.Doctrine
	}
	return u
}

// Taste is ε_im = σ_join·(sqrt(1 − ρ)·ℓ_im + sqrt(ρ)·ℓ_i): a share ρ of a
// state's taste is its own, common to every mechanism and architecture, so
// that whether a treaty forms depends on the state's position rather than
// on a fresh coin (docs/model.md sec. 5.2; Signorino & Ritter 1999). ρ = 0
// is 1.1's independent taste.
func Taste(scale, correlation, own, common float64) float64 {
	return scale * (math.Sqrt(1-correlation)*own + math.Sqrt(correlation)*common)
}

// Alliances holds the constants of alliance bans and non-alignment
// (docs/model.md sec. 5.5).
type Alliances struct {
	Strength float64 // ω_Ban: the share of worlds in which a ban binds; the doctrine cost's weight
	Limit    float64 // ō: the nominal obligation above which they apply
}

// NewAlliances reads the ban constants from p.
func NewAlliances(p param.Values) Alliances {
	return Alliances{Strength: p.Get("alliance_ban.strength"), Limit: p.Get("alliance_ban.obligation_limit")}
}

// Banned reports whether a state with a formal alliance ban may be barred
// from a mechanism of nominal obligation o: the ban applies to it (cells,
// 0.4, stay open) and bans are on. Whether the bar holds in a world is
// Binds.
func (a *Alliances) Banned(ban bool, obligation float64) bool {
	return ban && a.Strength > 0 && obligation > a.Limit
}

// Binds reports whether a ban binds in a world of draw u, uniform in
// (0, 1) and one per state and task: in a share ω_Ban of worlds, so that
// at 1 it always does (the law as written) and a strength between 0 and
// 1 is the probability that the bar holds under pressure (docs/model.md
// sec. 5.5; Vietnam's 2019 white paper conditions its "four no's" on
// "circumstances and specific conditions"). A step in ω_Ban would make
// the strength a switch, with no break-even value between 0 and 1.
func (a *Alliances) Binds(u float64) bool { return u < a.Strength }

// Certain reports whether a ban binds in every world (ω_Ban ≥ 1).
func (a *Alliances) Certain() bool { return a.Strength >= 1 }

// Doctrine reports whether the doctrine cost applies to a non-aligned
// state and a mechanism of nominal obligation o.
func (a *Alliances) Doctrine(nonAligned bool, obligation float64) bool {
	return nonAligned && a.Strength > 0 && obligation > a.Limit
}

// Formation holds the constants of treaty formation dynamics
// (docs/model.md sec. 5.4).
type Formation struct {
	RetryPeriod int     // P_r: periods before a failed treaty is attempted again; 0 never
	FailureCost float64 // ω_Fail: credibility and tension cost of a failed attempt
	Interop     float64 // ι*: the core's mean interoperability that triggers a deferred treaty
	Trust       float64 // h*: the core's mean mutual rating that triggers it
	Buildup     int     // B_ss: periods to build a standing structure (sec. 4.5)
}

// NewFormation reads the formation constants from p.
func NewFormation(p param.Values) Formation {
	return Formation{RetryPeriod: p.Int("treaty.retry_period"), FailureCost: p.Get("treaty.failure_cost"),
		Interop: p.Get("treaty.formalise_interop"), Trust: p.Get("treaty.formalise_trust"), Buildup: p.Int("treaty.standing_buildup")}
}

// Retry reports whether a treaty whose last attempt failed at failedAt is
// attempted again at review t.
func (f *Formation) Retry(t, failedAt int) bool {
	return f.RetryPeriod > 0 && t >= failedAt+f.RetryPeriod
}

// Formalise reports whether a deferred treaty is attempted: the core's mean
// interoperability and mean mutual rating both pass their thresholds (the
// Brussels Treaty of 1948 became NATO in 1949).
func (f *Formation) Formalise(meanInterop, meanTrust float64) bool {
	return meanInterop >= f.Interop && meanTrust >= f.Trust
}

// Ramp is a standing structure's build-up at review t for a mechanism that
// formed at formed: min(1, (t − formed)/B_ss).
func (f *Formation) Ramp(t, formed int) float64 {
	return min(1, float64(t-formed)/float64(f.Buildup))
}

// Standing is a field y of a mechanism with standing structure ss after
// build-up ramp, moved toward the core's value: y + ss·ramp·(core − y)
// (docs/model.md sec. 4.5; NATO's integrated command is the analogue).
func Standing(y, ss, ramp, core float64) float64 { return y + ss*ramp*(core-y) }

// WantsMembership is the decision after a review (docs/model.md sec. 5.3):
// a non-member joins iff U_im > 0; a member stays iff U_im ≥ −exit_m, so
// the exit cost makes membership sticky.
func WantsMembership(member bool, u, exitCost float64) bool {
	if member {
		return u >= -exitCost
	}
	return u > 0
}

// Reservation is a constrained state's obligation o_im = o_m·(1 − d_i·r)
// (docs/model.md sec. 4.1): states with legal limits join with reservations
// (Japan's 2015 legislation).
func Reservation(obligation, legal, strength float64) float64 {
	return obligation * (1 - legal*strength)
}

// TypePrior is the states' prior over crisis types (docs/model.md sec. 5.2,
// "Expected coverage"): shares π_k that sum to 1, with weight n0.
type TypePrior struct {
	Share  [NumCrisisTypes]float64 // π_k
	Weight float64                 // n0, in pseudo-crises
}

// NewTypePrior reads crisis.<type>.prior_share and accession.type_prior_weight
// from p. The shares are normalised to sum to 1 so that ĉ_m stays a weighted
// mean of coverages (docs/model.md sec. 16); they must not all be zero.
func NewTypePrior(p param.Values) (TypePrior, error) {
	tp := TypePrior{Weight: p.Get("accession.type_prior_weight")}
	var sum float64
	for k, ct := range param.CrisisTypes {
		tp.Share[k] = p.Get("crisis." + ct + ".prior_share")
		sum += tp.Share[k]
	}
	if sum <= 0 {
		return tp, fmt.Errorf("crisis.<type>.prior_share: all zero; at least one must be positive")
	}
	for k := range tp.Share {
		tp.Share[k] /= sum
	}
	return tp, nil
}

// ExpectedCoverage is ĉ_m: the mechanism's coverage weighted by the
// posterior over crisis types, the prior plus the crises seen so far:
// Σ_k c_mk·(n0·π_k + n_k) / (n0 + Σ_k n_k), 0 if the denominator is 0.
func (tp *TypePrior) ExpectedCoverage(coverage *[NumCrisisTypes]float64, seen *[NumCrisisTypes]int) float64 {
	w := tp.Weights(seen)
	return w.Expected(coverage)
}

// CoverageWeights are ExpectedCoverage's weights n0·π_k + n_k and their
// denominator n0 + Σ_k n_k for the crises seen so far: the same for every
// mechanism until another crisis is seen, so the engine takes them once
// per review (a review, stop 53).
type CoverageWeights struct {
	w     [NumCrisisTypes]float64
	total float64
}

// Weights is the CoverageWeights of the crises seen so far.
func (tp *TypePrior) Weights(seen *[NumCrisisTypes]int) CoverageWeights {
	cw := CoverageWeights{total: tp.Weight}
	for _, n := range seen {
		cw.total += float64(n)
	}
	for k := range cw.w {
		cw.w[k] = tp.Weight*tp.Share[k] + float64(seen[k])
	}
	return cw
}

// Expected is ĉ_m for a mechanism of coverage c_mk: Σ_k c_mk·w_k / total,
// 0 if the total is 0.
func (cw *CoverageWeights) Expected(coverage *[NumCrisisTypes]float64) float64 {
	if cw.total == 0 {
		return 0
	}
	var c float64
	for k := range coverage {
		c += coverage[k] * cw.w[k]
	}
	return c / cw.total
}

// Reliance accumulates r̂_im, the capability-weighted mean of a rater's
// ratings h_il of the other members and founders l of a mechanism
// (docs/model.md sec. 5.2, "Expected honour"). Remove takes back a term
// added before, so a sum over everyone can serve every rater. Ability is
// not will: interoperability does not enter.
type Reliance struct {
	weight, sum float64 // Σ K_l, Σ K_l·h_il
}

// Add counts state l with capability K_l and rating h_il.
func (r *Reliance) Add(capability, rating float64) {
	r.weight += capability
	r.sum += capability * rating
}

// Remove takes back a term added with the same arguments.
func (r *Reliance) Remove(capability, rating float64) {
	r.weight -= capability
	r.sum -= capability * rating
}

// Mean is r̂_im, or 0 when no one is counted.
func (r Reliance) Mean() float64 {
	if r.weight <= 0 {
		return 0
	}
	return r.sum / r.weight
}
