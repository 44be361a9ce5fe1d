package engine

import (
	"os"
	"strings"
	"testing"
)

// TestProbeFormationAgreement pins docs/model.md sec. 22's "Formation is
// still mostly taste noise, and keyed by architecture": on the same
// replicates (seed 99, 2,000 replicates) the treaty's fate under `treaty`
// and under `treaty_plus_cells` agrees (formed under both, or under
// neither) in 1,380 runs, 69%, and it forms under both in 947, 47%; with
// `accession.taste_correlation` 1 the fates agree in 1,999 of the 2,000.
// The text had said the treaty forms under both "together in only 69% of
// runs (100% at taste_correlation 1)", which reads as the share formed
// under both: that share is 47%, and 66% at a correlation of 1, since
// the treaty forms in about two thirds of runs (a review, stop 50). The
// counts are exact at the fixed seed.
func TestProbeFormationAgreement(t *testing.T) {
	const reps = 2000
	archs := []string{"treaty", "treaty_plus_cells"}
	count := func(set map[string]float64) (agree, both int) {
		rs := factRun(t, 99, reps, archs, set, nil)
		for _, r := range rs {
			a, oka := r[0].Get(TreatyFormed)
			b, okb := r[1].Get(TreatyFormed)
			if !oka || !okb {
				t.Fatal("treaty_formed undefined under a treaty-bearing preset")
			}
			if a == b {
				agree++
			}
			if a == 1 && b == 1 {
				both++
			}
		}
		return agree, both
	}
	if agree, both := count(nil); agree != 1380 || both != 947 {
		t.Errorf("defaults: fates agree in %d and both formed in %d of %d runs, want 1380 and 947", agree, both, reps)
	}
	if agree, _ := count(map[string]float64{"accession.taste_correlation": 1}); agree != 1999 {
		t.Errorf("taste_correlation 1: fates agree in %d of %d runs, want 1999", agree, reps)
	}
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	const s = "so the treaty's fate in the same world (formed under both, or under neither) is the same under `treaty` and under `treaty_plus_cells` in only 69% of runs (1,999 of 2,000 at `taste_correlation` 1), and it forms under both in 47%"
	if !strings.Contains(text, s) {
		t.Errorf("docs/model.md sec. 22 does not state %q", s)
	}
}
