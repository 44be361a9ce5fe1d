package agents

import "pactsim/agents/param"

// Learning (docs/model.md sec. 9): beliefs in the US, public honour
// records, the adversary's credibility beliefs and interoperability, each a
// small value type or pure function; the engine owns the state and calls
// these in the order of docs/model.md sec. 10.

// Beta is a Beta(α, β) belief, read through its mean α/(α+β). States'
// beliefs in US reliability, public honour records and A's credibility
// beliefs are all Betas that learn from crises and decay toward a prior.
type Beta struct {
	A, B float64 // α, β
}

// BetaPrior is the Beta with the given mean and strength α+β.
func BetaPrior(mean, strength float64) Beta {
	return Beta{mean * strength, (1 - mean) * strength}
}

// Mean is α/(α+β).
func (b Beta) Mean() float64 { return b.A / (b.A + b.B) }

// Observe adds weight w to α if the commitment was honoured, else to β.
func (b *Beta) Observe(honoured bool, w float64) {
	if honoured {
		b.A += w
	} else {
		b.B += w
	}
}

// DecayToward moves both parameters a share rate of the way toward prior,
// the per-period decay of docs/model.md secs. 9.2-9.4.
func (b *Beta) DecayToward(prior Beta, rate float64) {
	b.A = DecayToward(b.A, prior.A, rate)
	b.B = DecayToward(b.B, prior.B, rate)
}

// Scale multiplies both parameters by f, keeping the mean: an election
// halves the strength of US beliefs (docs/model.md sec. 9.1; Renshon, Dafoe
// & Huth 2018: a new leader partly resets reputation).
//
// A scaling that would take a nonzero parameter below the smallest normal
// float64 is skipped: there halving stops being exact, and after about a
// thousand elections with nothing learnt in between (us.election_period 1,
// learning.belief_decay 0, a long run) both parameters would underflow to
// 0 and the mean become 0/0. A belief that weak is already worth nothing
// against any observation, so keeping it there changes no result.
func (b *Beta) Scale(f float64) {
	a, c := b.A*f, b.B*f
	if (b.A != 0 && a < minNormal) || (b.B != 0 && c < minNormal) {
		return
	}
	b.A, b.B = a, c
}

// minNormal is the smallest positive normal float64, 2^−1022.
const minNormal = 0x1p-1022

// DecayToward moves x a share rate of the way toward target:
// x + rate·(target − x).
func DecayToward(x, target, rate float64) float64 { return x + rate*(target-x) }

// Learning holds the constants of the belief updates (docs/model.md secs.
// 9.2, 9.3 and 9.5).
type Learning struct {
	BeliefStrength float64 // n_b, strength of the initial US beliefs
	Bystander      float64 // w of a crisis for states not allied with the target
	BeliefDecay    float64 // of US beliefs and honour records
	HonourPrior    Beta    // every state's public honour record at the start
	JointGain      float64 // interoperability from a joint response
	InteropDecay   float64 // of interoperability outside any mechanism
}

// NewLearning reads the learning constants from p.
func NewLearning(p param.Values) Learning {
	return Learning{
		BeliefStrength: p.Get("population.belief_strength"),
		Bystander:      p.Get("learning.bystander_weight"),
		BeliefDecay:    p.Get("learning.belief_decay"),
		HonourPrior:    BetaPrior(p.Get("learning.peer_honour_prior"), p.Get("learning.honour_strength")),
		JointGain:      p.Get("learning.joint_response_gain"),
		InteropDecay:   p.Get("learning.interoperability_decay"),
	}
}

// USWeight is the weight of a crisis in which the patron was committed in
// a state's belief in US reliability (docs/model.md sec. 9.2): 1 for the
// target and the states sharing a live mechanism with it, Bystander for the
// rest (ad hoc links do not count).
func (l *Learning) USWeight(involved bool) float64 {
	if involved {
		return 1
	}
	return l.Bystander
}

// Credibility holds the constants of A's credibility beliefs
// (docs/model.md sec. 9.4).
type Credibility struct {
	Base      float64 // prior mean for a state other than the patron
	Audience  float64 // how much public, binding commitments raise it
	Strength  float64 // α+β of the prior
	Decay     float64 // per period, toward the prior
	HandTying float64 // ω_H: how far the prior follows membership changes after t = 0
}

// NewCredibility reads the credibility constants from p.
func NewCredibility(p param.Values) Credibility {
	return Credibility{
		Base:      p.Get("adversary.credibility_base"),
		Audience:  p.Get("adversary.credibility_audience"),
		Strength:  p.Get("adversary.credibility_strength"),
		Decay:     p.Get("adversary.credibility_decay"),
		HandTying: p.Get("adversary.handtying.strength"),
	}
}

// HandTie moves A's credibility prior of a state toward the level its new
// public commitment implies, mean c' (PriorMean), and shifts its belief by
// the same amount, keeping the evidence A has gathered (docs/model.md sec.
// 9.4; Fearon 1997: a public, binding commitment ties hands when it is
// made). With ω_H = 0 nothing moves (1.1's frozen prior).
func (c *Credibility) HandTie(prior, belief *Beta, mean float64) {
	da := c.HandTying * (mean*c.Strength - prior.A)
	db := c.HandTying * ((1-mean)*c.Strength - prior.B)
	prior.A += da
	prior.B += db
	belief.A = max(1e-3, belief.A+da)
	belief.B = max(1e-3, belief.B+db)
}

// Stickiness is the patron's effective reliability for a link from a
// mechanism of stickiness st: r(t) + ω_T·st·(r − r(t)), statutory exit
// protection damping a retrenching administration (docs/model.md sec.
// 9.1; FY2024 NDAA sec. 1250A).
func Stickiness(current, normal, strength, st float64) float64 {
	if st == 0 || strength == 0 {
		return current
	}
	return current + strength*st*(normal-current)
}

// ConstitutionalLimit holds the survival-threat test of a state whose
// collective self-defence is limited (docs/model.md sec. 6.1; Japan's 2015
// security legislation).
type ConstitutionalLimit struct {
	Strength  float64 // ω_J
	Near, Far float64 // caps for a target in the state's sub-region and elsewhere
}

// NewConstitutionalLimit reads the limit's constants from p.
func NewConstitutionalLimit(p param.Values) ConstitutionalLimit {
	return ConstitutionalLimit{Strength: p.Get("constitutional_limit.strength"), Near: p.Get("constitutional_limit.near"), Far: p.Get("constitutional_limit.far")}
}

// Cap is the most a constrained state's link to a third party can be in a
// blockade or armed attack: 1 − ω_J·(1 − cap), cap the near or far value.
func (c *ConstitutionalLimit) Cap(near bool) float64 {
	cp := c.Far
	if near {
		cp = c.Near
	}
	return 1 - c.Strength*(1-cp)
}

// PriorMean is A's prior credibility of a state, clamp(base·(1 +
// Audience·public), 0.01, 0.99): public is max over the state's mechanisms
// of o_im·v_m, and base is us.reliability for the patron and Base for the
// rest. Public, binding commitments are costly signals (Fearon 1997), and
// credibility tracks current interests (Press 2005).
func (c *Credibility) PriorMean(base, public float64) float64 {
	return min(0.99, max(0.01, base*(1+c.Audience*public)))
}

// Practice is interoperability ι after practice at rate g, ι + g·(1 − ι):
// per period in a mechanism, with g = InteropGrowth of the state's
// mechanisms, and after a joint response, with g = Learning.JointGain
// (docs/model.md sec. 9.5).
func Practice(interop, rate float64) float64 { return interop + rate*(1-interop) }

// InteropGrowth is a member's per-period practice rate, min(1, Σ g_m) over
// the mechanisms it belongs to (docs/model.md sec. 9.5).
func InteropGrowth(integrationSum float64) float64 { return min(1, integrationSum) }
