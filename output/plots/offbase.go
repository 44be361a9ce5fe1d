package plots

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"pactsim/analysis"
	"pactsim/output"
)

// A Sobol' quantity has every index null where it is one value at every
// base sample of the Saltelli design (every f(A) and f(B)), since the
// estimator takes its variance over them (analysis.Sobol). It can still
// vary at the AB points between them: the report said it "does not vary
// over the design" beside a summary table in which it did (a review, stop
// 51: treaty challenges at N = 2, seed 4, was 4.75 at seven points and 4.5
// at an AB point). The sensitivity table cannot tell the two apart, so
// markVaries reads the quantity's value at each design point from the
// summary or contrasts table, as the terminal's note does
// (output.AnalysisTables.SensitivityOffBase).

// variesRows is the most rows of a summary or contrasts table markVaries
// reads: past it, varies is -1.
var variesRows int64 = maxAnalysisRows

// markVaries sets varies and points of each Sobol' quantity of qs with no
// defined index: at how many of the design's points its value differs
// from its value at point 0 (a base sample: Saltelli's order starts each
// block with A_i) by more than analysis.FlatRel of its largest |value|,
// the rule by which the estimator counts one value; 0 where it does not
// vary over the design. The values are those the analysis read: the
// summary's mean of one architecture, the contrasts' mean_diff of a pair
// (scanPointQuantities). Where the table is absent,
// or has more rows than variesRows (a design too large to read again for a
// note), varies is -1: the report then says only that the quantity
// has no variance at the base samples.
func markVaries(ctx context.Context, dir string, qs []sensQuantity) error {
	var one, pair []int // positions in qs
	for i := range qs {
		if qs[i].method != output.MethodSobol || qs[i].defined() {
			continue
		}
		qs[i].varies = -1
		if qs[i].b == "" {
			one = append(one, i)
		} else {
			pair = append(pair, i)
		}
	}
	if err := pointValues(ctx, filepath.Join(dir, summaryName), qs, one); err != nil {
		return err
	}
	return pointValues(ctx, filepath.Join(dir, contrastsName), qs, pair)
}

// pointValues reads, from the table at path, the value at each design
// point of the quantities qs[at], and sets their varies and points.
func pointValues(ctx context.Context, path string, qs []sensQuantity, at []int) error {
	pq := make([]pointQuantity, len(at))
	for j, i := range at {
		pq[j] = pointQuantity{qs[i].outcome, qs[i].a, qs[i].b}
	}
	ys := make([][]float64, len(at))
	seen := make([][]bool, len(at))
	read, err := scanPointQuantities(ctx, path, pq, false, variesRows, func(j int, p int64, mean, _, _ float64) bool {
		if p < 0 || p >= variesRows {
			return false // not a design this reads whole: varies stays -1
		}
		for int(p) >= len(ys[j]) {
			ys[j], seen[j] = append(ys[j], math.NaN()), append(seen[j], false)
		}
		ys[j][p], seen[j][p] = mean, true
		return true
	})
	if err != nil || !read {
		return err
	}
	for j, i := range at {
		qs[i].varies, qs[i].points = differing(ys[j], seen[j])
	}
	return nil
}

// differing counts the points (seen) at which y differs from its value at
// the first of them by more than analysis.FlatRel of the largest |y|, as
// the terminal's note does; points is how many were seen. With none seen,
// varies is -1 (unknown).
func differing(y []float64, seen []bool) (varies, points int) {
	first, scale := math.NaN(), 0.0
	for p, v := range y {
		if !seen[p] {
			continue
		}
		if points++; points == 1 {
			first = v
		}
		if !math.IsNaN(v) {
			scale = math.Max(scale, math.Abs(v))
		}
	}
	if points == 0 {
		return -1, 0
	}
	for p, v := range y {
		if seen[p] && math.Abs(v-first) > analysis.FlatRel*scale {
			varies++
		}
	}
	return varies, points
}

// baseOnly is what the report says of a Sobol' quantity with no defined
// index that is not known not to vary over the design (varies != 0): head,
// a predicate of the quantity (plural: of several, each unknown), and
// tail, a clause after the consequence that gives the points at which it
// differs, "" where varies is -1.
func (q sensQuantity) baseOnly(plural bool) (head, tail string) {
	if q.varies > 0 {
		return "is one value at every base sample of the Saltelli design (every f(A) and f(B), over which the estimator takes the variance)",
			fmt.Sprintf(", although it differs from that value at %d of the %d design points (AB points between them)", q.varies, q.points)
	}
	if plural {
		return "have no variance at the base samples of the Saltelli design (every f(A) and f(B), over which the estimator takes the variance)", ""
	}
	return "has no variance at the base samples of the Saltelli design (every f(A) and f(B), over which the estimator takes the variance)", ""
}

// baseOnlyTitle is the note a Sobol' panel's title adds for such a
// quantity.
func (q sensQuantity) baseOnlyTitle() string {
	if q.varies > 0 {
		return fmt.Sprintf(" (one value at every base sample, not at %d of %d points: no indices)", q.varies, q.points)
	}
	return " (no variance at the base samples: no indices)"
}

// baseOnlyNote appends to flat, the report's note on the quantities of qs
// that do not vary over the design, one on those with no defined index
// that do vary (varies > 0, each with its count) or may (-1, together).
func baseOnlyNote(qs []sensQuantity, flat string) string {
	notes := []string{flat}
	var unknown []string
	for _, q := range qs {
		switch {
		case q.defined() || q.varies == 0:
		case q.varies > 0:
			head, tail := q.baseOnly(false)
			notes = append(notes, q.label()+": "+head+", so every index of it is null"+tail+"; its column is empty")
		default:
			unknown = append(unknown, q.label())
		}
	}
	if len(unknown) == 1 {
		head, _ := sensQuantity{varies: -1}.baseOnly(false)
		notes = append(notes, unknown[0]+": "+head+", so every index of it is null; its column is empty")
	} else if len(unknown) > 1 {
		head, _ := sensQuantity{varies: -1}.baseOnly(true)
		notes = append(notes, strings.Join(unknown, "; ")+": "+head+", so every index of them is null; their columns are empty")
	}
	if notes[0] == "" {
		notes = notes[1:]
	}
	return strings.Join(notes, ". ")
}
