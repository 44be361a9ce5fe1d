package output

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/engine"
)

// runRow is one row of the runs table, as the test reads it back.
type runRow struct {
	point, rep int
	arch       string
	x          []float64 // per outcome; NaN where null
}

func readRuns(t *testing.T, dir string) []runRow {
	t.Helper()
	parts, err := TableParts(dir, TableRuns)
	if err != nil {
		t.Fatal(err)
	}
	cols := append([]string{ColPoint, ColReplicate, ColArchitecture}, outcomeNames()...)
	var rows []runRow
	for _, path := range parts {
		tb, err := OpenTable(path, cols...)
		if err != nil {
			t.Fatal(err)
		}
		for tb.Next(context.Background()) {
			ps, _ := tb.Int64s(ColPoint, nil)
			rs, _ := tb.Int64s(ColReplicate, nil)
			as, _ := tb.Strings(ColArchitecture, nil)
			xs := make([][]float64, engine.NumOutcomes)
			for k, o := range engine.Outcomes {
				xs[k], _, err = tb.Float64s(o.Name, nil)
				if err != nil {
					t.Fatal(err)
				}
			}
			for i := range ps {
				r := runRow{point: int(ps[i]), rep: int(rs[i]), arch: as[i]}
				for k := range xs {
					r.x = append(r.x, xs[k][i])
				}
				rows = append(rows, r)
			}
		}
		if err := tb.Err(); err != nil {
			t.Fatal(err)
		}
		tb.Close()
	}
	return rows
}

// TestFormationTables recomputes summary_by_formation and
// contrasts_by_formation from the runs table, by the rule the codebook
// states, and compares every row. Tolerance 1e-12 relative: the writer's
// Welford update and the two-pass formula here differ only by rounding.
func TestFormationTables(t *testing.T) {
	l := testLayout(t.TempDir())
	l.Replicates = 12 // enough replicates that each stratum has several
	writeDataset(t, l, 7)
	runs := readRuns(t, l.Dir)
	tf := int(engine.TreatyFormed)

	// world[point][rep][arch] = outcomes.
	world := map[[2]int]map[string][]float64{}
	for _, r := range runs {
		k := [2]int{r.point, r.rep}
		if world[k] == nil {
			world[k] = map[string][]float64{}
		}
		world[k][r.arch] = r.x
	}
	bears := func(p int, arch string) bool {
		for rep := range l.Replicates {
			if !math.IsNaN(world[[2]int{p, rep}][arch][tf]) {
				return true
			}
		}
		return false
	}
	stratum := func(p, rep int, by string) string {
		v := world[[2]int{p, rep}][by][tf]
		switch {
		case math.IsNaN(v):
			return ""
		case v == 1:
			return StratumFormed
		}
		return StratumNotFormed
	}

	// Summary by formation.
	tb, err := OpenTable(filepath.Join(l.Dir, TableSummaryByFormation+".parquet"), ColPoint, ColStratum, ColArchitecture, ColStratifiedBy, ColOutcome, ColN, ColMean, ColSD)
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	rows, nonEmpty := 0, 0
	for tb.Next(context.Background()) {
		ps, _ := tb.Int64s(ColPoint, nil)
		sts, _ := tb.Strings(ColStratum, nil)
		as, _ := tb.Strings(ColArchitecture, nil)
		bys, _ := tb.Strings(ColStratifiedBy, nil)
		os, _ := tb.Strings(ColOutcome, nil)
		ns, _, _ := tb.Float64s(ColN, nil)
		ms, _, _ := tb.Float64s(ColMean, nil)
		sds, _, _ := tb.Float64s(ColSD, nil)
		for i := range ps {
			rows++
			p := int(ps[i])
			want := ""
			if bears(p, as[i]) {
				want = as[i]
			} else {
				for _, a := range l.Architectures {
					if bears(p, a) {
						want = a
						break
					}
				}
			}
			where := fmt.Sprintf("point %d %s %s %s", p, sts[i], as[i], os[i])
			if bys[i] != want {
				t.Fatalf("%s: stratified_by %s, want %s", where, bys[i], want)
			}
			k := slices.IndexFunc(engine.Outcomes[:], func(o engine.OutcomeSpec) bool { return o.Name == os[i] })
			var xs []float64
			for rep := range l.Replicates {
				if stratum(p, rep, want) != sts[i] {
					continue
				}
				if x := world[[2]int{p, rep}][as[i]][k]; !math.IsNaN(x) {
					xs = append(xs, x)
				}
			}
			if int(ns[i]) != len(xs) {
				t.Fatalf("%s: n %v, runs give %d", where, ns[i], len(xs))
			}
			if len(xs) < 2 {
				continue
			}
			nonEmpty++
			m, sd := meanSD(xs)
			if !closeRel(ms[i], m) || !closeRel(sds[i], sd) {
				t.Fatalf("%s: mean %v sd %v, runs give %v %v", where, ms[i], sds[i], m, sd)
			}
		}
	}
	// 3 points × 2 strata × 4 architectures (each has a decider) × outcomes.
	if want := 3 * 2 * 4 * int(engine.NumOutcomes); rows != want {
		t.Errorf("summary_by_formation has %d rows, want %d", rows, want)
	}
	if nonEmpty < rows/4 {
		t.Errorf("only %d of %d rows have n >= 2: the test checks too little", nonEmpty, rows)
	}

	// Contrasts by formation: the pairs with a treaty-bearing member (all
	// but hub_and_spokes − none).
	cb, err := OpenTable(filepath.Join(l.Dir, TableContrastsByFormation+".parquet"), ColPoint, ColStratum, ColArchitectureA, ColArchitectureB, ColStratifiedBy, ColOutcome, ColN, ColMeanDiff)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Close()
	crow := 0
	for cb.Next(context.Background()) {
		ps, _ := cb.Int64s(ColPoint, nil)
		sts, _ := cb.Strings(ColStratum, nil)
		as, _ := cb.Strings(ColArchitectureA, nil)
		bs, _ := cb.Strings(ColArchitectureB, nil)
		bys, _ := cb.Strings(ColStratifiedBy, nil)
		os, _ := cb.Strings(ColOutcome, nil)
		ns, _, _ := cb.Float64s(ColN, nil)
		md, _, _ := cb.Float64s(ColMeanDiff, nil)
		for i := range ps {
			crow++
			p := int(ps[i])
			want := bs[i]
			if bears(p, as[i]) {
				want = as[i]
			}
			where := fmt.Sprintf("point %d %s %s − %s %s", p, sts[i], as[i], bs[i], os[i])
			if bys[i] != want {
				t.Fatalf("%s: stratified_by %s, want %s", where, bys[i], want)
			}
			k := slices.IndexFunc(engine.Outcomes[:], func(o engine.OutcomeSpec) bool { return o.Name == os[i] })
			var ds []float64
			for rep := range l.Replicates {
				if stratum(p, rep, want) != sts[i] {
					continue
				}
				w := world[[2]int{p, rep}]
				if a, b := w[as[i]][k], w[bs[i]][k]; !math.IsNaN(a) && !math.IsNaN(b) {
					ds = append(ds, a-b)
				}
			}
			if int(ns[i]) != len(ds) {
				t.Fatalf("%s: n %v, runs give %d", where, ns[i], len(ds))
			}
			if len(ds) > 0 {
				m, _ := meanSD(ds)
				if !closeRel(md[i], m) {
					t.Fatalf("%s: mean_diff %v, runs give %v", where, md[i], m)
				}
			}
		}
	}
	if want := 3 * 2 * 5 * int(engine.NumOutcomes); crow != want {
		t.Errorf("contrasts_by_formation has %d rows, want %d", crow, want)
	}
}

// TestContrastPairsPrimary: the two primary pairs come first, layered −
// treaty first as the results contract fixes (a contract review, stop 33:
// what a treaty adds came first), whichever order the config lists the
// architectures in, and what a treaty adds is oriented as the issue names
// it even where the config lists treaty_plus_cells first.
func TestContrastPairsPrimary(t *testing.T) {
	got := ContrastPairs([]string{"treaty", "none", "layered", "treaty_plus_cells"})
	want := [][2]string{
		{"layered", "treaty"}, {"treaty_plus_cells", "layered"},
		{"none", "treaty"}, {"layered", "none"},
		{"treaty_plus_cells", "treaty"}, {"treaty_plus_cells", "none"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ContrastPairs = %v, want %v", got, want)
	}
	got = ContrastPairs([]string{"none", "treaty", "layered"})
	if got[0] != [2]string{"layered", "treaty"} || len(got) != 3 {
		t.Errorf("without treaty_plus_cells: %v, want layered − treaty first of 3", got)
	}
	got = ContrastPairs([]string{"none", "treaty_plus_cells", "layered"})
	if got[0] != [2]string{"treaty_plus_cells", "layered"} || len(got) != 3 {
		t.Errorf("without treaty: %v, want treaty_plus_cells − layered first of 3", got)
	}
}

// TestContributions recomputes the contributions table of a small ablation
// from the runs table: per replicate, (a − b at the baseline) − (a − b at
// the point), then the mean and a Student t 95% interval computed here with
// gonum's stat and distuv (the writer uses its own Welford update and cached
// quantiles). Tolerance 1e-12 relative: the two differ only by rounding.
func TestContributions(t *testing.T) {
	l := testLayout(t.TempDir())
	l.Replicates = 9
	l.Ablation = &Ablation{Baseline: 0, Labels: []string{"defaults", "x off", "all mechanisms off"}}
	writeDataset(t, l, 4)
	runs := readRuns(t, l.Dir)
	world := map[[2]int]map[string][]float64{}
	for _, r := range runs {
		k := [2]int{r.point, r.rep}
		if world[k] == nil {
			world[k] = map[string][]float64{}
		}
		world[k][r.arch] = r.x
	}
	tb, err := OpenTable(filepath.Join(l.Dir, TableContributions+".parquet"), ColPoint, ColMechanism, ColOutcome, ColArchitectureA, ColArchitectureB, ColN, ColContribution, ColCILow, ColCIHigh, ColContrastDefault, ColContrastOff)
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	rows, spread := 0, 0
	for tb.Next(context.Background()) {
		ps, _ := tb.Int64s(ColPoint, nil)
		ms, _ := tb.Strings(ColMechanism, nil)
		os, _ := tb.Strings(ColOutcome, nil)
		as, _ := tb.Strings(ColArchitectureA, nil)
		bs, _ := tb.Strings(ColArchitectureB, nil)
		ns, _, _ := tb.Float64s(ColN, nil)
		cs, _, _ := tb.Float64s(ColContribution, nil)
		los, _, _ := tb.Float64s(ColCILow, nil)
		his, _, _ := tb.Float64s(ColCIHigh, nil)
		defs, _, _ := tb.Float64s(ColContrastDefault, nil)
		offs, _, _ := tb.Float64s(ColContrastOff, nil)
		for i := range ps {
			rows++
			p := int(ps[i])
			where := fmt.Sprintf("point %d %s − %s %s", p, as[i], bs[i], os[i])
			if p == 0 || ms[i] != l.Ablation.Labels[p] || as[i] != "layered" || bs[i] != "treaty" {
				t.Fatalf("%s: unexpected row (mechanism %q)", where, ms[i])
			}
			k := slices.IndexFunc(engine.Outcomes[:], func(o engine.OutcomeSpec) bool { return o.Name == os[i] })
			var ds, d0, dp []float64
			for rep := range l.Replicates {
				w0, wp := world[[2]int{0, rep}], world[[2]int{p, rep}]
				x0, xp := w0["layered"][k]-w0["treaty"][k], wp["layered"][k]-wp["treaty"][k]
				if math.IsNaN(x0) || math.IsNaN(xp) {
					continue
				}
				ds, d0, dp = append(ds, x0-xp), append(d0, x0), append(dp, xp)
			}
			if int(ns[i]) != len(ds) {
				t.Fatalf("%s: n %v, runs give %d", where, ns[i], len(ds))
			}
			if len(ds) < 2 {
				continue
			}
			spread++
			m, sd := stat.MeanStdDev(ds, nil)
			h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(ds) - 1)}.Quantile(0.975) * sd / math.Sqrt(float64(len(ds)))
			if !closeRel(cs[i], m) || !closeRel(los[i], m-h) || !closeRel(his[i], m+h) {
				t.Fatalf("%s: contribution %v [%v, %v], runs give %v [%v, %v]", where, cs[i], los[i], his[i], m, m-h, m+h)
			}
			if !closeRel(defs[i], stat.Mean(d0, nil)) || !closeRel(offs[i], stat.Mean(dp, nil)) {
				t.Fatalf("%s: contrast_default %v contrast_off %v, runs give %v %v", where, defs[i], offs[i], stat.Mean(d0, nil), stat.Mean(dp, nil))
			}
		}
	}
	if want := 2 * int(engine.NumOutcomes); rows != want {
		t.Errorf("contributions has %d rows, want %d (2 points × 1 primary pair × outcomes)", rows, want)
	}
	if spread < rows/2 {
		t.Errorf("only %d of %d rows have an interval: the test checks too little", spread, rows)
	}
}

// TestSummaryByFormationWarnsDeciders: summary_by_formation's stratified_by
// says that rows of different deciders are not paired. Tastes are drawn per
// architecture, so treaty and treaty_plus_cells form their treaties in
// different replicates, and a reader who differenced two architectures'
// treaty_formed rows got +5.74 where the paired contrast is +2.68 (a
// referee's recomputation, treaty_plus_cells − layered in severity loss at
// us.reliability 0.3, 300 replicates).
func TestSummaryByFormationWarnsDeciders(t *testing.T) {
	s, err := SummaryByFormationSchema(nil, []string{"treaty", "layered", "treaty_plus_cells"}, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	fs := s.FieldIndices(ColStratifiedBy)
	if len(fs) != 1 {
		t.Fatalf("stratified_by appears %d times", len(fs))
	}
	md := s.Field(fs[0]).Metadata
	k := md.FindKey("description")
	if k < 0 {
		t.Fatal("stratified_by has no description")
	}
	d := md.Values()[k]
	for _, want := range []string{"different replicates", "not a paired contrast", "contrasts_by_formation"} {
		if !strings.Contains(d, want) {
			t.Errorf("stratified_by's description %q does not say %q", d, want)
		}
	}
}
