package analysis

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// TestMorrisCoverageFigures recomputes the coverage of Morris's μ and μ*
// intervals that output.SensitivityCaveat, analysis/doc.go and the README
// state for 20, 40 and 80 trajectories: on TestMorrisNonlinear's function
// y = u1² + u1·u2 (u3 inert; 4 levels, so μ = μ* = 1.5 and 0.5 for u1 and
// u2, every effect of either being positive), 4,000 repeats, repeat i
// drawing its design from rand.NewPCG(51, i) and its 1,000 bootstrap
// resamples (the runner's default) from rand.NewPCG(52, i); the share of
// the 8,000 intervals of u1 and u2 (u3's collapse on 0 and always cover)
// that hold the true value, to one decimal (a standard error of about 0.3
// points). The texts said 92.8%, 93.7% and 95% (1,000 repeats), which no
// test recomputed and which this measurement does not give (a review,
// stop 53). About 10 s of CPU.
func TestMorrisCoverageFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("4,000 Morris analyses at each of three sizes")
	}
	const reps = 4000
	truth := []float64{1.5, 0.5}
	covers := func(e Estimate, v float64) bool { return e.CILow <= v+1e-12 && v <= e.CIHigh+1e-12 }
	var got []string
	for _, r := range []int{20, 40, 80} {
		var mu, muStar int
		for rep := range reps {
			pts, err := MorrisSample(r, 3, 4, rand.NewPCG(51, uint64(rep)))
			if err != nil {
				t.Fatal(err)
			}
			y := make([]float64, len(pts)/3)
			for q := range y {
				u := pts[q*3 : q*3+3]
				y[q] = u[0]*u[0] + u[0]*u[1]
			}
			res, err := Morris(t.Context(), pts, 3, y, Bootstrap{Resamples: 1000, Src: rand.NewPCG(52, uint64(rep))})
			if err != nil {
				t.Fatal(err)
			}
			for j, v := range truth {
				if covers(res.Mu[j], v) {
					mu++
				}
				if covers(res.MuStar[j], v) {
					muStar++
				}
			}
		}
		if mu != muStar {
			t.Errorf("%d trajectories: μ covered %d times, μ* %d; on this function they are the same statistic", r, mu, muStar)
		}
		n := 2 * reps
		tenths := (2000*mu + n) / (2 * n) // the share in tenths of a percent, rounded half up
		t.Logf("%d trajectories: %d of %d intervals cover (%d.%d%%)", r, mu, n, tenths/10, tenths%10)
		if tenths >= 950 {
			t.Errorf("%d trajectories: coverage %d.%d%%; the texts say the intervals under-cover", r, tenths/10, tenths%10)
		}
		got = append(got, fmt.Sprintf("%d.%d%%", tenths/10, tenths%10))
	}
	// The figures as each text writes them.
	figures := fmt.Sprintf("about %s of the time at 20 trajectories, %s at 40 and %s at 80", got[0], got[1], got[2])
	texts := map[string]string{
		"../output/analysis_tables.go": "cover " + figures + " on a test function (4,000 repeats, a standard error of about 0.3 points;",
		"doc.go":                       fmt.Sprintf("and μ's and μ*'s about %s at 20, %s at 40 and %s at 80 on a test function (4,000 repeats, a standard error of about 0.3 points; TestMorrisCoverageFigures)", got[0], got[1], got[2]),
		"../README.md":                 "(μ's and μ*'s " + figures + " on a test function, over 4,000 repeats with a standard error of about 0.3 points)",
	}
	for path, want := range texts {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(strings.ReplaceAll(string(b), "//", "")), " ")
		if !strings.Contains(text, want) {
			t.Errorf("%s does not state %q", path, want)
		}
	}
}
