package experiments

import (
	"context"
	"strings"
	"testing"

	"pactsim/output"
)

// Evaluate refuses a nil plan or sink with an error: a nil sink was called
// on the executor's delivery goroutine, where its nil dereference crashed
// the program past any recover (a review, stop 51).
func TestEvaluateNilPlanOrSink(t *testing.T) {
	plan := pcfg{}.plan(t)
	sink := func(int, *output.TaskRows) error { return nil }
	for name, call := range map[string]func() error{
		"nil sink": func() error { return Evaluate(context.Background(), plan, 0, 1, EvalOptions{Workers: 1}, nil) },
		"nil plan": func() error { return Evaluate(context.Background(), nil, 0, 1, EvalOptions{Workers: 1}, sink) },
	} {
		if err := call(); err == nil || !strings.Contains(err.Error(), "nil plan or sink") {
			t.Errorf("%s: got %v", name, err)
		}
	}
}
