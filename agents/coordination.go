package agents

import (
	"math"

	"pactsim/agents/param"
)

// Coordination speed (docs/model.md sec. 7.1): each domain has a decision
// window; a response that arrives after it adds no strength. Latency is a
// per-domain field of every mechanism, bounded below by national
// processes, so neither side is fast by label.

// Coordination holds the latency constants.
type Coordination struct {
	Strength float64                 // ω_L: multiplier on every latency; 0 = every response on time (1.1)
	Noise    float64                 // σ_lat: log-scale spread of a realised latency
	National [NumCrisisTypes]float64 // Λ^nat_k, days, lengthened by (1 + d_i)
	AdHoc    [NumCrisisTypes]float64 // Λ^adhoc_k, days, without a shared covering mechanism
	LnWindow [NumCrisisTypes]float64 // ln W_k
}

// NewCoordination reads the latency constants and the windows from p.
func NewCoordination(p param.Values) Coordination {
	c := Coordination{Strength: p.Get("coordination.latency.strength"), Noise: p.Get("coordination.latency_noise")}
	for k, ct := range param.CrisisTypes {
		c.National[k] = p.Get("coordination.national." + ct)
		c.AdHoc[k] = p.Get("coordination.adhoc." + ct)
		c.LnWindow[k] = math.Log(p.Get("crisis." + ct + ".window"))
	}
	return c
}

// On reports whether latency matters at all; with ω_L = 0 every response is
// on time and nothing below is evaluated.
func (c *Coordination) On() bool { return c.Strength > 0 }

// Latency is Λ̄_ijk, responder i's expected latency in domain k: the
// fastest shared covering mechanism's latency mech when shared, or the ad
// hoc latency if that is faster or nothing is shared (the ad hoc channel is
// always open), but never faster than i's national process,
// Λ^nat_k·(1 + d_i), which bounds the use of force for every mechanism
// (docs/model.md sec. 7.1; the engine's pairWith).
func (c *Coordination) Latency(k CrisisType, legal, mech float64, shared bool) float64 {
	l := c.AdHoc[k]
	if shared && mech < l {
		l = mech
	}
	return max(c.National[k]*(1+legal), l)
}

// LogLatency is ln(ω_L·Λ̄), the centre of a realised latency's log.
func (c *Coordination) LogLatency(latency float64) float64 { return math.Log(c.Strength * latency) }

// OnTime is ξ_ijk, the probability that a response of log latency lnLat
// arrives within domain k's window: Φ((ln W_k − ln(ω_L·Λ̄))/σ_lat). A and
// the responders discount expected help by it.
func (c *Coordination) OnTime(k CrisisType, lnLat float64) float64 {
	return 0.5 * math.Erfc(-(c.LnWindow[k]-lnLat)/(c.Noise*math.Sqrt2))
}

// Late reports whether a response with log latency lnLat and standard
// normal draw z arrives after domain k's window:
// ln(ω_L·Λ̄) + σ_lat·z > ln W_k.
func (c *Coordination) Late(k CrisisType, lnLat, z float64) bool {
	return lnLat+c.Noise*z > c.LnWindow[k]
}

// LateBySign is Late(k, lnLat, z) when z's sign alone decides it, with
// known true: zNonNeg says z is not below 0 (±0 included), else it is not
// above 0. With σ_lat ≥ 0, σ_lat·z has z's sign, and lnLat + σ_lat·z is at
// least lnLat for z ≥ 0 and at most lnLat for z ≤ 0 (a correctly rounded
// sum is monotone in each term), so a centre past the window and z ≥ 0 is
// late and a centre not past it and z ≤ 0 is not.
func (c *Coordination) LateBySign(k CrisisType, lnLat float64, zNonNeg bool) (late, known bool) {
	if !(c.Noise >= 0) {
		return false, false
	}
	past := lnLat > c.LnWindow[k]
	if past == zNonNeg {
		return past, true
	}
	return false, false
}
