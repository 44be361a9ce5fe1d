package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// plantedBox draws n uniform points in [0, 1]^d and marks a point of
// interest with probability pIn inside the box [blo, bhi] and pOut outside.
func plantedBox(n, d int, blo, bhi []float64, pIn, pOut float64, seed uint64) (x []float64, y []bool) {
	rng := rand.New(rand.NewPCG(seed, 99))
	x = make([]float64, n*d)
	y = make([]bool, n)
	for i := range n {
		in := true
		for j := range d {
			v := rng.Float64()
			x[i*d+j] = v
			in = in && blo[j] <= v && v <= bhi[j]
		}
		p := pOut
		if in {
			p = pIn
		}
		y[i] = rng.Float64() < p
	}
	return x, y
}

func unitRange(d int) (lo, hi []float64) {
	lo, hi = make([]float64, d), make([]float64, d)
	for j := range hi {
		hi[j] = 1
	}
	return lo, hi
}

var defaultPRIM = PRIMOptions{PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05}

// TestPRIMPlantedBox is the acceptance test: 5000 uniform points in
// four dimensions, y = 1 with probability 0.9 inside the box
// [0.2, 0.6] × [0.3, 0.8] (the other two dimensions free) and 0.1 outside.
// The selected box's limits are within 0.05 of the planted ones in every
// dimension (free dimensions: within 0.05 of 0 and 1). Tolerance: a peel
// removes 5% of the box's points, about 0.02 of a dimension's width near
// the planted box, so 0.05 is two to three peels. Coverage, density and
// mass are recomputed here from the points and the reported limits.
func TestPRIMPlantedBox(t *testing.T) {
	const n, d = 5000, 4
	blo := []float64{0.2, 0.3, 0, 0}
	bhi := []float64{0.6, 0.8, 1, 1}
	x, y := plantedBox(n, d, blo, bhi, 0.9, 0.1, 2026)
	lo, hi := unitRange(d)
	res, err := PRIM(x, d, y, lo, hi, defaultPRIM)
	if err != nil {
		t.Fatal(err)
	}
	sel := res.Boxes[res.Selected]
	worst := 0.0
	for j := range d {
		e := math.Max(math.Abs(sel.Low[j]-blo[j]), math.Abs(sel.High[j]-bhi[j]))
		worst = math.Max(worst, e)
		if e > 0.05 {
			t.Errorf("dimension %d: selected [%.4f, %.4f], planted [%.2f, %.2f]", j, sel.Low[j], sel.High[j], blo[j], bhi[j])
		}
	}
	t.Logf("selected box %d of %d (%d peels): limits %v–%v, coverage %.3f, density %.3f, mass %.3f, restricted %d; largest limit error %.4f",
		res.Selected, len(res.Boxes), res.Peels, round3(sel.Low), round3(sel.High), sel.Coverage, sel.Density, sel.Mass, sel.Restricted, worst)
	if sel.Restricted != 2 {
		t.Errorf("selected box restricts %d dimensions, want the 2 planted ones", sel.Restricted)
	}
	total := 0
	for _, v := range y {
		if v {
			total++
		}
	}
	for k, b := range res.Boxes {
		pts, cases := 0, 0
		for i := range n {
			in := true
			for j := range d {
				v := x[i*d+j]
				in = in && b.Low[j] <= v && v <= b.High[j]
			}
			if in {
				pts++
				if y[i] {
					cases++
				}
			}
		}
		if pts != b.Points || cases != b.Cases {
			t.Fatalf("box %d: reported %d points, %d cases; the limits hold %d, %d", k, b.Points, b.Cases, pts, cases)
		}
		if b.Coverage != float64(cases)/float64(total) || b.Density != float64(cases)/float64(pts) || b.Mass != float64(pts)/n {
			t.Fatalf("box %d: coverage %v density %v mass %v disagree with the counts", k, b.Coverage, b.Density, b.Mass)
		}
		if k > 0 && k <= res.Peels && (b.Mass >= res.Boxes[k-1].Mass || b.Density <= res.Boxes[k-1].Density) {
			t.Errorf("peel %d did not shrink the box and raise the density", k)
		}
		if k > res.Peels && (b.Mass <= res.Boxes[k-1].Mass || b.Density <= res.Boxes[k-1].Density) {
			t.Errorf("paste %d did not grow the box and raise the density", k)
		}
		if b.Mass < defaultPRIM.MinMass {
			t.Errorf("box %d has mass %v below the minimum", k, b.Mass)
		}
	}
	if b := res.Boxes[0]; b.Restricted != 0 || b.Coverage != 1 || b.Mass != 1 {
		t.Errorf("box 0 is not the whole range: %+v", b)
	}
}

func round3(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Round(x*1000) / 1000
	}
	return out
}

// TestPRIMNoStructure: where points of interest are scattered at random,
// no box beats the whole range on coverage × density, so box 0 is selected.
func TestPRIMNoStructure(t *testing.T) {
	lo, hi := unitRange(3)
	x, y := plantedBox(4000, 3, lo, hi, 0.3, 0.3, 5)
	res, err := PRIM(x, 3, y, lo, hi, defaultPRIM)
	if err != nil {
		t.Fatal(err)
	}
	if res.Selected != 0 {
		b := res.Boxes[res.Selected]
		t.Errorf("selected box %d (coverage %.3f, density %.3f) on structureless data; want box 0", res.Selected, b.Coverage, b.Density)
	}
}

// TestPRIMDesignRange: limits of dimensions that are not restricted are
// the design range given, not the range of the data.
func TestPRIMDesignRange(t *testing.T) {
	x, y := plantedBox(2000, 2, []float64{0, 0}, []float64{0.5, 1}, 1, 0, 3)
	for i := range x {
		x[i] = 10 + 10*x[i] // data in [10, 20]; planted x0 in [10, 15]
	}
	lo, hi := []float64{5, 5}, []float64{25, 25}
	res, err := PRIM(x, 2, y, lo, hi, defaultPRIM)
	if err != nil {
		t.Fatal(err)
	}
	sel := res.Boxes[res.Selected]
	if sel.Low[1] != 5 || sel.High[1] != 25 {
		t.Errorf("free dimension limits [%v, %v], want the design range [5, 25]", sel.Low[1], sel.High[1])
	}
	// The upper limit stops at the last peel that raised the density, at
	// or just above 15: a peel takes 5% of the box's points, about 0.25 of
	// x0 when the box spans [10, 15.x], so 0.2 is under one peel's width,
	// met at this seed, and a limit a whole peel off fails.
	if sel.Low[0] != 5 || math.Abs(sel.High[0]-15) > 0.2 {
		t.Errorf("x0 limits [%v, %v], want [5, 15] (lower limit never peeled)", sel.Low[0], sel.High[0])
	}
}

func TestPRIMQuantile(t *testing.T) {
	cases := []struct {
		v    []float64
		q    float64
		want float64
	}{
		{[]float64{1, 2, 3, 4, 5}, 0.25, 2.5}, // h = 1: widen to 2 and 3
		{[]float64{1, 2, 3, 4, 5}, 0.75, 3.5}, // h = 3: widen to 3 and 4
		{[]float64{1, 1, 1, 2, 3}, 0.05, 1.5}, // ties: the peel must take all the 1s
		{[]float64{1, 2, 3, 3, 3}, 0.95, 2.5},
		{[]float64{7}, 0.05, 7},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0.05, 1.5}, // h = 0.5
	}
	for _, c := range cases {
		if got := primLimit(c.v, c.q, c.q > 0.5); got != c.want {
			t.Errorf("primLimit(%v, %v) = %v, want %v", c.v, c.q, got, c.want)
		}
	}
}

// TestPRIMScaleFree: PRIM on the points times a power of two finds the
// same trajectory, its limits times that power, bit for bit. Before, at
// 2^1023 the midpoint of two coordinates whose sum passed the largest
// float64 was +Inf, a limit beyond every point, and no peel cut there.
func TestPRIMScaleFree(t *testing.T) {
	const n, d = 2000, 2
	x, y := plantedBox(n, d, []float64{0.55, 0}, []float64{0.9, 1}, 0.9, 0.1, 7)
	lo, hi := unitRange(d)
	// On [0, 1.9]: two coordinates above 1 sum past 2, and past the
	// largest float64 at 2^1023.
	for i := range x {
		x[i] *= 1.9
	}
	hi[0], hi[1] = 1.9, 1.9
	want, err := PRIM(x, d, y, lo, hi, defaultPRIM)
	if err != nil {
		t.Fatal(err)
	}
	const k = 1023
	scale := func(v []float64) []float64 {
		out := make([]float64, len(v))
		for i, a := range v {
			out[i] = math.Ldexp(a, k)
		}
		return out
	}
	got, err := PRIM(scale(x), d, y, scale(lo), scale(hi), defaultPRIM)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Boxes) != len(want.Boxes) || got.Selected != want.Selected || got.Peels != want.Peels {
		t.Fatalf("at 2^%d: %d boxes (%d peels, box %d selected), at 2^0 %d (%d, %d)", k, len(got.Boxes), got.Peels, got.Selected, len(want.Boxes), want.Peels, want.Selected)
	}
	for b := range want.Boxes {
		g, w := got.Boxes[b], want.Boxes[b]
		if fmt.Sprint(g.Low, g.High, g.Points, g.Cases) != fmt.Sprint(scale(w.Low), scale(w.High), w.Points, w.Cases) {
			t.Errorf("box %d at 2^%d: %v %v %d points %d cases; want %v %v %d %d", b, k, g.Low, g.High, g.Points, g.Cases, scale(w.Low), scale(w.High), w.Points, w.Cases)
		}
	}
	if q := primLimit([]float64{1.1e308, 1.2e308}, 0.5, true); !(q > 1.1e308 && q < 1.2e308) {
		t.Errorf("the midpoint of 1.1e308 and 1.2e308 is %v", q)
	}
}

func TestPRIMErrors(t *testing.T) {
	lo, hi := unitRange(2)
	x := []float64{0.5, 0.5, 0.2, 0.9}
	y := []bool{true, false}
	bad := []PRIMOptions{{PeelAlpha: 0, PasteAlpha: 0.05, MinMass: 0.05}, {PeelAlpha: 0.5, PasteAlpha: 0.05, MinMass: 0.05}, {PeelAlpha: 0.05, PasteAlpha: 0, MinMass: 0.05}, {PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0}, {PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 1.5}}
	for _, o := range bad {
		if _, err := PRIM(x, 2, y, lo, hi, o); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
	if _, err := PRIM(x, 2, y, lo, []float64{1, 0.8}, defaultPRIM); err == nil {
		t.Error("a point outside the design range accepted")
	}
	if _, err := PRIM(x[:3], 2, y, lo, hi, defaultPRIM); err == nil {
		t.Error("ragged points accepted")
	}
}

func BenchmarkPRIM(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("n=%d/d=10", n), func(b *testing.B) {
			blo := []float64{0.2, 0.3, 0, 0, 0, 0, 0, 0, 0, 0}
			bhi := []float64{0.6, 0.8, 1, 1, 1, 1, 1, 1, 1, 1}
			x, y := plantedBox(n, 10, blo, bhi, 0.9, 0.1, 1)
			lo, hi := unitRange(10)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := PRIM(x, 10, y, lo, hi, defaultPRIM); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPRIMTestRareNoise (review, this stop): where the points of interest
// are rare and unrelated to the inputs (1% of 4,096 points in 16
// dimensions, as a significance condition at the chance rate), PRIM alone
// proposes a box of noise with many restrictions and about five times the
// base density; PRIMTest takes the proposal back to box 0. Under the null
// each test proposes a box with probability 1/20, so three fixed seeds
// all at box 0 are what a correct test gives with probability 0.86; the
// seeds are fixed, so the outcome is too.
func TestPRIMTestRareNoise(t *testing.T) {
	const n, d = 4096, 16
	lo, hi := unitRange(d)
	noisy := 0
	for seed := uint64(1); seed <= 3; seed++ {
		x, y := plantedBox(n, d, lo, hi, 0.01, 0.01, seed)
		plain, err := PRIM(x, d, y, lo, hi, defaultPRIM)
		if err != nil {
			t.Fatal(err)
		}
		if plain.Selected != 0 {
			noisy++
		}
		res, err := PRIMTest(t.Context(), x, d, y, lo, hi, defaultPRIM, 19, rand.NewPCG(seed, 7))
		if err != nil {
			t.Fatal(err)
		}
		b := plain.Boxes[plain.Selected]
		t.Logf("seed %d: PRIM alone proposes box %d (%d restricted, density %.3f against %.3f); PRIMTest box %d, p = %.2f",
			seed, plain.Selected, b.Restricted, b.Density, plain.Boxes[0].Density, res.Selected, res.PValue)
		if res.Selected != 0 {
			t.Errorf("seed %d: PRIMTest proposes box %d of noise (p = %.2f)", seed, res.Selected, res.PValue)
		}
	}
	if noisy == 0 {
		t.Error("PRIM alone proposed box 0 every time: the case does not test PRIMTest")
	}
}

// TestPRIMTestKeepsStructure: a planted box (density 0.9 inside, 0.1
// outside) beats every shuffled search, so PRIMTest keeps PRIM's proposal,
// with the smallest p-value 19 shuffles can give, 0.05.
func TestPRIMTestKeepsStructure(t *testing.T) {
	blo := []float64{0.2, 0.3, 0, 0}
	bhi := []float64{0.6, 0.8, 1, 1}
	x, y := plantedBox(2000, 4, blo, bhi, 0.9, 0.1, 3)
	lo, hi := unitRange(4)
	plain, err := PRIM(x, 4, y, lo, hi, defaultPRIM)
	if err != nil {
		t.Fatal(err)
	}
	res, err := PRIMTest(t.Context(), x, 4, y, lo, hi, defaultPRIM, 19, rand.NewPCG(3, 7))
	if err != nil {
		t.Fatal(err)
	}
	if res.Selected != plain.Selected || plain.Selected == 0 || res.PValue != 0.05 {
		t.Errorf("planted box: PRIM proposes %d, PRIMTest %d with p = %v", plain.Selected, res.Selected, res.PValue)
	}
	again, _ := PRIMTest(t.Context(), x, 4, y, lo, hi, defaultPRIM, 19, rand.NewPCG(3, 7))
	if again.Selected != res.Selected || again.PValue != res.PValue {
		t.Error("PRIMTest is not reproducible from its source")
	}
	if !math.IsNaN(plain.PValue) {
		t.Errorf("PRIM's p-value %v, want NaN (untested)", plain.PValue)
	}
}

// TestPRIMToMinMass (a numerics audit, stop 37): with noisy labels the
// Workbench's rule, stop at the first peel that does not raise the
// density, can strand the trajectory in a wide box; peeling on to the
// minimum mass (Friedman & Fisher) reaches the planted box more often.
// A planted box of 12% of four dimensions, 80% of its points of interest
// against 10% outside, 500 points, 50 seeds: the audit measured 28 of 50
// recovered to within 0.1 by the default and 46 by ToMinMass. The test
// asks for at most 35 and at least 42: a margin of about 2 binomial SDs
// on either side for a change of the sampler's draws. With ToMinMass no
// box falls below the minimum mass either.
func TestPRIMToMinMass(t *testing.T) {
	const d, n, seeds = 4, 500, 50
	lo, hi := unitRange(d)
	recovered := map[bool]int{}
	for _, patient := range []bool{false, true} {
		opts := defaultPRIM
		opts.ToMinMass = patient
		for seed := uint64(1); seed <= seeds; seed++ {
			x, y := plantedBox(n, d, []float64{0, 0.6, 0, 0}, []float64{0.3, 1, 1, 1}, 0.8, 0.1, seed)
			res, err := PRIM(x, d, y, lo, hi, opts)
			if err != nil {
				t.Fatal(err)
			}
			for k, b := range res.Boxes {
				if k > 0 && float64(b.Points) < opts.MinMass*n {
					t.Fatalf("seed %d, to min mass %v: box %d holds %d points, under the minimum mass", seed, patient, k, b.Points)
				}
			}
			b := res.Boxes[res.Selected]
			dev := max(b.Low[0], math.Abs(b.High[0]-0.3), math.Abs(b.Low[1]-0.6), 1-b.High[1])
			if dev < 0.1 {
				recovered[patient]++
			}
		}
	}
	t.Logf("recovered to within 0.1: %d of %d stopping at no gain, %d peeling to the minimum mass", recovered[false], seeds, recovered[true])
	if recovered[false] > 35 || recovered[true] < 42 {
		t.Errorf("recovered %d of %d by the default (want at most 35) and %d peeling to the minimum mass (want at least 42)", recovered[false], seeds, recovered[true])
	}
}

// TestPRIMAdjacentValues: a limit between two coordinates that are
// adjacent float64 values separates them. The peel of 5% of 40 points
// drops the two lowest, a non-case at 0 and one at 1, and keeps the case at
// the next float64 above 1: the box holds the 38 cases and nothing else.
// Before, the midpoint of 1 and the next float64 rounded to 1, a low limit
// of 1 kept the non-case at 1, and PRIM selected [1, 40] with it inside
// (density 38/39); mirrored (coordinates negated), a high limit of −1 did
// the same.
func TestPRIMAdjacentValues(t *testing.T) {
	x := []float64{0, 1, math.Nextafter(1, 2)}
	y := []bool{false, false, true}
	for i := 3; i < 40; i++ {
		x = append(x, float64(i))
		y = append(y, true)
	}
	neg := make([]float64, len(x))
	for i, v := range x {
		neg[i] = -v
	}
	for _, c := range []struct {
		name   string
		x      []float64
		lo, hi float64
	}{{"low limit", x, 0, 40}, {"high limit (negated)", neg, -40, 0}} {
		res, err := PRIM(c.x, 1, y, []float64{c.lo}, []float64{c.hi}, defaultPRIM)
		if err != nil {
			t.Fatal(err)
		}
		b := res.Boxes[res.Selected]
		if b.Points != 38 || b.Cases != 38 {
			t.Errorf("%s: selected box [%v, %v] holds %d points, %d cases; want the 38 cases alone", c.name, b.Low[0], b.High[0], b.Points, b.Cases)
		}
		for i, v := range c.x {
			if in := b.Low[0] <= v && v <= b.High[0]; in != y[i] {
				t.Errorf("%s: point %v is in the box [%v, %v]: %v; is a case: %v", c.name, v, b.Low[0], b.High[0], in, y[i])
			}
		}
	}
	// Pairs of adjacent values whose midpoint rounds onto either one, in
	// every binade PRIM can meet: the limit lies on the kept side.
	for _, a := range []float64{1, math.Nextafter(1, 2), 0x1p-1074, -0x1p-1074, 0, 1.5e308, -1.5e308, math.Nextafter(math.MaxFloat64, 0), 0x1p53, -3} {
		b := math.Nextafter(a, math.Inf(1))
		if hi := primLimit([]float64{a, b}, 0.75, true); !(a <= hi && hi < b) {
			t.Errorf("high limit between %v and %v: %v", a, b, hi)
		}
		if lo := primLimit([]float64{a, b}, 0.25, false); !(a < lo && lo <= b) {
			t.Errorf("low limit between %v and %v: %v", a, b, lo)
		}
	}
}

// plainPrimQuantile is primLimit before it separated adjacent values: the
// Workbench's midpoint alone.
func plainPrimQuantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	h := float64(n-1) * q
	lo, hi := int(math.Floor(h)), int(math.Ceil(h))
	if q > 0.5 {
		for sorted[lo] == sorted[hi] && lo > 0 {
			lo--
		}
	} else {
		for sorted[lo] == sorted[hi] && hi < n-1 {
			hi++
		}
	}
	mid := (sorted[lo] + sorted[hi]) / 2
	if math.IsInf(mid, 0) {
		mid = sorted[lo]/2 + sorted[hi]/2
	}
	return mid
}

// TestPRIMLimitUnchanged compares primLimit with the midpoint it replaced
// over many random sorted coordinates (uniform, a grid with ties, counts,
// any magnitude of either sign, near the largest float64) and peel and
// paste shares: high and low limits are the midpoint, bit for bit, so no
// box of a design without adjacent float64 coordinates moves.
func TestPRIMLimitUnchanged(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	draw := func(kind int) float64 {
		switch kind {
		case 0: // uniform in the unit range
			return rng.Float64()
		case 1: // a grid of levels, with ties
			return float64(rng.IntN(4)) / 3
		case 2: // counts
			return float64(rng.IntN(30))
		case 3: // any magnitude, either sign
			return math.Ldexp(rng.Float64()-0.5, rng.IntN(2000)-1000)
		default: // near the largest float64, where the sum of two overflows
			return math.MaxFloat64 * (rng.Float64()*0.5 + 0.5)
		}
	}
	for trial := range 20000 {
		kind, n := trial%5, 1+rng.IntN(80)
		v := make([]float64, n)
		for i := range v {
			v[i] = draw(kind)
		}
		slices.Sort(v)
		alpha := rng.Float64() * 0.5
		for _, q := range []float64{alpha, 1 - alpha, 0.05, 0.95} {
			want := plainPrimQuantile(v, q)
			for _, upper := range []bool{false, true} {
				if got := primLimit(v, q, upper); math.Float64bits(got) != math.Float64bits(want) {
					t.Fatalf("trial %d (kind %d, n %d), q %v, upper %v: %v, the midpoint %v", trial, kind, n, q, upper, got, want)
				}
			}
		}
	}
}
