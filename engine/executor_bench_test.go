package engine_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"pactsim/engine"
)

// BenchmarkExecuteOverhead measures what the executor itself costs per task:
// the work and sink do next to nothing, so ns/task is the price of chunk
// claims, handoffs, cancellation checks and in-order delivery. Compare it
// with a real task (about a millisecond for a few architectures).
func BenchmarkExecuteOverhead(b *testing.B) {
	const tasks = 1 << 16
	type row struct {
		task int
		x    float64
	}
	for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
		for _, chunk := range []int{1, engine.DefaultChunkTasks, 256} {
			b.Run(fmt.Sprintf("workers=%d/chunk=%d", workers, chunk), func(b *testing.B) {
				opt := engine.ExecOptions{Workers: workers, ChunkTasks: chunk}
				var sum float64
				b.ReportAllocs()
				for b.Loop() {
					err := engine.Execute(context.Background(), 0, tasks, opt,
						func() struct{} { return struct{}{} },
						func(_ struct{}, task int, out *row) error {
							out.task, out.x = task, float64(task)
							return nil
						},
						func(task int, r *row) error {
							sum += r.x
							return nil
						})
					if err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/task")
				if sum == 0 {
					b.Fatal("sink saw nothing")
				}
			})
		}
	}
}
