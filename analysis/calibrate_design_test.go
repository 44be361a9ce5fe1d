package analysis

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestCalibrateDesign: with Points the calibration evaluates the start and
// every point, in order, even after one meets every target (the design's
// answer is the set of points that do, not the first); the best is the
// lowest loss, the earliest on ties; a resumed design takes the trace's
// evaluations and ends the same.
func TestCalibrateDesign(t *testing.T) {
	m := newToyModel(10)
	// challenges under hub is 2·th + nz + noise: the band [2.2, 2.8] is
	// met around th ≈ 1.1-1.3 at nz 0.3 and missed far from it.
	tg := []Target{{Name: "band", Of: qA, Low: 2.2, High: 2.8, Weight: 1}}
	pts := [][]float64{{0.6, 0.1}, {1.1, 0.3}, {1.6, 0.5}, {1.2, 0.3}, {0.9, 0.2}}
	c := Calibration{
		Lower: lower, Upper: upper, Start: []float64{1.15, 0.3},
		Targets: tg, Model: m.eval, Evaluations: 1 + len(pts), Points: pts,
		Src: rand.NewPCG(1, 1),
	}
	var seen []Record
	c.Observe = func(r Record) error { seen = append(seen, r); return nil }
	res, err := Calibrate(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusDesign || res.Evaluations != 6 || m.calls != 6 {
		t.Fatalf("status %q, %d evaluations, %d model calls; want %q, 6, 6", res.Status, res.Evaluations, m.calls, StatusDesign)
	}
	want := append([][]float64{c.Start}, pts...)
	var met []int
	for k, r := range seen {
		if r.Evaluation != k || !slices.Equal(r.X, want[k]) {
			t.Errorf("evaluation %d: %d at %v; want %d at %v", k, r.Evaluation, r.X, k, want[k])
		}
		if r.Loss == 0 {
			met = append(met, k)
		}
	}
	// The start meets the band, yet the design goes on; points 1 and 3
	// (th 1.1 and 1.2 at nz 0.3) meet it too, the ends of the box do not.
	if !slices.Equal(met, []int{0, 2, 4}) {
		t.Errorf("evaluations meeting every target %v; want [0 2 4]", met)
	}
	if res.Best.Evaluation != 0 || res.Best.Loss != 0 {
		t.Errorf("best: evaluation %d, loss %v; want the earliest of loss 0, 0", res.Best.Evaluation, res.Best.Loss)
	}
	// Resumed from the first four evaluations: two model calls, the same
	// records.
	m.calls = 0
	c.Trace = seen[:4]
	var again []Record
	c.Observe = func(r Record) error { again = append(again, r); return nil }
	if _, err := Calibrate(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if m.calls != 2 || len(again) != 6 {
		t.Fatalf("resumed: %d model calls, %d records; want 2, 6", m.calls, len(again))
	}
	for k := range again {
		if again[k].Loss != seen[k].Loss || !slices.Equal(again[k].X, seen[k].X) || again[k].Reused != (k < 4) {
			t.Errorf("resumed evaluation %d: %+v; want %+v (reused %v)", k, again[k], seen[k], k < 4)
		}
	}
}

// TestCalibrateDesignErrors: a design must match its budget and stay in
// the box.
func TestCalibrateDesignErrors(t *testing.T) {
	m := newToyModel(5)
	base := Calibration{
		Lower: lower, Upper: upper, Start: start,
		Targets: []Target{{Name: "wide", Of: qA, Low: -100, High: 100, Weight: 1}},
		Model:   m.eval, Src: rand.NewPCG(1, 1),
	}
	for _, tc := range []struct {
		pts   [][]float64
		evals int
		want  string
	}{
		{[][]float64{{1, 0.3}}, 1, "has 2 evaluations with the start"},
		{[][]float64{{1, 0.3}, {1}}, 3, "has 1 values for 2 parameters"},
		{[][]float64{{1, 0.6}}, 2, "outside [0.1, 0.5]"},
	} {
		c := base
		c.Points, c.Evaluations = tc.pts, tc.evals
		_, err := Calibrate(context.Background(), c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v with %d evaluations: error %v; want one containing %q", tc.pts, tc.evals, err, tc.want)
		}
	}
	// An empty design is the start alone.
	c := base
	c.Points, c.Evaluations = [][]float64{}, 1
	res, err := Calibrate(context.Background(), c)
	if err != nil || res.Evaluations != 1 || res.Status != StatusDesign {
		t.Errorf("empty design: %+v, %v; want 1 evaluation, %q", res, err, StatusDesign)
	}
}
