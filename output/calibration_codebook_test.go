package output

import (
	"math"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"pactsim/analysis"
)

// describedAs returns the codebook description of column name of sc.
func describedAs(t *testing.T, sc *arrow.Schema, name string) string {
	t.Helper()
	fs, ok := sc.FieldsByName(name)
	if !ok || len(fs) != 1 {
		t.Fatalf("no column %s in %s", name, sc)
	}
	md := fs[0].Metadata
	return md.Values()[md.FindKey(MetaDescription)]
}

// TestCalibrationCodebookLoss (a review, stop 50): the trace's loss was
// described as counting an undefined target "a miss of 10⁴ times its
// width", though analysis.Loss weighs it as the heaviest target (a light
// target's absence outranks a heavy one's miss), and as ">= 0" with no
// word of when it is null.
func TestCalibrationCodebookLoss(t *testing.T) {
	// What the code does: an undefined target of weight 1 beside a met one
	// of weight 100 costs 100·(10⁴)², not 1·(10⁴)².
	targets := []analysis.Target{
		{Name: "light", Low: 0, High: 1, Weight: 1},
		{Name: "heavy", Low: 0, High: 1, Weight: 100},
	}
	nan := math.NaN()
	values := []analysis.TargetValue{{Value: nan, SE: nan, CILow: nan, CIHigh: nan}, {Value: 0.5, SE: 0.1, CILow: 0.3, CIHigh: 0.7, N: 4}}
	if got, want := analysis.Loss(targets, values), 100*analysis.UndefinedDistance*analysis.UndefinedDistance; got != want {
		t.Fatalf("Loss = %g, want %g (the heaviest weight)", got, want)
	}
	trace, err := TraceSchema([]TraceParam{{"adversary.threshold", 0.6, 1.6}}, []string{"T2b"}, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	loss := describedAs(t, trace, ColLoss)
	for _, want := range []string{"weighed as the heaviest target, not by its own weight", "the largest weight of any target · (10⁴)²", "null only where the loss is infinite"} {
		if !strings.Contains(loss, want) {
			t.Errorf("the loss's description lacks %q: %s", want, loss)
		}
	}
	if strings.Contains(loss, "10⁴ times its width") {
		t.Errorf("the loss's description still counts an undefined target by its own width alone: %s", loss)
	}
}

// TestCalibrationCodebookIntervalNulls (a review, stop 50): the trace's
// and the targets' ci_low and ci_high said nothing of their nulls
// (T2b-blockades' at every evaluation of the shipped calibration, whose
// replicates do not vary), nor the standard errors of theirs where the
// value is undefined.
func TestCalibrationCodebookIntervalNulls(t *testing.T) {
	trace, err := TraceSchema([]TraceParam{{"adversary.threshold", 0.6, 1.6}}, []string{"T2b"}, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	targetsSc, err := TargetsSchema([]string{"T2b"}, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		sc   *arrow.Schema
		col  string
		want []string
	}{
		{trace, TraceColumn("T2b", TraceCILow), []string{"null where the value is,", "fewer than 2 replicates", "the replicates do not vary"}},
		{trace, TraceColumn("T2b", TraceCIHigh), []string{"null where the value is,", "fewer than 2 replicates", "the replicates do not vary"}},
		{trace, TraceColumn("T2b", TraceSE), []string{"null where the value is,", "fewer than 2 replicates"}},
		{targetsSc, ColCILow, []string{"null where achieved is,", "fewer than 2 replicates", "the replicates do not vary"}},
		{targetsSc, ColCIHigh, []string{"null where achieved is,", "fewer than 2 replicates", "the replicates do not vary"}},
		{targetsSc, ColSE, []string{"null where achieved is,", "fewer than 2 replicates"}},
	} {
		d := describedAs(t, c.sc, c.col)
		for _, w := range c.want {
			if !strings.Contains(d, w) {
				t.Errorf("%s's description lacks %q: %s", c.col, w, d)
			}
		}
	}
}
