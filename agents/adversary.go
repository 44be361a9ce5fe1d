package agents

import (
	"math"

	"pactsim/agents/param"
)

// The adversary A: its choice of challenges (docs/model.md sec. 6) and the
// strength it takes to deny one (sec. 8).

// Adversary holds A's constants.
type Adversary struct {
	Capability     float64 // K_A
	Resolve        float64 // R_A: multiplies the strength needed to deny A
	DenialScale    float64 // τ, scale of A's estimate of denial
	Threshold0     float64 // χ0, the bar before spiral and formation effects
	Noise          float64 // σ_A, scale of the logistic noise in A's decision
	Spiral         float64 // λ_spiral
	FormationShock float64 // λ_formation
	Escalation     float64 // p_esc, war chance per unit severity of a repelled escalatory challenge
	Entrapment     float64 // how far responders' obligations raise that chance
	WarAversion    float64 // C_war
	// Model 2.0 (docs/model.md secs. 6.3-6.7).
	Channels         int     // decisions per target and period: 2 (militarised, economic) or 1 (1.1)
	Mobilisation     float64 // ω_M, counter-mobilisation strength
	MobilisationRate float64 // δ_M
	HandTying        float64 // ω_H
	Clarity          float64 // ω_C
}

// NewAdversary reads A's constants from p. The adversary's capability is a
// parameter (Lowy Asia Power Index, CN 72.7, by default); a roster's
// adversary row documents it, but the parameter wins so that it can be swept.
func NewAdversary(p param.Values) Adversary {
	return Adversary{
		Capability:     p.Get("adversary.capability"),
		Resolve:        p.Get("adversary.resolve"),
		DenialScale:    p.Get("adversary.denial_scale"),
		Threshold0:     p.Get("adversary.threshold"),
		Noise:          p.Get("adversary.noise"),
		Spiral:         p.Get("adversary.spiral"),
		FormationShock: p.Get("adversary.formation_shock"),
		Escalation:     p.Get("crisis.escalation_probability"),
		Entrapment:     p.Get("crisis.entrapment"),
		WarAversion:    p.Get("adversary.war_aversion"),

		Channels:         p.Int("adversary.channels"),
		Mobilisation:     p.Get("adversary.counter_mobilisation.strength"),
		MobilisationRate: p.Get("adversary.counter_mobilisation.rate"),
		HandTying:        p.Get("adversary.handtying.strength"),
		Clarity:          p.Get("adversary.clarity.strength"),
	}
}

// CrisisTypeParams are the constants of one crisis type (docs/model.md
// secs. 4.2 and 14.2).
type CrisisTypeParams struct {
	Severity float64 // s_k, mean severity
	Gain     float64 // G_k, A's gain from a successful challenge
	Cost     float64 // C_k, A's cost of a denied challenge
	// Model 2.0 (docs/model.md secs. 6.3, 7.1, 8.1).
	Opprobrium  float64 // O_k, paid for the challenge itself, denied or not
	Territorial float64 // τ^T_k, chance that a success changes control
	Window      float64 // W_k, decision window in days
}

// NewCrisisTypes reads crisis.<type>.{severity,gain,cost,opprobrium,
// territorial_share,window} from p.
func NewCrisisTypes(p param.Values) [NumCrisisTypes]CrisisTypeParams {
	var ct [NumCrisisTypes]CrisisTypeParams
	for k, name := range param.CrisisTypes {
		pre := "crisis." + name + "."
		ct[k] = CrisisTypeParams{Severity: p.Get(pre + "severity"), Gain: p.Get(pre + "gain"), Cost: p.Get(pre + "cost"),
			Opprobrium: p.Get(pre + "opprobrium"), Territorial: p.Get(pre + "territorial_share"), Window: p.Get(pre + "window")}
	}
	return ct
}

// Threshold is χ(t) = χ0 − λ_spiral·Vis(t) − λ_formation·[fresh treaty] −
// failureCost·λ_formation·[fresh failure] (docs/model.md sec. 6.4):
// visible blocs lower the bar for a challenge (Jervis 1978); a freshly
// formed alliance raises dispute risk for a while (Kenwick, Vasquez &
// Powers 2015), and so, in 2.0, does a failed attempt to form one (sec.
// 5.4), scaled by treaty.failure_cost.
func (a *Adversary) Threshold(visibility float64, freshTreaty, freshFailure bool, failureCost float64) float64 {
	chi := a.Threshold0 - a.Spiral*visibility
	if freshTreaty {
		chi -= a.FormationShock
	}
	if freshFailure && failureCost != 0 {
		chi -= failureCost * a.FormationShock
	}
	return chi
}

// Hazard is the probability, before the draw, that A challenges with an
// option of expected utility eu against threshold chi:
// P(eu + σ_A·ε > χ) = L((eu − χ)/σ_A) for a standard logistic ε
// (docs/model.md sec. 6.5); a step when σ_A = 0.
func (a *Adversary) Hazard(eu, chi float64) float64 {
	if a.Noise == 0 {
		if eu > chi {
			return 1
		}
		return 0
	}
	return Logistic((eu - chi) / a.Noise)
}

// ResolveAt is R_A(t) = R_A·(1 + ω_M·Z), A's resolve after
// counter-mobilisation Z (docs/model.md sec. 6.7).
func (a *Adversary) ResolveAt(z float64) float64 { return a.Resolve * (1 + a.Mobilisation*z) }

// Mobilise is Z's end-of-period update toward the visibility above the
// status quo ante, Z + δ_M·(ΔVis − Z) (docs/model.md sec. 6.7).
func (a *Adversary) Mobilise(z, excessVisibility float64) float64 {
	return DecayToward(z, excessVisibility, a.MobilisationRate)
}

// ChallengeBar is the expected utility A's best option must beat to
// challenge, χ(t) − σ_A·ε_j(t) with ε_j standard logistic (docs/model.md
// sec. 6.3): A challenges iff max_k EU_jk > ChallengeBar.
func (a *Adversary) ChallengeBar(threshold, eps float64) float64 {
	return threshold - a.Noise*eps
}

// DenialEstimate is A's estimate P̂_jk that a challenge is denied,
// logistic((Ŝ − K_A·s_k·R_A(t))/τ_jk) (docs/model.md sec. 6.2), for its
// estimate Ŝ of the resisting strength, A's resolve R_A(t) and the scale
// τ_jk (τ, shrunk by clarity: Scale).
func (a *Adversary) DenialEstimate(strength, severity, resolve, scale float64) float64 {
	return DenialProbability(strength, a.Need(severity, resolve), scale)
}

// Need is N_k(t) = K_A·s_k·R_A(t), the strength needed to deny a challenge
// of mean severity s_k at resolve R_A(t) (docs/model.md sec. 6.2). It
// changes only with R_A(t), so the engine computes it once per period.
func (a *Adversary) Need(severity, resolve float64) float64 {
	return a.Capability * severity * resolve
}

// DenialProbability is P̂_jk = L((Ŝ − N)/τ), A's estimate that a
// challenge needing strength need is denied by strength Ŝ at scale τ
// (docs/model.md sec. 6.2); DenialEstimate with N_k(t) computed apart.
func DenialProbability(strength, need, scale float64) float64 {
	return Logistic((strength - need) / scale)
}

// Scale is τ_jk = τ·(1 − ω_C·pc_jk), A's uncertainty about denial shrunk by
// the public coverage pc_jk of the target in the domain (docs/model.md
// sec. 6.2): a red line deters by being clear.
func (a *Adversary) Scale(publicCoverage float64) float64 {
	return a.DenialScale * (1 - a.Clarity*publicCoverage)
}

// ChallengeUtility is EU_jk of docs/model.md sec. 6.3 for crisis type k
// against a target of salience V_j, given A's estimate pDeny of denial: the
// gain if the challenge succeeds, the cost if it is denied, and for
// escalatory types the war risk of a denied challenge (war aversion pushes A
// down the ladder). It never exceeds G_k·V_j, which lets the engine skip
// options that cannot win.
//
// Model 2.0 subtracts the opprobrium O_k, a cost paid for the challenge
// itself, denied or not (docs/model.md sec. 6.3); so EU_jk ≤ G_k·V_j − O_k.
func (a *Adversary) ChallengeUtility(k CrisisType, c *CrisisTypeParams, salience, pDeny float64) float64 {
	eu := c.Gain*salience*(1-pDeny) - c.Cost*pDeny
	if k.Escalatory() {
		eu -= pDeny * a.Escalation * c.Severity * a.WarAversion
	}
	if c.Opprobrium != 0 {
		eu -= c.Opprobrium
	}
	return eu
}

// UtilityBound is the most EU_jk can be for salience V_jk, G_k·V_jk − O_k:
// costs and denial only subtract, so an option whose bound cannot beat the
// best so far need not be evaluated.
func (c *CrisisTypeParams) UtilityBound(salience float64) float64 {
	return c.Gain*salience - c.Opprobrium
}

// StrengthNeeded is the strength that denies a challenge of severity s,
// K_A·s·R_A(t)·exp(σ_o·z_out) (docs/model.md sec. 8); noise is σ_o·z_out.
func (a *Adversary) StrengthNeeded(severity, resolve, noise float64) float64 {
	return a.Capability * severity * resolve * Exp(noise)
}

// DeniedBySign is strength ≥ StrengthNeeded(severity, resolve, sigma·z)
// when z's sign alone decides it, with known true: zNonNeg says z is not
// below 0 (±0 included), else it is not above 0. With sigma ≥ 0, Exp(σ·z)
// is at least 1 − 2^−30 for z ≥ 0 and at most 1 + 2^−30 for z ≤ 0 (Exp is
// within a few ulp of e^x, TestExpAccuracy), and the base K_A·s·R_A, taken
// as StrengthNeeded takes it, is not negative, so the needed strength is
// at least base·(1 − 2^−30), or at most base·(1 + 2^−30), rounded (a
// correctly rounded product is monotone in each factor): a strength below
// the first is not enough, one at or above the second is.
func (a *Adversary) DeniedBySign(strength, severity, resolve, sigma float64, zNonNeg bool) (denied, known bool) {
	base := a.Capability * severity * resolve
	if !(sigma >= 0 && base >= 0) {
		return false, false
	}
	if zNonNeg {
		return false, strength < base*(1-0x1p-30)
	}
	return true, strength >= base*(1+0x1p-30)
}

// WarProbability is the chance that a repelled escalatory challenge of
// severity s becomes a war, min(1, p_esc·s·(1 + entrapment·ō)), ō the mean
// obligation of the responders beside the target (docs/model.md sec. 8;
// Snyder 1984: formal obligations pull members up the ladder).
func (a *Adversary) WarProbability(severity, meanObligation float64) float64 {
	return min(1, a.Escalation*severity*(1+a.Entrapment*meanObligation))
}

// Logistic is the standard logistic function 1/(1+e^−x).
func Logistic(x float64) float64 { return 1 / (1 + Exp(-x)) }

// LogisticQuantile maps u in (0,1) to a standard logistic variate.
func LogisticQuantile(u float64) float64 { return math.Log(u / (1 - u)) }

// LogisticPair is (1/(1 + e^x), 1/(1 + e^y)), the complements of two
// logistics, bit for bit as 1/(1 + Exp(x)) and 1/(1 + Exp(y)): Exp's
// reduction, polynomial and scaling written out for both arguments at once,
// so that the engine's decisions, which need two (A's estimates of denial
// in its two channels, then the two channels' hazards; docs/model.md secs.
// 6.2, 6.5), make one call instead of two and the two evaluations overlap.
// Arguments outside Exp's fast range take Exp itself.
func LogisticPair(x, y float64) (float64, float64) {
	if !(x > -708 && x < 709 && y > -708 && y < 709) {
		return 1 / (1 + Exp(x)), 1 / (1 + Exp(y))
	}
	const shifter = 0x1.8p52
	kx := (x*expInvStep + shifter) - shifter
	ky := (y*expInvStep + shifter) - shifter
	ix, iy := int64(kx), int64(ky)
	rx := (x - kx*expStepHi) - kx*expStepLo
	ry := (y - ky*expStepHi) - ky*expStepLo
	rx2, ry2 := rx*rx, ry*ry
	qx := rx + rx2*(0.5+rx*(1.0/6)+rx2*(1.0/24+rx*(1.0/120)))
	qy := ry + ry2*(0.5+ry*(1.0/6)+ry2*(1.0/24+ry*(1.0/120)))
	tx, ty := expTable[ix&63], expTable[iy&63]
	ex := (tx + tx*qx) * math.Float64frombits(uint64((ix>>6)+1023)<<52)
	ey := (ty + ty*qy) * math.Float64frombits(uint64((iy>>6)+1023)<<52)
	return 1 / (1 + ex), 1 / (1 + ey)
}
