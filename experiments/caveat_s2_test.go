package experiments

import (
	"math"
	"strings"
	"testing"

	"pactsim/output"
)

// TestSecondOrderCaveat: a Sobol' table with second-order indices from a
// base sample below output.CheckedS2N carries the S2 note (a review, stop
// 34: S2 of a pair with an inert parameter came out 0.49 with an interval
// excluding 0 at N = 32); without S2 rows, or from N = 256, it does not.
func TestSecondOrderCaveat(t *testing.T) {
	table := func(n int, s2 bool) *output.AnalysisTables {
		rows := []output.SensitivityRow{{Method: output.MethodSobol, Outcome: "wars", ArchitectureA: "none", Parameter: "a", Index: output.IndexST, Estimate: 0.1, CILow: 0, CIHigh: 0.2, N: n}}
		if s2 {
			rows = append(rows, output.SensitivityRow{Method: output.MethodSobol, Outcome: "wars", ArchitectureA: "none", Parameter: "a", ParameterB: "b", Index: output.IndexS2, Estimate: 0.4, CILow: math.NaN(), CIHigh: math.NaN(), N: n})
		}
		return &output.AnalysisTables{HasSensitivity: true, Sensitivity: rows}
	}
	for _, tc := range []struct {
		n    int
		s2   bool
		want bool
	}{{32, true, true}, {255, true, true}, {256, true, false}, {32, false, false}, {2048, true, false}} {
		got := strings.Contains(sensitivityCaveat(table(tc.n, tc.s2)), "second-order index S2")
		if got != tc.want {
			t.Errorf("N = %d, S2 rows %v: S2 note %v, want %v (caveat %q)", tc.n, tc.s2, got, tc.want, sensitivityCaveat(table(tc.n, tc.s2)))
		}
	}
}
