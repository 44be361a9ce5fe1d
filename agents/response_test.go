package agents

import (
	"math"
	"math/rand/v2"
	"testing"

	"pactsim/agents/param"
)

var defaultResponse = ResponseCosts{Respond: 1, Audience: 0.3, Retribution: 0.5, Risk: 0.4, Domestic: 0.4}

func TestNewResponseCostsReadsRegistry(t *testing.T) {
	if got := NewResponseCosts(param.Defaults()); got != defaultResponse {
		t.Errorf("defaults: %+v, want %+v", got, defaultResponse)
	}
}

func TestResponseUtility(t *testing.T) {
	terms := ResponseTerms{Threat: 0.8, Link: 0.8, Audience: 0.32, Severity: 1.2, Exposure: 0.5, RiskTolerance: 0.5, Legal: 0.7, Armed: true}
	got := ResponseUtility(defaultResponse, terms, 0.6)
	want := 0.8*0.8*1*0.6 + 0.3*0.32 - 1.2*(0.5*0.5+0.5*0.4) - 0.7*0.4
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("armed: %v want %v", got, want)
	}
	// Domestic costs apply only to armed attacks.
	terms.Armed = false
	if d := ResponseUtility(defaultResponse, terms, 0.6) - got; math.Abs(d-0.7*0.4) > 1e-12 {
		t.Errorf("non-armed differs by %v, want the domestic cost", d)
	}
}

func TestDenialBelief(t *testing.T) {
	sd := math.Hypot(0.2, 0.3)
	d := DenialBelief{LnNeeded: 0, SD: sd}
	tests := []struct {
		name     string
		d        DenialBelief
		expected float64
		want     float64
	}{
		{"at the need: even odds", d, 1, 0.5},
		{"one sd above: Φ(1)", d, math.Exp(sd), 0.8413447460685429},
		{"one sd below: Φ(−1)", d, math.Exp(-sd), 1 - 0.8413447460685429},
		{"no strength, no denial", d, 0, 0},
		{"zero noise, above", DenialBelief{SD: 0}, 1.1, 1},
		{"zero noise, below", DenialBelief{SD: 0}, 0.9, 0},
	}
	for _, tc := range tests {
		if got := tc.d.Probability(tc.expected); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// Less noise makes the same favourable odds surer.
	if !(DenialBelief{SD: 0.2}.Probability(1.2) > DenialBelief{SD: 0.4}.Probability(1.2)) {
		t.Error("less noise should sharpen a favourable estimate")
	}
}

// TestResponseThresholdMatchesUtility is the property the engine relies on:
// acting iff E > ResponseThreshold is acting iff ResponseUtility > 0 with
// P(deny) from the same DenialBelief.
func TestResponseThresholdMatchesUtility(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	mismatches := 0
	for trial := 0; trial < 20000; trial++ {
		terms := ResponseTerms{Threat: rng.Float64(), Link: rng.Float64(), Audience: rng.Float64() * 0.5,
			Severity: math.Exp(rng.NormFloat64() * 0.5), Exposure: rng.Float64(), RiskTolerance: 0.3 + 0.4*rng.Float64(),
			Legal: rng.Float64(), Armed: rng.IntN(2) == 0}
		sigI := 0.3 * rng.Float64()
		capA, resolve, sigO := 0.727, 0.8+0.4*rng.Float64(), 0.2
		belief := DenialBelief{LnNeeded: math.Log(capA * terms.Severity * resolve), SD: math.Hypot(sigO, sigI)}
		es := math.Exp(rng.NormFloat64() * 0.7)
		byUtility := ResponseUtility(defaultResponse, terms, belief.Probability(es)) > 0
		thr := ResponseThreshold(defaultResponse, terms, belief)
		if byThreshold := es > thr; byThreshold != byUtility {
			// Only within floating-point reach of the boundary.
			if math.Abs(es-thr) > 1e-9*math.Max(1, thr) {
				t.Fatalf("trial %d: utility says %v, threshold says %v (E %v, thr %v)", trial, byUtility, byThreshold, es, thr)
			}
			mismatches++
		}
	}
	if mismatches > 2 {
		t.Errorf("%d boundary mismatches in 20000", mismatches)
	}
}

func TestResponseThresholdEdges(t *testing.T) {
	belief := DenialBelief{LnNeeded: 0, SD: 0.3}
	tests := []struct {
		name  string
		terms ResponseTerms
		want  float64
	}{
		// An audience cost above every cost: acts whatever it expects.
		{"acts regardless", ResponseTerms{Threat: 0.5, Link: 1, Audience: 1, RiskTolerance: 1}, math.Inf(-1)},
		// No threat and some cost: never acts.
		{"never acts", ResponseTerms{Threat: 0, Link: 1, Severity: 1, Exposure: 1, RiskTolerance: 1}, math.Inf(1)},
		// Costs equal to the full benefit of a certain denial: never acts.
		{"benefit only matches the cost", ResponseTerms{Threat: 1, Link: 0.4, Severity: 1, Exposure: 0.8, RiskTolerance: 1}, math.Inf(1)},
		// Exactly no net cost: any chance of denial will do.
		{"no cost", ResponseTerms{Threat: 1, Link: 1, RiskTolerance: 1}, 0},
		// Costs half the benefit: acts iff P > 1/2, that is E above the need.
		{"half", ResponseTerms{Threat: 1, Link: 1, Severity: 1, Exposure: 1, RiskTolerance: 1}, 1},
	}
	for _, tc := range tests {
		if got := ResponseThreshold(defaultResponse, tc.terms, belief); got != tc.want && math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: threshold %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestResponseThresholdAtZero: "i acts iff U_i(E) > 0" (docs/model.md
// secs. 7 and 12) holds at E = 0 too, where P_i(E) is 0 and U_i is the
// audience term less the costs: a responder whose audience cost exceeds
// its costs acts even when it expects no strength at all (a grey-zone
// crisis on a roster without presence, or full friction among
// responders without interoperability).
func TestResponseThresholdAtZero(t *testing.T) {
	belief := DenialBelief{LnNeeded: 0, SD: 0.3}
	for _, tc := range []ResponseTerms{
		{Threat: 0.5, Link: 1, Audience: 1, RiskTolerance: 1},                                    // U(0) = 0.3
		{Threat: 0.5, Link: 1, Audience: 0.4, Severity: 0.07, Exposure: 0.5, RiskTolerance: 0.5}, // a grey-zone core member
		{Threat: 1, Link: 1, RiskTolerance: 1},                                                   // U(0) = 0: does not act
		{Threat: 1, Link: 1, Severity: 1, Exposure: 1, RiskTolerance: 1},                         // U(0) < 0
	} {
		byUtility := ResponseUtility(defaultResponse, tc, belief.Probability(0)) > 0
		if byThreshold := 0 > ResponseThreshold(defaultResponse, tc, belief); byThreshold != byUtility {
			t.Errorf("%+v at E = 0: U > 0 is %v, E > threshold is %v", tc, byUtility, byThreshold)
		}
	}
}

func TestSignalCombine(t *testing.T) {
	x, y := Signal{Log: 0.2, SD: 0.3}, Signal{Log: -0.1, SD: 0.15}
	got := x.Combine(y)
	px, py := 1/0.09, 1/0.0225
	if want := (0.2*px - 0.1*py) / (px + py); math.Abs(got.Log-want) > 1e-12 {
		t.Errorf("combined log %v, want %v", got.Log, want)
	}
	if want := 1 / math.Sqrt(px+py); math.Abs(got.SD-want) > 1e-12 {
		t.Errorf("combined sd %v, want %v", got.SD, want)
	}
	// Property: the combination is symmetric, lies between the signals and is
	// more precise than either.
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 1000; trial++ {
		a := Signal{Log: rng.NormFloat64(), SD: 0.01 + rng.Float64()}
		b := Signal{Log: rng.NormFloat64(), SD: 0.01 + rng.Float64()}
		ab, ba := a.Combine(b), b.Combine(a)
		if math.Abs(ab.Log-ba.Log) > 1e-12 || math.Abs(ab.SD-ba.SD) > 1e-12 {
			t.Fatalf("not symmetric: %+v vs %+v", ab, ba)
		}
		if ab.Log < min(a.Log, b.Log)-1e-12 || ab.Log > max(a.Log, b.Log)+1e-12 || ab.SD >= min(a.SD, b.SD) {
			t.Fatalf("%+v with %+v gave %+v", a, b, ab)
		}
	}
}

func TestPatronActs(t *testing.T) {
	tests := []struct {
		u, r, link float64
		want       bool
	}{
		{0.5, 0.7, 1, true},
		{0.7, 0.7, 1, false}, // strict
		{0.3, 0.7, 0.4, false},
		{0.2, 0.7, 0.4, true},
		{0.01, 0.7, 0, false}, // no link, no help
	}
	for _, tc := range tests {
		if got := PatronActs(tc.u, tc.r, tc.link); got != tc.want {
			t.Errorf("PatronActs(%v, %v, %v) = %v, want %v", tc.u, tc.r, tc.link, got, tc.want)
		}
	}
}

func TestCoalitionStrength(t *testing.T) {
	tests := []struct {
		name string
		add  [][3]float64 // w, K, ι
		phi  float64
		want float64
	}{
		{"perfect interoperability: no friction", [][3]float64{{1, 1, 1}}, 0.4, 1},
		{"none: lose φ", [][3]float64{{1, 1, 0}}, 0.4, 0.6},
		{"mean ι .5", [][3]float64{{2, 0.5, 0}, {2, 0.5, 1}}, 0.4, 2 * 0.8},
		{"nobody", nil, 0.4, 0},
		{"zero weights", [][3]float64{{0, 1, 1}}, 0.4, 0},
		{"weighted mean ι", [][3]float64{{1, 1, 1}, {0.5, 2, 0}}, 0.5, 2 * (1 - 0.5*(1-1/1.5))},
	}
	for _, tc := range tests {
		var c Coalition
		for _, a := range tc.add {
			c.Add(a[0], a[1], a[2])
		}
		if got := c.Strength(tc.phi); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestCoalitionBounds is a property test: friction can only take away, and
// never more than the share φ: (1−φ)·ΣwK ≤ S ≤ ΣwK.
func TestCoalitionBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := 0; trial < 1000; trial++ {
		var c Coalition
		for range 1 + rng.IntN(8) {
			c.Add(rng.Float64(), rng.Float64()*2, rng.Float64())
		}
		phi := rng.Float64()
		s := c.Strength(phi)
		if s > c.KW+1e-12 || s < (1-phi)*c.KW-1e-12 {
			t.Fatalf("strength %v outside [%v, %v] for %+v, φ %v", s, (1-phi)*c.KW, c.KW, c, phi)
		}
	}
}
