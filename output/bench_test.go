package output

import (
	"testing"
)

// BenchmarkPartRuns measures writing a part of the runs table (Parquet and
// Arrow) per task, the output cost every run pays.
func BenchmarkPartRuns(b *testing.B) {
	l := testLayout(b.TempDir())
	l.Trajectories, l.States = false, false
	l.Replicates = 200
	d, err := New(l)
	if err != nil {
		b.Fatal(err)
	}
	tasks := make([]*TaskRows, d.Tasks())
	for k := range tasks {
		tasks[k] = fakeTask(&l, k/l.Replicates, k%l.Replicates)
	}
	b.ReportAllocs()
	part := 0
	for b.Loop() {
		w, err := d.NewPart(pn(part), 0, len(tasks))
		if err != nil {
			b.Fatal(err)
		}
		for _, tr := range tasks {
			if err := w.Write(tr); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		part++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(part*len(tasks)), "ns/task")
}
