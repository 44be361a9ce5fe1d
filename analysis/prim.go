package analysis

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// PRIMOptions are the tuning constants of PRIM; the EMA Workbench's
// defaults are 0.05 for all three.
type PRIMOptions struct {
	PeelAlpha  float64 // share of the box's points a peel removes, in (0, 0.5)
	PasteAlpha float64 // share of the neighbouring slab's points a paste adds, in (0, 0.5)
	MinMass    float64 // smallest share of all points a box may hold, in (0, 1]
	// ToMinMass keeps peeling through steps that do not raise the density,
	// down to MinMass, as Friedman & Fisher's PRIM does (while the box is
	// neither pure nor empty); false stops at the first such step, as the
	// EMA Workbench does.
	ToMinMass bool
}

// Box is one box of a PRIM trajectory and its statistics.
type Box struct {
	// Low and High are the inclusive limits of each dimension: a point is in
	// the box when Low[j] <= x_j <= High[j] for every j. A dimension that
	// is not restricted keeps the design range.
	Low, High []float64
	Coverage  float64 // cases in the box / all cases (0 when there are none)
	Density   float64 // cases in the box / points in the box
	Mass      float64 // points in the box / all points
	// Restricted counts the dimensions whose limits differ from the design
	// range.
	Restricted int
	Points     int // points in the box
	Cases      int // points of interest in the box
}

// PRIMResult is the peeling and pasting trajectory of one PRIM box search.
type PRIMResult struct {
	// Boxes is the trajectory: box 0 is the whole design range, then one box
	// per accepted peel, then one per accepted paste.
	Boxes []Box
	// Peels is the number of boxes that peeling added (boxes 1..Peels).
	Peels int
	// Selected is the index of the box PRIM proposes (see PRIM, and
	// PRIMTest, which may take the proposal back to box 0).
	Selected int
	// PValue is PRIMTest's Monte Carlo p-value of the proposal; NaN from
	// PRIM, which does not test it.
	PValue float64
}

// PRIM finds a box of the input space where the points of interest are
// dense: the patient rule induction method of Friedman & Fisher (1999), as
// the EMA Workbench implements it for scenario discovery (Kwakkel 2017;
// Bryant & Lempert 2010). x holds n points of d dimensions row-major,
// y[i] says whether point i is of interest, and lo, hi are the design
// range of each dimension (every point must lie inside it).
//
// Peeling: at each step every dimension offers two candidate boxes, one
// that drops the points below the PeelAlpha quantile of the box's points
// and one that drops those above the 1−PeelAlpha quantile. The candidate
// with the largest gain in density per point removed (the Workbench's
// default "lenient1" objective; for continuous inputs every candidate
// removes the same share, so this is Friedman & Fisher's largest mean)
// wins; ties go to the box with fewer restricted dimensions, then to the
// lower dimension and the lower side. (The Workbench offers each
// dimension's upper peel first, so on an exact tie between the two sides
// of one dimension it peels the upper one; elsewhere the trajectories are
// the same, box for box.) Peeling stops when the winner would hold less
// than MinMass of the points or, unless ToMinMass, does not raise the
// density.
//
// Pasting then widens the last box: every restricted dimension offers to
// move each limit outward to take in PasteAlpha of the points in the slab
// between the limit and the design range (other limits held); the
// candidate with the largest density gain per point added wins, as long as
// it raises the density.
//
// Limits are set halfway between the last point kept and the first point
// dropped, the quantile rule of the Workbench (after sdtoolkit), so a box
// says unambiguously which points it holds; where the two are adjacent
// float64 values, with no float64 between them, the limit is the kept one.
//
// Selection: the proposed box is the one with the largest product of
// coverage and density, with ties going to the earlier box. Coverage ×
// density (recall × precision) rises while peeling removes mostly points
// outside the region of interest and falls once it cuts into the region:
// on a planted box it peaks at that box if peeling reaches it, and where
// the points of interest have no structure it stays at box 0, the
// unrestricted range. Peeling stops at the first step that does not raise
// the density (the Workbench's rule): on noisy labels that can stop it
// short of a planted box (docs/model.md sec. 17.3 gives the audit's rates).
func PRIM(x []float64, d int, y []bool, lo, hi []float64, opts PRIMOptions) (*PRIMResult, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	n := len(y)
	if d < 1 || n == 0 || len(x) != n*d || len(lo) != d || len(hi) != d {
		return nil, fmt.Errorf("analysis: PRIM needs n points of d dimensions and d ranges: got %d outcomes, %d coordinates, %d and %d range ends for %d dimensions", n, len(x), len(lo), len(hi), d)
	}
	for j := range d {
		if !(lo[j] <= hi[j]) {
			return nil, fmt.Errorf("analysis: PRIM range of dimension %d is [%v, %v]", j, lo[j], hi[j])
		}
	}
	for i := range n {
		for j := range d {
			if v := x[i*d+j]; !(lo[j] <= v && v <= hi[j]) {
				return nil, fmt.Errorf("analysis: PRIM point %d has %v in dimension %d, outside its range [%v, %v]", i, v, j, lo[j], hi[j])
			}
		}
	}
	s := &primSearch{x: x, d: d, y: y, lo: lo, hi: hi, opts: opts}
	for _, v := range y {
		if v {
			s.cases++
		}
	}
	in := make([]int, n)
	s.inBox = make([]bool, n)
	for i := range in {
		in[i] = i
		s.inBox[i] = true
	}
	// Sorting each dimension once lets every peel read the box's values in
	// order in one pass, instead of sorting them at every step.
	s.order = make([][]int, d)
	for j := range d {
		o := slices.Clone(in)
		slices.SortStableFunc(o, func(a, b int) int { return cmp.Compare(x[a*d+j], x[b*d+j]) })
		s.order[j] = o
	}
	low, high := slices.Clone(lo), slices.Clone(hi)
	res := &PRIMResult{Boxes: []Box{s.box(low, high, in)}}
	for {
		c, ok := s.bestPeel(low, high, in)
		if !ok {
			break
		}
		in = s.apply(c, low, high, in)
		res.Boxes = append(res.Boxes, s.box(low, high, in))
		res.Peels++
	}
	for {
		c, ok := s.bestPaste(low, high, in)
		if !ok {
			break
		}
		in = s.apply(c, low, high, nil)
		res.Boxes = append(res.Boxes, s.box(low, high, in))
	}
	res.Selected = bestBox(res.Boxes)
	res.PValue = math.NaN()
	return res, nil
}

// bestBox is the index of the box of largest coverage × density, the
// earlier on ties.
func bestBox(boxes []Box) int {
	best, k := -1.0, 0
	for i, b := range boxes {
		if v := b.Coverage * b.Density; v > best {
			best, k = v, i
		}
	}
	return k
}

// PRIMTest is PRIM with its proposal tested against chance, by a Monte
// Carlo test (Barnard 1963; Hope 1968): PRIM runs again on the same points
// with the points of interest shuffled among them, shuffles times (the
// permutations drawn from src), and the proposed box stands only if its
// coverage × density exceeds that of every shuffled search's proposal, a
// test at level 1/(shuffles+1). Otherwise box 0, the whole range, is
// selected: PRIM finds a box that dense where the points of interest have
// no relation to the inputs at all. The test is needed because peeling
// always finds some box denser than the whole range, and where the points
// of interest are rare (a significance condition that holds at about 2.5%
// of points by chance) coverage × density rewards a box of noise with ten
// restrictions and five times the base density. PValue is (1 + the
// shuffled searches at or above the proposal) / (1 + shuffles). ctx is
// heeded between shuffles. With shuffles 0 there is no test: the result is
// PRIM's (PValue NaN); fewer is an error.
func PRIMTest(ctx context.Context, x []float64, d int, y []bool, lo, hi []float64, opts PRIMOptions, shuffles int, src rand.Source) (*PRIMResult, error) {
	if shuffles < 0 {
		// It returned PRIM's untested proposal with a nil error (a
		// review, stop 52).
		return nil, fmt.Errorf("analysis: PRIMTest with %d shuffles; want 0 (no test) or more", shuffles)
	}
	res, err := PRIM(x, d, y, lo, hi, opts)
	if err != nil || shuffles == 0 {
		return res, err
	}
	if res.Selected == 0 {
		res.PValue = 1 // the whole range: nothing to test
		return res, nil
	}
	if src == nil {
		return nil, errors.New("analysis: PRIMTest needs a random source")
	}
	b := res.Boxes[res.Selected]
	score := b.Coverage * b.Density
	rng := rand.New(src)
	perm := slices.Clone(y)
	above := 0
	for range shuffles {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		null, err := PRIM(x, d, perm, lo, hi, opts)
		if err != nil {
			return nil, err
		}
		if nb := null.Boxes[null.Selected]; nb.Coverage*nb.Density >= score {
			above++
		}
	}
	res.PValue = float64(1+above) / float64(1+shuffles)
	if above > 0 {
		res.Selected = 0
	}
	return res, nil
}

func (o PRIMOptions) check() error {
	switch {
	case !(o.PeelAlpha > 0 && o.PeelAlpha < 0.5):
		return errors.New("analysis: PRIM peel alpha must lie in (0, 0.5)")
	case !(o.PasteAlpha > 0 && o.PasteAlpha < 0.5):
		return errors.New("analysis: PRIM paste alpha must lie in (0, 0.5)")
	case !(o.MinMass > 0 && o.MinMass <= 1):
		return errors.New("analysis: PRIM minimum mass must lie in (0, 1]")
	}
	return nil
}

type primSearch struct {
	x      []float64
	d      int
	y      []bool
	lo, hi []float64
	opts   PRIMOptions
	cases  int
	order  [][]int   // order[j]: the points sorted by dimension j, sorted once
	inBox  []bool    // whether each point is in the current peeled box
	vals   []float64 // scratch
}

// primMove is a candidate change of one limit.
type primMove struct {
	dim        int
	upper      bool // the move sets High[dim]; else Low[dim]
	limit      float64
	points     int
	cases      int
	gain       float64 // density change per point removed or added
	restricted int
}

// better reports whether m beats the best so far (see PRIM for the order).
func (m primMove) better(best primMove, have bool) bool {
	if !have || m.gain > best.gain {
		return true
	}
	return m.gain == best.gain && m.restricted < best.restricted
}

// count counts the points inside the box (low, high) and the cases among them.
func (s *primSearch) count(low, high []float64) (points, cases int) {
	for i := range s.y {
		if s.inside(i, low, high) {
			points++
			if s.y[i] {
				cases++
			}
		}
	}
	return points, cases
}

func (s *primSearch) inside(i int, low, high []float64) bool {
	row := s.x[i*s.d : (i+1)*s.d]
	for j, v := range row {
		if v < low[j] || v > high[j] {
			return false
		}
	}
	return true
}

func (s *primSearch) restricted(low, high []float64) int {
	r := 0
	for j := range s.d {
		if low[j] != s.lo[j] || high[j] != s.hi[j] {
			r++
		}
	}
	return r
}

// restrictedWith counts the restricted dimensions of the box after move m;
// the box is restored.
func (s *primSearch) restrictedWith(m primMove, low, high []float64) int {
	restore := s.tryMove(m, low, high)
	defer restore()
	return s.restricted(low, high)
}

// withMove evaluates m on the box (low, high) over all points, filling in
// its counts and restriction; the box is restored.
func (s *primSearch) withMove(m *primMove, low, high []float64) {
	restore := s.tryMove(*m, low, high)
	defer restore()
	m.points, m.cases = s.count(low, high)
	m.restricted = s.restricted(low, high)
}

// tryMove moves the limit m changes to m.limit and returns what restores it.
func (s *primSearch) tryMove(m primMove, low, high []float64) (restore func()) {
	lim := low
	if m.upper {
		lim = high
	}
	old := lim[m.dim]
	lim[m.dim] = m.limit
	return func() { lim[m.dim] = old }
}

// caseMean is the number of points in and the share of cases among them.
func (s *primSearch) caseMean(in []int) (int, float64) {
	k := 0
	for _, i := range in {
		if s.y[i] {
			k++
		}
	}
	return len(in), float64(k) / float64(len(in))
}

func (s *primSearch) bestPeel(low, high []float64, in []int) (primMove, bool) {
	nOld, meanOld := s.caseMean(in)
	var best primMove
	have := false
	for j := range s.d {
		s.vals = s.vals[:0]
		for _, i := range s.order[j] {
			if s.inBox[i] {
				s.vals = append(s.vals, s.x[i*s.d+j])
			}
		}
		for _, upper := range []bool{false, true} {
			m := primMove{dim: j, upper: upper}
			if upper {
				m.limit = primLimit(s.vals, 1-s.opts.PeelAlpha, true)
			} else {
				m.limit = primLimit(s.vals, s.opts.PeelAlpha, false)
			}
			// Every point of in is inside the box, so only dimension j
			// decides whether it stays.
			for _, i := range in {
				v := s.x[i*s.d+j]
				if (upper && v <= m.limit) || (!upper && v >= m.limit) {
					m.points++
					if s.y[i] {
						m.cases++
					}
				}
			}
			m.restricted = s.restrictedWith(m, low, high)
			if m.points == 0 || m.points == nOld {
				continue
			}
			m.gain = (float64(m.cases)/float64(m.points) - meanOld) / float64(nOld-m.points)
			if m.better(best, have) {
				best, have = m, true
			}
		}
	}
	n := len(s.y)
	// With noisy labels every candidate can lose a case at some step far
	// from the region, and stopping there strands the trajectory in a wide
	// box; ToMinMass peels on, and the selection picks the box (a numerics
	// audit, stop 37).
	stalled := !(best.gain > 0) && (!s.opts.ToMinMass || meanOld == 0 || meanOld == 1)
	if !have || float64(best.points)/float64(n) < s.opts.MinMass || stalled {
		return best, false
	}
	return best, true
}

func (s *primSearch) bestPaste(low, high []float64, in []int) (primMove, bool) {
	nOld, meanOld := s.caseMean(in)
	var best primMove
	have := false
	n := len(s.y)
	for j := range s.d {
		if low[j] == s.lo[j] && high[j] == s.hi[j] {
			continue // only restricted dimensions are pasted
		}
		for _, upper := range []bool{false, true} {
			// The slab between the limit and the design range, with the
			// other limits held.
			l, h := low[j], high[j]
			if upper {
				if h == s.hi[j] {
					continue
				}
				low[j], high[j] = h, s.hi[j]
			} else {
				if l == s.lo[j] {
					continue
				}
				low[j], high[j] = s.lo[j], l
			}
			s.vals = s.vals[:0]
			for i := range n {
				if s.inside(i, low, high) {
					s.vals = append(s.vals, s.x[i*s.d+j])
				}
			}
			low[j], high[j] = l, h
			slices.Sort(s.vals)
			m := primMove{dim: j, upper: upper}
			switch {
			case len(s.vals) == 0 && upper:
				m.limit = s.hi[j]
			case len(s.vals) == 0:
				m.limit = s.lo[j]
			case upper:
				m.limit = primLimit(s.vals, s.opts.PasteAlpha, true)
			default:
				m.limit = primLimit(s.vals, 1-s.opts.PasteAlpha, false)
			}
			s.withMove(&m, low, high)
			if m.points <= nOld {
				continue
			}
			m.gain = (float64(m.cases)/float64(m.points) - meanOld) / float64(m.points-nOld)
			if m.better(best, have) {
				best, have = m, true
			}
		}
	}
	return best, have && best.gain > 0
}

// apply moves the limit and returns the points inside the new box, taken
// from in (nil: from all points).
func (s *primSearch) apply(m primMove, low, high []float64, in []int) []int {
	if m.upper {
		high[m.dim] = m.limit
	} else {
		low[m.dim] = m.limit
	}
	var out []int
	if in == nil {
		for i := range s.y {
			if s.inside(i, low, high) {
				out = append(out, i)
			}
		}
		return out
	}
	out = in[:0]
	for _, i := range in {
		if s.inside(i, low, high) {
			out = append(out, i)
		} else {
			s.inBox[i] = false
		}
	}
	return out
}

func (s *primSearch) box(low, high []float64, in []int) Box {
	b := Box{Low: slices.Clone(low), High: slices.Clone(high), Points: len(in), Restricted: s.restricted(low, high)}
	for _, i := range in {
		if s.y[i] {
			b.Cases++
		}
	}
	b.Mass = float64(b.Points) / float64(len(s.y))
	if b.Points > 0 {
		b.Density = float64(b.Cases) / float64(b.Points)
	}
	if s.cases > 0 {
		b.Coverage = float64(b.Cases) / float64(s.cases)
	}
	return b
}

// primLimit is the q-quantile of sorted values as the EMA Workbench's
// get_quantile (after sdtoolkit) computes it: from position (n−1)q, widen
// to the nearest pair of distinct values on the side being peeled and take
// their midpoint, so that the limit falls between points. The midpoint of
// two values whose sum passes the largest float64 (1.1e308 and 1.2e308)
// is taken as the sum of their halves: as (a+b)/2 it was ±Inf, a limit
// beyond every point, and no peel could cut there.
//
// The limit separates the pair: a high limit (upper: the box holds
// v <= limit) lies below the upper value, a low limit (v >= limit) above
// the lower. The midpoint of two adjacent float64 values rounds onto one
// of them; as a low limit on the lower one it kept the point the peel
// drops (PRIM selected the box [1, 40] with the non-case at 1 in it, beside
// the case at the next float64 up), and as a high limit on the upper one
// likewise. The limit is then the other value of the pair; where the
// midpoint falls strictly between them, it is the midpoint.
func primLimit(sorted []float64, q float64, upper bool) float64 {
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
	a, b := sorted[lo], sorted[hi]
	mid := (a + b) / 2
	if math.IsInf(mid, 0) {
		mid = a/2 + b/2
	}
	switch {
	case upper && mid >= b:
		return a
	case !upper && mid <= a:
		return b
	}
	return mid
}
