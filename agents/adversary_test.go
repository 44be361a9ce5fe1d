package agents

import (
	"math"
	"testing"

	"pactsim/agents/param"
)

// defaultAdversary holds the registry's defaults (docs/model.md sec. 14.1).
var defaultAdversary = Adversary{Capability: 0.727, Resolve: 1, DenialScale: 0.1, Threshold0: 1.07, Noise: 0.25,
	Spiral: 0.1, FormationShock: 0.1, Escalation: 0.1, Entrapment: 1, WarAversion: 2}

func TestNewAdversaryReadsRegistry(t *testing.T) {
	if got := NewAdversary(param.Defaults()); got != defaultAdversary {
		t.Errorf("defaults: %+v, want %+v", got, defaultAdversary)
	}
	want := [NumCrisisTypes]CrisisTypeParams{{0.3, 0.25, 0.1}, {0.4, 0.3, 0.2}, {0.8, 0.4, 0.6}, {1.2, 0.5, 1.5}}
	if got := NewCrisisTypes(param.Defaults()); got != want {
		t.Errorf("crisis types %+v, want %+v (docs/model.md sec. 14.2)", got, want)
	}
}

func TestThreshold(t *testing.T) {
	a := defaultAdversary
	tests := []struct {
		vis   float64
		fresh bool
		want  float64
	}{
		{0, false, 1.07},
		{1, false, 1.07 - 0.1},
		{0.5, true, 1.07 - 0.05 - 0.1},
	}
	for _, tc := range tests {
		if got := a.Threshold(tc.vis, tc.fresh); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Threshold(%v, %v) = %v, want %v", tc.vis, tc.fresh, got, tc.want)
		}
	}
	if got := a.ChallengeBar(1, 2); math.Abs(got-(1-0.25*2)) > 1e-12 {
		t.Errorf("ChallengeBar = %v, want χ − σ_A·ε = 0.5", got)
	}
}

func TestDenialEstimate(t *testing.T) {
	a := defaultAdversary
	if got := a.DenialEstimate(0.727, 1); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("strength equal to need: %v, want 0.5", got)
	}
	if a.DenialEstimate(2, 1) < 0.99 || a.DenialEstimate(0.1, 1) > 0.01 {
		t.Error("denial estimate should approach 1 (0) with much more (less) strength than needed")
	}
	// More resolve or severity needs more strength.
	if !(a.DenialEstimate(0.8, 1.2) < a.DenialEstimate(0.8, 1)) {
		t.Error("a more severe challenge should be harder to deny")
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
	// EU ≤ G·V always: the engine's shortcut relies on it.
	for k := range NumCrisisTypes {
		for _, p := range []float64{0, 1e-300, 1e-9, 0.3, 1} {
			if eu := a.ChallengeUtility(k, &armed, 1, p); !(eu <= armed.Gain) {
				t.Errorf("%v: EU %v above the gain at P=%v", k, eu, p)
			}
		}
	}
}

func TestStrengthNeeded(t *testing.T) {
	a := defaultAdversary
	if got := a.StrengthNeeded(1.2, 0); math.Abs(got-0.727*1.2) > 1e-12 {
		t.Errorf("no outcome noise: %v, want K_A·s·R_A", got)
	}
	if got := a.StrengthNeeded(1, math.Log(2)); math.Abs(got-2*0.727) > 1e-12 {
		t.Errorf("noise ln 2 doubles the need: %v", got)
	}
}

func TestWarProbability(t *testing.T) {
	a := defaultAdversary
	if got := a.WarProbability(1.2, 0); math.Abs(got-0.12) > 1e-12 {
		t.Errorf("no obligations: %v", got)
	}
	if got := a.WarProbability(1.2, 1); math.Abs(got-0.24) > 1e-12 {
		t.Errorf("full obligations double it: %v", got)
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
