package engine

import (
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

func benchScenario(b testing.TB, arch string) *Scenario {
	p := param.Defaults()
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		b.Fatal(err)
	}
	a, err := agents.Preset(arch, p, r)
	if err != nil {
		b.Fatal(err)
	}
	sc, err := NewScenario(p, r, []agents.Architecture{a})
	if err != nil {
		b.Fatal(err)
	}
	return sc
}

// BenchmarkArchitectureRun measures one architecture-run on the default
// roster over 40 periods (the speed target: at most 100 µs on one
// core, no allocation in steady state). The population draw is included, as
// it is in every task.
func BenchmarkArchitectureRun(b *testing.B) {
	for _, arch := range agents.PresetNames() {
		b.Run(arch, func(b *testing.B) {
			benchRuns(b, benchScenario(b, arch))
		})
	}
}

// BenchmarkTask11 measures a task as the runner runs one (docs/model.md
// sec. 22.1): the four 1.1 presets on one population draw and the same
// shocks. Its ns/arch-run, the task's time over its architectures, is the
// per-architecture cost with the draw shared, which the 1.1 engine, with
// the same four presets, can be measured by beside it.
func BenchmarkTask11(b *testing.B) {
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		b.Fatal(err)
	}
	sc := presetScenario(b, param.Defaults(), r, nil, agents.PresetNames()[:4]...)
	benchRuns(b, sc)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sc.Architectures)), "ns/arch-run")
}

// benchRuns runs sc's task with seeds 1, 2, … in b's loop, after one run
// that sizes the runner's scratch, and reports allocations.
func benchRuns(b *testing.B, sc *Scenario) {
	run := NewRunner()
	out := make([]Outcome, len(sc.Architectures))
	run.Run(sc, 1, out, nil)
	b.ReportAllocs()
	seed := int64(0)
	for b.Loop() {
		seed++
		run.Run(sc, seed, out, nil)
	}
}

// TestRunAllocatesNothing: after warm-up, an architecture-run of every
// preset allocates nothing (docs/model.md sec. 11; the engine's zero
// allocation invariant), with the recorder off.
func TestRunAllocatesNothing(t *testing.T) {
	for _, arch := range agents.PresetNames() {
		sc := benchScenario(t, arch)
		r := NewRunner()
		out := make([]Outcome, 1)
		r.Run(sc, 1, out, nil)
		seed := int64(1)
		if n := testing.AllocsPerRun(20, func() { seed++; r.Run(sc, seed, out, nil) }); n != 0 {
			t.Errorf("%s: %v allocations per run", arch, n)
		}
	}
}

// BenchmarkOverlay11 is BenchmarkArchitectureRun for the four 1.1 presets
// under the 1.1 overlay (docs/model.md sec. 20): the 2.0 engine doing 1.1's
// work, beside the 1.1 engine's own figures.
func BenchmarkOverlay11(b *testing.B) {
	p := overlay11(b)
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		b.Fatal(err)
	}
	for _, arch := range agents.PresetNames()[:4] {
		b.Run(arch, func(b *testing.B) {
			benchRuns(b, presetScenario(b, p, r, nil, arch))
		})
	}
}
