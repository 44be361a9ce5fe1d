package experiments

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"pactsim/agents/param"
)

func mustParse(t testing.TB, yaml string) *Plan {
	t.Helper()
	p, err := Parse("t.yaml", []byte(yaml))
	if err != nil {
		t.Fatalf("%v\n%s", err, yaml)
	}
	return p
}

func sweepConfig(seed int64, sweep string) string {
	return fmt.Sprintf("name: d\nseed: %d\nreplicates: 2\narchitectures: [none, treaty]\nsweep:\n%s", seed, sweep)
}

func TestGridOrder(t *testing.T) {
	p := mustParse(t, sweepConfig(1, `  design: grid
  parameters:
    us.reliability: [0.3, 0.6]
    adversary.resolve: {min: 0.8, max: 1.2, steps: 3}
    mechanisms.treaty.founders_bound: [false, true]
`))
	if got := strings.Join(p.SweptNames, ","); got != "us.reliability,adversary.resolve,mechanisms.treaty.founders_bound" {
		t.Fatalf("swept names %s: want sweep order", got)
	}
	var got [][]float64
	for k := range p.NumPoints() {
		got = append(got, slices.Clone(p.Point(k).Swept))
	}
	// Row-major, last parameter fastest.
	var want [][]float64
	for _, a := range []float64{0.3, 0.6} {
		for _, b := range []float64{0.8, 1, 1.2} {
			for _, c := range []float64{0, 1} {
				want = append(want, []float64{a, b, c})
			}
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d points, want %d", len(got), len(want))
	}
	for k := range want {
		if !slices.Equal(got[k], want[k]) {
			t.Errorf("point %d: %v, want %v", k, got[k], want[k])
		}
	}
	// Point values carry the swept values and the defaults elsewhere.
	pt := p.Point(7) // (0.6, 0.8, true)
	if pt.Values.Get("us.reliability") != 0.6 || pt.Values.Get("adversary.resolve") != 0.8 || !pt.Values.Bool("mechanisms.treaty.founders_bound") || pt.Values.Get("crisis.friction") != 0.4 {
		t.Errorf("point 7 values wrong: %v", pt.Swept)
	}
	if p.NumTasks() != 24 {
		t.Errorf("NumTasks %d, want 12 points × 2", p.NumTasks())
	}
}

func TestRangeValuesAreClean(t *testing.T) {
	got := rangeValues(0.3, 0.9, 4)
	if want := []float64{0.3, 0.5, 0.7, 0.9}; !slices.Equal(got, want) {
		t.Errorf("rangeValues(0.3, 0.9, 4) = %v, want %v", got, want)
	}
	got = rangeValues(-0.4, 0.4, 5)
	if want := []float64{-0.4, -0.2, 0, 0.2, 0.4}; !slices.Equal(got, want) {
		t.Errorf("rangeValues(-0.4, 0.4, 5) = %v, want %v", got, want)
	}
}

func TestZip(t *testing.T) {
	p := mustParse(t, sweepConfig(1, `  design: zip
  parameters:
    us.reliability: [0.3, 0.5, 0.7]
    crisis.response_rounds: {min: 2, max: 6, steps: 3}
`))
	want := [][]float64{{0.3, 2}, {0.5, 4}, {0.7, 6}}
	if p.NumPoints() != len(want) {
		t.Fatalf("%d points, want %d", p.NumPoints(), len(want))
	}
	for k, w := range want {
		if got := p.Point(k).Swept; !slices.Equal(got, w) {
			t.Errorf("point %d: %v, want %v", k, got, w)
		}
	}
}

const sampledSweep = `  design: %s
  samples: %d
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    population.autonomy_shift: {min: -0.4, max: 0.4}
    crisis.response_rounds: {min: 2, max: 6}
`

func TestSampledDesigns(t *testing.T) {
	for _, design := range []string{"random", "lhs", "halton"} {
		t.Run(design, func(t *testing.T) {
			const n = 50
			a := mustParse(t, sweepConfig(11, fmt.Sprintf(sampledSweep, design, n)))
			b := mustParse(t, sweepConfig(11, fmt.Sprintf(sampledSweep, design, n)))
			c := mustParse(t, sweepConfig(12, fmt.Sprintf(sampledSweep, design, n)))
			if a.NumPoints() != n {
				t.Fatalf("%d points, want %d", a.NumPoints(), n)
			}
			if !slices.Equal(a.matrix, b.matrix) {
				t.Error("same seed gave different points")
			}
			if slices.Equal(a.matrix, c.matrix) {
				t.Error("different seeds gave the same points")
			}
			rounds := map[float64]int{}
			for k := range n {
				s := a.Point(k).Swept
				if s[0] < 0.3 || s[0] > 0.9 || s[1] < -0.4 || s[1] > 0.4 || s[2] < 2 || s[2] > 6 || s[2] != math.Trunc(s[2]) {
					t.Errorf("point %d %v outside its ranges or not whole", k, s)
				}
				rounds[s[2]]++
			}
			// Integer bins: with 50 points over 5 values every value turns up.
			if len(rounds) != 5 {
				t.Errorf("integer parameter took values %v, want all of 2..6", rounds)
			}
		})
	}
}

// TestLHSStratified checks the defining property of a Latin hypercube: with
// n samples, each of the n equal strata of every parameter's range holds
// exactly one sample.
func TestLHSStratified(t *testing.T) {
	const n = 40
	p := mustParse(t, sweepConfig(3, fmt.Sprintf(sampledSweep, "lhs", n)))
	for j, r := range [][2]float64{{0.3, 0.9}, {-0.4, 0.4}} {
		hit := make([]int, n)
		for k := range n {
			u := (p.Point(k).Swept[j] - r[0]) / (r[1] - r[0])
			hit[min(n-1, int(u*n))]++
		}
		for s, h := range hit {
			if h != 1 {
				t.Errorf("parameter %s: stratum %d holds %d samples, want 1", p.SweptNames[j], s, h)
			}
		}
	}
	// Integer parameter: 40 samples over 5 values, 8 strata each.
	counts := map[float64]int{}
	for k := range n {
		counts[p.Point(k).Swept[2]]++
	}
	for v := 2.0; v <= 6; v++ {
		if counts[v] != n/5 {
			t.Errorf("integer value %v drawn %d times, want %d", v, counts[v], n/5)
		}
	}
}

// TestHaltonLowDiscrepancy checks that the scrambled Halton points fill the
// first dimension evenly: base 2 puts exactly one point in each of the 2^k
// dyadic intervals of the first 2^k points.
func TestHaltonLowDiscrepancy(t *testing.T) {
	const n = 32
	p := mustParse(t, sweepConfig(5, fmt.Sprintf(sampledSweep, "halton", n)))
	hit := make([]int, n)
	for k := range n {
		u := (p.Point(k).Swept[0] - 0.3) / 0.6
		hit[min(n-1, int(u*n))]++
	}
	for s, h := range hit {
		if h != 1 {
			t.Errorf("interval %d of %d holds %d points, want 1", s, n, h)
		}
	}
}

func TestRandomIsPrefixStable(t *testing.T) {
	a := mustParse(t, sweepConfig(9, fmt.Sprintf(sampledSweep, "random", 10)))
	b := mustParse(t, sweepConfig(9, fmt.Sprintf(sampledSweep, "random", 20)))
	if !slices.Equal(a.matrix, b.matrix[:len(a.matrix)]) {
		t.Error("adding samples moved earlier random points")
	}
}

func TestFromUnitIntegerBins(t *testing.T) {
	sp := SweepParam{Min: 2, Max: 4}
	for _, c := range []struct{ u, want float64 }{{0, 2}, {0.33, 2}, {0.34, 3}, {0.66, 3}, {0.67, 4}, {0.999999, 4}, {1, 4}} {
		if got := fromUnit(c.u, sp, param.Int); got != c.want {
			t.Errorf("fromUnit(%v) = %v, want %v", c.u, got, c.want)
		}
	}
}
