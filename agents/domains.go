package agents

import "pactsim/agents/param"

// Crisis domains and what denies them (docs/model.md sec. 4.4): denial
// capability and salience per domain, awareness, economic loss, and the
// severity weights of the severity-weighted loss (sec. 13).

// add adds w times the numeric columns of e to d (role means in synthetic
// mode).
func (d *DomainSpec) add(e *DomainSpec, w float64) {
	d.DefenceGDP += w * e.DefenceGDP
	d.ExportChina += w * e.ExportChina
	d.ExportsGDP += w * e.ExportsGDP
	d.GDPRel += w * e.GDPRel
	d.Presence += w * e.Presence
	for x := range d.Dispute {
		d.Dispute[x] += w * e.Dispute[x]
	}
}

// Militarised reports whether a crisis type is decided in the militarised
// channel (grey zone, blockade, armed attack), as opposed to economic
// coercion (docs/model.md sec. 6.3).
func (k CrisisType) Militarised() bool { return k != EconomicCoercion }

// Domains holds the constants of domain-specific denial (docs/model.md
// sec. 4.4).
type Domains struct {
	Strength      float64 // ω_D: 0 is 1.1's single capability and salience, 1 the domain-specific ones
	AwarenessBase float64 // a_0: awareness from national means alone
	TradeSupport  float64 // κ_TS
	Adversary     float64 // K_A, the yardstick of every domain
}

// NewDomains reads the domain constants from p.
func NewDomains(p param.Values) Domains {
	return Domains{
		Strength:      p.Get("domains.strength"),
		AwarenessBase: p.Get("domains.awareness_base"),
		TradeSupport:  p.Get("domains.trade_support"),
		Adversary:     p.Get("adversary.capability"),
	}
}

// Capability is what a state brings to denying a challenge in one domain,
// split by how it combines with others': Base and Aware are discounted by
// friction for poor interoperability, Free is not (trade support needs no
// interoperable forces). Against a target with awareness A_j the
// friction-discounted capability is Base + Aware·A_j.
type Capability struct {
	Base, Aware, Free float64
}

// Against is the friction-discounted capability against a target with
// awareness a.
func (c Capability) Against(a float64) float64 { return c.Base + c.Aware*a }

// CapabilityTerms are the run-time inputs of a state's domain capability.
type CapabilityTerms struct {
	Spending  float64 // m_i(t), the capability multiplier from defence spending (sec. 9.7)
	Readiness float64 // ϑ_i(t), the share of capability ready (sec. 9.8)
	Target    bool    // the state is the target (economic coercion: its resilience, not trade support)
}

// CapabilityFor is K_ik(t), the capability the state brings to denying a
// challenge of crisis type k (docs/model.md sec. 4.4), the single place
// where denial depends on the domain:
//
//	grey zone:      [(1 − ω_D)·K_i·m_i + ω_D·K_A·ψ_i·A_j·m_i]·ϑ_i   (presence × awareness)
//	economic:       (1 − ω_D)·K_i·m_i·ϑ_i, plus unfrictioned ω_D·K_A·(1 − x_j)·ϑ_j for the target
//	                (resilience) or ω_D·K_A·κ_TS·Y_l·ϑ_l for a partner (trade support)
//	blockade, armed: K_i·m_i·ϑ_i                                       (the military balance)
//
// With ω_D = 0, m_i = 1 and ϑ_i = 1 every domain gives K_i exactly (1.1).
func (s *State) CapabilityFor(k CrisisType, d *Domains, t CapabilityTerms) Capability {
	var all DomainCapabilities
	s.Capabilities(d, t, &all)
	if k == EconomicCoercion && t.Target {
		return Capability{Base: all.ByType[k].Base, Free: all.TargetFree}
	}
	return all.ByType[k]
}

// DomainCapabilities is a state's capability in every domain as a partner,
// and its economic resilience as the target.
type DomainCapabilities struct {
	ByType     [NumCrisisTypes]Capability
	TargetFree float64
}

// Capabilities evaluates CapabilityFor's formulas for every domain at once
// into c. Only the grey zone has a part per unit of awareness and only
// economic coercion a part free of friction; the other parts are +0
// whatever the inputs, and the engine's sums leave them out.
func (s *State) Capabilities(d *Domains, t CapabilityTerms, c *DomainCapabilities) {
	b := s.CapabilityBasis(d)
	b.Capabilities(t, c)
}

// CapabilityBasis is the part of a state's domain capabilities that does
// not move during a run: each of CapabilityFor's products up to the
// factors that do, spending m_i and readiness ϑ_i, which come last. The
// engine computes it once per task and the capabilities once per state
// and period in which m_i or ϑ_i moved; the products are the same
// products in the same order as CapabilityFor's, so the results are too.
type CapabilityBasis struct {
	capability float64 // K_i
	frictioned float64 // (1 − ω_D)·K_i
	presence   float64 // ω_D·K_A·ψ_i
	support    float64 // ω_D·K_A·κ_TS·Y_i
	resilience float64 // ω_D·K_A·(1 − x_i)
}

// CapabilityBasis returns the state's basis under d.
func (s *State) CapabilityBasis(d *Domains) CapabilityBasis {
	w := d.Strength
	return CapabilityBasis{
		capability: s.Capability,
		frictioned: (1 - w) * s.Capability,
		presence:   w * d.Adversary * s.Domains.Presence,
		support:    w * d.Adversary * d.TradeSupport * s.Domains.GDPRel,
		resilience: w * d.Adversary * (1 - s.Domains.ExportChina),
	}
}

// Capabilities evaluates CapabilityFor's formulas for every domain at once
// into c, at spending and readiness t.
func (b *CapabilityBasis) Capabilities(t CapabilityTerms, c *DomainCapabilities) {
	base := b.frictioned * t.Spending * t.Readiness
	c.ByType[GreyZone] = Capability{Base: base, Aware: b.presence * t.Spending * t.Readiness}
	c.ByType[EconomicCoercion] = Capability{Base: base, Free: b.support * t.Readiness}
	c.ByType[Blockade] = Capability{Base: b.capability * t.Spending * t.Readiness}
	c.ByType[ArmedAttack] = c.ByType[Blockade]
	c.TargetFree = b.resilience * t.Readiness
}

// CapabilitiesMoved is Capabilities into c that holds Capabilities' result
// for some terms (or zeros): the parts Capabilities sets to +0 whatever the
// terms are +0 in c already, so of a blockade's and an armed attack's it
// writes only the base, the same products in the same order, and c ends
// as Capabilities would leave it, bit for bit (a review, stop 53;
// TestCapabilitiesMoved). The engine moves a state's capabilities so in
// every period in which m_i or ϑ_i moved.
func (b *CapabilityBasis) CapabilitiesMoved(t CapabilityTerms, c *DomainCapabilities) {
	base := b.frictioned * t.Spending * t.Readiness
	c.ByType[GreyZone] = Capability{Base: base, Aware: b.presence * t.Spending * t.Readiness}
	c.ByType[EconomicCoercion] = Capability{Base: base, Free: b.support * t.Readiness}
	x := b.capability * t.Spending * t.Readiness
	c.ByType[Blockade].Base, c.ByType[ArmedAttack].Base = x, x
	c.TargetFree = b.resilience * t.Readiness
}

// Awareness is A_j = a_0 + (1 − a_0)·aw, aw the best awareness field of the
// live mechanisms j belongs to (0 in none) (docs/model.md sec. 4.4).
func (d *Domains) Awareness(best float64) float64 {
	return d.AwarenessBase + (1-d.AwarenessBase)*best
}

// Salience is V_jk, A's value of coercing j in domain k (docs/model.md
// sec. 4.4): (1 − ω_D)·V_j + ω_D·V_j·d^k_j, plus for economic coercion the
// retribution term retribution·V_j·v_j·x_j (sec. 9.6). An option with
// salience 0 does not exist.
func (d *Domains) Salience(base, dispute, retribution float64) float64 {
	v := (1-d.Strength)*base + d.Strength*base*dispute
	if retribution != 0 {
		v += retribution * base
	}
	return v
}

// EconomicLoss is a successful campaign's loss to the target in % of its
// annual GDP (docs/model.md sec. 8.2): 100·min(1, p_pen·s/s_e)·(1 − δ_div)·
// X_j·x_j·D/4, severityRatio the drawn severity over its median s_e and D the
// campaign's length in periods (quarters). The share of exports to A that
// the campaign hits, p_pen·s/s_e, is at most all of them (a referee found
// losses above the target's whole exports to A at penalty 1); below 1, as
// at every default (p_pen 0.1 and s/s_e below 9 for any normal draw at
// σ_s 0.25), the product is the same as before, bit for bit.
func EconomicLoss(penalty, diversion, exportsGDP, exportChina, severityRatio float64, duration int) float64 {
	hit := penalty * severityRatio
	if hit > 1 {
		return 100 * (1 - diversion) * exportsGDP * exportChina * float64(duration) / 4
	}
	return 100 * penalty * (1 - diversion) * exportsGDP * exportChina * severityRatio * float64(duration) / 4
}

// SeverityWeight is the weight of a failure of crisis type k in the
// severity-weighted loss (docs/model.md sec. 13): grey zone and economic
// coercion 1, blockade 10, armed attack 30; WarWeight counts a war once.
// An ordinal scale made cardinal, anchored on casualties: eight injured at
// Second Thomas Shoal (2024), 64 dead at Johnson South Reef (1988), 20 at
// Galwan (2020).
var SeverityWeight = [NumCrisisTypes]float64{1, 1, 10, 30}

// WarWeight is the weight of a war in the severity-weighted loss.
const WarWeight = 100.0
