package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestCommitted(t *testing.T) {
	// docs/model.md sec. 12: committed is non-strict.
	if !Committed(0.5, 0.5) || Committed(0.49, 0.5) || !Committed(1, 0.5) {
		t.Error("committed iff link ≥ threshold")
	}
}

func TestCoordinated(t *testing.T) {
	tests := []struct {
		n         int
		sum, thr  float64
		want      bool
		rationale string
	}{
		{1, 0.9, 0.5, false, "one responder is not coordination"},
		{2, 1.0, 0.5, true, "mean .5 meets the threshold (non-strict)"},
		{2, 0.98, 0.5, false, "mean .49"},
		{3, 2.4, 0.5, true, "mean .8"},
		{0, 0, 0, false, "nobody"},
	}
	for _, tc := range tests {
		if got := Coordinated(tc.n, tc.sum, tc.thr); got != tc.want {
			t.Errorf("%s: Coordinated(%d, %v, %v) = %v", tc.rationale, tc.n, tc.sum, tc.thr, got)
		}
	}
}

func TestSecurityGap(t *testing.T) {
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
		var g SecurityGap
		for l, k := range capab {
			g.Add(k, tc.link[l], tc.rating[l], tc.acted[l])
		}
		if got := g.Value(); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v want %v", tc.name, got, tc.want)
		}
	}
	var empty SecurityGap
	if empty.Value() != 0 {
		t.Error("no partners should give 0")
	}
}

// TestSecurityGapParts: summing Total, Promise and Came separately, leaving
// out the partners of zero link from Promise and those that did not act
// from Came, gives Add's gap to the bit (a left-out term is +0), over
// random partners with a fixed seed.
func TestSecurityGapParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 2000 {
		var all SecurityGap
		var parts SecurityGap
		for range 1 + rng.IntN(15) {
			capability, rating := 5*rng.Float64(), rng.Float64()
			link := 0.0
			if rng.IntN(2) == 0 {
				link = rng.Float64()
			}
			acted := rng.IntN(3) == 0
			all.Add(capability, link, rating, acted)
			parts.Total += capability
			if link != 0 {
				parts.Promise(capability, link, rating)
			}
			if acted {
				parts.Came(capability)
			}
		}
		if got, want := parts.Value(), all.Value(); got != want {
			t.Fatalf("trial %d: parts give %v, Add gives %v", trial, got, want)
		}
	}
}
