package experiments

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"pactsim/output"
)

// TestEvaluateFailureStopsTasks: an error from the sink stops the task
// another worker is running within a period, as a cancel does, and is what
// Evaluate returns. The executor stops its workers only between tasks, so
// a failed write (a full disk) waited for every worker's task to end: a
// minute for a task of a thousand states (a review, stop 49). Tasks 0-15,
// the first chunk, are skipped, so the sink fails at once at task 0,
// while the other worker is inside task 16, seconds long.
func TestEvaluateFailureStopsTasks(t *testing.T) {
	plan, err := Parse("long.yaml", []byte(strings.NewReplacer("replicates: 2", "replicates: 20",
		"periods: 10000", "periods: 1000", "[none, hub_and_spokes]", "[none]").Replace(longTask)))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	stopped := map[int]bool{}
	evalStopped = func(task int) {
		mu.Lock()
		stopped[task] = true
		mu.Unlock()
	}
	defer func() { evalStopped = nil }()
	started := make(chan struct{})
	errFull := errors.New("disk full")
	err = Evaluate(t.Context(), plan, 0, plan.NumTasks(), EvalOptions{
		Workers: 2,
		Skip: func(task int) bool {
			if task == 16 {
				close(started)
			}
			return task < 16
		},
	}, func(task int, rows *output.TaskRows) error {
		if task == 0 {
			<-started // the other worker is about to run task 16
			return errFull
		}
		t.Errorf("task %d delivered after the sink failed", task)
		return nil
	})
	if !errors.Is(err, errFull) {
		t.Errorf("Evaluate: %v, want the sink's error", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !stopped[16] {
		t.Errorf("task 16 ran to its end after the sink failed (stopped: %v)", stopped)
	}
}
