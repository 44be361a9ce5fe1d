package engine_test

import (
	"context"
	"math"
	"testing"

	"pactsim/engine"
)

// Execute runs exactly the tasks of [lo, hi) when hi is near the largest
// int: the last chunk's end, first + chunk, overflowed, and the chunk ran
// whole, past hi to tasks wrapped below lo (a review, stop 51). A range
// of more tasks than an int counts panics, like hi < lo.
func TestExecuteRangeNearMaxInt(t *testing.T) {
	for _, c := range []struct{ lo, hi, chunk int }{
		{math.MaxInt - 50, math.MaxInt, 16},
		{math.MaxInt - 50, math.MaxInt, 0},
		{math.MaxInt - 1, math.MaxInt, 16},
		{math.MinInt, math.MinInt + 33, 16},
		{-40, 9, 7},
	} {
		var got []int
		err := engine.Execute(context.Background(), c.lo, c.hi, engine.ExecOptions{Workers: 3, ChunkTasks: c.chunk},
			func() int { return 0 },
			func(_ int, task int, out *int) error { *out = task; return nil },
			func(task int, r *int) error {
				if *r != task {
					t.Errorf("[%d, %d): sink got task %d with the result of task %d", c.lo, c.hi, task, *r)
				}
				got = append(got, task)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		ok := len(got) == c.hi-c.lo
		for i, task := range got {
			ok = ok && task == c.lo+i
		}
		if !ok {
			t.Errorf("[%d, %d) in chunks of %d: %d tasks delivered, want %d in order", c.lo, c.hi, c.chunk, len(got), c.hi-c.lo)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a range of more tasks than an int counts did not panic")
		}
	}()
	_ = engine.Execute(context.Background(), math.MinInt, 1, engine.ExecOptions{},
		func() int { return 0 },
		func(int, int, *int) error { return nil },
		func(int, *int) error { return nil })
}
