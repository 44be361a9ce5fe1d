package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

var defaultAccession = AccessionCosts{Protect: 7, Capacity: 2, Autonomy: 1, Retribution: 0.5, Entrapment: 0.3, Domestic: 0.4}

func baseTerms() AccessionTerms {
	return AccessionTerms{Threat: 0.7, Autonomy: 0.3, Exposure: 0.5, Legal: 0.3, RiskTolerance: 0.5,
		Obligation: 0.8, Coverage: 0.6, Reliance: 0.6, Integration: 0.03, Visibility: 0.5}
}

func TestAccessionUtilityTable(t *testing.T) {
	// Hand-computed from MODEL.md sec. 4 with the default constants.
	tests := []struct {
		name string
		mod  func(*AccessionTerms)
		want float64
	}{
		{"base", func(*AccessionTerms) {}, 0.7*(0.8*0.6*0.6*7+0.03*2) - 0.5*(0.3*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4)},
		{"no threat: only costs and taste", func(a *AccessionTerms) { a.Threat = 0; a.Taste = 0.1 }, -0.5*(0.3*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4) + 0.1},
		{"invisible, no obligation: capacity only", func(a *AccessionTerms) { a.Visibility = 0; a.Obligation = 0 }, 0.7 * 0.03 * 2},
		{"autonomy 1 against a fully visible bloc", func(a *AccessionTerms) { a.Autonomy = 1; a.Visibility = 1 }, 0.7*(0.8*0.6*0.6*7+0.03*2) - 1*(1*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4)},
	}
	for _, tc := range tests {
		a := baseTerms()
		tc.mod(&a)
		if got := AccessionUtility(defaultAccession, a); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: U = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestAccessionUtilityMonotone checks the direction of every attribute's
// effect at random points (a property test): threat, reliance, coverage and
// risk tolerance raise U; autonomy, exposure, legal limits and visibility
// lower it.
func TestAccessionUtilityMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type dir struct {
		name string
		get  func(*AccessionTerms) *float64
		sign float64
	}
	dirs := []dir{
		{"threat", func(a *AccessionTerms) *float64 { return &a.Threat }, +1},
		{"reliance", func(a *AccessionTerms) *float64 { return &a.Reliance }, +1},
		{"coverage", func(a *AccessionTerms) *float64 { return &a.Coverage }, +1},
		{"risk tolerance", func(a *AccessionTerms) *float64 { return &a.RiskTolerance }, +1},
		{"autonomy", func(a *AccessionTerms) *float64 { return &a.Autonomy }, -1},
		{"exposure", func(a *AccessionTerms) *float64 { return &a.Exposure }, -1},
		{"legal", func(a *AccessionTerms) *float64 { return &a.Legal }, -1},
		{"visibility", func(a *AccessionTerms) *float64 { return &a.Visibility }, -1},
	}
	for trial := 0; trial < 2000; trial++ {
		a := AccessionTerms{Threat: rng.Float64(), Autonomy: rng.Float64(), Exposure: rng.Float64(), Legal: rng.Float64(),
			RiskTolerance: rng.Float64(), Obligation: 0.05 + rng.Float64()*0.95, Coverage: rng.Float64(), Reliance: rng.Float64(),
			Integration: rng.Float64() * 0.1, Visibility: 0.05 + rng.Float64()*0.95, Taste: rng.NormFloat64() * 0.3}
		for _, d := range dirs {
			lo, hi := a, a
			*d.get(&lo) = 0.2
			*d.get(&hi) = 0.8
			diff := AccessionUtility(defaultAccession, hi) - AccessionUtility(defaultAccession, lo)
			if d.sign*diff < 0 {
				t.Fatalf("%s moves U the wrong way at %+v: diff %v", d.name, a, diff)
			}
		}
	}
}

func TestReservation(t *testing.T) {
	tests := []struct{ o, d, r, want float64 }{
		{1, 0, 0.5, 1},
		{1, 0.7, 0.5, 0.65}, // Japan: legal .7 at the default reservation strength
		{0.4, 1, 1, 0},
		{0.8, 0.5, 0, 0.8},
	}
	for _, tc := range tests {
		if got := Reservation(tc.o, tc.d, tc.r); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Reservation(%v, %v, %v) = %v, want %v", tc.o, tc.d, tc.r, got, tc.want)
		}
	}
}

func TestExpectedCoverage(t *testing.T) {
	uniform := [NumCrisisTypes]float64{0.25, 0.25, 0.25, 0.25}
	treaty := [NumCrisisTypes]float64{0.2, 0.1, 0.8, 1}
	var none [NumCrisisTypes]int
	if got, want := ExpectedCoverage(&treaty, &uniform, 8, &none), (0.2+0.1+0.8+1)/4; math.Abs(got-want) > 1e-12 {
		t.Errorf("prior only: %v, want %v", got, want)
	}
	// Grey-zone crises seen pull the treaty's expected coverage down toward .2.
	seen := [NumCrisisTypes]int{24, 0, 0, 0}
	got := ExpectedCoverage(&treaty, &uniform, 8, &seen)
	want := (0.2*(2+24) + 0.1*2 + 0.8*2 + 1*2) / 32
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("after 24 grey-zone crises: %v, want %v", got, want)
	}
	if ExpectedCoverage(&treaty, &uniform, 0, &none) != 0 {
		t.Error("no prior weight and no crises should give 0")
	}
}

func TestEffectiveStrength(t *testing.T) {
	tests := []struct{ kw, w, wi, phi, want float64 }{
		{1, 1, 1, 0.4, 1},       // perfect interoperability: no friction
		{1, 1, 0, 0.4, 0.6},     // none: lose φ
		{2, 4, 2, 0.4, 2 * 0.8}, // mean ι .5
		{0, 0, 0, 0.4, 0},       // nobody
	}
	for _, tc := range tests {
		if got := EffectiveStrength(tc.kw, tc.w, tc.wi, tc.phi); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("EffectiveStrength(%v,%v,%v,%v) = %v, want %v", tc.kw, tc.w, tc.wi, tc.phi, got, tc.want)
		}
	}
}

func TestChallengeUtility(t *testing.T) {
	// Denial certain: lose the cost, and for escalatory types the war risk.
	if got, want := ChallengeUtility(0.5, 1.5, 1, 1, true, 0.1, 1.2, 2), -1.5-0.1*1.2*2; math.Abs(got-want) > 1e-12 {
		t.Errorf("certain denial, armed: %v want %v", got, want)
	}
	if got, want := ChallengeUtility(0.25, 0.1, 1, 1, false, 0.1, 0.3, 2), -0.1; math.Abs(got-want) > 1e-12 {
		t.Errorf("certain denial, grey zone: %v want %v", got, want)
	}
	// Denial impossible: the full gain, scaled by salience.
	if got := ChallengeUtility(0.5, 1.5, 0.5, 0, true, 0.1, 1.2, 2); math.Abs(got-0.25) > 1e-12 {
		t.Errorf("no denial: %v want 0.25", got)
	}
	// War aversion pushes A toward non-escalatory types.
	esc := ChallengeUtility(0.4, 0.6, 1, 0.5, true, 0.1, 0.8, 4)
	flat := ChallengeUtility(0.4, 0.6, 1, 0.5, false, 0.1, 0.8, 4)
	if !(esc < flat) {
		t.Errorf("war aversion should lower an escalatory option: %v vs %v", esc, flat)
	}
	// EU ≤ gain·salience always: the engine's shortcut relies on it.
	for _, p := range []float64{0, 1e-300, 1e-9, 0.3, 1} {
		if eu := ChallengeUtility(0.5, 1.5, 1, p, true, 0.1, 1.2, 2); !(eu <= 0.5) {
			t.Errorf("EU %v above the gain at P=%v", eu, p)
		}
	}
}

func TestDenialEstimate(t *testing.T) {
	if got := DenialEstimate(0.727, 0.727, 1, 1, 0.1); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("strength equal to need: %v, want 0.5", got)
	}
	if DenialEstimate(2, 0.727, 1, 1, 0.1) < 0.99 || DenialEstimate(0.1, 0.727, 1, 1, 0.1) > 0.01 {
		t.Error("denial estimate should approach 1 (0) with much more (less) strength than needed")
	}
}

func TestDenialProbability(t *testing.T) {
	// E[S] equal to the need: even odds, whatever the noise.
	if got := DenialProbability(1, 1, 1, 1, 0.2, 0.3); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("at the need: %v", got)
	}
	// One sd above the need: Φ(1).
	sd := math.Hypot(0.2, 0.3)
	if got, want := DenialProbability(math.Exp(sd), 1, 1, 1, 0.2, 0.3), 0.8413447460685429; math.Abs(got-want) > 1e-12 {
		t.Errorf("one sd above: %v want %v", got, want)
	}
	// Less private noise makes the same favourable odds surer.
	if !(DenialProbability(1.2, 1, 1, 1, 0.2, 0.05) > DenialProbability(1.2, 1, 1, 1, 0.2, 0.3)) {
		t.Error("less noise should sharpen a favourable estimate")
	}
	if DenialProbability(0, 1, 1, 1, 0.2, 0.3) != 0 {
		t.Error("no strength, no denial")
	}
	if DenialProbabilityLog(0.1, 0, 0) != 1 || DenialProbabilityLog(-0.1, 0, 0) != 0 {
		t.Error("zero noise should give a step")
	}
}

var defaultResponse = ResponseCosts{Respond: 1, Audience: 0.3, Retribution: 0.5, Risk: 0.4, Domestic: 0.4}

func TestResponseUtility(t *testing.T) {
	got := ResponseUtility(defaultResponse, 0.8, 0.8, 0.6, 0.32, 1.2, 0.5, 0.5, 0.7, true)
	want := 0.8*0.8*1*0.6 + 0.3*0.32 - 1.2*(0.5*0.5+0.5*0.4) - 0.7*0.4
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("armed: %v want %v", got, want)
	}
	// Domestic costs apply only to armed attacks.
	if d := ResponseUtility(defaultResponse, 0.8, 0.8, 0.6, 0.32, 1.2, 0.5, 0.5, 0.7, false) - got; math.Abs(d-0.7*0.4) > 1e-12 {
		t.Errorf("non-armed differs by %v, want the domestic cost", d)
	}
}

// TestResponseThresholdMatchesUtility is the property the engine relies on:
// acting iff E[S] > ResponseThreshold is acting iff ResponseUtility > 0 with
// P(deny) from DenialProbability.
func TestResponseThresholdMatchesUtility(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	mismatches := 0
	for trial := 0; trial < 20000; trial++ {
		threat, link, aud := rng.Float64(), rng.Float64(), rng.Float64()*0.5
		sHat := math.Exp(rng.NormFloat64() * 0.5)
		e, rho, d := rng.Float64(), 0.3+0.4*rng.Float64(), rng.Float64()
		armed := rng.IntN(2) == 0
		sigI := 0.3 * rng.Float64()
		capA, resolve, sigO := 0.727, 0.8+0.4*rng.Float64(), 0.2
		es := math.Exp(rng.NormFloat64() * 0.7)
		pd := DenialProbability(es, capA, sHat, resolve, sigO, sigI)
		byUtility := ResponseUtility(defaultResponse, threat, link, pd, aud, sHat, e, rho, d, armed) > 0
		thr := ResponseThreshold(defaultResponse, threat, link, aud, sHat, e, rho, d, armed, math.Log(capA*sHat*resolve), math.Hypot(sigO, sigI))
		if byThreshold := es > thr; byThreshold != byUtility {
			// Only within floating-point reach of the boundary.
			if math.Abs(es-thr) > 1e-9*math.Max(1, thr) {
				t.Fatalf("trial %d: utility says %v, threshold says %v (E[S] %v, thr %v)", trial, byUtility, byThreshold, es, thr)
			}
			mismatches++
		}
	}
	if mismatches > 2 {
		t.Errorf("%d boundary mismatches in 20000", mismatches)
	}
}

func TestWarProbability(t *testing.T) {
	if got := WarProbability(0.1, 1.2, 1, 0); math.Abs(got-0.12) > 1e-12 {
		t.Errorf("no obligations: %v", got)
	}
	if got := WarProbability(0.1, 1.2, 1, 1); math.Abs(got-0.24) > 1e-12 {
		t.Errorf("full obligations double it: %v", got)
	}
	if WarProbability(0.5, 3, 1, 1) != 1 {
		t.Error("probability must be capped at 1")
	}
}

func TestFalseSecurityGap(t *testing.T) {
	capab := []float64{0.8, 0.4, 0.2}
	tests := []struct {
		name   string
		link   []float64
		rating []float64
		acted  []bool
		want   float64
	}{
		{"promised and came", []float64{1, 1, 1}, []float64{1, 1, 1}, []bool{true, true, true}, 0},
		{"promised, nobody came", []float64{1, 1, 0}, []float64{0.5, 1, 1}, []bool{false, false, false}, (0.8*0.5 + 0.4) / 1.4},
		{"unpromised help is negative gap", []float64{0, 0, 0}, []float64{1, 1, 1}, []bool{true, false, false}, -0.8 / 1.4},
		{"partial", []float64{0.8, 0.5, 0.2}, []float64{0.6, 0.6, 0.6}, []bool{true, false, false}, (0.8*0.8*0.6 + 0.4*0.5*0.6 + 0.2*0.2*0.6 - 0.8) / 1.4},
	}
	for _, tc := range tests {
		if got := FalseSecurityGap(capab, tc.link, tc.rating, tc.acted); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v want %v", tc.name, got, tc.want)
		}
	}
}

func TestDecayToward(t *testing.T) {
	if got := DecayToward(10, 5, 0.05); math.Abs(got-9.75) > 1e-12 {
		t.Errorf("DecayToward = %v", got)
	}
}
