package plots

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"pactsim/output"
)

// The report's analysis sections: each appears exactly when its table is
// in the directory, with its reading, its table and its figures.

var sectionHeads = map[string]string{
	sectionSensitivity: `<h2 id="sensitivity">What matters most</h2>`,
	sectionDiscovery:   `<h2 id="discovery">Where each structure wins</h2>`,
	sectionCalibration: `<h2 id="calibration">Calibration</h2>`,
	sectionWeight:      `<h2 id="weight">Which argument carries the weight</h2>`,
}

// reportOf draws and reports dir and returns the page and the figure names.
func reportOf(t *testing.T, dir string) (string, []string) {
	t.Helper()
	meta, err := ReadMeta(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := Draw(ctx, dir, meta); err != nil {
		t.Fatal(err)
	}
	if err := Report(ctx, dir, meta); err != nil {
		t.Fatal(err)
	}
	names, err := Figures(ctx, dir, meta)
	if err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(page), names
}

// checkSections checks that exactly the sections in want appear, each
// once, with its reading and its figures, and that the page embeds every
// figure Draw wrote once.
func checkSections(t *testing.T, dir, page string, names []string, want ...string) {
	t.Helper()
	for sec, head := range sectionHeads {
		n := strings.Count(page, head)
		if slices.Contains(want, sec) != (n == 1) || n > 1 {
			t.Errorf("section %s appears %d times; want it %v", sec, n, slices.Contains(want, sec))
		}
	}
	if got, want := strings.Count(page, `<p class="reading">`), len(want); got != want {
		t.Errorf("%d readings, want %d", got, want)
	}
	for _, name := range names {
		if c := strings.Count(page, `<figure id="fig-`+name+`">`); c != 1 {
			t.Errorf("figure %s is on the page %d times, want once", name, c)
		}
		for _, ext := range []string{".png", ".svg"} {
			if _, err := os.Stat(filepath.Join(dir, "plots", name+ext)); err != nil {
				t.Errorf("figure %s: %v", name, err)
			}
		}
	}
	if got := strings.Count(page, "<figure id="); got != len(names) {
		t.Errorf("the page has %d figures, Draw wrote %d", got, len(names))
	}
	// Each section's figures sit inside it: after its heading, before the
	// next h2.
	for _, sec := range want {
		start := strings.Index(page, sectionHeads[sec])
		if start < 0 {
			continue
		}
		body := page[start+len(sectionHeads[sec]):]
		if end := strings.Index(body, "<h2"); end >= 0 {
			body = body[:end]
		}
		for _, name := range names {
			if strings.HasPrefix(name, sec+"-") && !strings.Contains(body, `<figure id="fig-`+name+`">`) {
				t.Errorf("figure %s is not in section %s", name, sec)
			}
		}
	}
}

func TestReportSections(t *testing.T) {
	t.Run("run without analyses", func(t *testing.T) {
		dir := t.TempDir()
		analysisRunFixture("fixture-analysis", 96).write(t, dir)
		page, names := reportOf(t, dir)
		checkSections(t, dir, page, names)
		if !strings.Contains(page, `<h2 id="contrasts">`) {
			t.Error("a run's report lacks its headline contrast")
		}
	})
	t.Run("sobol", func(t *testing.T) {
		dir := t.TempDir()
		writeAnalysisRun(t, dir, 96, output.MethodSobol, false)
		page, names := reportOf(t, dir)
		checkSections(t, dir, page, names, sectionSensitivity)
		if !slices.Contains(names, "sensitivity-sobol") {
			t.Errorf("figures %v lack sensitivity-sobol", names)
		}
		// The reading is about the primary contrast, with the fixture's
		// largest ST of it (population.autonomy_shift, 0.46).
		// Its interval overlaps the runner-up's, so it "has the largest
		// ST" rather than "matters most" (a review, stop 50).
		if !strings.Contains(page, "For layered − treaty deterrence success, population.autonomy_shift has the largest ST (0.46") {
			t.Error("the sensitivity reading does not lead with the primary contrast's largest ST")
		}
	})
	t.Run("morris", func(t *testing.T) {
		dir := t.TempDir()
		writeAnalysisRun(t, dir, 96, output.MethodMorris, false)
		page, names := reportOf(t, dir)
		checkSections(t, dir, page, names, sectionSensitivity)
		if !slices.Contains(names, "sensitivity-morris") || slices.Contains(names, "sensitivity-sobol") {
			t.Errorf("figures %v: want sensitivity-morris and no sobol figure", names)
		}
	})
	t.Run("discovery, then sensitivity and discovery, then the discovery removed", func(t *testing.T) {
		dir := t.TempDir()
		writeAnalysisRun(t, dir, 400, "", true)
		page, names := reportOf(t, dir)
		checkSections(t, dir, page, names, sectionDiscovery)
		if !strings.Contains(page, "In this design, layered deters better than treaty mainly where") {
			t.Error("the discovery reading is missing")
		}

		dir = t.TempDir()
		writeAnalysisRun(t, dir, 400, output.MethodSobol, true)
		page, names = reportOf(t, dir)
		checkSections(t, dir, page, names, sectionSensitivity, sectionDiscovery)

		for _, name := range []string{output.TableDiscovery, output.TableDiscoveryLimits} {
			if err := os.Remove(filepath.Join(dir, name+".parquet")); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.RemoveAll(filepath.Join(dir, "plots")); err != nil {
			t.Fatal(err)
		}
		page, names = reportOf(t, dir)
		checkSections(t, dir, page, names, sectionSensitivity)
		if slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, "discovery") }) {
			t.Errorf("figures %v still have discovery figures without the table", names)
		}
	})
	t.Run("calibration", func(t *testing.T) {
		dir := t.TempDir()
		writeCalibrationDir(t, dir, calibrationFixture())
		page, names := reportOf(t, dir)
		checkSections(t, dir, page, names, sectionCalibration)
		if !slices.Equal(names, []string{"calibration-loss", "calibration-targets"}) {
			t.Errorf("figures %v, want the calibration's two", names)
		}
		for _, absent := range []string{`<h2 id="contrasts">`, `<h2 id="figures">`, "<dt>plan</dt>"} {
			if strings.Contains(page, absent) {
				t.Errorf("a calibration's report has %s", absent)
			}
		}
		for _, want := range []string{
			"Calibration met 2 of 3 targets at its best evaluation (number 60 of 60, evaluation 59 in the trace; loss 0.0363); missed: alliance-effect (achieved 0.774, wanted 0.82 ± 0.03).",
			"60 evaluations, each 400 replicates × 2 architectures = 800 runs",
			"✗ missed", "✓ met",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the calibration's report lacks %q", want)
			}
		}
	})
}

// TestReportReadingFollowsTheTable checks the report's reading against the
// table on disk: a changed number changes the sentence.
func TestReportReadingFollowsTheTable(t *testing.T) {
	dir := t.TempDir()
	writeCalibrationDir(t, dir, calibrationFixture())
	page, _ := reportOf(t, dir)
	if !strings.Contains(page, "met 2 of 3 targets") {
		t.Fatal("the calibration reading is missing")
	}
	c := calibrationFixture()
	c.Results[0].Met, c.Results[0].Achieved = true, 0.8
	dir = t.TempDir()
	writeCalibrationDir(t, dir, c)
	page, _ = reportOf(t, dir)
	if !strings.Contains(page, "Calibration met all 3 targets") {
		t.Error("with every target met the reading still counts a miss")
	}
}

func TestAnalysisTableErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string
	}{
		{"sensitivity not parquet", func(t *testing.T, dir string) {
			writeAnalysisRun(t, dir, 32, output.MethodSobol, false)
			os.WriteFile(filepath.Join(dir, "sensitivity.parquet"), []byte("method,index\n"), 0o644)
		}, []string{"sensitivity.parquet"}},
		{"sensitivity without index", func(t *testing.T, dir string) {
			analysisRunFixture("fixture-analysis", 32).write(t, dir)
			writeParquet(t, filepath.Join(dir, "sensitivity.parquet"), []column{
				stringCol("method", []string{"sobol"}, false), stringCol("outcome", []string{"deterrence_success"}, false),
				stringCol("architecture_a", []string{"treaty"}, false), stringCol("architecture_b", []string{"layered"}, false),
				stringCol("parameter", []string{"us.reliability"}, false),
				floatCol("estimate", "", []float64{0.1}), floatCol("ci_low", "", []float64{0}), floatCol("ci_high", "", []float64{0.2}),
				{field: arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int64}, i64: []int64{512}},
			})
		}, []string{"sensitivity.parquet", `missing column "index"`}},
		{"discovery without its limits", func(t *testing.T, dir string) {
			writeAnalysisRun(t, dir, 200, "", true)
			os.Remove(filepath.Join(dir, "discovery_limits.parquet"))
		}, []string{"discovery_limits.parquet"}},
		{"calibration targets without the trace", func(t *testing.T, dir string) {
			writeCalibrationDir(t, dir, calibrationFixture())
			os.Remove(filepath.Join(dir, "calibration", "trace.parquet"))
		}, []string{"trace.parquet"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.setup(t, dir)
			meta := Meta{Name: "broken", Seed: 1, Replicates: 2}
			ctx := context.Background()
			err := Draw(ctx, dir, meta)
			if err == nil {
				t.Fatal("Draw: no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Draw: error %q lacks %q", err, w)
				}
			}
			if _, serr := os.Stat(filepath.Join(dir, "plots")); serr == nil {
				t.Error("Draw wrote plots/ despite the error")
			}
			if err := Report(ctx, dir, meta); err == nil {
				t.Error("Report: no error")
			}
			if _, serr := os.Stat(filepath.Join(dir, "report.html")); serr == nil {
				t.Error("Report wrote report.html despite the error")
			}
		})
	}
}

// TestDiscoveryRoundTrip reads the discovery tables that output wrote
// back as the figures see them: every box's statistics and limits, the
// selected box, and the design range as box 0.
func TestDiscoveryRoundTrip(t *testing.T) {
	dir := t.TempDir()
	f := writeAnalysisRun(t, dir, 200, "", true)
	boxes, limits := discoveryTables(t, f)
	an, err := loadAnalyses(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	nb, nl := 0, 0
	for _, tg := range an.disc {
		for b, box := range tg.boxes {
			r := boxes[nb]
			nb++
			if r.Target != tg.text || r.Box != b || r.Coverage != box.coverage || r.Density != box.density || r.Mass != box.mass ||
				r.Restricted != box.restricted || r.Selected != (b == tg.selected) {
				t.Errorf("target %q box %d: read %+v, wrote %+v", tg.text, b, box, r)
			}
			for j, l := range box.limits {
				w := limits[nl]
				nl++
				if w.Parameter != tg.params[j] || w.Low != l.low || w.High != l.high || w.Restricted != l.restricted {
					t.Errorf("target %q box %d %s: read %+v, wrote %+v", tg.text, b, tg.params[j], l, w)
				}
			}
		}
		for j, p := range analysisParams {
			if l := tg.boxes[0].limits[j]; l.low != p.lo || l.high != p.hi || l.restricted {
				t.Errorf("target %q: box 0 of %s is %+v, want the design range [%v, %v]", tg.text, p.name, l, p.lo, p.hi)
			}
		}
	}
	if nb != len(boxes) || nl != len(limits) {
		t.Errorf("read %d boxes and %d limits, wrote %d and %d", nb, nl, len(boxes), len(limits))
	}
}

// TestDegenerateAnalyses draws the analysis figures and report of tables
// at their edges: indices undefined everywhere (a quantity constant over
// the design), a PRIM search that keeps the whole space, and calibrations
// whose every loss is undefined or 0.
func TestDegenerateAnalyses(t *testing.T) {
	nan := math.NaN()
	undefined := func(method string) []output.SensitivityRow {
		rows := sensitivityRows(method)
		for k := range rows {
			rows[k].Estimate, rows[k].CILow, rows[k].CIHigh = nan, nan, nan
		}
		return rows
	}
	for _, tc := range []struct {
		name  string
		write func(t *testing.T, dir string)
		want  string // in the report
	}{
		{"sobol undefined", func(t *testing.T, dir string) {
			f := analysisRunFixture("fixture-analysis", 32)
			f.write(t, dir)
			if err := analysisDataset(t, dir, f).WriteAnalysis(context.Background(), &output.AnalysisTables{HasSensitivity: true, Sensitivity: undefined(output.MethodSobol)}); err != nil {
				t.Fatal(err)
			}
		}, "every index is undefined"},
		{"morris undefined", func(t *testing.T, dir string) {
			f := analysisRunFixture("fixture-analysis", 32)
			f.write(t, dir)
			if err := analysisDataset(t, dir, f).WriteAnalysis(context.Background(), &output.AnalysisTables{HasSensitivity: true, Sensitivity: undefined(output.MethodMorris)}); err != nil {
				t.Fatal(err)
			}
		}, "every index is undefined"},
		{"whole space", func(t *testing.T, dir string) {
			f := analysisRunFixture("fixture-analysis", 32)
			f.write(t, dir)
			target := "layered - treaty deterrence_success > 0"
			var limits []output.DiscoveryLimitRow
			for _, p := range analysisParams {
				limits = append(limits, output.DiscoveryLimitRow{Target: target, Parameter: p.name, Low: p.lo, High: p.hi})
			}
			boxes := []output.DiscoveryRow{{Target: target, Coverage: 1, Density: 0.5, Mass: 1, Selected: true}}
			if err := analysisDataset(t, dir, f).WriteAnalysis(context.Background(), &output.AnalysisTables{HasDiscovery: true, Discovery: boxes, DiscoveryLimits: limits}); err != nil {
				t.Fatal(err)
			}
		}, "with no region standing out"},
		{"every loss undefined", func(t *testing.T, dir string) {
			c := calibrationFixture()
			for k := range c.Trace {
				c.Trace[k].Loss = math.Inf(1)
			}
			writeCalibrationDir(t, dir, c)
		}, "No evaluation of the 60 defined every target"},
		{"every loss 0", func(t *testing.T, dir string) {
			c := calibrationFixture()
			for k := range c.Trace {
				c.Trace[k].Loss = 0
			}
			for k := range c.Results {
				c.Results[k].Met = true
			}
			writeCalibrationDir(t, dir, c)
		}, "Calibration met all 3 targets at its best evaluation (number 1 of 60, evaluation 0 in the trace; loss 0)"},
		{"losses of 0 on a log axis", func(t *testing.T, dir string) {
			c := calibrationFixture()
			for k := 40; k < 60; k++ {
				c.Trace[k].Loss = 0
			}
			writeCalibrationDir(t, dir, c)
		}, "(number 41 of 60, evaluation 40 in the trace; loss 0)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tc.write(t, dir)
			page, names := reportOf(t, dir)
			if !strings.Contains(page, tc.want) {
				t.Errorf("the report lacks %q", tc.want)
			}
			if len(names) == 0 {
				t.Error("no figure drawn")
			}
		})
	}
}

// TestSensitivityLead: the report's reading leads with a primary contrast
// in the headline outcome, in output.PrimaryPairs' order, and prefers a
// quantity with some defined index to one that does not vary (review,
// stop 26: a constant quantity listed first took the reading, which then
// said nothing while the table beside it had indices).
func TestSensitivityLead(t *testing.T) {
	nan := math.NaN()
	q := func(a, b, outcome string, st float64) sensQuantity {
		return sensQuantity{method: output.MethodSobol, outcome: outcome, a: a, b: b,
			params: []sensParam{{name: "us.reliability", st: estimate{st, nan, nan}, s1: estimate{st, nan, nan}}}}
	}
	constant := q("treaty", "", "challenges_blockade", nan)
	varies := q("treaty", "", headline, 0.9)
	adds := q(output.PrimaryAddsA, output.PrimaryAddsB, headline, 0.5)
	layered := q(output.PrimaryA, output.PrimaryB, headline, 0.4)
	addsConstant := q(output.PrimaryAddsA, output.PrimaryAddsB, headline, nan)
	for _, tc := range []struct {
		name string
		qs   []sensQuantity
		want int
	}{
		{"constant first", []sensQuantity{constant, varies}, 1},
		{"primary after", []sensQuantity{constant, varies, layered, adds}, 3},
		{"primary order", []sensQuantity{layered, adds}, 1},
		{"constant primary", []sensQuantity{addsConstant, layered}, 1},
		{"only a constant primary", []sensQuantity{constant, addsConstant}, 1},
		{"all constant", []sensQuantity{constant, constant}, 0},
	} {
		got := primaryFirst(len(tc.qs), func(i int) (string, string, string) { return tc.qs[i].a, tc.qs[i].b, tc.qs[i].outcome },
			func(i int) bool { return tc.qs[i].defined() })
		if got != tc.want {
			t.Errorf("%s: leads with %d (%s), want %d (%s)", tc.name, got, tc.qs[got].label(), tc.want, tc.qs[tc.want].label())
		}
	}
	s := sensitivitySection([]sensQuantity{constant, varies})
	if strings.Contains(s.Reading, "undefined") || !strings.Contains(s.Reading, "us.reliability") {
		t.Errorf("reading of a varying quantity after a constant one: %q", s.Reading)
	}
	// The constant one is named as not varying, and only it (a hostile
	// review, stop 32: its empty column had no word).
	if !strings.HasPrefix(s.Flat, constant.label()+": does not vary over the design") || strings.Contains(s.Flat, varies.label()) {
		t.Errorf("Flat = %q, want only %q named as not varying", s.Flat, constant.label())
	}
	if s := sensitivitySection([]sensQuantity{varies}); s.Flat != "" {
		t.Errorf("a varying quantity is called flat: %q", s.Flat)
	}
	// The caveat follows the design's size (output.SensitivityCaveat): a
	// base sample of 256 with intervals is named, one of 4,096 is not.
	small, large := varies, varies
	small.n, large.n = 256, 4096
	small.params = []sensParam{{name: "us.reliability", st: estimate{0.5, 0.4, 0.6}, s1: estimate{0.4, 0.3, 0.5}}}
	large.params = small.params
	if s := sensitivitySection([]sensQuantity{small}); !strings.Contains(s.Caveat, "N = 256") {
		t.Errorf("N = 256: caveat %q", s.Caveat)
	}
	if s := sensitivitySection([]sensQuantity{large}); s.Caveat != "" {
		t.Errorf("N = 4096: caveat %q", s.Caveat)
	}
}

// TestTradeoffUndefinedCoverage (a figures audit, stop 37): a target that
// holds at no point has no coverage (null in discovery.csv); its panel was
// drawn with every box at coverage 0. It now draws no trajectory and says
// why, beside a target that has one.
func TestTradeoffUndefinedCoverage(t *testing.T) {
	box := func(cov, dens float64) primBox {
		return primBox{coverage: cov, density: dens, mass: 1, limits: []primLimit{{low: 0, high: 1}}}
	}
	ts := []primTarget{
		{text: "treaty - layered wars > 0", params: []string{"us.reliability"}, boxes: []primBox{box(1, 0.2), box(0.8, 0.4)}},
		{text: "treaty - layered wars < -9", params: []string{"us.reliability"}, boxes: []primBox{box(math.NaN(), 0), box(math.NaN(), 0)}},
	}
	svgOf := func(ts []primTarget) string {
		return svgText(t)(tradeoffFigure("discovery-tradeoff", ts, Meta{Name: "d", Seed: 1, Replicates: 2}))
	}
	if !strings.Contains(svgOf(ts), "no point of interest:") {
		t.Error("a target without a point of interest: no note saying so")
	}
	if strings.Contains(svgOf(ts[:1]), "no point of interest:") {
		t.Error("a target with points of interest says it has none")
	}
}
