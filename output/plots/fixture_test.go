package plots

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/output"
)

// The fixture is a small synthetic results directory laid out as the README
// "Results directory" says. Its numbers come from a closed-form response
// plus noise from a PCG stream with a fixed seed, so every run of the tests
// writes the same bytes. It is not the model: only the shapes matter.

type fixtureParam struct {
	name, unit string
	values     []float64
}

type fixture struct {
	name         string
	params       []fixtureParam // grid, row-major, last fastest
	replicates   int
	archs        []string
	plainStrings bool // string columns plain utf8 instead of dictionaries
	partTasks    int
	// design, when set, is the list of points instead of the grid of
	// params' values (a sampled design: random, lhs, halton).
	design [][]float64
	// mutate, when set, rewrites the columns of "summary", "contrasts" or
	// "runs" (every part) before they are written: the error tests use it to
	// break one table.
	mutate func(table string, cols []column) []column
}

func (f fixture) cols(table string, cols []column) []column {
	if f.mutate == nil {
		return cols
	}
	return f.mutate(table, cols)
}

func gridFixture() fixture {
	return fixture{
		name: "fixture-grid",
		params: []fixtureParam{
			{"us.reliability", "probability", []float64{0.3, 0.5, 0.7, 0.9}},
			{"population.autonomy_shift", "", []float64{-0.3, -0.1, 0.1, 0.3}},
		},
		replicates: 24,
		archs:      []string{"none", "hub_and_spokes", "treaty", "layered"},
		partTasks:  40,
	}
}

func sweepFixture() fixture {
	return fixture{
		name:         "fixture-sweep",
		params:       []fixtureParam{{"us.reliability", "probability", []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}}},
		replicates:   30,
		archs:        []string{"none", "hub_and_spokes", "treaty", "layered", "my_cells"},
		plainStrings: true,
		partTasks:    64,
	}
}

// singleFixture has one architecture, so no contrasts: the contrasts table
// has no rows.
func singleFixture() fixture {
	return fixture{
		name:       "fixture-single",
		params:     []fixtureParam{{"us.reliability", "probability", []float64{0.3, 0.6, 0.9}}},
		replicates: 20,
		archs:      []string{"treaty"},
		partTasks:  16,
	}
}

// sampledFixture is a two-parameter sampled design (like lhs) of n points
// and two replicates: no parameter varies alone and no pair forms a grid.
func sampledFixture(n int) fixture {
	rng := rand.New(rand.NewPCG(11, 12))
	design := make([][]float64, n)
	for i := range design {
		design[i] = []float64{0.3 + 0.6*rng.Float64(), -0.3 + 0.6*rng.Float64()}
	}
	return fixture{
		name: "fixture-sampled",
		params: []fixtureParam{
			{"us.reliability", "probability", nil},
			{"population.autonomy_shift", "", nil},
		},
		design:     design,
		replicates: 2,
		archs:      []string{"none", "hub_and_spokes", "treaty", "layered"},
		partTasks:  128,
	}
}

func pointFixture() fixture {
	return fixture{
		name:       "fixture-point",
		replicates: 50,
		archs:      []string{"treaty", "layered"},
		partTasks:  1000,
	}
}

// points returns the grid in row-major order, last parameter fastest.
func (f fixture) points() [][]float64 {
	if f.design != nil {
		return f.design
	}
	out := [][]float64{{}}
	for _, p := range f.params {
		var next [][]float64
		for _, head := range out {
			for _, v := range p.values {
				next = append(next, append(slices.Clone(head), v))
			}
		}
		out = next
	}
	return out
}

// outcomeCols lists the runs outcome columns: name, kind ('f' float64, 'i'
// int64, 'b' bool) and unit.
var outcomeCols = []struct {
	name string
	kind byte
	unit string
}{
	{"deterrence_success", 'f', "share of periods"}, {"general_deterrence", 'f', "share of periods"},
	{"challenges", 'i', "crises"}, {"challenges_grey_zone", 'i', "crises"}, {"challenges_economic", 'i', "crises"},
	{"challenges_blockade", 'i', "crises"}, {"challenges_armed", 'i', "crises"},
	{"repelled", 'i', "crises"}, {"fait_accompli", 'i', "crises"}, {"wars", 'i', "crises"},
	{"coordinated_share", 'f', "share of challenges"}, {"honour_rate", 'f', "share of commitments"},
	{"participation", 'f', "share of linked states"}, {"buy_in", 'f', "share of hedgers"},
	{"buy_in_capability", 'f', "capability share of hedgers"}, {"treaty_formed", 'b', ""},
	{"members_end", 'i', "states"}, {"false_security_gap", 'f', "share of promised capability"},
	{"tension", 'f', "utility"}, {"us_belief_end", 'f', "probability"}, {"interoperability_end", 'f', ""},
	{"severity_loss", 'f', "severity units"},
}

// run is one synthetic runs row: outcome values, NaN for null.
func (f fixture) run(rng *rand.Rand, common float64, x []float64, arch string) []float64 {
	rel, aut := 0.6, 0.0
	if len(x) > 0 {
		rel = x[0]
	}
	if len(x) > 1 {
		aut = x[1]
	}
	base := map[string]float64{"none": 0.45, "hub_and_spokes": 0.6, "treaty": 0.66, "layered": 0.66}[arch]
	if base == 0 {
		base = 0.55
	}
	eff := base + 0.25*(rel-0.6)
	switch arch {
	case "treaty":
		eff -= 0.3 * aut // autonomy-minded states balk at a bloc
	case "layered":
		eff += 0.15 * aut
		eff -= 0.2 * (rel - 0.6)
	}
	ds := math.Min(1, math.Max(0, eff+0.08*common+0.05*rng.NormFloat64()))
	gz, ec, bl, ar := rng.IntN(6), rng.IntN(4), rng.IntN(3), rng.IntN(2+int(4*(1-ds)))
	ch := gz + ec + bl + ar
	fa := int(math.Round(float64(ch) * (1 - ds) * 0.6))
	rep := ch - fa
	wars := min(rep, rng.IntN(2))
	null := math.NaN()
	honour, gap, formed := null, null, null
	if arch != "none" {
		honour = math.Min(1, 0.4+0.5*rel+0.1*rng.Float64())
		gap = 0.3 - 0.35*rel + 0.1*rng.NormFloat64()
	}
	if arch == "treaty" || arch == "layered" {
		formed = float64(rng.IntN(2))
	}
	buyIn := 0.0
	if arch != "none" {
		buyIn = math.Min(1, math.Max(0, 0.5-aut+0.1*rng.NormFloat64()))
	}
	coord := null
	if ch > 0 {
		coord = rng.Float64()
	}
	return []float64{
		ds, ds * 0.7, float64(ch), float64(gz), float64(ec), float64(bl), float64(ar),
		float64(rep), float64(fa), float64(wars), coord, honour, honour * 0.9, buyIn, buyIn * 0.95, formed,
		float64(rng.IntN(12)), gap, 0.2 * rng.Float64(), rel, 0.5,
		// Severity loss without a draw of its own, so the other
		// outcomes' values stay as they were before it was added.
		float64(gz) + 4*float64(ec) + 10*float64(fa) + 100*float64(wars),
	}
}

// column is a test-side column: exactly one of the slices is set.
type column struct {
	field arrow.Field
	f64   []float64 // NaN is null
	i64   []int64
	i32   []int32
	str   []string
	boo   []float64 // 0, 1 or NaN for null
}

func unitMeta(desc, unit string) arrow.Metadata {
	if unit == "" {
		return arrow.NewMetadata([]string{"description"}, []string{desc})
	}
	return arrow.NewMetadata([]string{"description", "unit"}, []string{desc, unit})
}

func floatCol(name, unit string, v []float64) column {
	return column{field: arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Float64, Nullable: true, Metadata: unitMeta(name, unit)}, f64: v}
}

func stringCol(name string, v []string, plain bool) column {
	var typ arrow.DataType = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	if plain {
		typ = arrow.BinaryTypes.String
	}
	return column{field: arrow.Field{Name: name, Type: typ, Metadata: unitMeta(name, "")}, str: v}
}

// writeParquet writes cols as one zstd Parquet file with the Arrow schema
// stored, as the results writers do.
func writeParquet(t testing.TB, path string, cols []column) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	n := 0
	for i, c := range cols {
		fields[i] = c.field
		switch {
		case c.f64 != nil:
			b := array.NewFloat64Builder(mem)
			for _, v := range c.f64 {
				if math.IsNaN(v) {
					b.AppendNull()
				} else {
					b.Append(v)
				}
			}
			arrs[i], n = b.NewArray(), len(c.f64)
			b.Release()
		case c.i64 != nil:
			b := array.NewInt64Builder(mem)
			b.AppendValues(c.i64, nil)
			arrs[i], n = b.NewArray(), len(c.i64)
			b.Release()
		case c.i32 != nil:
			b := array.NewInt32Builder(mem)
			b.AppendValues(c.i32, nil)
			arrs[i], n = b.NewArray(), len(c.i32)
			b.Release()
		case c.boo != nil:
			b := array.NewBooleanBuilder(mem)
			for _, v := range c.boo {
				if math.IsNaN(v) {
					b.AppendNull()
				} else {
					b.Append(v == 1)
				}
			}
			arrs[i], n = b.NewArray(), len(c.boo)
			b.Release()
		default:
			if dt, ok := c.field.Type.(*arrow.DictionaryType); ok {
				b := array.NewDictionaryBuilder(mem, dt).(*array.BinaryDictionaryBuilder)
				for _, s := range c.str {
					if err := b.AppendString(s); err != nil {
						t.Fatal(err)
					}
				}
				arrs[i] = b.NewArray()
				b.Release()
			} else {
				b := array.NewStringBuilder(mem)
				b.AppendValues(c.str, nil)
				arrs[i] = b.NewArray()
				b.Release()
			}
			n = len(c.str)
		}
	}
	schema := arrow.NewSchema(fields, nil)
	rec := array.NewRecordBatch(schema, arrs, int64(n))
	for _, a := range arrs {
		a.Release()
	}
	defer rec.Release()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd), parquet.WithAllocator(mem))
	w, err := pqarrow.NewFileWriter(schema, fh, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// cellStats are n, mean, sd, se and a normal 95% CI of the non-NaN values.
func cellStats(v []float64) (n int64, mean, sd, se, lo, hi float64) {
	var sum float64
	for _, x := range v {
		if !math.IsNaN(x) {
			n++
			sum += x
		}
	}
	nan := math.NaN()
	if n == 0 {
		return 0, nan, nan, nan, nan, nan
	}
	mean = sum / float64(n)
	if n < 2 {
		return n, mean, nan, nan, nan, nan
	}
	var ss float64
	for _, x := range v {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	sd = math.Sqrt(ss / float64(n-1))
	se = sd / math.Sqrt(float64(n))
	return n, mean, sd, se, mean - 1.96*se, mean + 1.96*se
}

// write lays the fixture out under dir.
func (f fixture) write(t testing.TB, dir string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "runs"), 0o755); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(20261125, 7))
	pts := f.points()
	// vals[point][arch][outcome][replicate]
	vals := make([][][][]float64, len(pts))
	for p := range pts {
		vals[p] = make([][][]float64, len(f.archs))
		for a := range f.archs {
			vals[p][a] = make([][]float64, len(outcomeCols))
		}
		for rep := range f.replicates {
			common := rng.NormFloat64()
			for a, arch := range f.archs {
				row := f.run(rng, common, pts[p], arch)
				for k, v := range row {
					vals[p][a][k] = append(vals[p][a][k], v)
				}
			}
			_ = rep
		}
	}

	// Runs parts, cut every partTasks tasks.
	tasks := len(pts) * f.replicates
	for part := 0; part*f.partTasks < tasks; part++ {
		var point, rep []int32
		var seed []int64
		var arch []string
		params := make([][]float64, len(f.params))
		outs := make([][]float64, len(outcomeCols))
		for task := part * f.partTasks; task < min(tasks, (part+1)*f.partTasks); task++ {
			p, r := task/f.replicates, task%f.replicates
			for a, name := range f.archs {
				point, rep, arch = append(point, int32(p)), append(rep, int32(r)), append(arch, name)
				seed = append(seed, int64(task)*7919)
				for j := range f.params {
					params[j] = append(params[j], pts[p][j])
				}
				for k := range outcomeCols {
					outs[k] = append(outs[k], vals[p][a][k][r])
				}
			}
		}
		cols := []column{
			{field: arrow.Field{Name: "point", Type: arrow.PrimitiveTypes.Int32}, i32: point},
			{field: arrow.Field{Name: "replicate", Type: arrow.PrimitiveTypes.Int32}, i32: rep},
			stringCol("architecture", arch, f.plainStrings),
			{field: arrow.Field{Name: "seed", Type: arrow.PrimitiveTypes.Int64}, i64: seed},
		}
		for j, prm := range f.params {
			cols = append(cols, floatCol(prm.name, prm.unit, params[j]))
		}
		for k, oc := range outcomeCols {
			switch oc.kind {
			case 'f':
				cols = append(cols, floatCol(oc.name, oc.unit, outs[k]))
			case 'i':
				iv := make([]int64, len(outs[k]))
				for i, v := range outs[k] {
					iv[i] = int64(v)
				}
				cols = append(cols, column{field: arrow.Field{Name: oc.name, Type: arrow.PrimitiveTypes.Int64, Metadata: unitMeta(oc.name, oc.unit)}, i64: iv})
			case 'b':
				cols = append(cols, column{field: arrow.Field{Name: oc.name, Type: arrow.FixedWidthTypes.Boolean, Nullable: true, Metadata: unitMeta(oc.name, "")}, boo: outs[k]})
			}
		}
		writeParquet(t, filepath.Join(dir, "runs", fmt.Sprintf("part-%05d.parquet", part)), f.cols("runs", cols))
	}

	// Summary, long.
	{
		var point []int32
		var arch, outcome []string
		var n []int64
		params := make([][]float64, len(f.params))
		st := make([][]float64, 5)
		for p := range pts {
			for a, name := range f.archs {
				for k, oc := range outcomeCols {
					point, arch, outcome = append(point, int32(p)), append(arch, name), append(outcome, oc.name)
					for j := range f.params {
						params[j] = append(params[j], pts[p][j])
					}
					cn, m, sd, se, lo, hi := cellStats(vals[p][a][k])
					n = append(n, cn)
					for i, v := range []float64{m, sd, se, lo, hi} {
						st[i] = append(st[i], v)
					}
				}
			}
		}
		cols := []column{{field: arrow.Field{Name: "point", Type: arrow.PrimitiveTypes.Int32}, i32: point}}
		for j, prm := range f.params {
			cols = append(cols, floatCol(prm.name, prm.unit, params[j]))
		}
		cols = append(cols, stringCol("architecture", arch, f.plainStrings), stringCol("outcome", outcome, f.plainStrings),
			column{field: arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int64}, i64: n})
		for i, name := range []string{"mean", "sd", "se", "ci_low", "ci_high"} {
			cols = append(cols, floatCol(name, "", st[i]))
		}
		writeParquet(t, filepath.Join(dir, "summary.parquet"), f.cols("summary", cols))
	}

	// Contrasts, long: layered - treaty first, then later-minus-earlier.
	{
		type pair struct{ a, b int }
		var pairs []pair
		ia, ib := slices.Index(f.archs, "layered"), slices.Index(f.archs, "treaty")
		if ia >= 0 && ib >= 0 {
			pairs = append(pairs, pair{ia, ib})
		}
		for b := range f.archs {
			for a := b + 1; a < len(f.archs); a++ {
				if !(a == ia && b == ib) {
					pairs = append(pairs, pair{a, b})
				}
			}
		}
		// Non-nil, so that a config with one architecture (no pairs)
		// writes a table with no rows.
		point, n := []int32{}, []int64{}
		outcome, aa, bb := []string{}, []string{}, []string{}
		params := make([][]float64, len(f.params))
		for j := range params {
			params[j] = []float64{}
		}
		st := make([][]float64, 5)
		for i := range st {
			st[i] = []float64{}
		}
		for p := range pts {
			for k, oc := range outcomeCols {
				if oc.kind == 'b' {
					continue
				}
				for _, pr := range pairs {
					d := make([]float64, f.replicates)
					var better, tie, valid float64
					for r := range d {
						d[r] = vals[p][pr.a][k][r] - vals[p][pr.b][k][r]
						if !math.IsNaN(d[r]) {
							valid++
							if d[r] > 0 {
								better++
							} else if d[r] == 0 {
								tie++
							}
						}
					}
					cn, m, _, _, lo, hi := cellStats(d)
					pb, pt := math.NaN(), math.NaN()
					if valid > 0 {
						pb, pt = better/valid, tie/valid
					}
					point, outcome = append(point, int32(p)), append(outcome, oc.name)
					aa, bb = append(aa, f.archs[pr.a]), append(bb, f.archs[pr.b])
					for j := range f.params {
						params[j] = append(params[j], pts[p][j])
					}
					n = append(n, cn)
					for i, v := range []float64{m, lo, hi, pb, pt} {
						st[i] = append(st[i], v)
					}
				}
			}
		}
		cols := []column{{field: arrow.Field{Name: "point", Type: arrow.PrimitiveTypes.Int32}, i32: point}}
		for j, prm := range f.params {
			cols = append(cols, floatCol(prm.name, prm.unit, params[j]))
		}
		cols = append(cols, stringCol("outcome", outcome, f.plainStrings),
			stringCol("architecture_a", aa, f.plainStrings), stringCol("architecture_b", bb, f.plainStrings),
			column{field: arrow.Field{Name: "n", Type: arrow.PrimitiveTypes.Int64}, i64: n})
		for i, name := range []string{"mean_diff", "ci_low", "ci_high", "p_a_better", "p_tie"} {
			cols = append(cols, floatCol(name, "", st[i]))
		}
		writeParquet(t, filepath.Join(dir, "contrasts.parquet"), f.cols("contrasts", cols))
	}

	cfg := fmt.Sprintf("name: %s\nseed: 20261125\nreplicates: %d\nperiods: 40\narchitectures: [%s]\n",
		f.name, f.replicates, joinQuoted(f.archs))
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	man, err := json.Marshal(output.Manifest{
		Format:       output.ManifestFormat,
		ConfigSHA256: fmt.Sprintf("%064x", len(f.name)),
		Seed:         20261125,
		Totals:       output.Totals{Points: len(pts), Replicates: f.replicates, Architectures: len(f.archs), Tasks: tasks},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), man, 0o644); err != nil {
		t.Fatal(err)
	}
}

func joinQuoted(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
