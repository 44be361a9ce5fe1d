package engine

import (
	"math"
	"os"
	"strings"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestRosterOrderInvariant is a referee's probe of the model's symmetry: a
// state's place in the roster is a label, not a property. The order fixes
// only the sequence in which A weighs its targets within a period
// (docs/model.md sec. 6.3, so a crisis with an earlier row is resolved
// before a later row is weighed) and the order of sums (sec. 6.2). So the
// same roster with its rows in another order must give the same
// distribution of every outcome. The draws are keyed by a state's index,
// so the runs differ draw by draw; the test compares means over replicates.
//
// Tolerance: each outcome's two means, over 1,500 replicates each, must
// lie within 4.5 standard errors of their difference (independent draws).
// Over the roughly 150 comparisons that leaves about one false alarm in
// 5,000 seeds under the hypothesis of no difference, and the seeds are
// fixed, so the test is deterministic. An engine that read a role or a
// preset's member from a position instead of a name, or that let a row's
// place decide whether it may respond, fails it by many standard errors
// (leaving the second row out of every crisis's candidates moves four
// outcomes by 6 to 20 standard errors). The reversed roster puts the
// patron last and the core states second and third from the end.
func TestRosterOrderInvariant(t *testing.T) {
	if testing.Short() {
		t.Skip("3 × 2 × 1,500 architecture-runs")
	}
	text, err := os.ReadFile("../agents/data/indo-pacific.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(text), "\n"), "\n")
	rev := []string{lines[0]}
	for i := len(lines) - 1; i > 0; i-- {
		rev = append(rev, lines[i])
	}
	orig, err := agents.ParseRoster("indo-pacific", strings.NewReader(string(text)))
	if err != nil {
		t.Fatal(err)
	}
	back, err := agents.ParseRoster("reversed", strings.NewReader(strings.Join(rev, "\n")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if orig.Names()[0] == back.Names()[0] {
		t.Fatalf("the reversed roster starts with %s as the original does", orig.Names()[0])
	}
	archs := []string{"none", "treaty", "layered"}
	const reps = 1500
	means := func(r *agents.Roster, seed int64) (m, v [][NumOutcomes]float64, n [][NumOutcomes]int) {
		sc := presetScenario(t, param.Defaults(), r, nil, archs...)
		run := NewRunner()
		out := make([]Outcome, len(archs))
		m = make([][NumOutcomes]float64, len(archs))
		v = make([][NumOutcomes]float64, len(archs))
		n = make([][NumOutcomes]int, len(archs))
		for rep := int64(0); rep < reps; rep++ {
			run.Run(sc, seed+rep, out, nil)
			for a := range archs {
				for k := range NumOutcomes {
					if x, ok := out[a].Get(OutcomeID(k)); ok {
						n[a][k]++
						d := x - m[a][k]
						m[a][k] += d / float64(n[a][k])
						v[a][k] += d * (x - m[a][k])
					}
				}
			}
		}
		return m, v, n
	}
	m1, v1, n1 := means(orig, 1_000_000)
	m2, v2, n2 := means(back, 2_000_000)
	compared := 0
	for a, arch := range archs {
		for k := range NumOutcomes {
			if n1[a][k] < 30 || n2[a][k] < 30 {
				continue
			}
			se := math.Sqrt(v1[a][k]/float64(n1[a][k]-1)/float64(n1[a][k]) + v2[a][k]/float64(n2[a][k]-1)/float64(n2[a][k]))
			d := m1[a][k] - m2[a][k]
			if se == 0 {
				if d != 0 {
					t.Errorf("%s %s: constant %g in roster order, %g reversed", arch, Outcomes[k].Name, m1[a][k], m2[a][k])
				}
				continue
			}
			compared++
			if z := d / se; math.Abs(z) > 4.5 {
				t.Errorf("%s %s: mean %.5g in roster order, %.5g reversed (z = %.2f)", arch, Outcomes[k].Name, m1[a][k], m2[a][k], z)
			}
		}
	}
	if compared < 3*20 {
		t.Fatalf("only %d outcomes compared", compared)
	}
}
