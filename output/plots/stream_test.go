package plots

import (
	"context"
	"errors"
	"math"
	"os"
	"pactsim/engine"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A config with one architecture has no contrasts: the figures that need
// two are left out with a note in the report, and drawing succeeds,
// whether the contrasts table is empty or absent.
func TestSingleArchitecture(t *testing.T) {
	for _, absent := range []bool{false, true} {
		dir := t.TempDir()
		singleFixture().write(t, dir)
		if absent {
			if err := os.Remove(filepath.Join(dir, contrastsName)); err != nil {
				t.Fatal(err)
			}
		}
		meta, err := ReadMeta(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := Draw(context.Background(), dir, meta); err != nil {
			t.Fatalf("absent %v: Draw: %v", absent, err)
		}
		if err := Report(context.Background(), dir, meta); err != nil {
			t.Fatalf("absent %v: Report: %v", absent, err)
		}
		names, err := Figures(context.Background(), dir, meta)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"sweep-us.reliability", "crisis-outcomes", "challenges-by-type", "mechanisms"}
		if !slices.Equal(names, want) {
			t.Errorf("absent %v: figures %q, want %q", absent, names, want)
		}
		html, err := os.ReadFile(filepath.Join(dir, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"need two architectures; this run has one (treaty)", "one architecture (treaty): there is nothing to contrast"} {
			if !strings.Contains(string(html), s) {
				t.Errorf("absent %v: report lacks %q", absent, s)
			}
		}
	}
}

// A sampled design with many points keeps only what its figures draw: no
// sweep or heatmap (nothing varies alone, nothing forms a grid), no
// paired-difference boxes past maxBoxPoints, and the headline contrasts of
// the first maxReportRows points for the report's table; the verdict counts
// still cover every point.
func TestManyPointsHoldLittle(t *testing.T) {
	const n = 300
	dir := t.TempDir()
	sampledFixture(n).write(t, dir)
	r, err := loadResults(context.Background(), dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.points) != n {
		t.Fatalf("%d points, want %d", len(r.points), n)
	}
	if len(r.pairs) != 1 {
		t.Fatalf("%d headline pairs, want 1", len(r.pairs))
	}
	pd := r.pairs[0]
	if len(r.sweeps) != 0 || len(r.heats) != 0 || r.paired || pd.diffs != nil {
		t.Errorf("sweeps %d, heatmaps %d, paired %v, diffs %v: want none", len(r.sweeps), len(r.heats), r.paired, pd.diffs != nil)
	}
	if len(r.stats) != 0 {
		t.Errorf("%d headline summary cells held, want 0", len(r.stats))
	}
	if len(pd.head) != maxReportRows {
		t.Errorf("%d headline contrasts held, want %d", len(pd.head), maxReportRows)
	}
	if got := pd.verdicts[aBetter] + pd.verdicts[bBetter] + pd.verdicts[undecided]; got != n || pd.rows != n {
		t.Errorf("verdicts over %d points, %d headline rows, want %d", got, pd.rows, n)
	}
	if len(r.notes) != 1 || !strings.Contains(r.notes[0], "paired-differences is left out") {
		t.Errorf("notes %q", r.notes)
	}
	if err := Report(context.Background(), dir, Meta{Name: "x", Replicates: 2}); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	page := string(html)
	if got := strings.Count(page, "<tr class=") + strings.Count(page, "<tr><td>"); got != maxReportRows {
		t.Errorf("report table has %d rows, want %d", got, maxReportRows)
	}
	for _, s := range []string{"In deterrence success, over all 300 design points", "The table shows the first 50; contrasts.csv holds every point.", "Figures left out"} {
		if !strings.Contains(page, s) {
			t.Errorf("report lacks %q", s)
		}
	}
}

// On the 4 x 4 grid, the headline summary cells held are those of the two
// sweep slices' points, for every architecture: the middle slices are
// us.reliability at autonomy_shift = 0.1 (4 points) and autonomy_shift at
// us.reliability = 0.7 (4 points), which share one, so 7 points.
func TestGridHoldsSweepSlicesOnly(t *testing.T) {
	dir := t.TempDir()
	gridFixture().write(t, dir)
	r, err := loadResults(context.Background(), dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := 7 * 4 * 2; len(r.stats) != want {
		t.Errorf("%d headline summary cells held, want %d (7 points x 4 architectures x 2 headline outcomes)", len(r.stats), want)
	}
	if len(r.pairs) != 1 {
		t.Fatalf("%d headline pairs, want 1 (layered − treaty)", len(r.pairs))
	}
	pd := r.pairs[0]
	if len(pd.head) != 16 || len(pd.diffs) != 16 || len(pd.diffs[0]) != 24 {
		t.Errorf("held %d contrasts, %d boxes of %d values; want 16, 16, 24", len(pd.head), len(pd.diffs), len(pd.diffs[0]))
	}
}

// countdown is a context that reports cancellation from its k-th Err call
// on: a deterministic stand-in for a signal arriving at any point of a
// draw.
type countdown struct {
	context.Context
	left atomic.Int64
}

func (c *countdown) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

func (c *countdown) Done() <-chan struct{} { return nil }

// Cancelled at any of its checks, Draw and Report return the context's
// error and leave no temporary file and no report; Draw leaves only whole
// figures. Past the last check they succeed.
func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	gridFixture().write(t, dir)
	meta, _ := ReadMeta(dir)
	if err := Draw(ctx, dir, meta); !errors.Is(err, context.Canceled) {
		t.Fatalf("Draw with a cancelled context: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "plots")); err == nil {
		t.Error("a cancelled Draw created plots/")
	}
	// One directory serves every attempt: a cancelled attempt writes no
	// report and at most some whole figures, which the next overwrites.
	// The one-point fixture: the fewest figures, so each attempt is cheap.
	dir = t.TempDir()
	pointFixture().write(t, dir)
	meta, _ = ReadMeta(dir)
	for _, which := range []string{"Draw", "Report"} {
		done := false
		for k, attempts := int64(0), 0; !done && attempts < 2000; attempts++ {
			c := &countdown{Context: context.Background()}
			c.left.Store(k)
			var err error
			if which == "Draw" {
				err = Draw(c, dir, meta)
			} else {
				err = Report(c, dir, meta)
			}
			tmp, _ := filepath.Glob(filepath.Join(dir, "*", ".*.tmp"))
			tmp2, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
			if len(tmp)+len(tmp2) > 0 {
				t.Fatalf("%s cancelled at check %d left %q %q", which, k, tmp, tmp2)
			}
			if err == nil {
				t.Logf("%s: %d checks, %d attempts", which, k, attempts+1)
				done = true
				continue
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("%s cancelled at check %d: %v", which, k, err)
			}
			if _, serr := os.Stat(filepath.Join(dir, "report.html")); serr == nil {
				t.Fatalf("%s cancelled at check %d wrote report.html", which, k)
			}
			k++
		}
		if !done {
			t.Errorf("%s never finished", which)
		}
	}
}

// A real cancellation, from another goroutine, stops a draw of many points
// promptly. The bound is generous (the contract is one second; a batch or
// a figure takes milliseconds) so a loaded machine does not fail it.
func TestCancellationIsPrompt(t *testing.T) {
	dir := t.TempDir()
	sampledFixture(3000).write(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- Report(ctx, dir, Meta{Name: "x", Replicates: 2}) }()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	cancel()
	err := <-errc
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Report returned %v after cancellation", d)
	}
}

// The report's rule: the reading follows the CI of the mean difference; the
// P columns split the replicates and sum to 1; a reading that goes against
// the majority of replicates is marked.
func TestContrastRow(t *testing.T) {
	pd := &pairData{a: "layered", b: "treaty"}
	r := &results{pairs: []*pairData{pd}, points: []designPoint{{index: 7, values: []float64{0.45}}}}
	for _, tc := range []struct {
		c                     contrast
		verdict, pWorse, diff string
		mark                  bool
	}{
		// The README's case: treaty better by the mean, layered ahead in
		// 51% of replicates.
		{contrast{point: 7, n: 1000, meanDiff: -0.019, lo: -0.026, high: -0.012, pABetter: 0.512, pTie: 0.091}, "treaty better", "0.397", "−0.019", true},
		{contrast{point: 7, n: 1000, meanDiff: -0.032, lo: -0.039, high: -0.025, pABetter: 0.425, pTie: 0.080}, "treaty better", "0.495", "−0.032", false},
		{contrast{point: 7, n: 1000, meanDiff: 0.012, lo: 0.005, high: 0.018, pABetter: 0.661, pTie: 0.095}, "layered better", "0.244", "0.012", false},
		{contrast{point: 7, n: 1000, meanDiff: 0.010, lo: 0.002, high: 0.018, pABetter: 0.30, pTie: 0.20}, "layered better", "0.500", "0.01", true},
		{contrast{point: 7, n: 50, meanDiff: 0.001, lo: -0.01, high: 0.012, pABetter: 0.5, pTie: 0.1}, "CI includes 0", "0.400", "0.001", false},
		{contrast{point: 7, n: 1, meanDiff: 0.001, lo: nan(), high: nan(), pABetter: 1, pTie: 0}, "no CI (n < 2)", "0.000", "0.001", false},
		// 0 in every replicate: not "CI includes 0" (hostile review, stop 25).
		{contrast{point: 7, n: 50, meanDiff: 0, lo: 0, high: 0, pABetter: 0, pTie: 1}, "no difference in any replicate", "0.000", "0", false},
	} {
		row := r.contrastRow(pd, tc.c)
		if row.Verdict != tc.verdict || row.PWorse != tc.pWorse || row.Diff != tc.diff || row.Mark != tc.mark || !slices.Equal(row.Values, []string{"0.45"}) {
			t.Errorf("contrastRow(%+v) = %+v, want %s, P(b) %s, mark %v", tc.c, row, tc.verdict, tc.pWorse, tc.mark)
		}
	}
}

func TestOutcomeText(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"deterrence_success", "Share of periods with neither a fait accompli (a change of control) nor a war"},
		{"honour_rate", "Committed states that acted (late or not) / committed states, patron included (share of commitments)"},
		{"tension", "Mean over periods of χ₀ − χ(t): how much visible blocs, formation and failed attempts lower the adversary's threshold (utility)"},
		// A note with parentheses of its own is dropped whole.
		{"severity_loss", "Severity-weighted loss: Σ over domains of weight × challenges not denied, plus 100 per war (severity units)"},
		{"no_such_outcome", "no_such_outcome"},
	} {
		if got := outcomeText(tc.name); got != tc.want {
			t.Errorf("outcomeText(%s) = %q, want %q", tc.name, got, tc.want)
		}
	}
	// Every outcome's text opens as many parentheses as it closes, and
	// never closes one before it opens it.
	for _, o := range engine.Outcomes {
		depth := 0
		for _, c := range outcomeText(o.Name) {
			switch c {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth < 0 {
				break
			}
		}
		if depth != 0 {
			t.Errorf("outcomeText(%s) = %q: unbalanced parentheses", o.Name, outcomeText(o.Name))
		}
	}
	if got := wrap("a bb ccc dddd eeeee", 8); got != "a bb ccc\ndddd\neeeee" {
		t.Errorf("wrap = %q", got)
	}
	if got := wrap("averyveryverylongword x", 5); got != "averyveryverylongword\nx" {
		t.Errorf("wrap of a long word = %q", got)
	}
}

// Figures keep their data off the frame, say what they show, and label
// design points by their values.
func TestFigureDetails(t *testing.T) {
	dir := t.TempDir()
	gridFixture().write(t, dir)
	meta, _ := ReadMeta(dir)
	figs, r, err := buildFigures(context.Background(), dir, meta)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*figure{}
	for _, f := range figs {
		byName[f.name] = f
	}

	// Paired differences: the x ticks of a 2-D design name both values.
	pd := byName["paired-differences"].panels[0].plot
	ticks := pd.X.Tick.Marker.Ticks(pd.X.Min, pd.X.Max)
	if ticks[0].Label != "0.3\n-0.3" || ticks[2].Label != "0.3\n0.1" {
		t.Errorf("paired-difference ticks %q, %q; want parameter values", ticks[0].Label, ticks[2].Label)
	}
	if !strings.Contains(pd.X.Label.Text, "us.reliability / population.autonomy_shift") {
		t.Errorf("paired-difference x label %q", pd.X.Label.Text)
	}
	if !strings.Contains(pd.Y.Label.Text, "neither a fait") {
		t.Errorf("paired-difference y label %q does not describe the outcome", pd.Y.Label.Text)
	}

	// Mechanisms: every CI inside the y range with room to spare; the
	// honour-rate panel notes why none has no value.
	mech := byName["mechanisms"]
	for k, mo := range mechanismOutcomes {
		p := mech.panels[k].plot
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, arch := range r.architectures {
			if s, ok := r.pooled(arch, mo.outcome); ok {
				lo, hi = math.Min(lo, s.lo), math.Max(hi, s.high)
			}
		}
		room := 0.05 * (hi - lo)
		if !(p.Y.Min < lo-room && p.Y.Max > hi+room) {
			t.Errorf("%s: y range [%v, %v] leaves no room around the data [%v, %v]", mo.outcome, p.Y.Min, p.Y.Max, lo, hi)
		}
		if strings.Contains(p.Y.Label.Text, "_") {
			t.Errorf("%s: y label %q is a column name", mo.outcome, p.Y.Label.Text)
		}
	}
	svg, err := mech.svg()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), undefinedWhy["honour_rate"]) {
		t.Error("the honour-rate panel does not say why none has no value")
	}
	if !strings.Contains(mech.sub, "pooled over all 16 design points") {
		t.Errorf("mechanisms subtitle %q does not say it pools", mech.sub)
	}
	if p := byName["crisis-outcomes"].panels[0].plot; !strings.Contains(p.Title.Text, "pooled over all 16 design points") {
		t.Errorf("crisis-outcomes panel title %q does not say it pools", p.Title.Text)
	}
	sweep := byName["sweep-us.reliability"].panels[0].plot
	if !strings.Contains(sweep.Y.Label.Text, "Share of periods") {
		t.Errorf("sweep y label %q", sweep.Y.Label.Text)
	}
}

// TestOneReplicateCounts: with one replicate no point has an interval; the
// report's count says so instead of counting them where the CI includes 0
// (hostile review, stop 25).
func TestOneReplicateCounts(t *testing.T) {
	f := pointFixture()
	f.replicates = 1
	dir := drawFixture(t, f)
	// No legend promises bars of which none is drawn.
	if svg, err := os.ReadFile(filepath.Join(dir, "plots", "mechanisms.svg")); err != nil || !strings.Contains(string(svg), "no 95% CI (n &lt; 2)") || strings.Contains(string(svg), "bars: 95% CI") {
		t.Errorf("mechanisms.svg at one replicate: %v; its legend lacks \"no 95%% CI\" or promises bars", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	// ... with the chance rate beside the tally (a figures audit, stop 37).
	if s := string(b); !strings.Contains(s, "CI includes 0 at 0, no CI (n &lt; 2) at 1. Where there is no difference, each side still comes out better at about 2.5% of the points by chance: more or less where the per-replicate differences are skewed") {
		i := strings.Index(s, "CI includes 0 at")
		t.Errorf("the report's count of one point with no interval reads %q", s[max(0, i-80):min(len(s), i+80)])
	}
}
