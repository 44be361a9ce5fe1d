package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"pactsim/engine"
	"pactsim/output"
)

// bothFixture is the grid fixture with every preset, so that both primary
// contrasts, treaty_plus_cells − layered and layered − treaty, are present.
func bothFixture() fixture {
	f := gridFixture()
	f.name = "fixture-both"
	f.archs = []string{"none", "hub_and_spokes", "treaty", "layered", "treaty_plus_cells", "layered_then_treaty"}
	return f
}

// formationRow is one row of a synthetic contrasts_by_formation table.
type formationRow struct {
	a, b, outcome, stratum string
	n                      int64
	mean, half             float64 // mean difference and the CI's half-width
}

func writeFormation(t *testing.T, dir string, rows []formationRow) {
	t.Helper()
	var point, mean, lo, hi []float64
	var a, b, outc, st []string
	var n []int64
	for _, r := range rows {
		point, a, b, outc, st = append(point, 0), append(a, r.a), append(b, r.b), append(outc, r.outcome), append(st, r.stratum)
		n, mean, lo, hi = append(n, r.n), append(mean, r.mean), append(lo, r.mean-r.half), append(hi, r.mean+r.half)
	}
	writeParquet(t, filepath.Join(dir, output.TableContrastsByFormation+".parquet"), []column{
		floatCol(output.ColPoint, "", point),
		stringCol(output.ColStratum, st, false),
		stringCol(output.ColOutcome, outc, false),
		stringCol(output.ColArchitectureA, a, false),
		stringCol(output.ColArchitectureB, b, false),
		{field: arrow.Field{Name: output.ColN, Type: arrow.PrimitiveTypes.Int64}, i64: n},
		floatCol(output.ColMeanDiff, "", mean),
		floatCol(output.ColCILow, "", lo),
		floatCol(output.ColCIHigh, "", hi),
	})
}

// TestBothPrimaryPairs: when both primary contrasts ran, the headline table,
// the heatmap and the paired differences are drawn for each, in the order
// of output.PrimaryPairs, under names and titles that say which is which;
// each pair's figures hold that pair's differences (the runs' per-replicate
// differences average to the contrasts table's mean difference).
func TestBothPrimaryPairs(t *testing.T) {
	dir := t.TempDir()
	bothFixture().write(t, dir)
	r, err := loadResults(context.Background(), dir, false)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, pd := range r.pairs {
		got = append(got, [2]string{pd.a, pd.b})
	}
	if !slices.Equal(got, output.PrimaryPairs) {
		t.Fatalf("headline pairs %v, want %v", got, output.PrimaryPairs)
	}
	for _, pd := range r.pairs {
		if pd.rows != 16 || len(pd.head) != 16 || len(pd.diffs) != 16 {
			t.Fatalf("%s − %s: %d rows, %d held, %d boxes; want 16 each", pd.a, pd.b, pd.rows, len(pd.head), len(pd.diffs))
		}
		for pos, p := range r.points {
			d := pd.diffs[pos]
			var sum float64
			for _, v := range d {
				sum += v
			}
			if c := pd.head[p.index]; len(d) != 24 || math.Abs(sum/float64(len(d))-c.meanDiff) > 1e-9 {
				t.Fatalf("%s − %s at point %d: %d differences averaging %v, contrasts table %v",
					pd.a, pd.b, p.index, len(d), sum/float64(len(d)), c.meanDiff)
			}
		}
	}
	// The two pairs hold different differences: the test above would
	// pass for a pair that read the other's architectures only by chance.
	if r.pairs[0].diffs[0][0] == r.pairs[1].diffs[0][0] {
		t.Errorf("both pairs hold the same first difference %v", r.pairs[0].diffs[0][0])
	}

	page, names := reportOf(t, dir)
	for _, want := range []string{
		"contrast-us.reliability-population.autonomy_shift-treaty_plus_cells-minus-layered",
		"contrast-us.reliability-population.autonomy_shift-layered-minus-treaty",
		"paired-differences-treaty_plus_cells-minus-layered",
		"paired-differences-layered-minus-treaty",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("figure %s not drawn; have %v", want, names)
		}
	}
	if slices.Contains(names, "paired-differences") {
		t.Errorf("an unsuffixed paired-differences figure beside the two pairs'")
	}
	for _, want := range []string{
		`<h2 id="contrasts">Headline contrasts: deterrence success and severity loss</h2>`,
		`<h3 id="contrasts-treaty_plus_cells-layered">treaty_plus_cells − layered: what a treaty adds to the cells</h3>`,
		`<h3 id="contrasts-layered-treaty">layered − treaty: the layered structure against the treaty alone</h3>`,
		"above 0: treaty_plus_cells better · below 0: layered better",
		"<th>P(treaty_plus_cells better)</th>",
		"<th>P(layered better)</th><th>P(tie)</th><th>P(treaty better)</th>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(page, "This run has no") {
		t.Errorf("both primary contrasts ran, but the page says one did not")
	}
	if n := strings.Count(page, "In deterrence success, over all 16 design points"); n != 2 {
		t.Errorf("%d verdict counts, want one per pair", n)
	}
	if n := strings.Count(page, `id="rule"`); n != 1 {
		t.Errorf("%d reading rules, want 1", n)
	}
	// The first table's rows are treaty_plus_cells − layered's: the first
	// row's mean difference is that pair's at point 0.
	first := page[strings.Index(page, `<h3 id="contrasts-treaty_plus_cells-layered">`):strings.Index(page, `<h3 id="contrasts-layered-treaty">`)]
	if want := "<td>" + fmtSig(r.pairs[0].head[0].meanDiff) + "</td>"; !strings.Contains(first, want) {
		t.Errorf("the first table lacks %s", want)
	}
}

// TestOnePairKeepsNames: with one headline pair the figures keep their
// names and the report its single table, without a question or sign line.
func TestOnePairKeepsNames(t *testing.T) {
	dir := t.TempDir()
	gridFixture().write(t, dir)
	page, names := reportOf(t, dir)
	for _, want := range []string{"paired-differences", "contrast-us.reliability-population.autonomy_shift"} {
		if !slices.Contains(names, want) {
			t.Errorf("figure %s not drawn; have %v", want, names)
		}
	}
	if !strings.Contains(page, `<h2 id="contrasts">Headline contrast: layered − treaty, deterrence success and severity loss</h2>`) || strings.Contains(page, "<h3 id=\"contrasts-") {
		t.Errorf("one pair: want the single headline table")
	}
	// The primary section says which primary contrast did not run.
	if !strings.Contains(page, "This run has no treaty_plus_cells − layered, so only the contrast above can be shown.") {
		t.Errorf("the primary section does not say that treaty_plus_cells − layered did not run")
	}
}

// TestSecondHeadlineColumns: the headline table reads the severity loss
// (lower is better) in its own direction, beside deterrence success, and
// shows "–" where the contrasts table has no severity row.
func TestSecondHeadlineColumns(t *testing.T) {
	pd := &pairData{a: "layered", b: "treaty", second: map[int]contrast{
		7: {point: 7, n: 100, meanDiff: -7.5, lo: -8.1, high: -6.9},
		8: {point: 8, n: 100, meanDiff: 2, lo: 1, high: 3},
		9: {point: 9, n: 100, meanDiff: 0.5, lo: -1, high: 2},
	}}
	r := &results{pairs: []*pairData{pd}, points: []designPoint{{index: 7, values: []float64{0.3}}, {index: 8, values: []float64{0.6}}, {index: 9, values: []float64{0.9}}, {index: 10, values: []float64{1}}}}
	for _, tc := range []struct {
		point             int
		diff, ci, verdict string
	}{
		{7, "−7.5", "[−8.1, −6.9]", "layered better"},
		{8, "2", "[1, 3]", "treaty better"},
		{9, "0.5", "[−1, 2]", "CI includes 0"},
		{10, "–", "–", "–"},
	} {
		row := r.contrastRow(pd, contrast{point: tc.point, n: 100, meanDiff: 0.001, lo: -0.001, high: 0.003, pABetter: 0.2, pTie: 0.6})
		if row.SecondDiff != tc.diff || row.SecondCI != tc.ci || row.SecondVerdict != tc.verdict || row.Verdict != "CI includes 0" {
			t.Errorf("point %d: severity %s %s %q (deterrence %q), want %s %s %q", tc.point, row.SecondDiff, row.SecondCI, row.SecondVerdict, row.Verdict, tc.diff, tc.ci, tc.verdict)
		}
	}
}

// primaryCellOf is a pooled cell of n replicates with mean m and standard
// error se.
func primaryCellOf(n int64, m, se float64) *primaryCell {
	return &primaryCell{n: n, sum: float64(n) * m, se2: squares{sum: float64(n) * float64(n) * se * se}, df: n - 1, noSE: math.IsNaN(se)}
}

// TestFormationReading: the sentence is made from the strata's numbers: the
// share of replicates in which the treaty formed, each stratum's contrast
// and side, and the gap with its CI (independent strata: se = hypot).
func TestFormationReading(t *testing.T) {
	tpc := [2]string{output.PrimaryAddsA, output.PrimaryAddsB}
	det, sev := engine.Outcomes[output.PrimaryOutcome].Name, engine.Outcomes[output.SecondaryOutcome].Name
	d := &primaryData{pairs: [][2]string{tpc}, cells: map[[4]string]*primaryCell{
		{tpc[0], tpc[1], det, output.StratumFormed}:    primaryCellOf(300, 0.01, 0.001),
		{tpc[0], tpc[1], det, output.StratumNotFormed}: primaryCellOf(100, 0.0005, 0.001),
		{tpc[0], tpc[1], sev, output.StratumFormed}:    primaryCellOf(300, 2, 0.5),
		{tpc[0], tpc[1], sev, output.StratumNotFormed}: primaryCellOf(100, -1, 0.5),
	}}
	got := formationReading(d)
	// Student t quantiles: t(299) = 1.968, t(99) = 1.984, t(398) = 1.966.
	// Deterrence: 0.01 ± 1.968·0.001 (treaty_plus_cells better: higher
	// success), 0.0005 ± 1.984·0.001 (includes 0), gap 0.0095 ±
	// 1.966·0.001414. Severity: 2 ± 0.984 (layered better: lower loss),
	// −1 ± 0.992 (treaty_plus_cells better), gap 3 ± 1.966·0.707 = 1.61 to
	// 4.39.
	for _, want := range []string{
		"What a treaty adds to the cells (treaty_plus_cells − layered): the treaty formed in 75% of the replicates",
		"in deterrence success the contrast is 0.01 (95% CI 0.00803 to 0.012, treaty_plus_cells better) when it formed and 0.0005 (−0.00148 to 0.00248, no detectable difference) when it did not, a gap of 0.0095 (0.00672 to 0.0123)",
		"in severity loss the contrast is 2 (95% CI 1.02 to 2.98, layered better) when it formed and −1 (−1.99 to −0.00789, treaty_plus_cells better) when it did not, a gap of 3 (1.61 to 4.39)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("reading lacks %q:\n%s", want, got)
		}
	}
	// A stratum whose paired differences are all the same (7 replicates,
	// every one 0) has a standard error of 0, not none: its interval is
	// [0, 0], and "too few replicates" would be false.
	var zero primaryCell
	zero.add(7, 0, 0, tCache{})
	d.cells[[4]string{tpc[0], tpc[1], det, output.StratumNotFormed}] = &zero
	got = formationReading(d)
	if strings.Contains(got, "too few replicates") || !strings.Contains(got, "when it formed and 0 (0 to 0, no detectable difference)") {
		t.Errorf("zero-spread stratum: %q", got)
	}
	// Without intervals (crn: points) each value is given bare and the
	// reason once, not "95% CI – to –, no confidence interval: …" after
	// every number (a figures audit, stop 37).
	shared := &primaryData{pairs: d.pairs, cells: map[[4]string]*primaryCell{}, shared: true}
	for k := range d.cells {
		shared.cells[k] = primaryCellOf(100, 0.5, math.NaN())
	}
	got = formationReading(shared)
	if strings.Contains(got, "– to –") || strings.Count(got, "crn: points") != 1 || !strings.Contains(got, "the contrast is 0.5 when it formed and 0.5 when it did not, a gap of 0") {
		t.Errorf("without intervals: %q", got)
	}
	// Only one stratum: the sentence says so instead of a gap.
	delete(d.cells, [4]string{tpc[0], tpc[1], det, output.StratumNotFormed})
	delete(d.cells, [4]string{tpc[0], tpc[1], sev, output.StratumNotFormed})
	got = formationReading(d)
	if !strings.Contains(got, "the treaty formed in every one of the 300 replicates") || strings.Contains(got, "gap") {
		t.Errorf("one stratum: %q", got)
	}
	// ... and the report's note does not explain a gap's CI that is not
	// there (a figures audit, stop 37).
	if sec := newPrimarySection(d); sec.Formation == "" || sec.Gap {
		t.Errorf("one stratum: section formation %q, gap %v", sec.Formation, sec.Gap)
	}
	d.cells[[4]string{tpc[0], tpc[1], det, output.StratumNotFormed}] = primaryCellOf(100, 0.0005, 0.001)
	d.cells[[4]string{tpc[0], tpc[1], sev, output.StratumNotFormed}] = primaryCellOf(100, -1, 0.5)
	if sec := newPrimarySection(d); !sec.Gap {
		t.Errorf("two strata: no gap in %q", sec.Formation)
	}
	// Without a standard error (crn: points: loadPrimary marks every cell
	// so) the gap is given bare, and the note on its CI explains nothing
	// (a review, stop 48: the note stood under the shipped ablation,
	// break-even and sensitivity configs).
	for _, c := range d.cells {
		c.noSE = true
	}
	d.shared = true
	if sec := newPrimarySection(d); sec.Gap || !strings.Contains(sec.Formation, "a gap of") || strings.Contains(sec.Formation, "includes 0") {
		t.Errorf("crn: points: gap %v (want no note on a gap's CI) in %q", sec.Gap, sec.Formation)
	}
}

// formationFixtureRows are both primary contrasts in both headline
// outcomes, formed in 200 of 384 replicates (52%).
func formationFixtureRows() []formationRow {
	det, sev := engine.Outcomes[output.PrimaryOutcome].Name, engine.Outcomes[output.SecondaryOutcome].Name
	var rows []formationRow
	for _, p := range output.PrimaryPairs {
		rows = append(rows,
			formationRow{p[0], p[1], det, output.StratumFormed, 200, 0.02, 0.01},
			formationRow{p[0], p[1], det, output.StratumNotFormed, 184, -0.01, 0.01},
			formationRow{p[0], p[1], sev, output.StratumFormed, 200, 1.5, 0.5},
			formationRow{p[0], p[1], sev, output.StratumNotFormed, 184, 0.1, 0.5},
		)
	}
	return rows
}

// TestFormationFigureInReport: with contrasts_by_formation the primary
// section gains the formation figure and its sentence; without it neither.
func TestFormationFigureInReport(t *testing.T) {
	dir := t.TempDir()
	bothFixture().write(t, dir)
	page, names := reportOf(t, dir)
	if slices.Contains(names, "primary-by-formation") || strings.Contains(page, `class="reading formation"`) {
		t.Errorf("no contrasts_by_formation, but the formation figure or sentence is there")
	}
	writeFormation(t, dir, formationFixtureRows())
	page, names = reportOf(t, dir)
	if !slices.Contains(names, "primary-by-formation") {
		t.Fatalf("formation figure not drawn; have %v", names)
	}
	start, end := strings.Index(page, `<h2 id="primary">`), strings.Index(page, `<h2 id="figures">`)
	if start < 0 || end < start {
		t.Fatalf("no primary section before the figures")
	}
	section := page[start:end]
	for _, want := range []string{`<figure id="fig-primary-by-formation">`, `class="reading formation"`, "the treaty formed in 52% of the replicates"} {
		if !strings.Contains(section, want) {
			t.Errorf("primary section lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "report.html")); err != nil {
		t.Fatal(err)
	}
}

// TestFormationLegendWithoutWhiskers (a figures audit, stop 37): where no
// cell has an interval (crn: points withholds them), the legend said
// "whisker: 95% CI" over a figure without one; it now says there is none.
func TestFormationLegendWithoutWhiskers(t *testing.T) {
	pair := [2]string{"layered", "treaty"}
	for _, se := range []float64{0.01, math.NaN()} {
		d := &primaryData{pairs: [][2]string{pair}, cells: map[[4]string]*primaryCell{}}
		for _, id := range primaryOutcomes {
			for _, st := range primaryStrata {
				d.cells[[4]string{pair[0], pair[1], engine.Outcomes[id].Name, st}] = primaryCellOf(40, 0.1, se)
			}
		}
		svg := svgText(t)(formationFigure(t.Context(), d, Meta{Name: "f", Seed: 1, Replicates: 40}))
		whisker, none := strings.Contains(svg, "whisker: 95% CI"), strings.Contains(svg, "no 95% CI")
		if math.IsNaN(se) == whisker || math.IsNaN(se) != none {
			t.Errorf("se %v: legend promises whiskers %v, says none %v", se, whisker, none)
		}
		// Every mark without a whisker is hollow, and so is its stratum's
		// legend key (a review, stop 48: the keys were solid beside the
		// hollow marks of a crn: points run); with whiskers both are
		// solid, filled with the stratum's colour.
		for _, st := range primaryStrata[1:] { // black "all" is SVG's default fill, unwritten
			c := formationStyle[st].color.(color.NRGBA)
			fill := fmt.Sprintf("fill:#%02X%02X%02X", c.R, c.G, c.B)
			if got := strings.Contains(svg, fill); got == math.IsNaN(se) {
				t.Errorf("se %v: stratum %s: a mark or key filled (%s) %v", se, st, fill, got)
			}
		}
	}
}

// TestFormationLegendSomeWithoutWhiskers: where some cells have an interval
// and others none (a stratum with a single replicate at one design point),
// the means without one are drawn hollow and the legend says what hollow
// means; a solid mark without a whisker beside whiskered ones read as an
// exact value (a referee, seed 7, us.reliability 0 and 0.9, 20 replicates:
// the treaty formed in one replicate at 0, so layered − treaty's formed
// cell had no interval).
func TestFormationLegendSomeWithoutWhiskers(t *testing.T) {
	pair := [2]string{"layered", "treaty"}
	d := &primaryData{pairs: [][2]string{pair}, cells: map[[4]string]*primaryCell{}}
	for _, id := range primaryOutcomes {
		for _, st := range primaryStrata {
			se := 0.01
			if st == output.StratumFormed {
				se = math.NaN()
			}
			d.cells[[4]string{pair[0], pair[1], engine.Outcomes[id].Name, st}] = primaryCellOf(40, 0.1, se)
		}
	}
	svg := svgText(t)(formationFigure(t.Context(), d, Meta{Name: "f", Seed: 1, Replicates: 40}))
	if !strings.Contains(svg, "whisker: 95% CI") || !strings.Contains(svg, "hollow: no 95% CI") {
		t.Error("some cells without an interval: the legend does not say what hollow means")
	}
}
