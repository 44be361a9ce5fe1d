package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"pactsim/engine"
)

func TestArchitectureColours(t *testing.T) {
	a := ArchitectureColours([]string{"layered", "zeta", "treaty", "alpha", "none", "hub_and_spokes", "layered_then_treaty", "treaty_plus_cells"})
	b := ArchitectureColours([]string{"alpha", "zeta", "treaty_plus_cells", "hub_and_spokes", "none", "layered_then_treaty", "treaty", "layered"})
	for k, v := range a {
		if b[k] != v {
			t.Errorf("%s: colour depends on order: %v vs %v", k, v, b[k])
		}
	}
	for name, c := range presetColours {
		if a[name] != c {
			t.Errorf("preset %s got %v, want %v", name, a[name], c)
		}
	}
	if a["alpha"] != spareColours[0] || a["zeta"] != spareColours[1] {
		t.Errorf("spare colours not in name order: alpha %v, zeta %v", a["alpha"], a["zeta"])
	}
	// Six presets and fifteen others: every colour differs (a review, stop
	// 24: the sixth non-preset architecture took the first one's).
	names := slices.Clone(presetNames)
	for i := range 15 {
		names = append(names, string(rune('a'+i)))
	}
	seen := map[any]string{}
	for n, c := range ArchitectureColours(names) {
		if m, ok := seen[c]; ok {
			t.Errorf("%s and %s share colour %v", n, m, c)
		}
		seen[c] = n
		// Far from none's black: no darker shade is near it.
		if n != "none" && max(c.R, c.G, c.B) < 0x50 {
			t.Errorf("%s: colour %v is near black", n, c)
		}
	}
}

// presetNames are the preset architectures, which keep their colours.
var presetNames = []string{"none", "hub_and_spokes", "treaty", "layered", "treaty_plus_cells", "layered_then_treaty"}

func TestZeroContour(t *testing.T) {
	xs := []float64{0, 1, 2}
	ys := []float64{0, 1, 2}
	// z = x - 0.5: the zero line is x = 0.5, through the first column of cells.
	segs := zeroContour(xs, ys, func(c, r int) float64 { return xs[c] - 0.5 })
	if len(segs) != 2 {
		t.Fatalf("%d segments, want 2", len(segs))
	}
	for _, s := range segs {
		if s.x0 != 0.5 || s.x1 != 0.5 {
			t.Errorf("segment %+v off x = 0.5", s)
		}
	}
	lines := chain(segs)
	if len(lines) != 1 || len(lines[0]) != 3 {
		t.Errorf("chain = %v, want one line of 3 points", lines)
	}
	// A saddle: + - / - +; the centre mean is 0 (counts as +), so the
	// negative corners are cut off.
	z := [][]float64{{1, -1}, {-1, 1}} // z[c][r]
	segs = zeroContour([]float64{0, 1}, []float64{0, 1}, func(c, r int) float64 { return z[c][r] })
	if len(segs) != 2 {
		t.Fatalf("saddle: %d segments, want 2", len(segs))
	}
	// NaN corners are skipped.
	segs = zeroContour([]float64{0, 1}, []float64{0, 1}, func(c, r int) float64 { return math.NaN() })
	if len(segs) != 0 {
		t.Errorf("NaN cell gave %d segments", len(segs))
	}
}

func TestNiceCeil(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{
		{0.2, 0.2}, {0.21, 0.25}, {0.26, 0.5}, {0.051, 0.1}, {3, 5}, {7, 10}, {1, 1},
	} {
		if got := niceCeil(tc.in); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("niceCeil(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestDivergingMap(t *testing.T) {
	m := newDivergingMap(0.25)
	c, err := m.At(0)
	if err != nil {
		t.Fatal(err)
	}
	if c != rdBu[5] {
		t.Errorf("At(0) = %v, want the white midpoint %v", c, rdBu[5])
	}
	lo, _ := m.At(-0.25)
	hi, _ := m.At(0.25)
	if lo != rdBu[0] || hi != rdBu[10] {
		t.Errorf("ends %v %v", lo, hi)
	}
	if _, err := m.At(0.3); err == nil {
		t.Error("At outside the range: no error")
	}
	if n := len(m.Palette(255).Colors()); n != 255 {
		t.Errorf("palette of %d colours", n)
	}
}

// The pooled mean over points weighs each point where the outcome is
// defined equally; its standard error is the stratified one. Weighted by
// runs, an outcome defined in some runs only could reverse every point's
// order (a figures audit, stop 37): the second case.
func TestPooled(t *testing.T) {
	r := &results{
		points: []designPoint{{index: 0}, {index: 1}},
		pools:  map[archOutcome]*pool{},
	}
	p := &pool{}
	p.add(stat{n: 10, mean: 1, se: 0.2})
	p.add(stat{n: 30, mean: 2, se: 0.1})
	p.add(stat{n: 0, mean: nan(), se: nan()}) // a point where it is undefined adds nothing
	r.pools[archOutcome{"a", "o"}] = p
	s, ok := r.pooled("a", "o")
	if !ok {
		t.Fatal("no pooled value")
	}
	wantMean := (1 + 2) / 2.0
	wantSE := math.Sqrt(0.5*0.5*0.04 + 0.5*0.5*0.01)
	if math.Abs(s.mean-wantMean) > 1e-12 || math.Abs(s.se-wantSE) > 1e-12 || s.n != 40 {
		t.Errorf("pooled = %+v, want mean %v se %v over 40 runs", s, wantMean, wantSE)
	}
	// a is higher than b at both points, with its runs mostly where both
	// are low: pooled by runs, a came out lower (0.28 against 0.35).
	for arch, rows := range map[string][]stat{
		"a": {{n: 90, mean: 0.2, se: 0.04}, {n: 10, mean: 0.9, se: 0.1}},
		"b": {{n: 50, mean: 0.1, se: 0.04}, {n: 50, mean: 0.6, se: 0.07}},
	} {
		p := &pool{}
		for _, s := range rows {
			p.add(s)
		}
		r.pools[archOutcome{arch, "rate"}] = p
	}
	a, _ := r.pooled("a", "rate")
	b, _ := r.pooled("b", "rate")
	if !(a.mean > b.mean) {
		t.Errorf("pooled a %v, b %v: a is higher at every point", a.mean, b.mean)
	}
	if _, ok := r.pooled("b", "o"); ok {
		t.Error("pooled value for an absent architecture")
	}
}

func TestSlices(t *testing.T) {
	r := &results{params: []param{{name: "a"}, {name: "b"}}}
	for i, v := range [][]float64{{1, 10}, {1, 20}, {2, 10}, {2, 20}, {3, 10}, {3, 20}} {
		r.points = append(r.points, designPoint{index: i, values: v})
	}
	ss := r.slices(0) // a free, b fixed
	if len(ss) != 2 || ss[0].values[0] != 10 || !slices.Equal(ss[0].points, []int{0, 2, 4}) {
		t.Errorf("slices(0) = %+v", ss)
	}
	s, ok := middle(ss, func(slice) bool { return true })
	if !ok || s.values[0] != 20 {
		t.Errorf("middle = %+v", s)
	}
	if d := r.describe(s); d != "at b = 20" {
		t.Errorf("describe = %q", d)
	}
	// An ablation's slice fixes every other strength: past three values
	// the title counts them (a figures audit, stop 37: cut off at both
	// edges).
	wide := &results{}
	var many slice
	for j := range 18 {
		wide.params = append(wide.params, param{name: fmt.Sprintf("mechanism%d.strength", j)})
		many.fixed, many.values = append(many.fixed, j), append(many.values, 1)
	}
	if d := wide.describe(many); d != "at mechanism0.strength = 1, mechanism1.strength = 1, 16 other parameters fixed (points.csv)" {
		t.Errorf("describe of 18 = %q", d)
	}
	many.fixed, many.values = many.fixed[:3], many.values[:3]
	if d := wide.describe(many); strings.Contains(d, "other") || strings.Count(d, "=") != 3 {
		t.Errorf("describe of 3 = %q", d)
	}
}

// TestNiceCeilSubnormal: below the smallest normal power of ten, niceCeil
// returns its argument, not 0 (10^-324 underflows), so a heat map of
// differences of 5e-324 keeps a positive range.
func TestNiceCeilSubnormal(t *testing.T) {
	for _, v := range []float64{5e-324, 1e-310} {
		if got := niceCeil(v); !(got >= v) {
			t.Errorf("niceCeil(%v) = %v", v, got)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	labels := func(min, max float64) []string {
		var out []string
		for _, tk := range (niceTicks{}).Ticks(min, max) {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, tc := range []struct {
		min, max float64
		want     []string
	}{
		{-0.32, 0.21, []string{"-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2"}},
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{0, 6.3, []string{"0", "1", "2", "3", "4", "5", "6"}},
		{0.745, 0.7555, []string{"0.746", "0.748", "0.750", "0.752", "0.754"}},
		{-0.3, 0.3, []string{"-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"}},
		{0, 0.25, []string{"0.00", "0.05", "0.10", "0.15", "0.20", "0.25"}},
		// Spans below a normal power of ten, or the ends' precision
		// (review, this stop: a sweep of 0 and 5e-324 never ended, as its
		// step underflowed to 0): the ends.
		{0, 5e-324, []string{"0", "4.941e-324"}},
		{-1e-310, 1e-310, []string{"-1e-310", "1e-310"}},
		{1, math.Nextafter(1, 2), []string{"1", "1"}},
	} {
		if got := labels(tc.min, tc.max); !slices.Equal(got, tc.want) {
			t.Errorf("Ticks(%v, %v) = %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}

// TestClampGrid: a cell a rounding error beyond the rounded limit (the
// largest difference of reliability-autonomy.yaml's grid, 0.0020000000000000018,
// against niceCeil's 0.002) is drawn at the limit's colour, not left blank;
// NaN (a missing contrast) stays NaN.
func TestClampGrid(t *testing.T) {
	v := 0.0020000000000000018
	limit := niceCeil(v)
	z := [][]float64{{v, -v, math.NaN(), 0.001}}
	clampGrid(z, limit)
	for k, x := range z[0] {
		if !math.IsNaN(x) && (x > limit || x < -limit) {
			t.Errorf("cell %d = %v outside [−%v, %v]", k, x, limit, limit)
		}
	}
	if !math.IsNaN(z[0][2]) || z[0][3] != 0.001 || z[0][0] != limit {
		t.Errorf("clamped %v", z[0])
	}
}

// TestShortName: a name of up to 24 runes is shown whole; a longer one by
// its ends around an ellipsis, 24 runes in all, so that the 64-rune names a
// config may give do not fill a legend.
func TestShortName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"treaty", "treaty"},
		{"layered_then_treaty", "layered_then_treaty"},
		{"abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwx"},
		{"treaty.v2-long-name-with-dots.and-dashes_0123456789_abcdefghijkl", "treaty.v2-l…abcdefghijkl"},
	} {
		got := shortName(c.in)
		if got != c.want || len([]rune(got)) > maxNameRunes {
			t.Errorf("shortName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Two names that differ only in the middle keep their whole names in
	// a figure; a third, alone in its shortening, is shortened.
	a, b, c := "abcdefghijk_MIDDLE_ONE_xyzxyzxyzxyz", "abcdefghijk_MIDDLE_TWO_xyzxyzxyzxyz", "treaty.v2-long-name-with-dots.and-dashes_0123456789_abcdefghijkl"
	got := shortNames([]string{a, "treaty", b, c})
	if want := []string{a, "treaty", b, "treaty.v2-l…abcdefghijkl"}; !slices.Equal(got, want) {
		t.Errorf("shortNames: %q, want %q", got, want)
	}
}

// TestIntTicks: an integer parameter's axis is labelled at whole numbers
// only (a review, stop 24: periods 7.5, 12.5 and 17.5), and a span within
// one unit still gets its ends.
func TestIntTicks(t *testing.T) {
	for _, r := range [][2]float64{{5, 20}, {1, 3}, {0, 100}, {2, 2.5}} {
		ts := intTicks{}.Ticks(r[0], r[1])
		labelled := 0
		for _, tk := range ts {
			if tk.Label != "" {
				labelled++
			}
			if r[1]-r[0] >= 1 && tk.Value != math.Round(tk.Value) {
				t.Errorf("[%v, %v]: tick at %v", r[0], r[1], tk.Value)
			}
		}
		if labelled < 2 {
			t.Errorf("[%v, %v]: %d labels: %v", r[0], r[1], labelled, ts)
		}
	}
}

// TestClipToFeasible: a drawn interval stays within what the outcome can
// take (a share in [0, 1], a loss at or above 0; their differences within
// ±1 and unbounded); the band of a share drawn from −0.7 to 2.4 at two
// replicates (hostile review, stop 25).
func TestClipToFeasible(t *testing.T) {
	for _, c := range []struct {
		outcome    string
		diff       bool
		lo, hi     float64
		wlo, whigh float64
	}{
		{"deterrence_success", false, -0.7, 2.4, 0, 1},
		{"deterrence_success", true, -1.75, 0.5, -1, 0.5},
		{"severity_loss", false, -170, 40, 0, 40},
		{"severity_loss", true, -170, 40, -170, 40},
		{"false_security_gap", true, -3, 3, -2, 2},
		{"tension", false, -5, 5, -5, 5},
		{"deterrence_success", false, 0.2, 0.3, 0.2, 0.3},
	} {
		clip := clipToValues
		if c.diff {
			clip = clipToDifferences
		}
		if lo, hi := clip(c.outcome, c.lo, c.hi); lo != c.wlo || hi != c.whigh {
			t.Errorf("%s (difference %v): [%v, %v] drawn as [%v, %v], want [%v, %v]", c.outcome, c.diff, c.lo, c.hi, lo, hi, c.wlo, c.whigh)
		}
	}
}

// TestIntervalKey: a figure with no interval says so in its legend.
func TestIntervalKey(t *testing.T) {
	if got := intervalKey("bars: 95% CI", 0); got != "no 95% CI (n < 2)" {
		t.Errorf("no interval drawn: legend %q", got)
	}
	if got := intervalKey("bars: 95% CI", 3); got != "bars: 95% CI" {
		t.Errorf("three intervals drawn: legend %q", got)
	}
}

// TestCaptionText: the figures' footer shows a name as written, without
// Go's escapes, and one replicate in the singular (hostile review, stop 25).
func TestCaptionText(t *testing.T) {
	got := Meta{Name: `a "q" <b>`, Seed: 3, Replicates: 1}.captionWith("point")
	if !strings.HasPrefix(got, `pactsim · config "a "q" <b>" · seed 3 · 1 replicate per point`) {
		t.Errorf("caption %q", got)
	}
}

// TestParamText: a boolean sweep reads false and true wherever a value is
// printed, as the sweep figure's ticks do; other values as numbers.
func TestParamText(t *testing.T) {
	for _, c := range []struct {
		name string
		v    float64
		want string
	}{
		{"mechanisms.treaty.founders_bound", 0, "false"},
		{"mechanisms.treaty.founders_bound", 1, "true"},
		{"us.reliability", 0.5, "0.5"},
		{"no.such.parameter", 1, "1"},
	} {
		if got := paramText(c.name, c.v); got != c.want {
			t.Errorf("paramText(%s, %v) = %q, want %q", c.name, c.v, got, c.want)
		}
	}
}

// TestFmtSig: three significant digits, large values in whole units
// rather than scientific notation among fixed numbers, and a minus sign
// (U+2212) as the report's other numbers have.
func TestFmtSig(t *testing.T) {
	for v, want := range map[float64]string{0.00123456: "0.00123", -1.75: "−1.75", 123.456: "123", -1523.4: "−1523", 6660.2: "6660", math.NaN(): "–", 2.17e-19: "0", -4.3e-19: "0", 1e-9: "1e-09"} {
		if got := fmtSig(v); got != want {
			t.Errorf("fmtSig(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestHeatmapSub: an all-zero grid says so under the title.
func TestHeatmapSub(t *testing.T) {
	if got := heatmapSub("above 0: a better", true); got != "above 0: a better; the difference is 0 at every point of the grid" {
		t.Errorf("all zero: %q", got)
	}
	if got := heatmapSub("above 0: a better", false); got != "above 0: a better" {
		t.Errorf("not all zero: %q", got)
	}
}

// TestSpanBarNotFinite: a span with a NaN or infinite end draws nothing.
// The rasteriser does not return from such a path: a calibration target
// of infinite width once hung `runner calibrate` in its targets figure
// (review, stop 28; the config is refused since, and this guards the
// figure itself).
func TestSpanBarNotFinite(t *testing.T) {
	for _, to := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		p := newPlot("", "x", "")
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -1, 2, -1, 1
		done := make(chan struct{})
		go func() {
			defer close(done)
			c := vgimg.New(vg.Points(200), vg.Points(100))
			(&spanBar{y: 0, h: 0.5, from: 0, to: to, fill: color.Black}).Plot(draw.New(c), p)
		}()
		select {
		case <-done:
		case <-time.After(30 * time.Second): // drawing a finite span takes microseconds
			t.Fatalf("a span to %v did not finish drawing", to)
		}
	}
}

// TestMechanismsHollowWithoutCI (a figures audit, stop 37): a pooled mean
// without an interval (a point with a single run) was drawn like one with
// a tiny interval beside the bars; it is drawn hollow, and the legend says
// what hollow means. With every mean bare, the legend says there is no CI.
func TestMechanismsHollowWithoutCI(t *testing.T) {
	figure := func(single bool) string {
		r := &results{
			points:        []designPoint{{index: 0}, {index: 1}},
			architectures: []string{"treaty", "layered"},
			pools:         map[archOutcome]*pool{},
		}
		for _, arch := range r.architectures {
			p := &pool{}
			p.add(stat{n: 40, mean: 0.4, se: 0.05})
			if arch == "treaty" || single {
				p.add(stat{n: 1, mean: 0.5, se: nan()})
			} else {
				p.add(stat{n: 40, mean: 0.5, se: 0.05})
			}
			r.pools[archOutcome{arch, col(engine.HonourRate)}] = p
		}
		return svgText(t)(mechanismFigure(t.Context(), r, Meta{Name: "m", Seed: 1, Replicates: 40}))
	}
	if got := figure(false); !strings.Contains(got, "bars: 95% CI") || !strings.Contains(got, "hollow: no 95% CI") {
		t.Error("one mean without an interval: the legend does not say what hollow means")
	}
	if got := figure(true); strings.Contains(got, "hollow") || !strings.Contains(got, "no 95% CI (n &lt; 2)") {
		t.Error("every mean without an interval: the legend does not say there is no CI")
	}
}

// svgText returns a function that takes a figure function's results and
// returns the figure's SVG text, failing t where there is no figure.
func svgText(t *testing.T) func(*figure, error) string {
	return func(f *figure, err error) string {
		t.Helper()
		if err != nil || f == nil {
			t.Fatalf("no figure: %v, %v", f, err)
		}
		svg, err := f.svg()
		if err != nil {
			t.Fatal(err)
		}
		return string(svg)
	}
}

// TestMechanismsNotesFewerPoints: the mechanisms figure says it pools every
// design point, so a mean defined at only some of them (the honour rate of
// an architecture with a committed state in a few runs of one point) says
// at how many, and a mean over every point says nothing (a referee's
// recomputation: hub_and_spokes's honour rate was drawn as 0 with a bar of
// width 0 from 3 runs at 1 of 3 points, beside "pooled over all 3 design
// points").
func TestMechanismsNotesFewerPoints(t *testing.T) {
	r := &results{
		points:        []designPoint{{index: 0}, {index: 1}, {index: 2}},
		architectures: []string{"treaty", "layered"},
		pools:         map[archOutcome]*pool{},
	}
	treaty, layered := &pool{}, &pool{}
	treaty.add(stat{n: 3, mean: 0, se: 0}) // defined at point 0 only
	treaty.add(stat{n: 0, mean: nan(), se: nan()})
	treaty.add(stat{n: 0, mean: nan(), se: nan()})
	for range r.points {
		layered.add(stat{n: 40, mean: 0.4, se: 0.05})
	}
	r.pools[archOutcome{"treaty", col(engine.HonourRate)}] = treaty
	r.pools[archOutcome{"layered", col(engine.HonourRate)}] = layered
	got := svgText(t)(mechanismFigure(t.Context(), r, Meta{Name: "m", Seed: 1, Replicates: 40}))
	if n := strings.Count(got, "1 of 3 points"); n != 1 {
		t.Errorf("the figure notes \"1 of 3 points\" %d times, want once (treaty's honour rate)", n)
	}
	if strings.Contains(got, "3 of 3 points") {
		t.Error("a mean over every design point is noted as if it pooled fewer")
	}
}
