package plots

import (
	"context"
	"math"
	"strings"
	"testing"

	"pactsim/output"
)

// TestDiscoveryUndefinedInReport (a review, stop 51): runner run said on
// the terminal "23 of 24 points have no value ... and count as not of
// interest" for a discovery target, and the report read "at none of the
// design points" with nothing of the kind. The report now gives the count
// of the points where the compared value is null, read from the contrasts
// table (the pair in the table's order or the other), and says nothing
// where every point has one.
func TestDiscoveryUndefinedInReport(t *testing.T) {
	write := func(t *testing.T, dir string, nullAt int) {
		f := analysisRunFixture("fixture-analysis", 96)
		f.mutate = func(table string, cols []column) []column {
			if table != "contrasts" {
				return cols
			}
			at := map[string]int{}
			for i, c := range cols {
				at[c.field.Name] = i
			}
			point := func(i int) int64 {
				if c := cols[at[output.ColPoint]]; c.i64 != nil {
					return c.i64[i]
				}
				return int64(cols[at[output.ColPoint]].i32[i])
			}
			for i, o := range cols[at[output.ColOutcome]].str {
				if o == "deterrence_success" && point(i) < int64(nullAt) {
					cols[at[output.ColMeanDiff]].f64[i] = math.NaN()
					cols[at[output.ColCILow]].f64[i] = math.NaN()
					cols[at[output.ColCIHigh]].f64[i] = math.NaN()
				}
			}
			return cols
		}
		f.write(t, dir)
		tables := &output.AnalysisTables{HasDiscovery: true}
		tables.Discovery, tables.DiscoveryLimits = discoveryTables(t, f)
		if err := analysisDataset(t, dir, f).WriteAnalysis(context.Background(), tables); err != nil {
			t.Fatal(err)
		}
	}
	nulled := t.TempDir()
	write(t, nulled, 5)
	page, _ := reportOf(t, nulled)
	for _, want := range []string{
		"Points without a value: layered − treaty deterrence_success &gt; 0: 5 of 96 points have no value (the mean is undefined there) and count as not of interest; layered − treaty deterrence_success &lt; 0: 5 of 96 points have no value",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	dir := t.TempDir()
	write(t, dir, 0)
	if page, _ := reportOf(t, dir); strings.Contains(page, "Points without a value") {
		t.Error("a discovery with a value at every point has a note on points without one")
	}
	// The other order of the pair, and the interval's end on the
	// threshold's side: treaty − layered > 0 (95% CI) compares −ci_high of
	// layered − treaty.
	for _, c := range []struct {
		text string
		want int
	}{
		{"treaty - layered deterrence_success > 0 (95% CI)", 5},
		{"treaty - layered deterrence_success < 0", 5},
		{"treaty - layered severity_loss < 0", 0},
		{"layered honour_rate > 0.5", 0},
	} {
		ts := []primTarget{{text: c.text}}
		if err := countUndefined(context.Background(), nulled, 96, ts); err != nil {
			t.Fatal(err)
		}
		if ts[0].undefined != c.want || ts[0].points != 96 {
			t.Errorf("%s: %d of %d points undefined, want %d of 96", c.text, ts[0].undefined, ts[0].points, c.want)
		}
	}
}
