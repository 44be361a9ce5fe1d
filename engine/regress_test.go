package engine

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"hash"
	"path/filepath"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

var update = flag.Bool("update", false, "rewrite testdata/regress.golden from the current engine")

// recordLog digests every record, field by field at full precision, per
// architecture: the golden file stays small and still pins every record.
type recordLog []hash.Hash

func (l recordLog) reset() {
	for a := range l {
		l[a] = sha256.New()
	}
}

func (l recordLog) RecordPeriod(a int, r *PeriodRecord) { fmt.Fprintf(l[a], "%+v\n", *r) }
func (l recordLog) RecordState(a int, r *StateRecord)   { fmt.Fprintf(l[a], "%+v\n", *r) }

// TestRegress pins the engine's numbers: every outcome of the four 1.1
// presets, and every period and state record, for a few tasks at the
// defaults, on a sweep-like variant and under a probe, to goldenTol. A
// change to the model's rules changes this file; such a change needs a new
// engine.Version (and, for a model change, docs/model.md). Regenerate with
// go test ./engine -run Regress -update, deliberately.
func TestRegress(t *testing.T) {
	var buf bytes.Buffer
	r := roster(t, "")
	variant := param.Defaults()
	for name, x := range map[string]float64{"us.reliability": 0.4, "population.autonomy_shift": 0.3, "mechanisms.treaty.founders_bound": 1} {
		if err := variant.Set(name, x); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name  string
		p     param.Values
		probe *Probe
		seeds []int64
	}{
		{"defaults", param.Defaults(), nil, []int64{1, 2, 3, 4, 5, 6}},
		{"variant", variant, nil, []int64{7, 8}},
		{"probe", param.Defaults(), &Probe{Type: agents.ArmedAttack, Targets: []string{"JP", "AU", "PH"}}, []int64{9}},
	}
	for _, c := range cases {
		sc := presetScenario(t, c.p, r, c.probe, allArchs...)
		run := NewRunner()
		out := make([]Outcome, len(allArchs))
		records := newRecordSums(len(allArchs))
		for _, seed := range c.seeds {
			fmt.Fprintf(&buf, "%s seed %d\n", c.name, seed)
			records.reset()
			run.Run(sc, seed, out, records)
			records.writeRun(&buf, allArchs, out, nil)
		}
	}
	checkGolden(t, filepath.Join("testdata", "regress.golden"), buf.Bytes())
}
