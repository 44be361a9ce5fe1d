package plots

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestBreakEvenSignUndetectable (a review, stop 50): a break-even value
// whose curve has no point with a 95% CI that excludes 0 was printed bare
// (with a single crossing) or with only its count of crossings; it is marked
// in the table and counted in the reading. A point off the curve (two
// strengths moved) does not count.
func TestBreakEvenSignUndetectable(t *testing.T) {
	dir := t.TempDir()
	// (a, b, ci_low, ci_high); defaults a = 1, b = 0.5.
	pts := [][4]float64{
		{1, 0.5, -1, 1}, // the baseline, on both curves
		{0, 0.5, -2, 0.5},
		{2, 0.5, -0.5, 2},
		{1, 0, -1, 0.8},
		{1, 1, 0.2, 3},    // b's curve: excludes 0
		{0, 0, 1, 2},      // on no curve: excludes 0
		{2, 0.5, -9, 9},   // a's curve, deterrence: a different outcome
		{0, 1, -0.1, 0.1}, // on no curve
	}
	var a, b, lo, hi []float64
	var outc, pa, pb []string
	for i, p := range pts {
		a, b, lo, hi = append(a, p[0]), append(b, p[1]), append(lo, p[2]), append(hi, p[3])
		o := col(output.PrimaryOutcome)
		if i == 6 {
			o = col(output.SecondaryOutcome)
		}
		outc, pa, pb = append(outc, o), append(pa, "layered"), append(pb, "treaty")
	}
	point := make([]float64, len(pts))
	writeParquet(t, filepath.Join(dir, output.TableContrasts+".parquet"), []column{
		floatCol(output.ColPoint, "", point), floatCol("a.s", "", a), floatCol("b.s", "", b),
		stringCol(output.ColOutcome, outc, false), stringCol(output.ColArchitectureA, pa, false), stringCol(output.ColArchitectureB, pb, false),
		floatCol(output.ColCILow, "", lo), floatCol(output.ColCIHigh, "", hi),
	})
	o := col(output.PrimaryOutcome)
	be := []breakEvenRow{
		{param: "a.s", outcome: o, a: "layered", b: "treaty", def: 1, low: 0, high: 2, x: 0.4, crossings: 1},
		{param: "b.s", outcome: o, a: "layered", b: "treaty", def: 0.5, low: 0, high: 1, x: 0.7, crossings: 3},
	}
	if err := markUndetectable(context.Background(), dir, be); err != nil {
		t.Fatal(err)
	}
	if !be[0].noSign || be[1].noSign {
		t.Fatalf("a's curve (no CI excludes 0) marked %v, b's (one does) marked %v", be[0].noSign, be[1].noSign)
	}
	if got := breakEvenText(be[0]); got != "0.4 (sign not detectable at any swept value)" {
		t.Errorf("cell %q", got)
	}
	if got := breakEvenText(be[1]); got != "0.7 (3 crossings)" {
		t.Errorf("cell %q", got)
	}
	if got := breakEvenSentence(be); !strings.HasPrefix(got, "1 of the 2 break-even values are marked “sign not detectable at any swept value”") {
		t.Errorf("reading %q", got)
	}
	be[1].noSign = true
	be = append(be, breakEvenRow{param: "b.s", outcome: o, x: math.NaN()})
	if got := breakEvenSentence(be); !strings.HasPrefix(got, "All 2 break-even values are") {
		t.Errorf("reading %q", got)
	}
	w := &weightData{contribs: []contribution{{mechanism: "a.s = 0", outcome: o, a: "layered", b: "treaty", n: 10, c: 0.1, lo: 0, hi: 0.2}}, be: be}
	page := renderPage(t, reportPage{Weight: newWeightSection(w)})
	for _, want := range []string{"<td>0.4 (sign not detectable at any swept value)</td>", "All 2 break-even values are marked", "has no point of its curve whose 95% CI excludes 0"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Without a contrasts table nothing is marked.
	be2 := []breakEvenRow{{param: "a.s", outcome: o, a: "layered", b: "treaty", def: 1, x: 0.4, crossings: 1}}
	if err := markUndetectable(context.Background(), t.TempDir(), be2); err != nil || be2[0].noSign {
		t.Errorf("no contrasts table: %v, marked %v", err, be2[0].noSign)
	}
}

// TestBreakEvenSignMissingColumnNamed (a review, stop 51): where the
// contrasts table lacks several of the breakeven table's strengths, the
// error names the first of them in the breakeven table's order every time,
// not whichever a map's iteration met first.
func TestBreakEvenSignMissingColumnNamed(t *testing.T) {
	dir := t.TempDir()
	writeParquet(t, filepath.Join(dir, output.TableContrasts+".parquet"), []column{
		floatCol(output.ColPoint, "", []float64{0}), floatCol("a.s", "", []float64{1}),
		stringCol(output.ColOutcome, []string{col(output.PrimaryOutcome)}, false),
		stringCol(output.ColArchitectureA, []string{"layered"}, false), stringCol(output.ColArchitectureB, []string{"treaty"}, false),
		floatCol(output.ColCILow, "", []float64{-1}), floatCol(output.ColCIHigh, "", []float64{1}),
	})
	o := col(output.PrimaryOutcome)
	var be []breakEvenRow
	for _, p := range []string{"a.s", "m.s", "c.s", "z.s", "b.s", "k.s", "d.s", "q.s"} {
		be = append(be, breakEvenRow{param: p, outcome: o, a: "layered", b: "treaty", def: 1, x: 0.4, crossings: 1})
	}
	// Eight keys: a map's iteration starts at a random one of them, so 40
	// calls would all start at "m.s" with probability (1/8)^40 only.
	for range 40 {
		err := markUndetectable(context.Background(), dir, be)
		if err == nil || !strings.Contains(err.Error(), `"m.s"`) {
			t.Fatalf("got %v, want the error to name \"m.s\", the first missing strength in the table's order", err)
		}
	}
}
