package engine

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strconv"
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

// TestRegress pins the engine's numbers bit for bit: every outcome of the
// four presets, and every period and state record, for a few tasks at the
// defaults, on a sweep-like variant and under a probe. A change to the
// model's rules or to their order of floating-point operations changes
// this file; such a change needs a new engine.Version (and, for a model
// change, docs/model.md). Regenerate with go test ./engine -run Regress
// -update, deliberately.
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
		records := make(recordLog, len(allArchs))
		for _, seed := range c.seeds {
			fmt.Fprintf(&buf, "%s seed %d\n", c.name, seed)
			records.reset()
			run.Run(sc, seed, out, records)
			for a, o := range out {
				fmt.Fprintf(&buf, "  %s records %x\n  %s", allArchs[a], records[a].Sum(nil)[:8], allArchs[a])
				for k, spec := range Outcomes {
					if x, ok := o.Get(OutcomeID(k)); ok {
						fmt.Fprintf(&buf, " %s=%s", spec.Name, strconv.FormatFloat(x, 'g', -1, 64))
					}
				}
				buf.WriteByte('\n')
			}
		}
	}
	golden := filepath.Join("testdata", "regress.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./engine -run Regress -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		got, exp := bytes.Split(buf.Bytes(), []byte("\n")), bytes.Split(want, []byte("\n"))
		for k := range min(len(got), len(exp)) {
			if !bytes.Equal(got[k], exp[k]) {
				t.Fatalf("engine output differs from %s at line %d:\n got %s\nwant %s", golden, k+1, got[k], exp[k])
			}
		}
		t.Fatalf("engine output differs from %s in length: %d lines, want %d", golden, len(got), len(exp))
	}
}
