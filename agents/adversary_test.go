package agents

import (
	"math"
	"testing"

	"pactsim/agents/param"
)

// defaultAdversary is the adversary the unit tests below compute by hand:
// the registry's defaults before the 2.0 calibration (docs/model.md sec.
// 14.1; 2.0's provisional threshold, revised formation shock and
// entrapment).
var defaultAdversary = Adversary{Capability: 0.727, Resolve: 1, DenialScale: 0.1, Threshold0: 1.2, Noise: 0.25,
	Spiral: 0.1, FormationShock: 0.03, Escalation: 0.1, Entrapment: 0.3, WarAversion: 2,
	Channels: 2, Mobilisation: 0.5, MobilisationRate: 0.125, HandTying: 1, Clarity: 0.25}

func TestNewAdversaryReadsRegistry(t *testing.T) {
	// The registry holds the calibrated constants (docs/model.md sec. 17.2).
	reg := defaultAdversary
	reg.DenialScale, reg.Threshold0, reg.Noise, reg.WarAversion = 0.03852010542622477, 1.8303042289625238, 0.4925929601316077, 3.7402791754019664
	if got := NewAdversary(param.Defaults()); got != reg {
		t.Errorf("defaults: %+v, want %+v", got, reg)
	}
	want := [NumCrisisTypes]CrisisTypeParams{
		{Severity: 0.0726946281160777, Gain: 2.330630735106944, Cost: 0.8096334789162665, Opprobrium: 0, Territorial: 0.02059241883354971, Window: 3},
		{Severity: 0.9302062594987137, Gain: 0.212443680462502, Cost: 0.2, Opprobrium: 0, Territorial: 0, Window: 180},
		{Severity: 0.8, Gain: 0.4, Cost: 0.6, Opprobrium: 1.1726101266385895, Territorial: 1, Window: 21},
		{Severity: 1.2, Gain: 0.5, Cost: 1.5, Opprobrium: 1.217712421843734, Territorial: 1, Window: 7}}
	if got := NewCrisisTypes(param.Defaults()); got != want {
		t.Errorf("crisis types %+v, want %+v (docs/model.md sec. 14.2)", got, want)
	}
}

func TestThreshold(t *testing.T) {
	a := defaultAdversary
	tests := []struct {
		vis           float64
		fresh, failed bool
		cost          float64
		want          float64
	}{
		{0, false, false, 1, 1.2},
		{1, false, false, 1, 1.2 - 0.1},
		{0.5, true, false, 1, 1.2 - 0.05 - 0.03},
		// A failed attempt raises tension like a formation, scaled by its cost.
		{0, false, true, 2, 1.2 - 2*0.03},
		{0, false, true, 0, 1.2},
		{0.5, true, true, 1, 1.2 - 0.05 - 0.03 - 0.03},
	}
	for _, tc := range tests {
		if got := a.Threshold(tc.vis, tc.fresh, tc.failed, tc.cost); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Threshold(%v, %v, %v, %v) = %v, want %v", tc.vis, tc.fresh, tc.failed, tc.cost, got, tc.want)
		}
	}
	if got := a.ChallengeBar(1, 2); math.Abs(got-(1-0.25*2)) > 1e-12 {
		t.Errorf("ChallengeBar = %v, want χ − σ_A·ε = 0.5", got)
	}
}

func TestDenialEstimate(t *testing.T) {
	a := defaultAdversary
	tau := a.DenialScale
	if got := a.DenialEstimate(0.727, 1, 1, tau); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("strength equal to need: %v, want 0.5", got)
	}
	if a.DenialEstimate(2, 1, 1, tau) < 0.99 || a.DenialEstimate(0.1, 1, 1, tau) > 0.01 {
		t.Error("denial estimate should approach 1 (0) with much more (less) strength than needed")
	}
	// More resolve or severity needs more strength.
	if !(a.DenialEstimate(0.8, 1.2, 1, tau) < a.DenialEstimate(0.8, 1, 1, tau)) {
		t.Error("a more severe challenge should be harder to deny")
	}
	if !(a.DenialEstimate(0.8, 1, 1.2, tau) < a.DenialEstimate(0.8, 1, 1, tau)) {
		t.Error("more resolve (counter-mobilisation) should make denial harder")
	}
	// Clarity shrinks the scale, so the estimate is steeper on both sides
	// of the need: it cuts both ways (docs/model.md sec. 6.2).
	sharp := a.Scale(1)
	if want := 0.1 * (1 - 0.25); math.Abs(sharp-want) > 1e-12 || a.Scale(0) != tau {
		t.Errorf("Scale(1) = %v, want %v; Scale(0) = %v, want τ", sharp, want, a.Scale(0))
	}
	if !(a.DenialEstimate(0.8, 1, 1, sharp) > a.DenialEstimate(0.8, 1, 1, tau)) || !(a.DenialEstimate(0.6, 1, 1, sharp) < a.DenialEstimate(0.6, 1, 1, tau)) {
		t.Error("a clearer commitment should make A surer of denial above the need and of success below it")
	}
}

// TestHazard: the hazard is the probability that A's noisy utility clears
// the threshold, checked against the logistic CDF by hand and against the
// decision rule it replaces.
func TestHazard(t *testing.T) {
	a := defaultAdversary
	tests := []struct{ eu, chi, want float64 }{
		{1.2, 1.2, 0.5},
		{1.2 - 0.25*math.Log(3), 1.2, 0.25}, // z = −ln 3 → 1/(1+3)
		{1.2 + 0.25*math.Log(9), 1.2, 0.9},
	}
	for _, tc := range tests {
		if got := a.Hazard(tc.eu, tc.chi); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Hazard(%v, %v) = %v, want %v", tc.eu, tc.chi, got, tc.want)
		}
	}
	// 1 − u < hazard ⇔ eu + σ_A·ln(u/(1−u)) > χ, the 1.1 decision.
	for _, u := range []float64{0.05, 0.3, 0.5, 0.8, 0.97} {
		for _, eu := range []float64{0.4, 1.0, 1.5} {
			old := eu > a.ChallengeBar(1.2, LogisticQuantile(u))
			if got := 1-u < a.Hazard(eu, 1.2); got != old {
				t.Errorf("u %v, eu %v: hazard rule %v, 1.1 rule %v", u, eu, got, old)
			}
		}
	}
	a.Noise = 0
	if a.Hazard(1.3, 1.2) != 1 || a.Hazard(1.1, 1.2) != 0 {
		t.Error("without noise the hazard is a step")
	}
}

// TestCounterMobilisation: Z follows excess visibility at rate δ_M and
// raises resolve by ω_M·Z (docs/model.md sec. 6.7).
func TestCounterMobilisation(t *testing.T) {
	a := defaultAdversary
	z := 0.0
	for range 100 {
		z = a.Mobilise(z, 0.2)
	}
	if math.Abs(z-0.2) > 1e-6 || math.Abs(a.Mobilise(0, 0.2)-0.125*0.2) > 1e-15 {
		t.Errorf("Z converges to ΔVis at rate 0.125: %v", z)
	}
	if got := a.ResolveAt(0.2); math.Abs(got-1.1) > 1e-12 {
		t.Errorf("R_A(t) = %v, want 1·(1 + 0.5·0.2) = 1.1", got)
	}
	a.Mobilisation = 0
	if a.ResolveAt(0.2) != 1 {
		t.Error("strength 0: resolve unchanged")
	}
	if ExcessVisibility(0.3, 0.5) != 0 || math.Abs(ExcessVisibility(0.5, 0.3)-0.2) > 1e-15 {
		t.Error("excess visibility is (Vis − Vis_pre)⁺")
	}
}

func TestChallengeUtility(t *testing.T) {
	a := defaultAdversary
	armed := CrisisTypeParams{Severity: 1.2, Gain: 0.5, Cost: 1.5}
	grey := CrisisTypeParams{Severity: 0.3, Gain: 0.25, Cost: 0.1}
	tests := []struct {
		name            string
		k               CrisisType
		c               CrisisTypeParams
		salience, pDeny float64
		want            float64
	}{
		// Denial certain: lose the cost, and for escalatory types the war risk.
		{"certain denial, armed", ArmedAttack, armed, 1, 1, -1.5 - 0.1*1.2*2},
		{"certain denial, grey zone", GreyZone, grey, 1, 1, -0.1},
		// Denial impossible: the full gain, scaled by salience.
		{"no denial, half salience", ArmedAttack, armed, 0.5, 0, 0.25},
		{"even odds, blockade", Blockade, CrisisTypeParams{Severity: 0.8, Gain: 0.4, Cost: 0.6}, 1, 0.5, 0.4*0.5 - 0.6*0.5 - 0.5*0.1*0.8*2},
		// Opprobrium is paid whether or not the challenge is denied.
		{"opprobrium, no denial", ArmedAttack, CrisisTypeParams{Severity: 1.2, Gain: 0.5, Cost: 1.5, Opprobrium: 0.8}, 1, 0, 0.5 - 0.8},
		{"opprobrium, certain denial", ArmedAttack, CrisisTypeParams{Severity: 1.2, Gain: 0.5, Cost: 1.5, Opprobrium: 0.8}, 1, 1, -1.5 - 0.1*1.2*2 - 0.8},
	}
	for _, tc := range tests {
		if got := a.ChallengeUtility(tc.k, &tc.c, tc.salience, tc.pDeny); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// War aversion pushes A toward non-escalatory types.
	c := CrisisTypeParams{Severity: 0.8, Gain: 0.4, Cost: 0.6}
	if esc, flat := a.ChallengeUtility(Blockade, &c, 1, 0.5), a.ChallengeUtility(EconomicCoercion, &c, 1, 0.5); !(esc < flat) {
		t.Errorf("war aversion should lower an escalatory option: %v vs %v", esc, flat)
	}
	// EU ≤ G·V − O always: the engine's shortcut relies on it.
	costly := CrisisTypeParams{Severity: 1.2, Gain: 0.5, Cost: 1.5, Opprobrium: 0.8}
	for k := range NumCrisisTypes {
		for _, p := range []float64{0, 1e-300, 1e-9, 0.3, 1} {
			for _, c := range []*CrisisTypeParams{&armed, &costly} {
				if eu := a.ChallengeUtility(k, c, 1, p); !(eu <= c.UtilityBound(1)) {
					t.Errorf("%v: EU %v above the bound %v at P=%v", k, eu, c.UtilityBound(1), p)
				}
			}
		}
	}
}

func TestStrengthNeeded(t *testing.T) {
	a := defaultAdversary
	if got := a.StrengthNeeded(1.2, 1, 0); math.Abs(got-0.727*1.2) > 1e-12 {
		t.Errorf("no outcome noise: %v, want K_A·s·R_A", got)
	}
	if got := a.StrengthNeeded(1, 1, math.Log(2)); math.Abs(got-2*0.727) > 1e-12 {
		t.Errorf("noise ln 2 doubles the need: %v", got)
	}
	if got := a.StrengthNeeded(1, 1.5, 0); math.Abs(got-1.5*0.727) > 1e-12 {
		t.Errorf("resolve 1.5 raises the need by half: %v", got)
	}
}

func TestWarProbability(t *testing.T) {
	a := defaultAdversary
	if got := a.WarProbability(1.2, 0); math.Abs(got-0.12) > 1e-12 {
		t.Errorf("no obligations: %v", got)
	}
	if got := a.WarProbability(1.2, 1); math.Abs(got-0.12*1.3) > 1e-12 {
		t.Errorf("full obligations raise it by the entrapment 0.3 (Johnson & Leeds 2011): %v", got)
	}
	a.Escalation = 0.5
	if a.WarProbability(3, 1) != 1 {
		t.Error("probability must be capped at 1")
	}
}

func TestLogistic(t *testing.T) {
	for _, u := range []float64{1e-9, 0.1, 0.5, 0.9, 1 - 1e-9} {
		if got := Logistic(LogisticQuantile(u)); math.Abs(got-u) > 1e-12 {
			t.Errorf("Logistic(LogisticQuantile(%v)) = %v", u, got)
		}
	}
}
