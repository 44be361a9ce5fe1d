package output

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"pactsim/engine"
)

// testLayout is a small plan with every column type: a float, an int and a
// bool swept parameter, and the architectures whose contrast comes first.
func testLayout(dir string) Layout {
	return Layout{
		Dir:   dir,
		Swept: []string{"us.reliability", "periods", "mechanisms.treaty.founders_bound"},
		Points: [][]float64{
			{0.3, 40, 0},
			{0.9, 40, 1},
			{0.5, 20, 1},
		},
		Replicates:    5,
		Architectures: []string{"none", "treaty", "hub_and_spokes", "layered"},
		Arrow:         true,
		Trajectories:  true,
		States:        true,
		Provenance:    Provenance{ConfigSHA256: "c0ffee", EngineVersion: "test-engine", ModelVersion: "test-model"},
	}
}

// fakeTask makes task (point, replicate)'s rows from a stream seeded by the
// task alone, like the engine: the same task always gives the same rows.
// Some nullable outcomes are undefined, and treaty_formed is defined only
// for the architectures that have a treaty.
func fakeTask(l *Layout, point, rep int) *TaskRows {
	rng := rand.New(rand.NewPCG(uint64(point), uint64(rep)))
	tr := &TaskRows{Point: point, Replicate: rep, Seed: int64(rng.Uint64() >> 1)}
	for _, arch := range l.Architectures {
		var o engine.Outcome
		for k, spec := range engine.Outcomes {
			switch spec.Kind {
			case engine.Real:
				o.Value[k] = rng.Float64() + float64(point)
			case engine.Count:
				o.Value[k] = float64(rng.IntN(5))
			case engine.Flag:
				o.Value[k] = float64(rng.IntN(2))
			}
			o.Valid[k] = !spec.Nullable || rng.IntN(4) != 0
		}
		if arch != "treaty" && arch != "layered" {
			o.Valid[engine.TreatyFormed] = false
		}
		tr.Outcomes = append(tr.Outcomes, o)
		var ps []engine.PeriodRecord
		for t := 1; t <= 3; t++ {
			ps = append(ps, engine.PeriodRecord{Period: t, Challenges: rng.IntN(3), Tension: rng.Float64(), MeanBelief: rng.Float64(), Members: rng.IntN(12), Interop: rng.Float64()})
		}
		ps[0].Visibility = 0.25 // no record value is ever undefined (TestRecordNaNRefused)
		tr.Periods = append(tr.Periods, ps)
		var ss []engine.StateRecord
		for s, name := range []string{"US", "JP", "AU"} {
			ss = append(ss, engine.StateRecord{State: s, Name: name, Role: 0, Capability: rng.Float64(), BeliefEnd: rng.Float64(), Committed: rng.IntN(3)})
		}
		tr.States = append(tr.States, ss)
	}
	return tr
}

// testPart is one part of a test plan: a task range and its name.
type testPart struct {
	lo, hi int
	name   string
}

// partsOf cuts [lo, hi) at the multiples of partTasks and names the parts
// as experiments.PartName does.
func partsOf(lo, hi, partTasks int) []testPart {
	var ps []testPart
	for a := lo; a < hi; {
		b := min(hi, (a/partTasks+1)*partTasks)
		name := fmt.Sprintf("part-%05d", a/partTasks)
		if off := a % partTasks; off != 0 {
			name += fmt.Sprintf("_%0*d", len(strconv.Itoa(partTasks-1)), off)
		}
		ps = append(ps, testPart{a, b, name})
		a = b
	}
	return ps
}

// pn is the name of part k of an unsharded run.
func pn(k int) string { return fmt.Sprintf("part-%05d", k) }

// writePart writes the tasks of one part.
func writePart(d *Dataset, p testPart) error {
	l := d.Layout()
	w, err := d.NewPart(p.name, p.lo, p.hi)
	if err != nil {
		return err
	}
	for task := p.lo; task < p.hi; task++ {
		if err := w.Write(fakeTask(&l, task/l.Replicates, task%l.Replicates)); err != nil {
			return err
		}
	}
	return w.Close()
}

// writeParts writes every task of d's plan in parts of partTasks tasks.
func writeParts(t testing.TB, d *Dataset, partTasks int) {
	t.Helper()
	for _, p := range partsOf(0, d.Tasks(), partTasks) {
		if err := writePart(d, p); err != nil {
			t.Fatal(err)
		}
	}
}

// writeDataset writes and finalises a whole results directory.
func writeDataset(t testing.TB, l Layout, partTasks int) *Dataset {
	t.Helper()
	return writeDatasetRows(t, l, partTasks, defaultRowGroupRows)
}

// writeDatasetRows is writeDataset with row groups of rowGroupRows rows.
func writeDatasetRows(t testing.TB, l Layout, partTasks, rowGroupRows int) *Dataset {
	t.Helper()
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	d.rowGroupRows = rowGroupRows
	writeParts(t, d, partTasks)
	if err := d.Finalize(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

func nan() float64 { var z float64; return z / z }
