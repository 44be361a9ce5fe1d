package docprobe

import (
	"sort"
	"strings"
	"testing"
)

// TestProbeEntrapmentWar: sec. 8, what a war changes (stop 35): with
// `crisis.entrapment` 0 against 1.5 in a world prone to war (the armed
// and blockade opprobrium and `adversary.war_aversion` 0, the armed and
// blockade gains 2; 200 replicates), wars under `hub_and_spokes` go from
// 1.06 to 2.10 a run and every outcome a war does not enter is the same
// to the bit. The text stated no seed; seed 777 gives its numbers (a
// review, stop 52; other seeds give 0.89–1.10 and 1.87–2.21).
func TestProbeEntrapmentWar(t *testing.T) {
	cfg := "name: war\nseed: 777\nreplicates: 200\nperiods: 40\narchitectures: [hub_and_spokes]\npopulation:\n  roster: indo-pacific\nparams:\n  crisis.armed_attack.opprobrium: 0\n  crisis.blockade.opprobrium: 0\n  adversary.war_aversion: 0\n  crisis.blockade.gain: 2\n  crisis.armed_attack.gain: 2\nsweep:\n  design: grid\n  crn: points\n  parameters:\n    crisis.entrapment: [0, 1.5]\noutput:\n  formats: [parquet]\n  plots: false\n"
	rows := runTableRows(t, "war.yaml", cfg, "runs")
	const P = "crisis.entrapment"
	refNear(t, "wars at 0", refMean(rows, refSel{P: "0"}, refCol("wars")), "1.06")
	refNear(t, "wars at 1.5", refMean(rows, refSel{P: "1.5"}, refCol("wars")), "2.10")
	// A war counts in wars, severity_loss, its domain's failures and
	// deterrence_success (overall and its domain's); nothing else moves.
	warCols := map[string]bool{"wars": true, "severity_loss": true, "failures_armed": true, "failures_blockade": true,
		"deterrence_success": true, "deterrence_success_armed": true, "deterrence_success_blockade": true}
	key := func(r map[string]string) string {
		var kv []string
		for k, v := range r {
			if !warCols[k] && k != P && k != "point" {
				kv = append(kv, k+"="+v)
			}
		}
		sort.Strings(kv)
		return strings.Join(kv, ";")
	}
	at := map[string]map[string]string{"0": {}, "1.5": {}}
	for _, r := range rows {
		at[r[P]][r["replicate"]] = key(r)
	}
	for rep, k := range at["0"] {
		if at["1.5"][rep] != k {
			t.Errorf("replicate %s: an outcome a war does not enter moves with entrapment", rep)
		}
	}
	refDocSays(t, "the gains 2; 200 replicates; seed 777, stated by a review, stop 52, `TestProbeEntrapmentWar`), wars under `hub_and_spokes` went from 1.06 to 2.10 a run and every other outcome was the same to the bit")
}
