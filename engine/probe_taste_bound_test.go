package engine

import "testing"

// TestTasteCorrelationActsWithFoundersBound pins what docs/model.md sec.
// 17.3 says of the map's fixed taste correlation: binding the treaty's
// founders does not make accession.taste_correlation moot, because it
// decides how many hedgers join any of the cells. On paired replicates,
// layered's buy-in at ρ_ε = 0 exceeds that at 0.9 by more than 4 SE.
func TestTasteCorrelationActsWithFoundersBound(t *testing.T) {
	if testing.Short() {
		t.Skip("probe")
	}
	const reps = 150
	archs := []string{"layered"}
	lo := factRun(t, 777, reps, archs, map[string]float64{"mechanisms.treaty.founders_bound": 1, "accession.taste_correlation": 0}, nil)
	hi := factRun(t, 777, reps, archs, map[string]float64{"mechanisms.treaty.founders_bound": 1, "accession.taste_correlation": 0.9}, nil)
	rows := make([][]Outcome, reps)
	for r := range rows {
		rows[r] = []Outcome{lo[r][0], hi[r][0]}
	}
	d, se, n := meanSE(rows, diff(0, 1, BuyIn))
	t.Logf("layered buy_in, taste correlation 0 minus 0.9, founders bound: %.4f ± %.4f (n %d)", d, se, n)
	if !(d > 4*se) {
		t.Fatalf("buy-in difference %.4f ± %.4f: not above 4 SE; docs/model.md sec. 17.3 says taste correlation acts on the cells with the founders bound", d, se)
	}
}
