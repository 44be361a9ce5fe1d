package plots

import (
	"context"
	"fmt"
	"math"
	"path/filepath"

	"pactsim/output"
)

// A break-even value is where the mean contrast changes sign along a
// strength's curve; where no point of that curve has a 95% CI that excludes
// 0, the sign is not resolved anywhere on it and the crossing may be Monte
// Carlo noise, even with a single crossing (a review, stop 50: 16 of the 18
// values of experiments/breakeven.yaml were of that kind, 8 of them with one
// crossing and no warning).

// undetectableNote is the mark of such a value in the table and the reading.
const undetectableNote = "sign not detectable at any swept value"

// markUndetectable sets noSign on each break-even row whose curve (the
// contrasts table's points at which every other strength of the breakeven
// table, and every other swept parameter, is at its baseline value) has at
// least one point with a 95% CI and none whose CI excludes 0. Without the
// contrasts table nothing is marked.
func markUndetectable(ctx context.Context, dir string, be []breakEvenRow) error {
	path := filepath.Join(dir, output.TableContrasts+".parquet")
	if ok, err := exists(path); err != nil || !ok || len(be) == 0 {
		return err
	}
	t, err := readSmallTable(ctx, path, output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB, output.ColCILow, output.ColCIHigh)
	if err != nil {
		return err
	}
	def := map[string]float64{}
	for _, b := range be {
		def[b.param] = b.def
	}
	// The parameter columns: those before the outcome, the point excepted.
	var params []string
	for _, f := range t.fields {
		if f == output.ColOutcome {
			break
		}
		if f != output.ColPoint {
			params = append(params, f)
		}
	}
	x := map[string][]float64{}
	for _, p := range params {
		col := t.cols[p]
		if col == nil || col.text {
			continue
		}
		if x[p], err = t.numbers(p, true); err != nil {
			return err
		}
	}
	// In the breakeven table's order, not def's map order, so that the
	// same directory names the same column every time.
	for _, b := range be {
		if x[b.param] == nil {
			return fmt.Errorf("plots: %s: no numeric column %q for the breakeven table's strength", path, b.param)
		}
	}
	var s [3][]string
	for i, name := range []string{output.ColOutcome, output.ColArchitectureA, output.ColArchitectureB} {
		if s[i], err = t.strings(name, i == 2); err != nil {
			return err
		}
	}
	lo, err := t.numbers(output.ColCILow, true)
	if err != nil {
		return err
	}
	hi, err := t.numbers(output.ColCIHigh, true)
	if err != nil {
		return err
	}
	// A swept parameter outside the breakeven table is at its baseline value
	// when it has the one value it takes where every strength of the table is
	// at its default; with several such values no curve can be told apart.
	atDefaults := func(i int, except string) bool {
		for p, d := range def {
			if p != except && x[p][i] != d {
				return false
			}
		}
		return true
	}
	base := map[string]float64{}
	for p, v := range x {
		if _, ok := def[p]; ok {
			continue
		}
		seen := math.NaN()
		for i := range t.rows {
			if !atDefaults(i, "") {
				continue
			}
			if !math.IsNaN(seen) && v[i] != seen {
				return nil
			}
			seen = v[i]
		}
		base[p] = seen
	}
	atBase := func(i int) bool {
		for p, v := range base {
			if x[p][i] != v {
				return false
			}
		}
		return true
	}
	for k := range be {
		b := &be[k]
		withCI, sign := 0, false
		for i := range t.rows {
			if s[0][i] != b.outcome || s[1][i] != b.a || s[2][i] != b.b || !atDefaults(i, b.param) {
				continue
			}
			if !atBase(i) {
				continue
			}
			if math.IsNaN(lo[i]) || math.IsNaN(hi[i]) {
				continue
			}
			withCI++
			sign = sign || lo[i] > 0 || hi[i] < 0
		}
		b.noSign = withCI > 0 && !sign
	}
	return nil
}
