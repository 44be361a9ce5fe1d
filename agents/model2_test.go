package agents

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"pactsim/agents/param"
	"pactsim/internal/fptest"
)

// Table-driven tests of the rules model 2.0 adds (docs/model.md secs.
// 4.4-9.9). Expected values are computed by hand from the formulas in the
// model document, not by calling the code under test.

func close(a, b float64) bool { return math.Abs(a-b) <= 1e-12*max(1, math.Abs(b)) }

func TestCapabilityFor(t *testing.T) {
	st := State{Capability: 0.4, Domains: DomainSpec{Presence: 0.1, ExportChina: 0.3, GDPRel: 0.2}}
	d := Domains{Strength: 1, AwarenessBase: 0.5, TradeSupport: 0.2, Adversary: 0.727}
	half := d
	half.Strength = 0.5
	tests := []struct {
		name  string
		d     Domains
		k     CrisisType
		terms CapabilityTerms
		aware float64
		want  float64 // friction-discounted capability against awareness aware
		free  float64
	}{
		// Grey zone: presence × awareness, in K_A units.
		{"grey zone, full awareness", d, GreyZone, CapabilityTerms{Spending: 1, Readiness: 1}, 1, 0.727 * 0.1, 0},
		{"grey zone, half awareness", d, GreyZone, CapabilityTerms{Spending: 1, Readiness: 1}, 0.5, 0.727 * 0.1 * 0.5, 0},
		{"grey zone, spending and readiness", d, GreyZone, CapabilityTerms{Spending: 1.2, Readiness: 0.9}, 1, 0.727 * 0.1 * 1.2 * 0.9, 0},
		{"grey zone, blend", half, GreyZone, CapabilityTerms{Spending: 1, Readiness: 1}, 1, 0.5*0.4 + 0.5*0.727*0.1, 0},
		// Economic: resilience for the target, trade support for partners,
		// both free of friction; nothing frictioned at ω_D = 1.
		{"economic, target", d, EconomicCoercion, CapabilityTerms{Spending: 1.2, Readiness: 0.9, Target: true}, 1, 0, 0.727 * 0.7 * 0.9},
		{"economic, partner", d, EconomicCoercion, CapabilityTerms{Spending: 1, Readiness: 1}, 1, 0, 0.727 * 0.2 * 0.2},
		{"economic, blend", half, EconomicCoercion, CapabilityTerms{Spending: 1, Readiness: 1, Target: true}, 1, 0.5 * 0.4, 0.5 * 0.727 * 0.7},
		// Blockade and armed attack: the military balance, as in 1.1.
		{"blockade", d, Blockade, CapabilityTerms{Spending: 1.1, Readiness: 0.95}, 0.5, 0.4 * 1.1 * 0.95, 0},
		{"armed", half, ArmedAttack, CapabilityTerms{Spending: 1, Readiness: 1}, 0.5, 0.4, 0},
	}
	for _, tc := range tests {
		c := st.CapabilityFor(tc.k, &tc.d, tc.terms)
		if !close(c.Against(tc.aware), tc.want) || !close(c.Free, tc.free) {
			t.Errorf("%s: %+v against %v = %v, free %v; want %v, %v", tc.name, c, tc.aware, c.Against(tc.aware), c.Free, tc.want, tc.free)
		}
	}
	// Strength 0 with m = ϑ = 1 is 1.1 exactly, in every domain and role.
	off := d
	off.Strength = 0
	for k := range NumCrisisTypes {
		for _, target := range []bool{false, true} {
			c := st.CapabilityFor(k, &off, CapabilityTerms{Spending: 1, Readiness: 1, Target: target})
			if c.Against(0.73) != 0.4 || c.Free != 0 {
				t.Errorf("%v (target %v) at ω_D = 0: %+v, want K_i = 0.4 exactly", k, target, c)
			}
		}
	}
}

// TestCapabilityParts: only the grey zone has a part per unit of awareness
// and only economic coercion a part free of friction, whatever the state,
// the domain constants and the terms. The engine's estimate of resistance
// leaves the other parts out of its sums, which is exact only if they are
// +0 (docs/model.md sec. 6.2).
func TestCapabilityParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for range 1000 {
		st := State{Capability: 2 * rng.Float64(), Domains: DomainSpec{Presence: rng.Float64(), ExportChina: rng.Float64(), GDPRel: rng.Float64()}}
		d := Domains{Strength: rng.Float64(), AwarenessBase: rng.Float64(), TradeSupport: rng.Float64(), Adversary: rng.Float64()}
		var c DomainCapabilities
		st.Capabilities(&d, CapabilityTerms{Spending: 0.5 + rng.Float64(), Readiness: rng.Float64()}, &c)
		for k, x := range c.ByType {
			if CrisisType(k) != GreyZone && (x.Aware != 0 || math.Signbit(x.Aware)) {
				t.Fatalf("%v: Aware = %v, want +0", CrisisType(k), x.Aware)
			}
			if CrisisType(k) != EconomicCoercion && (x.Free != 0 || math.Signbit(x.Free)) {
				t.Fatalf("%v: Free = %v, want +0", CrisisType(k), x.Free)
			}
		}
		if c.ByType[GreyZone].Aware == 0 && d.Strength*st.Domains.Presence > 0 {
			t.Fatalf("grey zone has no part per unit of awareness: %+v", c.ByType[GreyZone])
		}
		// Fully domain-specific: nothing in the grey zone or economic
		// coercion is friction-discounted (the engine's sums skip it).
		d.Strength = 1
		st.Capabilities(&d, CapabilityTerms{Spending: 0.5 + rng.Float64(), Readiness: rng.Float64()}, &c)
		for _, k := range []CrisisType{GreyZone, EconomicCoercion} {
			if b := c.ByType[k].Base; b != 0 || math.Signbit(b) {
				t.Fatalf("%v at ω_D = 1: Base = %v, want +0", k, b)
			}
		}
	}
}

// TestCapabilitiesMoved: writing only the parts that can be nonzero into
// a state's capabilities for other terms, or into zeros, leaves them bit
// for bit as Capabilities computes them (a review, stop 53).
func TestCapabilitiesMoved(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	terms := func() CapabilityTerms {
		return CapabilityTerms{Spending: 0.5 + rng.Float64(), Readiness: rng.Float64()}
	}
	for trial := range 2000 {
		st := State{Capability: 2 * rng.Float64(), Domains: DomainSpec{Presence: rng.Float64(), ExportChina: rng.Float64(), GDPRel: rng.Float64()}}
		d := Domains{Strength: rng.Float64(), AwarenessBase: rng.Float64(), TradeSupport: rng.Float64(), Adversary: rng.Float64()}
		if trial%4 == 0 {
			d.Strength = 1
		}
		b := st.CapabilityBasis(&d)
		var got, want DomainCapabilities
		if trial%3 != 0 { // else from zeros
			b.Capabilities(terms(), &got)
		}
		tt := terms()
		b.CapabilitiesMoved(tt, &got)
		b.Capabilities(tt, &want)
		for k := range want.ByType {
			g, w := got.ByType[k], want.ByType[k]
			for _, p := range [][2]float64{{g.Base, w.Base}, {g.Aware, w.Aware}, {g.Free, w.Free}} {
				if math.Float64bits(p[0]) != math.Float64bits(p[1]) {
					t.Fatalf("%v: %+v, Capabilities gives %+v", CrisisType(k), g, w)
				}
			}
		}
		if math.Float64bits(got.TargetFree) != math.Float64bits(want.TargetFree) {
			t.Fatalf("TargetFree %v, Capabilities gives %v", got.TargetFree, want.TargetFree)
		}
	}
}

func TestDomainSalienceAndAwareness(t *testing.T) {
	d := Domains{Strength: 1, AwarenessBase: 0.5}
	tests := []struct {
		name                  string
		strength              float64
		base, dispute, retrib float64
		want                  float64
	}{
		{"1.1: every domain salience 1", 0, 1, 0.2, 0, 1},
		{"2.0: the dispute salience", 1, 1, 0.6, 0, 0.6},
		{"2.0: no dispute, no option", 1, 1, 0, 0, 0},
		{"blend", 0.5, 1, 0.6, 0, 0.8},
		{"retribution adds ω_R·v·x", 1, 1, 1, 0.5 * 1 * 0.33, 1 + 0.165},
		{"the patron is never a target", 1, 0, 1, 0.5, 0},
	}
	for _, tc := range tests {
		d.Strength = tc.strength
		if got := d.Salience(tc.base, tc.dispute, tc.retrib); !close(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if d.Awareness(0) != 0.5 || d.Awareness(1) != 1 || !close(d.Awareness(0.3), 0.65) {
		t.Errorf("awareness a_0 + (1 − a_0)·aw: %v %v %v", d.Awareness(0), d.Awareness(1), d.Awareness(0.3))
	}
	if DisputeOf(GreyZone) != DisputeGreyZone || DisputeOf(EconomicCoercion) != DisputeEconomic ||
		DisputeOf(Blockade) != DisputeTerritorial || DisputeOf(ArmedAttack) != DisputeTerritorial {
		t.Error("dispute columns by domain")
	}
	if GreyZone.Militarised() != true || EconomicCoercion.Militarised() || !ArmedAttack.Militarised() {
		t.Error("militarised channel: grey zone, blockade, armed attack")
	}
}

// TestEconomicLoss: the design's check, Australia at mean severity, six
// quarters: 100·0.1·0.4·0.21·0.33·1·1.5 ≈ 0.42% of GDP.
func TestEconomicLoss(t *testing.T) {
	if got := EconomicLoss(0.1, 0.6, 0.21, 0.33, 1, 6); !close(got, 100*0.1*0.4*0.21*0.33*1.5) || math.Abs(got-0.4158) > 1e-9 {
		t.Errorf("Australia: %v", got)
	}
	if EconomicLoss(0.1, 1, 0.21, 0.33, 1, 6) != 0 || EconomicLoss(0.1, 0.6, 0.21, 0, 1, 6) != 0 {
		t.Error("full diversion or no exports to A: no loss")
	}
	if !close(EconomicLoss(0.1, 0.6, 0.2, 0.3, 2, 4), 2*EconomicLoss(0.1, 0.6, 0.2, 0.3, 1, 4)) {
		t.Error("loss proportional to severity")
	}
	// A campaign hits at most all of the exports to A (referee, stop 24:
	// at penalty 1 a severe campaign cost more than they were worth):
	// Singapore, X·x = 1.8·0.14 a year, one quarter, nothing diverted.
	whole := 100 * 1.8 * 0.14 / 4
	for _, c := range [][2]float64{{1, 1.5}, {1, 3}, {0.5, 2.5}, {0.5, 40}} {
		if got := EconomicLoss(c[0], 0, 1.8, 0.14, c[1], 1); !close(got, whole) {
			t.Errorf("penalty %v, severity ratio %v: loss %v, want all exports to A, %v", c[0], c[1], got, whole)
		}
	}
	if got := EconomicLoss(0.5, 0, 1.8, 0.14, 1.9, 1); !(got < whole) || !close(got, 0.95*whole) {
		t.Errorf("below the cap the share hit is p_pen·s/s_e: %v, want %v", got, 0.95*whole)
	}
}

func TestCoordinationLatency(t *testing.T) {
	c := Coordination{Strength: 1, Noise: 0.5, National: [4]float64{0.5, 14, 2, 1}, AdHoc: [4]float64{7, 90, 14, 10},
		LnWindow: [4]float64{math.Log(3), math.Log(180), math.Log(21), math.Log(7)}}
	tests := []struct {
		name   string
		k      CrisisType
		legal  float64
		mech   float64
		shared bool
		want   float64
	}{
		{"ad hoc grey zone", GreyZone, 0, 0.5, false, 7},
		{"shared cell, grey zone", GreyZone, 0, 0.5, true, 0.5},
		{"national bound with legal limits", GreyZone, 0.7, 0.5, true, 0.85},
		{"armed, Japan's process", ArmedAttack, 0.7, 2, true, 2},
		{"armed, a fast mechanism bounded", ArmedAttack, 0.7, 0.1, true, 1.7},
		// The ad hoc channel is always open: a shared mechanism slower than
		// it gives the ad hoc latency, as the engine computes it.
		{"blockade, a slower shared mechanism", Blockade, 0, 20, true, 14},
	}
	for _, tc := range tests {
		if got := c.Latency(tc.k, tc.legal, tc.mech, tc.shared); !close(got, tc.want) {
			t.Errorf("%s: Λ̄ = %v, want %v", tc.name, got, tc.want)
		}
	}
	// ξ = Φ((ln W − ln Λ)/σ): at Λ = W one half; a latency of 3·e^0.5
	// days in the 3-day grey-zone window is one σ late: Φ(−1).
	if got := c.OnTime(GreyZone, c.LogLatency(3)); !close(got, 0.5) {
		t.Errorf("ξ at the window: %v", got)
	}
	if got := c.OnTime(GreyZone, c.LogLatency(3*math.Exp(0.5))); math.Abs(got-0.15865525393145707) > 1e-12 {
		t.Errorf("ξ one σ late: %v, want Φ(−1)", got)
	}
	// A draw z is late iff ln Λ + σ·z > ln W.
	lnLat := c.LogLatency(2)
	zCut := (math.Log(3) - math.Log(2)) / 0.5
	if c.Late(GreyZone, lnLat, zCut-1e-9) || !c.Late(GreyZone, lnLat, zCut+1e-9) {
		t.Error("lateness threshold")
	}
	// The empirical share on time matches ξ (10,000 draws, sd 0.005: 4 sd).
	rng := rand.New(rand.NewPCG(1, 2))
	on := 0
	for range 10000 {
		if !c.Late(GreyZone, lnLat, rng.NormFloat64()) {
			on++
		}
	}
	if xi := c.OnTime(GreyZone, lnLat); math.Abs(float64(on)/10000-xi) > 0.02 {
		t.Errorf("share on time %v, ξ %v", float64(on)/10000, xi)
	}
	if !c.On() || (&Coordination{}).On() {
		t.Error("latency is on iff its strength is positive")
	}
}

func TestBurdenReadinessAlignment(t *testing.T) {
	b := Burden{Strength: 1, Rate: 0.025, Elasticity: 0.15, Cost: 0.1}
	// Japan: 1.4% against the treaty's 3.5% ask.
	gap := Gap(b.Ask(3.5), 1.4)
	if !close(gap, 2.1) || Gap(3, 3.4) != 0 {
		t.Errorf("gap %v", gap)
	}
	f := b.Step(1.4, gap)
	if !close(f, 1.4+0.025*2.1) {
		t.Errorf("spending after a quarter %v", f)
	}
	if m := b.Multiplier(2.8, 1.4); !close(m, 1.15) || b.Multiplier(1.4, 1.4) != 1 {
		t.Errorf("doubling spending adds η_K = 15%% capability: %v", m)
	}
	r := Readiness{Strength: 0.3, Rate: 0.125}
	if !close(r.Target(0.2), 0.94) || !close(r.Step(1, 0.94), 1-0.125*0.06) {
		t.Errorf("readiness: target %v, step %v", r.Target(0.2), r.Step(1, 0.94))
	}
	if (&Readiness{Rate: 0.125}).Target(0.5) != 1 {
		t.Error("strength 0: full readiness")
	}
	a := Alignment{Resistance: 0.5, Balancing: 0.3, Memory: 0.125}
	tests := []struct {
		name             string
		a0, dVis, coerce float64
		want             float64
	}{
		{"resistance: a treaty's excess visibility 0.2", 0.5, 0.2, 0, 0.55},
		{"balancing: sustained coercion", 0.5, 0, 2, 0.5 * (1 - 0.3*(1-math.Exp(-2)))},
		{"clamped at 1 − 1e-4", 0.99, 1.5, 0, 1 - 1e-4},
		{"nothing to react to", 0.42, 0, 0, 0.42},
	}
	for _, tc := range tests {
		if got := a.Autonomy(tc.a0, tc.dVis, tc.coerce); !close(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if !close(Remember(2, 1, 0.125), 0.875*2+1) {
		t.Error("memory")
	}
}

func TestTasteAndBans(t *testing.T) {
	if Taste(0.3, 0, 1.7, -5) != 0.3*1.7 {
		t.Error("ρ = 0 is 1.1's taste exactly")
	}
	if got := Taste(0.3, 0.5, 1, 2); !close(got, 0.3*(math.Sqrt(0.5)+math.Sqrt(0.5)*2)) {
		t.Errorf("ρ = 0.5: %v", got)
	}
	if Taste(0.3, 1, 1.7, -1) != -0.3 {
		t.Error("ρ = 1: the common taste only")
	}
	al := Alliances{Strength: 1, Limit: 0.5}
	tests := []struct {
		ban, na    bool
		obligation float64
		banned     bool
		doctrine   bool
	}{
		{true, false, 1, true, false},    // Vietnam and the treaty
		{true, false, 0.8, true, false},  // and a bilateral or the core
		{true, false, 0.4, false, false}, // but not a cell
		{false, true, 0.8, false, true},  // Singapore and an alliance: the doctrine cost
		{false, true, 0.4, false, false},
		{false, false, 1, false, false},
	}
	for _, tc := range tests {
		if al.Banned(tc.ban, tc.obligation) != tc.banned || al.Doctrine(tc.na, tc.obligation) != tc.doctrine {
			t.Errorf("%+v: banned %v doctrine %v", tc, al.Banned(tc.ban, tc.obligation), al.Doctrine(tc.na, tc.obligation))
		}
	}
	// At the default 1 a ban binds in every world; at 0.3 in the worlds
	// whose draw is below 0.3, a share 0.3 of them.
	if !al.Certain() || !al.Binds(0.999999) {
		t.Error("strength 1: a ban that does not bind in every world")
	}
	al.Strength = 0.3
	if al.Certain() || !al.Binds(0.29) || al.Binds(0.3) || al.Binds(0.9) {
		t.Error("strength 0.3: Binds is not u < 0.3")
	}
	al.Strength = 0
	if al.Banned(true, 1) || al.Doctrine(true, 1) {
		t.Error("strength 0: no bans (1.1)")
	}
}

func TestFormationAndStanding(t *testing.T) {
	f := Formation{RetryPeriod: 16, Interop: 0.85, Trust: 0.65, Buildup: 8}
	if f.Retry(15, 0) || !f.Retry(16, 0) || !f.Retry(20, 0) {
		t.Error("retry at the first review at or after t_x + P_r")
	}
	if (&Formation{}).Retry(100, 0) {
		t.Error("P_r = 0: never retried (1.1)")
	}
	if !f.Formalise(0.85, 0.65) || f.Formalise(0.9, 0.6) || f.Formalise(0.8, 0.9) {
		t.Error("formalisation needs both thresholds")
	}
	if f.Ramp(4, 4) != 0 || f.Ramp(8, 4) != 0.5 || f.Ramp(40, 4) != 1 {
		t.Error("ramp min(1, (t − t_m)/B_ss)")
	}
	// The treaty's grey-zone latency 3 moves half way to the core's 1 after
	// its build-up: 2 days.
	if got := Standing(3, 0.5, 1, 1); got != 2 || Standing(3, 0, 1, 1) != 3 || Standing(3, 0.5, 0.5, 1) != 2.5 {
		t.Errorf("standing structure: %v", got)
	}
}

func TestHandTyingStickinessCap(t *testing.T) {
	c := Credibility{Base: 0.5, Audience: 0.5, Strength: 10, HandTying: 1}
	prior := BetaPrior(0.5, 10)
	belief := Beta{A: 7, B: 5} // evidence gathered since
	// Joining a treaty (o·v = 1): prior mean 0.75.
	mean := c.PriorMean(0.5, 1)
	c.HandTie(&prior, &belief, mean)
	if !close(prior.A, 7.5) || !close(prior.B, 2.5) || !close(belief.A, 9.5) || !close(belief.B, 2.5) {
		t.Errorf("hand-tying: prior %+v belief %+v", prior, belief)
	}
	c.HandTying = 0
	p0, b0 := BetaPrior(0.5, 10), Beta{A: 7, B: 5}
	c.HandTie(&p0, &b0, mean)
	if p0 != BetaPrior(0.5, 10) || b0 != (Beta{A: 7, B: 5}) {
		t.Error("ω_H = 0: frozen prior (1.1)")
	}
	// Leaving: the belief never falls below 1e-3.
	c.HandTying = 1
	lo := Beta{A: 0.5, B: 9.5}
	pr := BetaPrior(0.75, 10)
	c.HandTie(&pr, &lo, 0.25)
	if lo.A != 1e-3 || !close(pr.A, 2.5) {
		t.Errorf("leaving: prior %+v belief %+v", pr, lo)
	}
	if got := Stickiness(0.5, 0.7, 0.5, 1); !close(got, 0.6) || Stickiness(0.5, 0.7, 0.5, 0) != 0.5 || Stickiness(0.5, 0.7, 0, 1) != 0.5 {
		t.Errorf("stickiness damps half the retrenchment: %v", got)
	}
	cl := ConstitutionalLimit{Strength: 1, Near: 0.65, Far: 0.1}
	if !close(cl.Cap(true), 0.65) || !close(cl.Cap(false), 0.1) {
		t.Error("caps near and far")
	}
	cl.Strength = 0
	if cl.Cap(false) != 1 {
		t.Error("strength 0: no cap (1.1)")
	}
}

func TestRosterDomainColumns(t *testing.T) {
	r, err := LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	au, vn, jp := r.States[r.Index("AU")].Domains, r.States[r.Index("VN")].Domains, r.States[r.Index("JP")].Domains
	if au.ExportChina != 0.33 || au.Dispute[DisputeEconomic] != 1 || au.Region.String() != "oceania" || au.AllianceBan {
		t.Errorf("AU = %+v", au)
	}
	if !vn.AllianceBan || vn.Dispute[DisputeGreyZone] != 0.8 || !r.States[r.Index("ID")].Domains.AllianceBan {
		t.Errorf("VN = %+v", vn)
	}
	if !jp.CSDLimit || jp.Presence != 0.48 || jp.DefenceGDP != 1.4 || jp.Region.String() != "northeast" {
		t.Errorf("JP = %+v", jp)
	}
	for _, s := range r.States {
		if !strings.Contains(s.Source, "defence_gdp: ") || !strings.Contains(s.Source, "region: ") {
			t.Errorf("%s: the source does not cite the 2.0 columns: %q", s.Name, s.Source)
		}
	}
	// A 1.1 roster parses with the 2.0 defaults.
	old, err := ParseRoster("old.csv", strings.NewReader(header+"US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d := old.States[1].Domains; d != DefaultDomains() || d.Dispute[DisputeEconomic] != 0.1 || d.Region != NoRegion {
		t.Errorf("defaults: %+v", d)
	}
	bad := []struct{ csv, want string }{
		{strings.TrimSuffix(header, "\n") + ",alliance_ban\nUS,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x,maybe\n", `column alliance_ban: "maybe" (allowed: true, false; also 1, 0, t, f, TRUE, FALSE, True, False)`},
		{strings.TrimSuffix(header, "\n") + ",region\nUS,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x,europe\n", `column region: "europe" (allowed: northeast, southeast, south, oceania, americas, or empty)`},
		{strings.TrimSuffix(header, "\n") + ",export_china\nUS,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x,1.5\n", "r.csv:2: column export_china"},
		{strings.TrimSuffix(header, "\n") + ",defence_gdp\nUS,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x,0\n", "r.csv:2: column defence_gdp"},
	}
	for _, tc := range bad {
		if _, err := ParseRoster("r.csv", strings.NewReader(tc.csv)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

// TestDrawDomains: presence and disputes centre on the roster values
// (4000 draws with κ = 20: sd of a draw ≤ 0.11, of the mean ≤ 0.002, so
// ±0.007 is over 3 sd); a zero stays zero and draws nothing; measured
// columns are copied.
func TestDrawDomains(t *testing.T) {
	r, _ := LoadRoster("indo-pacific")
	pp := NewPopulationParams(param.Defaults())
	var pop Population
	var presence, greyVN float64
	const reps = 4000
	for k := range reps {
		DrawPopulation(&pop, r, pp, rand.NewPCG(3, uint64(k)))
		DrawDomains(&pop, r, pp, rand.NewPCG(4, uint64(k)))
		jp, vn, th := pop.States[r.Index("JP")].Domains, pop.States[r.Index("VN")].Domains, pop.States[r.Index("TH")].Domains
		presence += jp.Presence
		greyVN += vn.Dispute[DisputeGreyZone]
		if th.Dispute[DisputeGreyZone] != 0 || th.Dispute[DisputeTerritorial] != 0 || jp.ExportChina != 0.176 || !vn.AllianceBan {
			t.Fatalf("zeros drawn or measured columns changed: TH %+v JP %+v", th, jp)
		}
	}
	if math.Abs(presence/reps-0.48) > 0.007 || math.Abs(greyVN/reps-0.8) > 0.007 {
		t.Errorf("means: JP presence %v (0.48), VN grey zone %v (0.8)", presence/reps, greyVN/reps)
	}
	// The 1.1 draws do not depend on the 2.0 ones.
	var a, b Population
	DrawPopulation(&a, r, pp, rand.NewPCG(9, 9))
	DrawPopulation(&b, r, pp, rand.NewPCG(9, 9))
	DrawDomains(&b, r, pp, rand.NewPCG(1, 1))
	if a.States[3].Capability != b.States[3].Capability || a.States[3].Autonomy != b.States[3].Autonomy {
		t.Error("DrawDomains changed a 1.1 attribute")
	}
}

// TestAutonomyWithoutCoercion: Autonomy skips the exponential when no
// coercion is remembered, which is exact only because Exp(±0) is 1 and the
// pull 1 − 1 is 0: the result must equal the formula with the exponential,
// bit for bit, over random inputs (fixed seed).
func TestAutonomyWithoutCoercion(t *testing.T) {
	if Exp(0) != 1 || Exp(math.Copysign(0, -1)) != 1 {
		t.Fatalf("Exp(±0) = %v, %v; want 1", Exp(0), Exp(math.Copysign(0, -1)))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		a := Alignment{Resistance: rng.Float64(), Balancing: rng.Float64()}
		a0, dv := rng.Float64(), rng.Float64()
		want := clamp(a0*(1+a.Resistance*dv-a.Balancing*(1-Exp(0))), 1e-4, 1-1e-4)
		if got := a.Autonomy(a0, dv, 0); !fptest.Same(got, want) {
			t.Fatalf("a0 %v, ΔVis %v: %v, want %v", a0, dv, got, want)
		}
	}
}

// TestAutonomyAllExact: AutonomyAll, which evaluates 1 + ω_Res·ΔVis once
// for every state (a review, stop 55), gives each state Autonomy's value
// bit for bit, over random constants, autonomies and coercion, a quarter
// of it 0 (the branch without the exponential), and with ΔVis 0 (fixed
// seed; exact, as both take the same operations in the same order).
func TestAutonomyAllExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 2000 {
		a := Alignment{Resistance: 4 * rng.Float64(), Balancing: 4 * rng.Float64()}
		n := 1 + rng.IntN(30)
		states := make([]State, n)
		coercion := make([]float64, n)
		for i := range states {
			states[i].Autonomy = rng.Float64()
			if rng.IntN(4) > 0 {
				coercion[i] = 5 * rng.Float64()
			}
		}
		dv := rng.Float64()
		if trial%5 == 0 {
			dv = 0
		}
		got := make([]float64, n+1) // one longer than the states: only n written
		got[n] = -7
		a.AutonomyAll(got, states, dv, coercion)
		for i := range states {
			if want := a.Autonomy(states[i].Autonomy, dv, coercion[i]); !fptest.Same(got[i], want) {
				t.Fatalf("trial %d state %d: %v, want %v", trial, i, got[i], want)
			}
		}
		if got[n] != -7 {
			t.Fatalf("trial %d: wrote past the states", trial)
		}
	}
}

// TestGap: Gap equals max(0, ask − spending) bit for bit over random finite
// inputs (fixed seed), equal ones and signed zeros.
func TestGap(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pairs := [][2]float64{{0, 0}, {0, math.Copysign(0, -1)}, {math.Copysign(0, -1), 0}, {1.5, 1.5}, {1e-300, 0}, {0, 1e-300}}
	for range 10000 {
		pairs = append(pairs, [2]float64{4 * rng.Float64(), 4 * rng.Float64()})
	}
	for _, p := range pairs {
		got, want := Gap(p[0], p[1]), max(0, p[0]-p[1])
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("Gap(%v, %v) = %v, want %v", p[0], p[1], got, want)
		}
	}
}
