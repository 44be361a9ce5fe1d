package engine

import (
	"math"
	"testing"
)

// TestProbeBansBindCells pins docs/model.md sec. 5.5's paragraph "When the
// bans bind the cells": at ō = 0.3, below the cells' obligation (0.4), the
// barred states cannot join the cells either, and `layered`'s buy-in
// collapses and its grey-zone failures rise, yet its severity stays where
// it was, because the adversary's armed seizures, which the loss weighs 30
// times a grey-zone failure (sec. 13), fall as the grey-zone pressure comes
// back (a review, stop 49). The two limits share every replicate's seed,
// as `crn: points` does. Tolerances: the stated changes lie beyond 5
// paired standard errors; "stays where it was" is a paired difference
// within 3 of them (fixed seed, so the test is deterministic; at the
// defaults' 1,000 replicates a paired SE of severity is about 0.7).
func TestProbeBansBindCells(t *testing.T) {
	const reps = 1000
	arch := []string{"layered"}
	bound := factRun(t, 4242, reps, arch, map[string]float64{"alliance_ban.obligation_limit": 0.3}, nil)
	free := factRun(t, 4242, reps, arch, map[string]float64{"alliance_ban.obligation_limit": 0.5}, nil)
	// paired is the mean and SE of bound − free over the replicates.
	paired := func(k OutcomeID) (float64, float64) {
		d := make([]float64, reps)
		for r := range d {
			x, okx := bound[r][0].Get(k)
			y, oky := free[r][0].Get(k)
			if !okx || !oky {
				t.Fatalf("outcome %d undefined at replicate %d", k, r)
			}
			d[r] = x - y
		}
		return meanSEOf(d)
	}
	for _, c := range []struct {
		k    OutcomeID
		name string
		sign float64 // +1: rises, −1: falls, 0: stays within 3 SE
	}{
		{BuyIn, "buy_in", -1},
		{FailuresGreyZone, "failures_grey_zone", +1},
		{DeterrenceGreyZone, "deterrence_success_grey_zone", -1},
		{FailuresArmed, "failures_armed", -1},
		{SeverityLoss, "severity_loss", 0},
	} {
		m, se := paired(c.k)
		t.Logf("%s: ō 0.3 − 0.5 = %.3f ± %.3f", c.name, m, se)
		switch {
		case c.sign == 0 && math.Abs(m) > 3*se:
			t.Errorf("%s: ō 0.3 − 0.5 = %.3f ± %.3f, want within 3 SE of 0", c.name, m, se)
		case c.sign != 0 && m*c.sign < 5*se:
			t.Errorf("%s: ō 0.3 − 0.5 = %.3f ± %.3f, want beyond 5 SE with sign %+g", c.name, m, se, c.sign)
		}
	}
	// The severity that the grey-zone failures add, at weight 1, the armed
	// failures' fall takes back at weight 30 (sec. 13's weights): the two
	// changes are of the same size.
	g, _ := paired(FailuresGreyZone)
	a, _ := paired(FailuresArmed)
	if r := -30 * a / g; r < 0.5 || r > 2 {
		t.Errorf("armed failures' fall × 30 is %.2f times the grey-zone failures' rise, want between 0.5 and 2", r)
	}
}
