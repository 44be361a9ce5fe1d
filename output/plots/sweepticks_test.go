package plots

import (
	"slices"
	"testing"
)

// TestSweepTicksFit (a review, stop 51): breakeven.yaml sweeps
// adversary.formation_shock over 0–0.15, and the sweep figure's narrow x
// axis got seven labels "0.000" to "0.150" that ran into each other. A
// sweep's labels take at most sweepTickChars characters, with at least
// three labels, and an axis whose labels fit keeps niceTicks' ticks.
func TestSweepTicksFit(t *testing.T) {
	for _, c := range [][2]float64{{0, 0.15}, {0, 2.25}, {0, 60}, {0.3, 0.9}, {0, 0.9}, {0.03, 0.1}, {-0.4, 0.4}, {0, 1.5}} {
		ticks := (sweepTicks{}).Ticks(c[0], c[1])
		chars, labels := 0, 0
		for _, tk := range ticks {
			if tk.Label != "" {
				chars += len(tk.Label)
				labels++
			}
		}
		if chars > sweepTickChars || labels < 3 {
			t.Errorf("%v: %d labels of %d characters in all, want at least 3 and at most %d: %v", c, labels, chars, sweepTickChars, ticks)
		}
	}
	if a, b := (sweepTicks{}).Ticks(0.3, 0.9), (niceTicks{}).Ticks(0.3, 0.9); !slices.Equal(a, b) {
		t.Errorf("0.3–0.9: sweep ticks %v, want niceTicks' %v", a, b)
	}
}
