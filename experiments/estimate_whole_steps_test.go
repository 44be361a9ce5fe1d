package experiments

import "testing"

// TestTimingStepsBound: timedTasks and timedPartFiles, which bound the
// bytes a timing writes before it is allowed to run (EstimateRun), are
// the sums of timeWhole's steps: the review of stop 38 timed B and C twice
// and raised timedTasks, but left the part count at B twice, A and C once.
func TestTimingStepsBound(t *testing.T) {
	tasks, parts := 0, 0
	for _, s := range timingSteps {
		tasks += s.points
		parts += (s.points + s.partTasks - 1) / s.partTasks
	}
	if tasks != timedTasks || parts != timedPartFiles {
		t.Errorf("timeWhole writes %d tasks in %d parts; timedTasks %d, timedPartFiles %d", tasks, parts, timedTasks, timedPartFiles)
	}
	if len(timingSteps) != 6 {
		t.Errorf("%d timing steps; timeWhole reads six (B, B, A, C, B, C)", len(timingSteps))
	}
}
