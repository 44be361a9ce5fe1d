package agents

import (
	"math"
	"math/rand/v2"
	"testing"

	"pactsim/agents/param"
)

func TestBeta(t *testing.T) {
	b := BetaPrior(0.6, 10)
	if b != (Beta{6, 4}) || math.Abs(b.Mean()-0.6) > 1e-12 {
		t.Errorf("BetaPrior(.6, 10) = %+v, mean %v", b, b.Mean())
	}
	b.Observe(true, 1)
	if b != (Beta{7, 4}) {
		t.Errorf("an honoured commitment adds to α: %+v", b)
	}
	b.Observe(false, 0.3)
	if math.Abs(b.B-4.3) > 1e-12 || b.A != 7 {
		t.Errorf("a failed one adds its weight to β: %+v", b)
	}
	b.Scale(0.5)
	if math.Abs(b.A-3.5) > 1e-12 || math.Abs(b.B-2.15) > 1e-12 {
		t.Errorf("Scale(.5) halves both: %+v", b)
	}
	b = Beta{10, 0}
	b.DecayToward(Beta{5, 5}, 0.05)
	if math.Abs(b.A-9.75) > 1e-12 || math.Abs(b.B-0.25) > 1e-12 {
		t.Errorf("DecayToward = %+v, want {9.75 0.25}", b)
	}
}

// TestBetaProperties: observing an honoured commitment never lowers the
// mean and a failed one never raises it; scaling keeps the mean; decay
// moves the mean toward the prior's when the strengths are equal.
func TestBetaProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := 0; trial < 1000; trial++ {
		b := BetaPrior(0.01+0.98*rng.Float64(), 0.5+20*rng.Float64())
		w := rng.Float64()
		up, down := b, b
		up.Observe(true, w)
		down.Observe(false, w)
		if up.Mean() < b.Mean() || down.Mean() > b.Mean() {
			t.Fatalf("%+v: honoured mean %v, failed mean %v", b, up.Mean(), down.Mean())
		}
		s := b
		s.Scale(0.5)
		if math.Abs(s.Mean()-b.Mean()) > 1e-12 {
			t.Fatalf("Scale moved the mean: %v → %v", b.Mean(), s.Mean())
		}
		prior := BetaPrior(0.01+0.98*rng.Float64(), b.A+b.B)
		d := b
		d.DecayToward(prior, 0.05)
		if math.Abs(d.Mean()-prior.Mean()) > math.Abs(b.Mean()-prior.Mean())+1e-12 {
			t.Fatalf("decay moved %v away from %v: %v", b.Mean(), prior.Mean(), d.Mean())
		}
	}
}

func TestNewLearningReadsRegistry(t *testing.T) {
	l := NewLearning(param.Defaults())
	want := Learning{BeliefStrength: 10, Bystander: 0.3, BeliefDecay: 0.05, HonourPrior: BetaPrior(0.6, 10), JointGain: 0.05, InteropDecay: 0.05}
	if l != want {
		t.Errorf("defaults %+v, want %+v", l, want)
	}
	if l.USWeight(true) != 1 || l.USWeight(false) != 0.3 {
		t.Error("US weight: 1 for the target and its allies, the bystander weight otherwise")
	}
}

func TestCredibilityPriorMean(t *testing.T) {
	c := NewCredibility(param.Defaults())
	tests := []struct {
		name         string
		base, public float64
		want         float64
	}{
		{"no commitment", 0.5, 0, 0.5},
		{"treaty member, o·v = 1", 0.5, 1, 0.75},
		{"patron with the treaty hits the cap", 0.7, 1, 0.99},
		{"floor", 0.001, 0, 0.01},
	}
	for _, tc := range tests {
		if got := c.PriorMean(tc.base, tc.public); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPractice(t *testing.T) {
	if got := Practice(0.4, 0.05); math.Abs(got-0.43) > 1e-12 {
		t.Errorf("Practice(.4, .05) = %v, want .43", got)
	}
	if Practice(1, 0.5) != 1 || Practice(0.3, 0) != 0.3 || Practice(0.3, 1) != 1 {
		t.Error("practice saturates at 1, is the identity at rate 0 and reaches 1 at rate 1")
	}
	if InteropGrowth(0.03+0.05) != 0.08 || InteropGrowth(1.7) != 1 {
		t.Error("growth is Σ g_m capped at 1")
	}
	if got := DecayToward(10, 5, 0.05); math.Abs(got-9.75) > 1e-12 {
		t.Errorf("DecayToward = %v", got)
	}
}
