package agents

import "pactsim/agents/param"

// The slow variables of model 2.0 (docs/model.md secs. 9.6-9.9): defence
// spending under burden-sharing, readiness under moral hazard, autonomy
// under resistance and balancing, and remembered losses. Each is a state
// variable the engine keeps and moves once per period or review with these
// rules.

// Burden holds the constants of burden-sharing (docs/model.md sec. 9.7).
type Burden struct {
	Strength   float64 // ω_B: scale of the asks
	Rate       float64 // γ_B: share of the shortfall closed per period
	Elasticity float64 // η_K: capability gain per relative spending gain
	Cost       float64 // C_B: utility per point of shortfall
}

// NewBurden reads the burden-sharing constants from p.
func NewBurden(p param.Values) Burden {
	return Burden{Strength: p.Get("burden.strength"), Rate: p.Get("burden.adjustment_rate"),
		Elasticity: p.Get("burden.capability_elasticity"), Cost: p.Get("burden.domestic_cost")}
}

// Ask is f*_i = ω_B·burden, the spending expected of a member of a
// mechanism whose ask is burden (% of GDP).
func (b *Burden) Ask(burden float64) float64 { return b.Strength * burden }

// Gap is the shortfall (ask − spending)⁺, by comparison: the same value as
// max(0, ask − spending) for finite inputs (a difference of finite floats
// is positive exactly when ask > spending; otherwise both give +0), without
// max's NaN and signed-zero handling (TestGap).
func Gap(ask, spending float64) float64 {
	if ask > spending {
		return ask - spending
	}
	return 0
}

// Step is next period's spending: f + γ_B·gap. Spending ratchets: it never
// falls back when the ask goes (budgets and force structure are sticky).
func (b *Burden) Step(spending, gap float64) float64 { return spending + b.Rate*gap }

// Multiplier is m_i(t) = 1 + η_K·(f − f0)/f0, the capability multiplier
// from spending f above the roster's f0.
func (b *Burden) Multiplier(spending, f0 float64) float64 {
	return 1 + b.Elasticity*(spending-f0)/f0
}

// Readiness holds the constants of false security as under-investment
// (docs/model.md sec. 9.8).
type Readiness struct {
	Strength float64 // ω_FS
	Rate     float64 // δ_ϑ
}

// NewReadiness reads the readiness constants from p.
func NewReadiness(p param.Values) Readiness {
	return Readiness{Strength: p.Get("false_security.strength"), Rate: p.Get("false_security.adjustment_rate")}
}

// Target is ϑ*_i = 1 − ω_FS·Prom_i: a member's readiness falls with the
// protection it believes its partners promised (Olson & Zeckhauser 1966).
func (r *Readiness) Target(promised float64) float64 { return 1 - r.Strength*promised }

// Step moves readiness toward its target.
func (r *Readiness) Step(readiness, target float64) float64 {
	return DecayToward(readiness, target, r.Rate)
}

// Alignment holds the constants of regional resistance and balancing
// (docs/model.md sec. 9.9).
type Alignment struct {
	Resistance float64 // ω_Res
	Balancing  float64 // ω_Bal
	Memory     float64 // δ_Γ
}

// NewAlignment reads the resistance and balancing constants from p.
func NewAlignment(p param.Values) Alignment {
	return Alignment{Resistance: p.Get("resistance.strength"), Balancing: p.Get("balancing.strength"), Memory: p.Get("balancing.memory")}
}

// On reports whether autonomy moves at all.
func (a *Alignment) On() bool { return a.Resistance != 0 || a.Balancing != 0 }

// Autonomy is a_i(t) = clamp(a_i0·[1 + ω_Res·ΔVis − ω_Bal·(1 − e^−Γ)],
// 1e-4, 1 − 1e-4): visible blocs repel those who value autonomy (AUKUS
// drew objections), coercion received pushes toward alignment (Walt 1987).
//
// With no coercion remembered, 1 − e^−0 = 0 exactly (Exp(−0) = 1,
// TestAutonomyWithoutCoercion), so the exponential is skipped: most states
// at most reviews (docs/model.md sec. 22.1).
func (a *Alignment) Autonomy(a0, excessVisibility, coercion float64) float64 {
	var pull float64
	if coercion != 0 {
		pull = 1 - Exp(-coercion)
	}
	f := 1 + a.Resistance*excessVisibility - a.Balancing*pull
	return clamp(a0*f, 1e-4, 1-1e-4)
}

// AutonomyAll is Autonomy for every state i of states, with a_i0 its
// drawn autonomy and Γ_i coercion[i], into dst: Autonomy's operations in
// its order, with 1 + ω_Res·ΔVis, the same for every state, evaluated
// once (Go evaluates f left to right, so Autonomy rounds that sum first
// too), and without a call per state (docs/model.md sec. 22.1, ninth
// pass; TestAutonomyAllExact).
func (a *Alignment) AutonomyAll(dst []float64, states []State, excessVisibility float64, coercion []float64) {
	base := 1 + a.Resistance*excessVisibility
	bal := a.Balancing
	coercion = coercion[:len(states)]
	dst = dst[:len(states)]
	for i := range states {
		var pull float64
		if c := coercion[i]; c != 0 {
			pull = 1 - Exp(-c)
		}
		dst[i] = clamp(states[i].Autonomy*(base-bal*pull), 1e-4, 1-1e-4)
	}
}

// Remember is an exponentially fading memory: (1 − δ)·m + x.
func Remember(memory, x, decay float64) float64 { return RememberKept(memory, x, 1-decay) }

// RememberKept is Remember with the share kept, 1 − δ, given: the same
// value, for a caller that steps many memories of one δ and takes 1 − δ
// once (docs/model.md sec. 22.1, ninth pass).
func RememberKept(memory, x, kept float64) float64 { return kept*memory + x }

// ExcessVisibility is ΔVis = (Vis − Vis_pre)⁺, visibility above the status
// quo ante (docs/model.md sec. 6.7).
func ExcessVisibility(vis, pre float64) float64 { return max(0, vis-pre) }
