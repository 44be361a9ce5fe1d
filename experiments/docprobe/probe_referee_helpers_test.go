package docprobe

import (
	"fmt"
	"math"
	"os"
	"pactsim/experiments"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Helpers of the tests that recompute referee numbers of docs/model.md
// (stops 30 to 40) from the configuration the text states (a review,
// stop 52).

// refRuns runs a sweep of the built-in roster (periods 40, parquet, no
// plots) and returns its runs rows. params is the sweep's parameters
// block, one "    key: [values]" line each.
func refRuns(t *testing.T, seed, reps int, archs, design string, crn bool, params string) []map[string]string {
	t.Helper()
	c := ""
	if crn {
		c = "  crn: points\n"
	}
	cfg := fmt.Sprintf("name: refprobe\nseed: %d\nreplicates: %d\nperiods: 40\narchitectures: [%s]\npopulation:\n  roster: indo-pacific\nsweep:\n  design: %s\n%s  parameters:\n%s\noutput:\n  formats: [parquet]\n  plots: false\n", seed, reps, archs, design, c, strings.TrimRight(params, "\n"))
	return runTableRows(t, "refprobe.yaml", cfg, "runs")
}

// runTableRows parses cfg (named name), runs it and returns the rows of
// every part of its table (a review, stop 52).
func runTableRows(t testing.TB, name, cfg, table string) []map[string]string {
	t.Helper()
	plan, err := experiments.Parse(name, []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return planTableRows(t, plan, table)
}

// planTableRows runs plan and returns the rows of every part of its table.
func planTableRows(t testing.TB, plan *experiments.Plan, table string) []map[string]string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, dir, experiments.RunOptions{})
	return dirTableRows(t, dir, table)
}

// dirTableRows returns the rows of every part of table in the results
// directory dir.
func dirTableRows(t testing.TB, dir, table string) []map[string]string {
	t.Helper()
	parts, err := filepath.Glob(filepath.Join(dir, table, "*.parquet"))
	if err != nil || len(parts) == 0 {
		t.Fatalf("no %s parts (%v)", table, err)
	}
	var rows []map[string]string
	for _, p := range parts {
		rows = append(rows, readTable(t, p)...)
	}
	return rows
}

// rowFloat reads r's column k as a number, failing the test when it is not.
func rowFloat(t testing.TB, r map[string]string, k string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(r[k], 64)
	if err != nil {
		t.Fatalf("%s %q: %v", k, r[k], err)
	}
	return x
}

// refSel selects rows: every key (a column, "architecture" included) must
// hold its value as the runs table writes it.
type refSel map[string]string

func (s refSel) has(r map[string]string) bool {
	for k, v := range s {
		if r[k] != v {
			return false
		}
	}
	return true
}

// refCol reads a column as a number: booleans as 0/1, a null as NaN.
func refCol(k string) func(r map[string]string) float64 {
	return func(r map[string]string) float64 {
		switch r[k] {
		case "true":
			return 1
		case "false":
			return 0
		case "(null)", "":
			return math.NaN()
		}
		x, err := strconv.ParseFloat(r[k], 64)
		if err != nil {
			panic(fmt.Sprintf("%s %q: %v", k, r[k], err))
		}
		return x
	}
}

// refPaired is the mean over replicates of x at a minus x at b (the sum
// over the rows each selects in a replicate), its standard error and the
// number of replicates; replicates outside keep (when keep is not nil) or
// with a NaN on either side are left out.
func refPaired(rows []map[string]string, a, b refSel, x func(map[string]string) float64, keep map[string]bool) (m, se float64, n int) {
	va, vb := map[string]float64{}, map[string]float64{}
	for _, r := range rows {
		rep := r["replicate"]
		if keep != nil && !keep[rep] {
			continue
		}
		if a.has(r) {
			va[rep] += x(r)
		}
		if b.has(r) {
			vb[rep] += x(r)
		}
	}
	var d []float64
	for rep, xa := range va {
		xb, ok := vb[rep]
		if ok && !math.IsNaN(xa) && !math.IsNaN(xb) {
			d = append(d, xa-xb)
		}
	}
	return refMeanSE(d)
}

func refMeanSE(d []float64) (m, se float64, n int) {
	n = len(d)
	if n < 2 {
		return math.NaN(), math.NaN(), n
	}
	for _, x := range d {
		m += x
	}
	m /= float64(n)
	ss := 0.0
	for _, x := range d {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(n-1) / float64(n)), n
}

// refMean is the mean of x over the rows s selects (NaNs left out).
func refMean(rows []map[string]string, s refSel, x func(map[string]string) float64) float64 {
	sum, n := 0.0, 0
	for _, r := range rows {
		if s.has(r) {
			if v := x(r); !math.IsNaN(v) {
				sum += v
				n++
			}
		}
	}
	return sum / float64(n)
}

// refNear fails unless got is want to its printed digits: within half a
// unit of the last printed decimal of want; a want of "0" is exact.
func refNear(t *testing.T, what string, got float64, want string) {
	t.Helper()
	if want == "0" {
		if got != 0 {
			t.Errorf("%s: %g, the text says exactly 0", what, got)
		}
		return
	}
	w, err := strconv.ParseFloat(strings.Replace(want, "−", "-", 1), 64)
	if err != nil {
		t.Fatalf("%s: %q: %v", what, want, err)
	}
	dec := 0
	if i := strings.IndexByte(want, '.'); i >= 0 {
		dec = len(want) - i - 1
	}
	if math.Abs(got-w) > 0.5*math.Pow(10, -float64(dec))+1e-9 {
		t.Errorf("%s: %.5f, the text says %s", what, got, want)
	}
}

// refDocSays fails unless docs/model.md holds each of the phrases
// (whitespace as in the text's lines joined).
func refDocSays(t *testing.T, phrases ...string) {
	t.Helper()
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Join(strings.Fields(string(doc)), " ")
	for _, p := range phrases {
		if !strings.Contains(s, p) {
			t.Errorf("docs/model.md does not state %q", p)
		}
	}
}
