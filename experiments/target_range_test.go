package experiments

import (
	"strings"
	"testing"

	"pactsim/analysis"
)

// TestTargetValueToleranceDecimal: a target written value ± tolerance is
// the inclusive range [value − tolerance, value + tolerance] of the
// decimals written, so a mean that is exactly an end (8 of 10 replicates
// for 0.7 ± 0.1; 0.6 for 0.7 ± 0.1; 12 of 40 for 0.45 ± 0.15) is met.
// Floating-point subtraction made 0.7 + 0.1 = 0.7999999999999999 and
// 0.45 − 0.15 = 0.30000000000000004, so those ends read "missed" with a
// loss above 0.
func TestTargetValueToleranceDecimal(t *testing.T) {
	cases := []struct {
		value, tol string
		achieved   []float64 // replicate values of a 0/1 outcome
	}{
		{"0.7", "0.1", []float64{1, 1, 1, 1, 1, 1, 1, 1, 0, 0}},    // 0.8, the high end
		{"0.7", "0.1", []float64{1, 1, 1, 0, 0}},                   // 0.6, the low end
		{"0.35", "0.05", []float64{1, 1, 0, 0, 0}},                 // 0.4, the high end
		{"0.8", "0.1", []float64{1, 1, 1, 1, 1, 1, 1, 0, 0, 0}},    // 0.7, the low end
		{"0.45", "0.15", append(ones(12), make([]float64, 28)...)}, // 0.3, the low end
	}
	for _, c := range cases {
		cfg := strings.Replace(calibrationConfig, "value: 0.65, tolerance: 0.1", "value: "+c.value+", tolerance: "+c.tol, 1)
		p := mustParse(t, cfg)
		tg := p.Config.Calibration.Targets[2].Target()
		got, err := tg.Measure(fixedReplicates(c.achieved))
		if err != nil {
			t.Fatal(err)
		}
		if !tg.Met(got) || analysis.Loss([]analysis.Target{tg}, []analysis.TargetValue{got}) != 0 {
			t.Errorf("%s ± %s: achieved %v (range [%.17g, %.17g]) reads missed, loss %g", c.value, c.tol, got.Value, tg.Low, tg.High,
				analysis.Loss([]analysis.Target{tg}, []analysis.TargetValue{got}))
		}
	}
}

func ones(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 1
	}
	return s
}

// fixedReplicates gives the same replicate values for every quantity.
type fixedReplicates []float64

func (f fixedReplicates) Replicates(analysis.Quantity) ([]float64, error) { return f, nil }
