package plots

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"pactsim/analysis"
	"pactsim/output"
)

// The analysis fixtures: a sampled run (the run fixture's synthetic
// tables over five parameters) with sensitivity or discovery tables
// written by package output's own writers, and a calibration's directory
// (config, trace, targets, no summary). The numbers are closed-form or
// drawn from fixed PCG streams, so every run of the tests writes the same
// bytes; only the shapes matter.

// analysisParams are the fixtures' swept parameters and design ranges.
var analysisParams = []struct {
	name, unit string
	lo, hi     float64
}{
	{"us.reliability", "probability", 0.3, 0.9},
	{"population.autonomy_shift", "", -0.4, 0.4},
	{"adversary.threshold", "", 0.8, 1.3},
	{"adversary.noise", "", 0.15, 0.35},
	{"crisis.friction", "", 0.25, 0.55},
}

// analysisRunFixture is a random design of n points over analysisParams,
// two replicates, treaty and layered.
func analysisRunFixture(name string, n int) fixture {
	rng := rand.New(rand.NewPCG(31, 32))
	design := make([][]float64, n)
	for i := range design {
		design[i] = make([]float64, len(analysisParams))
		for j, p := range analysisParams {
			design[i][j] = p.lo + (p.hi-p.lo)*rng.Float64()
		}
	}
	var params []fixtureParam
	for _, p := range analysisParams {
		params = append(params, fixtureParam{name: p.name, unit: p.unit})
	}
	return fixture{name: name, params: params, design: design, replicates: 2, archs: []string{"treaty", "layered"}, partTasks: 256}
}

// analysisDataset is the output.Dataset of a fixture's directory, for
// output's analysis writers.
func analysisDataset(t testing.TB, dir string, f fixture) *output.Dataset {
	t.Helper()
	var swept []string
	for _, p := range f.params {
		swept = append(swept, p.name)
	}
	ds, err := output.New(output.Layout{Dir: dir, Swept: swept, Points: f.points(), Replicates: f.replicates, Architectures: f.archs})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// sobolST are the fixture's total indices: per quantity (treaty, layered,
// layered − treaty), per parameter in analysisParams order.
var sobolST = [3][5]float64{
	{0.13, 0.05, 0.47, 0.37, 0.004},
	{0.056, 0.0009, 0.51, 0.44, 0.0021},
	{0.18, 0.46, 0.18, 0.27, 0.001},
}

// morrisMuStar are the fixture's mu* (sigma is derived from them).
var morrisMuStar = [3][5]float64{
	{0.041, 0.012, 0.12, 0.09, 0.002},
	{0.022, 0.001, 0.13, 0.11, 0.0015},
	{0.06, 0.1, 0.04, 0.07, 0.0004},
}

var fixtureQuantities = [3]struct{ a, b string }{{"treaty", ""}, {"layered", ""}, {"layered", "treaty"}}

// sensitivityRows are the rows of a sensitivity table for method, in the
// order experiments writes them: quantity by quantity, parameter by
// parameter. The contrast's last parameter has an interval that includes
// 0 (no detectable effect).
func sensitivityRows(method string) []output.SensitivityRow {
	var rows []output.SensitivityRow
	for q, qu := range fixtureQuantities {
		for j, p := range analysisParams {
			base := output.SensitivityRow{Method: method, Outcome: "deterrence_success", ArchitectureA: qu.a, ArchitectureB: qu.b, Parameter: p.name}
			add := func(index string, v, half float64, n int) {
				r := base
				r.Index, r.Estimate, r.CILow, r.CIHigh, r.N = index, v, v-half, v+half, n
				rows = append(rows, r)
			}
			if method == output.MethodSobol {
				st := sobolST[q][j]
				half := 0.1*st + 0.2*st
				if q == 2 && j == 4 {
					half = 0.005 // the interval includes 0
				}
				add(output.IndexS1, 0.8*st, 0.15*st+0.01, 512)
				add(output.IndexST, st, half, 512)
				continue
			}
			ms := morrisMuStar[q][j]
			half := 0.2 * ms
			if q == 2 && j == 4 {
				half = 0.0005
			}
			add(output.IndexMu, ms*0.7, 0.3*ms, 20)
			add(output.IndexMuStar, ms, half, 20)
			add(output.IndexSigma, ms*(0.4+0.3*float64(j)), math.NaN(), 20)
		}
	}
	return rows
}

// discoveryTables runs PRIM on the fixture's design with two planted
// targets: layered ahead (with probability 0.9) where us.reliability <
// 0.6 and population.autonomy_shift > 0 (0.1 elsewhere), and the treaty
// ahead at the other points.
func discoveryTables(t testing.TB, f fixture) ([]output.DiscoveryRow, []output.DiscoveryLimitRow) {
	t.Helper()
	pts := f.points()
	k := len(analysisParams)
	x := make([]float64, 0, len(pts)*k)
	lo, hi := make([]float64, k), make([]float64, k)
	for j, p := range analysisParams {
		lo[j], hi[j] = p.lo, p.hi
	}
	rng := rand.New(rand.NewPCG(41, 42))
	above := make([]bool, len(pts))
	below := make([]bool, len(pts))
	for i, pt := range pts {
		x = append(x, pt...)
		in := pt[0] < 0.6 && pt[1] > 0
		p := 0.1
		if in {
			p = 0.9
		}
		above[i] = rng.Float64() < p
		below[i] = !above[i]
	}
	var boxes []output.DiscoveryRow
	var limits []output.DiscoveryLimitRow
	for _, tg := range []struct {
		text string
		y    []bool
	}{{"layered - treaty deterrence_success > 0", above}, {"layered - treaty deterrence_success < 0", below}} {
		res, err := analysis.PRIM(x, k, tg.y, lo, hi, analysis.PRIMOptions{PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05})
		if err != nil {
			t.Fatal(err)
		}
		for b, box := range res.Boxes {
			boxes = append(boxes, output.DiscoveryRow{Target: tg.text, Box: b, Coverage: box.Coverage, Density: box.Density,
				Mass: box.Mass, Restricted: box.Restricted, Selected: b == res.Selected})
			for j, p := range analysisParams {
				limits = append(limits, output.DiscoveryLimitRow{Target: tg.text, Box: b, Parameter: p.name, Low: box.Low[j], High: box.High[j],
					Restricted: box.Low[j] != lo[j] || box.High[j] != hi[j]})
			}
		}
	}
	return boxes, limits
}

// writeAnalysisRun lays out a sampled run of n points with the chosen
// analysis tables ("sobol", "morris", "discovery", or both of a
// sensitivity method and "discovery"; WriteAnalysis writes them in one
// call, as a run does).
func writeAnalysisRun(t testing.TB, dir string, n int, sens string, disc bool) fixture {
	t.Helper()
	f := analysisRunFixture("fixture-analysis", n)
	f.write(t, dir)
	tables := &output.AnalysisTables{}
	if sens != "" {
		tables.HasSensitivity, tables.Sensitivity = true, sensitivityRows(sens)
	}
	if disc {
		tables.HasDiscovery = true
		tables.Discovery, tables.DiscoveryLimits = discoveryTables(t, f)
	}
	if err := analysisDataset(t, dir, f).WriteAnalysis(context.Background(), tables); err != nil {
		t.Fatal(err)
	}
	return f
}

// calibrationFixture are a calibration's trace and targets: 60
// evaluations of a loss that falls over two decades, two calibrated
// parameters, three targets of which the best evaluation misses one.
func calibrationFixture() *output.CalibrationTables {
	params := []output.TraceParam{{Name: "adversary.threshold", Min: 0.6, Max: 1.6}, {Name: "adversary.noise", Min: 0.1, Max: 0.5}}
	names := []string{"alliance-effect", "wars-per-decade", "honour-rate"}
	rng := rand.New(rand.NewPCG(51, 52))
	c := &output.CalibrationTables{Params: params, Targets: names, Calibrated: []byte("name: fixture-calibration\n")}
	for e := range 60 {
		loss := 8*math.Exp(-float64(e)/9)*(0.5+rng.Float64()) + 0.03
		if e == 17 {
			loss = math.Inf(1) // a target undefined at this evaluation
		}
		row := output.TraceRow{Evaluation: e, X: []float64{0.6 + rng.Float64(), 0.1 + 0.4*rng.Float64()}, Loss: loss}
		for range names {
			v := rng.Float64()
			row.Targets = append(row.Targets, output.TargetCell{Value: v, SE: 0.01, CILow: v - 0.02, CIHigh: v + 0.02, N: 400})
		}
		c.Trace = append(c.Trace, row)
	}
	c.Results = []output.TargetRow{
		{Name: "alliance-effect", Wanted: "0.82 ± 0.03", Achieved: 0.774, CILow: 0.766, CIHigh: 0.782, Met: false, Low: 0.79, High: 0.85, SE: 0.004, N: 400, Weight: 1},
		{Name: "wars-per-decade", Wanted: "[0, 0.3]", Achieved: 0.24, CILow: 0.19, CIHigh: 0.29, Met: true, Low: 0, High: 0.3, SE: 0.025, N: 400, Weight: 1},
		{Name: "honour-rate", Wanted: "0.5 ± 0.1", Achieved: 0.55, CILow: 0.51, CIHigh: 0.59, Met: true, Low: 0.4, High: 0.6, SE: 0.02, N: 400, Weight: 2},
	}
	return c
}

// writeCalibrationDir lays out a calibration's directory: config.yaml,
// the calibration tables, calibrated.yaml and the codebook; no summary.
func writeCalibrationDir(t testing.TB, dir string, c *output.CalibrationTables) {
	t.Helper()
	cfg := "name: fixture-calibration\nseed: 20261203\nreplicates: 400\nperiods: 40\narchitectures: [none, hub_and_spokes]\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := output.New(output.Layout{Dir: dir, Points: [][]float64{{}}, Replicates: 400, Architectures: []string{"none", "hub_and_spokes"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.WriteCalibration(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	man, err := json.Marshal(output.Manifest{
		Format:       output.ManifestFormat,
		ConfigSHA256: fmt.Sprintf("%064x", 7),
		Seed:         20261203,
		Totals:       output.Totals{Points: 1, Replicates: 400, Architectures: 2, Tasks: 400},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, output.ManifestName), man, 0o644); err != nil {
		t.Fatal(err)
	}
}
