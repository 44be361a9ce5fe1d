package analysis_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"pactsim/analysis"
)

// Sobol' indices of the Ishigami function (a = 7, b = 0.1; analytic S1 =
// 0.314, 0.442, 0 and ST = 0.558, 0.442, 0.244) from a Saltelli design.
func ExampleSobol() {
	const n, k = 4096, 3
	pts, err := analysis.SaltelliSample(n, k, false, rand.NewPCG(1, 2))
	if err != nil {
		panic(err)
	}
	y := make([]float64, len(pts)/k)
	for p := range y {
		x := pts[p*k : (p+1)*k]
		x1, x2, x3 := -math.Pi+2*math.Pi*x[0], -math.Pi+2*math.Pi*x[1], -math.Pi+2*math.Pi*x[2]
		y[p] = math.Sin(x1) + 7*math.Sin(x2)*math.Sin(x2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)
	}
	res, err := analysis.Sobol(context.Background(), y, k, false, analysis.Bootstrap{Resamples: 500, Src: rand.NewPCG(3, 4)})
	if err != nil {
		panic(err)
	}
	for j := range k {
		fmt.Printf("x%d S1 %.2f ST %.2f\n", j+1, res.S1[j].Value, res.ST[j].Value)
	}
	// Output:
	// x1 S1 0.31 ST 0.55
	// x2 S1 0.44 ST 0.44
	// x3 S1 -0.00 ST 0.24
}

// PRIM on points of interest planted in the box [0.2, 0.6] × [0.3, 0.8].
func ExamplePRIM() {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, d = 3000, 2
	x := make([]float64, n*d)
	y := make([]bool, n)
	for i := range n {
		a, b := rng.Float64(), rng.Float64()
		x[i*d], x[i*d+1] = a, b
		p := 0.1
		if 0.2 <= a && a <= 0.6 && 0.3 <= b && b <= 0.8 {
			p = 0.9
		}
		y[i] = rng.Float64() < p
	}
	res, err := analysis.PRIM(x, d, y, []float64{0, 0}, []float64{1, 1},
		analysis.PRIMOptions{PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05})
	if err != nil {
		panic(err)
	}
	b := res.Boxes[res.Selected]
	fmt.Printf("x1 in [%.1f, %.1f], x2 in [%.1f, %.1f]\n", b.Low[0], b.High[0], b.Low[1], b.High[1])
	// Output:
	// x1 in [0.2, 0.6], x2 in [0.3, 0.8]
}
