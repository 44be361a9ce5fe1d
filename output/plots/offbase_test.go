package plots

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"pactsim/output"
)

// TestSensitivityOffBase (a review, stop 51): a Sobol' quantity that is
// one value at every base sample (every f(A) and f(B)) has every index
// null, but it can differ at AB points; the reading, the flat note and
// the figure's panel title said it "does not vary over the design",
// which the summary table contradicted. The values are those of the
// review's case (N = 2, two parameters, seed 4: treaty challenges 4.75 at
// seven points and 4.5 at point 6, an AB point) and a contrast that
// differs at point 1, read in the other order than the table's.
func TestSensitivityOffBase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const n = 8
	var (
		pts           []int32
		archs, outs   []string
		means         []float64
		cpts          []int32
		as, bs, couts []string
		diffs         []float64
	)
	for p := range n {
		ch := 4.75
		if p == 6 {
			ch = 4.5
		}
		for _, r := range []struct {
			arch, out string
			v         float64
		}{{"treaty", "challenges", ch}, {"layered", "wars", 0}, {"layered", "challenges", float64(p)}} {
			pts, archs, outs, means = append(pts, int32(p)), append(archs, r.arch), append(outs, r.out), append(means, r.v)
		}
		d := 5.0
		if p == 1 {
			d = 4.75
		}
		cpts, as, bs, couts, diffs = append(cpts, int32(p)), append(as, "layered"), append(bs, "treaty"), append(couts, "members_end"), append(diffs, d)
	}
	i32 := func(v []int32) column {
		return column{field: arrow.Field{Name: output.ColPoint, Type: arrow.PrimitiveTypes.Int32}, i32: v}
	}
	writeParquet(t, filepath.Join(dir, summaryName), []column{i32(pts), stringCol(output.ColArchitecture, archs, false),
		stringCol(output.ColOutcome, outs, false), floatCol(output.ColMean, "", means)})
	writeParquet(t, filepath.Join(dir, contrastsName), []column{i32(cpts), stringCol(output.ColOutcome, couts, false),
		stringCol(output.ColArchitectureA, as, false), stringCol(output.ColArchitectureB, bs, false), floatCol(output.ColMeanDiff, "", diffs)})
	nan := estimate{math.NaN(), math.NaN(), math.NaN()}
	q := func(a, b, outcome string, st float64) sensQuantity {
		e := nan
		e.v = st
		return sensQuantity{method: output.MethodSobol, outcome: outcome, a: a, b: b, n: 2,
			params: []sensParam{{name: "us.reliability", st: e, s1: e}, {name: "burden.strength", st: e, s1: e}}}
	}
	load := func() []sensQuantity {
		t.Helper()
		qs := []sensQuantity{q("treaty", "", "challenges", math.NaN()), q("layered", "", "wars", math.NaN()),
			q("treaty", "layered", "members_end", math.NaN()), q("layered", "", "challenges", 0.5)}
		if err := markVaries(ctx, dir, qs); err != nil {
			t.Fatal(err)
		}
		return qs
	}
	qs := load()
	for i, want := range [][2]int{{1, n}, {0, n}, {1, n}, {0, 0}} {
		if got := [2]int{qs[i].varies, qs[i].points}; got != want {
			t.Errorf("%s: varies, points = %v, want %v", qs[i].label(), got, want)
		}
	}
	title := func(q sensQuantity) string {
		return strings.ReplaceAll(sobolFigure("s", []sensQuantity{q}, Meta{Name: "s", Seed: 4, Replicates: 4}).panels[0].plot.Title.Text, "\n", " ")
	}
	offBase := "is one value at every base sample of the Saltelli design (every f(A) and f(B), over which the estimator takes the variance)"
	if r := sensitivityReading(qs[0]); !strings.Contains(r, "the quantity "+offBase+", so there is no variance to apportion, although it differs from that value at 1 of the 8 design points") ||
		strings.Contains(r, "does not vary") {
		t.Errorf("reading: %q", r)
	}
	s := sensitivitySection(qs)
	for _, w := range []string{
		"layered: wars: does not vary over the design, so every index of it is null",
		"treaty: challenges: " + offBase + ", so every index of it is null, although it differs from that value at 1 of the 8 design points (AB points between them); its column is empty",
		"treaty − layered: members end: " + offBase + ", so every index of it is null, although it differs from that value at 1 of the 8 design points",
	} {
		if !strings.Contains(s.Flat, w) {
			t.Errorf("Flat = %q, lacks %q", s.Flat, w)
		}
	}
	if strings.Contains(s.Flat, "challenges; ") || strings.Contains(s.Flat, "do not vary") {
		t.Errorf("Flat = %q names a quantity that varies as not varying", s.Flat)
	}
	if got := title(qs[0]); !strings.Contains(got, "(one value at every base sample, not at 1 of 8 points: no indices)") {
		t.Errorf("title %q", got)
	}
	if got := title(qs[1]); !strings.Contains(got, "(does not vary over the design: no indices)") {
		t.Errorf("flat title %q", got)
	}
	if why := noCIWhy(qs[:3], true); strings.Contains(why, "no quantity varies over the design") {
		t.Errorf("noCIWhy: %q", why)
	}
	// Without the values, or past the rows read, it claims neither.
	unknown := func(what string) {
		t.Helper()
		qs := load()
		if qs[0].varies != -1 || qs[1].varies != -1 {
			t.Fatalf("%s: varies %d, %d; want -1", what, qs[0].varies, qs[1].varies)
		}
		s := sensitivitySection(qs[:2])
		want := "treaty: challenges; layered: wars: have no variance at the base samples of the Saltelli design"
		if !strings.Contains(s.Flat, want) || strings.Contains(s.Flat, "not vary") || strings.Contains(s.Flat, "differs") {
			t.Errorf("%s: Flat = %q, want %q only", what, s.Flat, want)
		}
		if r := sensitivityReading(qs[0]); !strings.Contains(r, "the quantity has no variance at the base samples") || strings.Contains(r, "not vary") {
			t.Errorf("%s: reading %q", what, r)
		}
		if got := title(qs[0]); !strings.Contains(got, "(no variance at the base samples: no indices)") {
			t.Errorf("%s: title %q", what, got)
		}
	}
	defer func(v int64) { variesRows = v }(variesRows)
	variesRows = 3*n - 1
	unknown("a table past the rows read")
	variesRows = maxAnalysisRows
	if err := os.Remove(filepath.Join(dir, summaryName)); err != nil {
		t.Fatal(err)
	}
	unknown("no summary")
}
