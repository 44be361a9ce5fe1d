package plots

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// writeContributions writes a contributions table for layered − treaty in
// both headline outcomes: rows per mechanism with contribution c and a CI
// of ± h.
func writeContributions(t *testing.T, dir string, mechs []string, c, h []float64) {
	t.Helper()
	writeContributionsMech(t, dir, false, mechs, c, h)
}

// writeContributionsMech is writeContributions with the mechanism column
// plain utf8 (as engines up to 0.4.20 wrote it) when plain is set.
func writeContributionsMech(t *testing.T, dir string, plain bool, mechs []string, c, h []float64) {
	t.Helper()
	var mech, outc, a, b []string
	var n, def, off, cc, lo, hi, point []float64
	for _, o := range weightOutcomes {
		for i, m := range mechs {
			mech, outc, a, b = append(mech, m), append(outc, o), append(a, "layered"), append(b, "treaty")
			point, n = append(point, float64(i+1)), append(n, 50)
			def, off = append(def, 0.1), append(off, 0.1-c[i])
			cc, lo, hi = append(cc, c[i]), append(lo, c[i]-h[i]), append(hi, c[i]+h[i])
		}
	}
	writeParquet(t, filepath.Join(dir, output.TableContributions+".parquet"), []column{
		floatCol(output.ColPoint, "", point),
		stringCol(output.ColMechanism, mech, plain),
		stringCol(output.ColOutcome, outc, false),
		stringCol(output.ColArchitectureA, a, false),
		stringCol(output.ColArchitectureB, b, false),
		floatCol(output.ColN, "", n),
		floatCol(output.ColContrastDefault, "", def),
		floatCol(output.ColContrastOff, "", off),
		floatCol(output.ColContribution, "", cc),
		floatCol(output.ColCILow, "", lo),
		floatCol(output.ColCIHigh, "", hi),
	})
}

// TestWeightReadsPlainMechanism: a contributions table whose mechanism
// column is plain utf8, as engines up to 0.4.20 wrote it before it was
// dictionary-encoded (a review, stop 52), still gives the section its
// reading.
func TestWeightReadsPlainMechanism(t *testing.T) {
	dir := t.TempDir()
	analysisRunFixture("fixture-ablation", 8).write(t, dir)
	writeContributionsMech(t, dir, true, []string{"retribution", "hand-tying", allOffLabel}, []float64{0.02, -0.05, 0.04}, []float64{0.01, 0.01, 0.01})
	page, _ := reportOf(t, dir)
	if !strings.Contains(page, "the largest detectable contribution is that of hand-tying") {
		t.Error("the reading of a plain mechanism column does not name hand-tying")
	}
}

// TestWeightSection: the section appears exactly when the directory has a
// contributions table, with its reading and both figures inside it.
func TestWeightSection(t *testing.T) {
	dir := t.TempDir()
	analysisRunFixture("fixture-ablation", 8).write(t, dir)
	writeContributions(t, dir, []string{"retribution", "hand-tying", allOffLabel}, []float64{0.02, -0.05, 0.04}, []float64{0.01, 0.01, 0.01})
	page, names := reportOf(t, dir)
	checkSections(t, dir, page, names, sectionWeight)
	for _, o := range weightOutcomes {
		name := "contributions-" + o
		start := strings.Index(page, sectionHeads[sectionWeight])
		if start < 0 || !strings.Contains(page[start:], `<figure id="fig-`+name+`">`) {
			t.Errorf("figure %s is not in the weight section", name)
		}
	}
	// The note says which side a positive contribution favours for each
	// headline outcome, and that one CI in twenty excludes 0 by chance (a
	// figures audit, stop 37).
	for _, want := range []string{"for the severity-weighted loss (lower is better) it favours b", "about one in twenty still excludes 0 by chance"} {
		if !strings.Contains(page, want) {
			t.Errorf("the weight section's note lacks %q", want)
		}
	}
	// The primary section says its pooled cells average model variants
	// (a figures audit, stop 37).
	if !strings.Contains(page, "the pooled cells average different models") {
		t.Error("the primary section of an ablation does not say its cells average model variants")
	}
	// The largest significant contribution in size is hand-tying's.
	if !strings.Contains(page, "the largest detectable contribution is that of hand-tying") {
		t.Errorf("the reading does not name hand-tying:\n%s", page[strings.Index(page, `<p class="reading">`):][:400])
	}
}

// TestWeightReading: the sentence follows the numbers: the largest
// contribution in size among those whose CI excludes 0; "all off" is never
// the top; none detectable says so.
func TestWeightReading(t *testing.T) {
	row := func(m string, c, h float64) contribution {
		return contribution{mechanism: m, outcome: weightOutcomes[0], a: output.PrimaryAddsA, b: output.PrimaryAddsB, n: 100, def: 0.01, off: 0.01 - c, c: c, lo: c - h, hi: c + h}
	}
	w := &weightData{contribs: []contribution{
		row("retribution", 0.03, 0.01),
		row("clarity", -0.08, 0.1), // larger but not detectable
		row("burden-sharing", -0.04, 0.01),
		row(allOffLabel, 0.5, 0.01),
	}}
	got := weightReading(w)
	for _, want := range []string{"In treaty_plus_cells − layered in deterrence success, the largest detectable contribution is that of burden-sharing: −0.04 (95% CI −0.05 to −0.03) of the 0.01 at the defaults, which is 0.05 switched off; 2 of the 3 mechanisms switched off contribute detectably", "all of them off the contrast is −0.49"} {
		if !strings.Contains(got, want) {
			t.Errorf("reading %q lacks %q", got, want)
		}
	}
	w = &weightData{contribs: []contribution{row("retribution", 0.001, 0.01), row("clarity", -0.002, 0.01)}}
	if got := weightReading(w); !strings.Contains(got, "none of the 2 mechanisms switched off changes the contrast detectably") {
		t.Errorf("reading %q: want that no mechanism is detectable", got)
	}
	// One replicate per point: no row has an interval, and the reading
	// does not say that every interval includes 0 (a review, stop 48).
	w = &weightData{contribs: []contribution{row("retribution", 0, math.NaN()), row("clarity", -0.06, math.NaN())}}
	if got := weightReading(w); strings.Contains(got, "every 95% CI includes 0") || !strings.Contains(got, "none of the 2 mechanisms switched off has a 95% CI") {
		t.Errorf("reading %q: want that no row has an interval", got)
	}
	w = &weightData{contribs: []contribution{row("retribution", 0.001, 0.01), row("clarity", -0.06, math.NaN())}}
	if got := weightReading(w); !strings.Contains(got, "no 95% CI excludes 0, and 1 has none") {
		t.Errorf("reading %q: want that one row has no interval", got)
	}
	// A break-even sweep's rows are named by value, and said to be.
	w = &weightData{contribs: []contribution{row("retribution.strength = 1.35", 0.03, 0.01), row("retribution.strength = 0.45", 0.001, 0.01)}}
	if got := weightReading(w); !strings.Contains(got, "that of retribution.strength = 1.35: 0.03 (95% CI 0.02 to 0.04) of the 0.01 at the defaults, which is −0.02 in that row; 1 of the 2 rows of the sweep") {
		t.Errorf("sweep reading %q", got)
	}
	if (contribution{lo: math.NaN(), hi: 1}).significant() {
		t.Error("a contribution without a CI is not significant")
	}
}

// TestContributionsSubtitle (hostile review, stop 32): the contributions
// figure says "with the mechanism off" for an ablation and "at the row's
// setting" where a row sets a strength to a value (a break-even sweep),
// whose rows are not off.
func TestContributionsSubtitle(t *testing.T) {
	sub := func(mechs ...string) string {
		w := &weightData{}
		for _, o := range weightOutcomes {
			for _, m := range mechs {
				w.contribs = append(w.contribs, contribution{mechanism: m, outcome: o, a: "layered", b: "treaty", n: 10, c: 0.1, lo: 0, hi: 0.2})
			}
		}
		figs, err := weightFigures(context.Background(), w, Meta{Name: "x"})
		if err != nil || len(figs) == 0 {
			t.Fatalf("weightFigures: %v, %d figures", err, len(figs))
		}
		return figs[0].sub
	}
	if s := sub("retribution", allOffLabel); !strings.Contains(s, "with the mechanism off") {
		t.Errorf("ablation subtitle %q", s)
	}
	if s := sub("retribution.strength = 1.5", "retribution.strength = 0"); !strings.Contains(s, "at the row's setting") || strings.Contains(s, "off") {
		t.Errorf("sweep subtitle %q", s)
	}
}

// TestContributionsWithoutCI (a review, stop 49): a contribution without an
// interval (one replicate per point) was drawn grey in the table and light
// in the figure, both of which the note and subtitle read as "the CI
// includes 0"; it has its own mark and key: italic in the table, hollow in
// the figure. With every interval present neither key is given.
func TestContributionsWithoutCI(t *testing.T) {
	contribs := func(h float64) *weightData {
		w := &weightData{}
		for _, o := range weightOutcomes {
			for _, m := range []string{"retribution", "clarity"} {
				w.contribs = append(w.contribs, contribution{mechanism: m, outcome: o, a: "layered", b: "treaty", n: 10, c: 0.1, lo: 0.1 - h, hi: 0.1 + h})
			}
		}
		return w
	}
	bare := newWeightSection(contribs(math.NaN()))
	for _, row := range bare.Rows {
		for _, c := range row.Cells {
			if c.Weak || !c.NoCI {
				t.Errorf("%s: a cell without a CI is weak %v, marked as having none %v", row.Mechanism, c.Weak, c.NoCI)
			}
		}
	}
	page := renderPage(t, reportPage{Weight: bare})
	if strings.Contains(page, `class="weak"`) || !strings.Contains(page, `<td class="noci">`) || !strings.Contains(page, "italic: no CI") {
		t.Error("the table of contributions without intervals greys them, or gives no key for them")
	}
	figs, err := weightFigures(context.Background(), contribs(math.NaN()), Meta{Name: "x"})
	if err != nil || len(figs) == 0 {
		t.Fatalf("weightFigures: %v, %d figures", err, len(figs))
	}
	if !strings.Contains(figs[0].sub, "hollow where there is no CI") {
		t.Errorf("subtitle %q: no key for bars without a CI", figs[0].sub)
	}

	undecided := newWeightSection(contribs(0.2))
	if c := undecided.Rows[0].Cells[0]; !c.Weak || c.NoCI || undecided.NoCI {
		t.Errorf("a CI that includes 0: weak %v, no CI %v (section %v)", c.Weak, c.NoCI, undecided.NoCI)
	}
	page = renderPage(t, reportPage{Weight: undecided})
	if strings.Contains(page, "italic: no CI") || strings.Contains(page, `<td class="noci">`) {
		t.Error("a table whose every cell has a CI gives the key for cells without one")
	}
	figs, err = weightFigures(context.Background(), contribs(0.2), Meta{Name: "x"})
	if err != nil || len(figs) == 0 || strings.Contains(figs[0].sub, "hollow") {
		t.Errorf("with every CI: %v, subtitle %q", err, figs[0].sub)
	}
}

// TestSweepNoteNamesOffRows (a review, stop 49): a break-even sweep names a
// strength at its off value by its mechanism ("counter-mobilisation"), and
// the note, "each row sets one strength to the value it names", did not
// read those rows; it says what they set where there are any.
func TestSweepNoteNamesOffRows(t *testing.T) {
	rows := func(mechs ...string) *weightData {
		w := &weightData{}
		for _, o := range weightOutcomes {
			for _, m := range mechs {
				w.contribs = append(w.contribs, contribution{mechanism: m, outcome: o, a: "layered", b: "treaty", n: 10, c: 0.1, lo: 0, hi: 0.2})
			}
		}
		return w
	}
	key := "or, where it names a mechanism (counter-mobilisation), to the value that switches the mechanism off"
	page := renderPage(t, reportPage{Weight: newWeightSection(rows("counter-mobilisation", "adversary.counter_mobilisation.strength = 0.45"))})
	if !strings.Contains(page, key) {
		t.Error("the sweep's note does not read a row named by its mechanism")
	}
	page = renderPage(t, reportPage{Weight: newWeightSection(rows("retribution.strength = 0", "retribution.strength = 0.45"))})
	if strings.Contains(page, "where it names a mechanism") {
		t.Error("the sweep's note reads mechanism rows that are not there")
	}
}
