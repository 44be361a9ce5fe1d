package engine

import (
	"bytes"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestDecayFlagsExact: decay's passes over honour records and credibility
// beliefs run only while one may be away from its prior (honourAway,
// the list credList; reviews, stops 53 and 54). With credibility decaying to its prior in
// one period (rate 1) the flag clears between events, so a failed treaty
// attempt at a retry, a commitment or a hand-tying that moves a belief
// later must set it again, or that belief would never decay: the
// shortcuts must give the runs of decaying every belief every period
// (sim.full), bit for bit, for every preset.
func TestDecayFlagsExact(t *testing.T) {
	ip := roster(t, "")
	cases := []map[string]float64{
		// Failed attempts and retries, no commitments, no hand-tying.
		{"adversary.credibility_decay": 1, "adversary.handtying.strength": 0, "crisis.commitment_threshold": 1,
			"treaty.retry_period": 2, "accession.review_period": 2, "accession.taste_scale": 3},
		// Commitments and hand-tying as well.
		{"adversary.credibility_decay": 1, "learning.belief_decay": 1, "treaty.retry_period": 2,
			"accession.review_period": 2, "accession.taste_scale": 3, "crisis.commitment_threshold": 0.1},
	}
	for c, kv := range cases {
		p := param.Defaults()
		for name, x := range kv {
			if err := p.Set(name, x); err != nil {
				t.Fatal(err)
			}
		}
		sc := presetScenario(t, p, ip, nil, agents.PresetNames()...)
		every := NewRunner()
		every.sim.full = true
		got, want := runDigest(sc, NewRunner(), 60), runDigest(sc, every, 60)
		if !bytes.Equal(got, want) {
			g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
			for k := range min(len(g), len(w)) {
				if !bytes.Equal(g[k], w[k]) {
					t.Fatalf("case %d: the shortcuts differ from decaying every belief at line %d:\n got %s\nwant %s", c, k+1, g[k], w[k])
				}
			}
		}
	}
}
