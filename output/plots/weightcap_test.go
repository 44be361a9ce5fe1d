package plots

import (
	"context"
	"fmt"
	"testing"
)

// TestWeightFiguresCap (a review, stop 50): a break-even sweep's 109 rows
// were drawn as 109 bars in one 5 in panel; past maxWeightBars a panel the
// contributions figures are left out (buildFigures notes it) and at the cap
// they are drawn.
func TestWeightFiguresCap(t *testing.T) {
	rows := func(n int) *weightData {
		w := &weightData{}
		for _, o := range weightOutcomes {
			for k := range n {
				w.contribs = append(w.contribs, contribution{mechanism: fmt.Sprintf("retribution.strength = %d", k), outcome: o, a: "layered", b: "treaty", n: 10, c: 0.1, lo: 0, hi: 0.2})
			}
		}
		return w
	}
	over := rows(maxWeightBars + 1)
	if got := over.maxBars(); got != maxWeightBars+1 {
		t.Fatalf("maxBars %d, want %d", got, maxWeightBars+1)
	}
	figs, err := weightFigures(context.Background(), over, Meta{Name: "x"})
	if err != nil || len(figs) != 0 {
		t.Errorf("past the cap: %v, %d figures", err, len(figs))
	}
	figs, err = weightFigures(context.Background(), rows(maxWeightBars), Meta{Name: "x"})
	if err != nil || len(figs) != len(weightOutcomes) {
		t.Errorf("at the cap: %v, %d figures", err, len(figs))
	}
}
