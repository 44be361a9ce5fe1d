package agents

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"pactsim/agents/param"
)

var defaultAccession = AccessionCosts{Protect: 7, Capacity: 2, Autonomy: 1, Retribution: 0.5, Entrapment: 0.3, Domestic: 0.4}

func TestNewAccessionCostsReadsRegistry(t *testing.T) {
	want := defaultAccession
	want.Burden, want.Doctrine = 0.1, 1 // burden.domestic_cost; alliance_ban.strength × doctrine_cost
	if got := NewAccessionCosts(param.Defaults()); got != want {
		t.Errorf("defaults: %+v, want %+v (docs/model.md sec. 14.1)", got, want)
	}
}

func baseTerms() AccessionTerms {
	return AccessionTerms{Threat: 0.7, Autonomy: 0.3, Exposure: 0.5, Legal: 0.3, RiskTolerance: 0.5,
		Obligation: 0.8, Coverage: 0.6, Reliance: 0.6, Integration: 0.03, Visibility: 0.5}
}

func TestAccessionUtilityTable(t *testing.T) {
	// Hand-computed from docs/model.md sec. 5.2 with the default constants.
	tests := []struct {
		name string
		mod  func(*AccessionTerms)
		want float64
	}{
		{"base", func(*AccessionTerms) {}, 0.7*(0.8*0.6*0.6*7+0.03*2) - 0.5*(0.3*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4)},
		{"no threat: only costs and taste", func(a *AccessionTerms) { a.Threat = 0; a.Taste = 0.1 }, -0.5*(0.3*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4) + 0.1},
		{"invisible, no obligation: capacity only", func(a *AccessionTerms) { a.Visibility = 0; a.Obligation = 0 }, 0.7 * 0.03 * 2},
		{"autonomy 1 against a fully visible bloc", func(a *AccessionTerms) { a.Autonomy = 1; a.Visibility = 1 }, 0.7*(0.8*0.6*0.6*7+0.03*2) - 1*(1*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4)},
		// Model 2.0 (docs/model.md secs. 5.2, 5.5, 9.7): a two-point
		// shortfall against the ask costs 0.2; the doctrine cost 1.
		{"spending shortfall", func(a *AccessionTerms) { a.BurdenGap = 2 }, 0.7*(0.8*0.6*0.6*7+0.03*2) - 0.5*(0.3*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4) - 0.1*2},
		{"non-aligned doctrine", func(a *AccessionTerms) { a.Doctrine = true }, 0.7*(0.8*0.6*0.6*7+0.03*2) - 0.5*(0.3*1+0.5*0.5) - 0.8*(0.5*0.3+0.3*0.4) - 1},
	}
	costs := defaultAccession
	costs.Burden, costs.Doctrine = 0.1, 1
	for _, tc := range tests {
		a := baseTerms()
		tc.mod(&a)
		if got := AccessionUtility(costs, a); math.Abs(got-tc.want) > 1e-12 {
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

func TestWantsMembership(t *testing.T) {
	// docs/model.md sec. 12: joining is strict, staying is not.
	tests := []struct {
		member  bool
		u, exit float64
		want    bool
	}{
		{false, 0.1, 1, true},
		{false, 0, 1, false}, // a tie does not join
		{false, -0.1, 1, false},
		{true, -1, 1, true}, // a tie stays
		{true, -0.5, 1, true},
		{true, -1.01, 1, false},
		{true, 0, 0, true},
		{true, -1e-12, 0, false},
	}
	for _, tc := range tests {
		if got := WantsMembership(tc.member, tc.u, tc.exit); got != tc.want {
			t.Errorf("WantsMembership(%v, %v, %v) = %v, want %v", tc.member, tc.u, tc.exit, got, tc.want)
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
	uniform := TypePrior{Share: [NumCrisisTypes]float64{0.25, 0.25, 0.25, 0.25}, Weight: 8}
	treaty := [NumCrisisTypes]float64{0.2, 0.1, 0.8, 1}
	var none [NumCrisisTypes]int
	if got, want := uniform.ExpectedCoverage(&treaty, &none), (0.2+0.1+0.8+1)/4; math.Abs(got-want) > 1e-12 {
		t.Errorf("prior only: %v, want %v", got, want)
	}
	// Grey-zone crises seen pull the treaty's expected coverage down toward .2.
	seen := [NumCrisisTypes]int{24, 0, 0, 0}
	got := uniform.ExpectedCoverage(&treaty, &seen)
	want := (0.2*(2+24) + 0.1*2 + 0.8*2 + 1*2) / 32
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("after 24 grey-zone crises: %v, want %v", got, want)
	}
	noWeight := uniform
	noWeight.Weight = 0
	if noWeight.ExpectedCoverage(&treaty, &none) != 0 {
		t.Error("no prior weight and no crises should give 0")
	}
}

// TestExpectedCoverageIsAMean is a property test: with shares summing to 1,
// ĉ_m is a weighted mean of the coverages, so it lies between their minimum
// and maximum whatever the crises seen.
func TestExpectedCoverageIsAMean(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 1000; trial++ {
		var tp TypePrior
		var cov [NumCrisisTypes]float64
		var seen [NumCrisisTypes]int
		var sum float64
		for k := range cov {
			tp.Share[k] = rng.Float64()
			sum += tp.Share[k]
			cov[k] = rng.Float64()
			seen[k] = rng.IntN(20)
		}
		for k := range tp.Share {
			tp.Share[k] /= sum
		}
		tp.Weight = rng.Float64() * 16
		got := tp.ExpectedCoverage(&cov, &seen)
		lo, hi := min(cov[0], cov[1], cov[2], cov[3]), max(cov[0], cov[1], cov[2], cov[3])
		if got < lo-1e-12 || got > hi+1e-12 {
			t.Fatalf("ĉ = %v outside [%v, %v] for %+v, coverage %v, seen %v", got, lo, hi, tp, cov, seen)
		}
	}
}

// TestCoverageWeightsExact: the weights the engine takes once per review
// (a review, stop 53) give ĉ_m bit for bit as the formula evaluated per
// mechanism, Σ_k c_mk·(n0·π_k + n_k) / (n0 + Σ_k n_k), with the total
// summed first and 0 at a total of 0.
func TestCoverageWeightsExact(t *testing.T) {
	formula := func(tp *TypePrior, coverage *[NumCrisisTypes]float64, seen *[NumCrisisTypes]int) float64 {
		total := tp.Weight
		for _, n := range seen {
			total += float64(n)
		}
		if total == 0 {
			return 0
		}
		var c float64
		for k := range coverage {
			c += coverage[k] * (tp.Weight*tp.Share[k] + float64(seen[k]))
		}
		return c / total
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := 0; trial < 20000; trial++ {
		var tp TypePrior
		var seen [NumCrisisTypes]int
		for k := range tp.Share {
			tp.Share[k] = rng.Float64()
			if trial%3 != 0 {
				seen[k] = rng.IntN(30)
			}
		}
		if trial%5 != 0 {
			tp.Weight = rng.Float64() * 16
		}
		w := tp.Weights(&seen)
		for range 4 {
			var cov [NumCrisisTypes]float64
			for k := range cov {
				cov[k] = rng.Float64()
			}
			got, want := w.Expected(&cov), formula(&tp, &cov, &seen)
			if math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("ĉ = %v from the weights, %v from the formula, for %+v, coverage %v, seen %v", got, want, tp, cov, seen)
			}
			if got2 := tp.ExpectedCoverage(&cov, &seen); math.Float64bits(got2) != math.Float64bits(want) {
				t.Fatalf("ExpectedCoverage = %v, the formula %v", got2, want)
			}
		}
	}
}

func TestNewTypePrior(t *testing.T) {
	p := param.Defaults()
	for k, share := range []float64{0.1, 0, 0, 0.3} {
		if err := p.Set("crisis."+param.CrisisTypes[k]+".prior_share", share); err != nil {
			t.Fatal(err)
		}
	}
	tp, err := NewTypePrior(p)
	if err != nil {
		t.Fatal(err)
	}
	want := [NumCrisisTypes]float64{0.25, 0, 0, 0.75}
	for k := range want {
		if math.Abs(tp.Share[k]-want[k]) > 1e-12 {
			t.Errorf("normalised share %d = %v, want %v", k, tp.Share[k], want[k])
		}
	}
	if tp.Weight != 8 {
		t.Errorf("normalised prior %+v, want shares .25, 0, 0, .75 and weight 8", tp)
	}
	for _, ct := range param.CrisisTypes {
		_ = p.Set("crisis."+ct+".prior_share", 0)
	}
	if _, err := NewTypePrior(p); err == nil || !strings.Contains(err.Error(), "prior_share") {
		t.Errorf("all-zero shares: %v, want an error naming prior_share", err)
	}
}

func TestReliance(t *testing.T) {
	var r Reliance
	if r.Mean() != 0 {
		t.Error("no one counted should give 0")
	}
	r.Add(0.8, 0.5)
	r.Add(0.2, 1)
	if got, want := r.Mean(), (0.8*0.5+0.2*1)/1.0; math.Abs(got-want) > 1e-12 {
		t.Errorf("weighted mean %v, want %v", got, want)
	}
	// Remove undoes Add: the engine sums once per mechanism and takes each
	// rater's own term back out.
	s := r
	s.Add(0.4, 0.9)
	s.Remove(0.4, 0.9)
	if math.Abs(s.Mean()-r.Mean()) > 1e-12 {
		t.Errorf("Add then Remove: %v, want %v", s.Mean(), r.Mean())
	}
	s.Remove(0.8, 0.5)
	s.Remove(0.2, 1)
	if s.Mean() != 0 {
		t.Errorf("everyone removed: %v, want 0", s.Mean())
	}
}
