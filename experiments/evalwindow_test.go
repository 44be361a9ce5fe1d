package experiments

import (
	"fmt"
	"strings"
	"testing"
	"unsafe"

	"pactsim/engine"
)

// TestEvalWindowBytes: a plan whose tasks record long runs of many
// architectures runs with a window that holds about evalWindowBytes of
// records, not the default 64 tasks a worker (stop 48: 20 architectures
// of 10,000 periods took 2.5 GB on 2 workers); a plan of short runs, or
// one that records nothing, keeps the defaults.
func TestEvalWindowBytes(t *testing.T) {
	archs := make([]string, 20)
	for i := range archs {
		archs[i] = fmt.Sprintf("{name: a%d, base: layered}", i)
	}
	cfg := func(periods string) *Plan {
		p, err := Parse("mem.yaml", []byte("name: mem\nseed: 5\nreplicates: 64\n"+periods+
			"architectures: ["+strings.Join(archs, ", ")+"]\npopulation: {roster: indo-pacific}\n"+
			"output: {tables: [runs, summary, contrasts, trajectories]}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	per := 20 * (10000*int(unsafe.Sizeof(engine.PeriodRecord{})) + len(cfg("periods: 40\n").roster.States)*int(unsafe.Sizeof(engine.StateRecord{})))
	for _, periods := range []string{"periods: 10000\n", "sweep: {parameters: {periods: [40, 10000]}}\n"} {
		for _, workers := range []int{1, 2, 16} {
			o := evalExecOptions(cfg(periods), workers, true)
			if o.ChunkTasks < 1 || o.WindowChunks < workers {
				t.Fatalf("%s%d workers: chunks of %d tasks, window %d: no room for every worker", periods, workers, o.ChunkTasks, o.WindowChunks)
			}
			if held := o.ChunkTasks * o.WindowChunks; held > max(workers, evalWindowBytes/per) {
				t.Errorf("%s%d workers: the window holds %d tasks of %d MiB of records each", periods, workers, held, per>>20)
			}
		}
	}
	for _, record := range []bool{false, true} {
		if o := evalExecOptions(cfg("periods: 40\n"), 2, record); o.ChunkTasks != 0 || o.WindowChunks != 0 {
			t.Errorf("short runs: %+v, want the defaults", o)
		}
	}
	if o := evalExecOptions(cfg("periods: 10000\n"), 2, false); o.ChunkTasks != 0 || o.WindowChunks != 0 {
		t.Errorf("no records: %+v, want the defaults", o)
	}
}
