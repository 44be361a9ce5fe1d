package plots

import (
	"math"
	"strings"
	"testing"

	"pactsim/output"
)

// sp is a test parameter: Sobol' ST and S1, or Morris mu* and sigma, with
// ST's (mu*'s) interval.
func sp(name string, v, lo, hi float64) sensParam {
	e := estimate{v, lo, hi}
	return sensParam{name: name, st: e, muStar: e, s1: estimate{v * 0.8, math.NaN(), math.NaN()}, sigma: estimate{v / 2, math.NaN(), math.NaN()}}
}

func TestSensitivityReading(t *testing.T) {
	nan := math.NaN()
	contrast := func(method string, ps ...sensParam) sensQuantity {
		return sensQuantity{method: method, outcome: "deterrence_success", a: "layered", b: "treaty", n: 512, params: ps}
	}
	for _, tc := range []struct {
		name string
		q    sensQuantity
		want string
	}{
		{"sobol: top, two more, none and little",
			contrast(output.MethodSobol,
				sp("us.reliability", 0.41, 0.37, 0.45), sp("population.autonomy_shift", 0.2, 0.15, 0.25),
				sp("adversary.noise", 0.1, 0.05, 0.15), sp("crisis.friction", 0.005, 0.003, 0.007), sp("adversary.spiral", 0.001, -0.002, 0.004)),
			"For layered − treaty deterrence success, us.reliability matters most (ST 0.41, 95% CI 0.37–0.45), then population.autonomy_shift (0.20) and adversary.noise (0.10); adversary.spiral has no detectable effect (the 95% interval of ST includes 0), and crisis.friction matters little (ST below 0.01)."},
		{"sobol: other numbers, other order",
			contrast(output.MethodSobol,
				sp("us.reliability", 0.12, 0.08, 0.16), sp("population.autonomy_shift", 0.55, 0.49, 0.61),
				sp("adversary.noise", 0.004, -0.001, 0.009), sp("crisis.friction", 0.002, -0.001, 0.005)),
			"For layered − treaty deterrence success, population.autonomy_shift matters most (ST 0.55, 95% CI 0.49–0.61), then us.reliability (0.12); adversary.noise and crisis.friction have no detectable effect (the 95% interval of ST includes 0)."},
		{"sobol: every effect detectable and large",
			contrast(output.MethodSobol, sp("a.x", 0.3, 0.2, 0.4), sp("a.y", 0.2, 0.1, 0.3), sp("a.z", 0.15, 0.1, 0.2), sp("a.w", 0.12, 0.1, 0.14)),
			"For layered − treaty deterrence success, a.x has the largest ST (0.30, 95% CI 0.20–0.40), its interval overlapping a.y's (0.20, 95% CI 0.10–0.30), then a.z (0.15) and a.w (0.12)."},
		{"sobol: nothing detectable",
			contrast(output.MethodSobol, sp("a.x", 0.02, -0.01, 0.05), sp("a.y", 0.01, -0.02, 0.04)),
			"For layered − treaty deterrence success, no parameter has a detectable effect: the 95% interval of every ST includes 0 (largest: a.x, ST 0.020, 95% CI −0.010 to 0.050)."},
		// The largest estimate undetectable, a smaller one detectable (a
		// review, stop 48: runner run of a Morris design of 8 trajectories
		// read "the 95% interval of every μ* includes 0" beside μ* 0.19
		// [0.047, 0.28]).
		{"morris: largest undetectable, another detectable",
			sensQuantity{method: output.MethodMorris, outcome: "severity_loss", a: "treaty_plus_cells", n: 8, params: []sensParam{
				sp("us.reliability", 0.19, 0.047, 0.28), sp("population.autonomy_shift", 0.23, 0, 0.47), sp("retribution.strength", 0.094, 0, 0.23)}},
			"For treaty_plus_cells severity loss, population.autonomy_shift has the largest μ* (0.23, 95% CI 0–0.47) but no detectable effect (its 95% interval includes 0); of the parameters whose interval excludes 0, us.reliability has the largest μ* (0.19, 95% CI 0.047–0.28), its interval overlapping retribution.strength's (0.094, 95% CI 0–0.23); retribution.strength has no detectable effect (the 95% interval of μ* includes 0)."},
		{"sobol: the two largest undetectable",
			contrast(output.MethodSobol, sp("a.x", 0.5, -0.1, 1.1), sp("a.y", 0.4, -0.2, 1), sp("a.z", 0.3, 0.2, 0.4), sp("a.w", 0.2, 0.1, 0.3)),
			"For layered − treaty deterrence success, a.x and a.y have the largest ST but no detectable effect (their 95% intervals include 0; largest: a.x, ST 0.50, 95% CI −0.10 to 1.10); of the parameters whose interval excludes 0, a.z has the largest ST (0.30, 95% CI 0.20–0.40), its interval overlapping a.w's (0.20, 95% CI 0.10–0.30)."},
		// Every index 0 (a review, stop 48: a Morris design without a
		// bootstrap read "us.reliability matters most (μ* 0), then
		// population.autonomy_shift (0) …").
		{"morris: every effect 0, no bootstrap",
			sensQuantity{method: output.MethodMorris, outcome: "deterrence_success", a: "treaty_plus_cells", b: "layered", n: 6, params: []sensParam{
				sp("us.reliability", 0, nan, nan), sp("population.autonomy_shift", 0, nan, nan), sp("retribution.strength", 0, nan, nan)}},
			"For treaty_plus_cells − layered deterrence success, every μ* is 0: no move of any parameter in the design changed the quantity."},
		{"morris: every effect 0, with intervals",
			sensQuantity{method: output.MethodMorris, outcome: "deterrence_success", a: "treaty_plus_cells", b: "layered", n: 6, params: []sensParam{
				sp("us.reliability", 0, 0, 0), sp("population.autonomy_shift", 0, 0, 0)}},
			"For treaty_plus_cells − layered deterrence success, every μ* is 0: no move of any parameter in the design changed the quantity."},
		{"sobol: undefined",
			contrast(output.MethodSobol, sp("a.x", nan, nan, nan)),
			"For layered − treaty deterrence success, every index is undefined: the quantity does not vary over the design, so there is no variance to apportion."},
		{"sobol: no bootstrap",
			sensQuantity{method: output.MethodSobol, outcome: "deterrence_success", a: "treaty", params: []sensParam{sp("a.x", 0.6, nan, nan), sp("a.y", 0.3, nan, nan)}},
			"For treaty deterrence success, a.x matters most (ST 0.60), then a.y (0.30) (no bootstrap intervals: every effect is taken as detectable)."},
		{"sobol: many small ones are counted",
			contrast(output.MethodSobol, sp("a.a", 0.5, 0.4, 0.6), sp("a.b", 0.009, 0.001, 0.0099), sp("a.c", 0.008, 0.001, 0.0099),
				sp("a.d", 0.007, 0.001, 0.0099), sp("a.e", 0.006, 0.001, 0.0099), sp("a.f", 0.005, 0.001, 0.0099), sp("a.g", 0.004, 0.001, 0.0099)),
			"For layered − treaty deterrence success, a.a matters most (ST 0.50, 95% CI 0.40–0.60); a.b, a.c, a.d, a.e and 2 others matter little (ST below 0.01)."},
		// A small estimate whose interval reaches the cut is not said to
		// matter little: the README fixes a parameter only when its whole
		// interval lies below the cut (a review, stop 53).
		{"sobol: small estimates, intervals reaching the cut",
			contrast(output.MethodSobol, sp("a.a", 0.5, 0.4, 0.6), sp("a.b", 0.008, 0.002, 0.014), sp("a.c", 0.006, 0.003, 0.009),
				sp("a.d", 0.004, 0.001, 0.01)),
			"For layered − treaty deterrence success, a.a matters most (ST 0.50, 95% CI 0.40–0.60); a.c matters little (ST below 0.01); a.b and a.d have ST below 0.01 but intervals that reach above it."},
		{"morris: a small estimate, its interval reaching the cut, beside an undetectable one",
			sensQuantity{method: output.MethodMorris, outcome: "deterrence_success", a: "treaty", n: 20, params: []sensParam{
				sp("a.y", 0.12, 0.1, 0.14), sp("a.z", 0.0004, 0.0002, 0.002), sp("a.w", 0.0001, 0, 0.0003)}},
			"For treaty deterrence success, a.y matters most (μ* 0.12, 95% CI 0.10–0.14); a.w has no detectable effect (the 95% interval of μ* includes 0), and a.z has μ* below 1% of the largest but an interval that reaches above it."},
		{"morris",
			sensQuantity{method: output.MethodMorris, outcome: "deterrence_success", a: "treaty", n: 20, params: []sensParam{
				sp("a.x", 0.05, 0.04, 0.06), sp("a.y", 0.12, 0.1, 0.14), sp("a.z", 0.0004, 0.0002, 0.0006), sp("a.w", 0.0001, 0, 0.0003)}},
			"For treaty deterrence success, a.y matters most (μ* 0.12, 95% CI 0.10–0.14), then a.x (0.050); a.w has no detectable effect (the 95% interval of μ* includes 0), and a.z matters little (μ* below 1% of the largest)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sensitivityReading(tc.q); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// box is a test PRIM box over two parameters whose design ranges are
// [0.3, 0.9] and [-0.4, 0.4].
func box(cov, dens, mass float64, lo0, hi0, lo1, hi1 float64) primBox {
	r := 0
	ls := []primLimit{{low: lo0, high: hi0}, {low: lo1, high: hi1}}
	for j, whole := range [][2]float64{{0.3, 0.9}, {-0.4, 0.4}} {
		if ls[j].low != whole[0] || ls[j].high != whole[1] {
			ls[j].restricted = true
			r++
		}
	}
	return primBox{coverage: cov, density: dens, mass: mass, restricted: r, limits: ls}
}

func target(text string, selected int, boxes ...primBox) primTarget {
	return primTarget{text: text, params: []string{"us.reliability", "population.autonomy_shift"}, selected: selected,
		boxes: append([]primBox{box(1, 0.4, 1, 0.3, 0.9, -0.4, 0.4)}, boxes...)}
}

func TestDiscoveryReading(t *testing.T) {
	for _, tc := range []struct {
		name string
		ts   []primTarget
		want string
	}{
		{"both directions",
			[]primTarget{
				target("layered - treaty deterrence_success > 0", 2, box(0.9, 0.5, 0.7, 0.3, 0.74, -0.4, 0.4), box(0.71, 0.83, 0.34, 0.3, 0.52, 0.05, 0.4)),
				target("layered - treaty deterrence_success < 0", 1, box(0.92, 0.79, 0.81, 0.3, 0.9, -0.4, 0.25)),
			},
			"In this design, layered deters better than treaty mainly where us.reliability ≤ 0.52 and population.autonomy_shift ≥ 0.05 (coverage 0.71, density 0.83 against 0.40 over all points, 34% of the space); treaty deters better than layered mainly where population.autonomy_shift ≤ 0.25 (coverage 0.92, density 0.79 against 0.40 over all points, 81% of the space)."},
		{"other numbers, other sentence",
			[]primTarget{target("layered - treaty deterrence_success > 0", 1, box(0.55, 0.9, 0.08, 0.61, 0.9, -0.12, 0.3))},
			"In this design, layered deters better than treaty mainly where us.reliability ≥ 0.61 and −0.12 ≤ population.autonomy_shift ≤ 0.30 (coverage 0.55, density 0.90 against 0.40 over all points, 8.0% of the space)."},
		{"significant",
			[]primTarget{target("layered - treaty deterrence_success > 0 (95% CI)", 1, box(0.6, 0.7, 0.2, 0.3, 0.5, -0.4, 0.4))},
			"In this design, layered deters significantly better than treaty (95% CI) mainly where us.reliability ≤ 0.50 (coverage 0.60, density 0.70 against 0.40 over all points, 20% of the space)."},
		{"lower is better",
			[]primTarget{target("layered - treaty wars > 0", 1, box(0.6, 0.7, 0.2, 0.3, 0.5, -0.4, 0.4))},
			"In this design, treaty does better on wars than layered mainly where us.reliability ≤ 0.50 (coverage 0.60, density 0.70 against 0.40 over all points, 20% of the space)."},
		{"one architecture against a threshold",
			[]primTarget{target("treaty deterrence_success > 0.7", 1, box(0.6, 0.7, 0.2, 0.3, 0.5, -0.4, 0.4))},
			"In this design, treaty deterrence success is above 0.7 mainly where us.reliability ≤ 0.50 (coverage 0.60, density 0.70 against 0.40 over all points, 20% of the space)."},
		{"significant at no more than chance",
			[]primTarget{{text: "layered - treaty deterrence_success > 0 (95% CI)", params: []string{"us.reliability", "population.autonomy_shift"}, selected: 1,
				boxes: []primBox{box(1, 0.006, 1, 0.3, 0.9, -0.4, 0.4), box(0.8, 0.04, 0.11, 0.3, 0.5, -0.4, 0.4)}}},
			"In this design, layered deters significantly better than treaty (95% CI) at only 0.6% of the design points, no more than the 2.5% a contrast of 0 everywhere would give by chance, so no region stands out; those few points gather where us.reliability ≤ 0.50 (coverage 0.80, density 0.040, 11% of the space)."},
		{"rare but concentrated: a region",
			[]primTarget{{text: "layered - treaty deterrence_success > 0 (95% CI)", params: []string{"us.reliability", "population.autonomy_shift"}, selected: 1,
				boxes: []primBox{box(1, 0.021, 1, 0.3, 0.9, -0.4, 0.4), box(0.83, 0.29, 0.06, 0.3, 0.5, -0.4, 0.4)}}},
			"In this design, layered deters significantly better than treaty (95% CI) mainly where us.reliability ≤ 0.50 (coverage 0.83, density 0.29 against 0.021 over all points, 6.0% of the space)."},
		// No box and no more points than chance (a figures audit, stop
		// 37: the chance caveat was given only beside a box).
		{"significant at chance, no box",
			[]primTarget{{text: "treaty_plus_cells - layered severity_loss > 0 (95% CI)", params: []string{"us.reliability", "population.autonomy_shift"}, selected: 0,
				boxes: []primBox{box(1, 0.008, 1, 0.3, 0.9, -0.4, 0.4)}}},
			"In this design, layered does significantly better on severity loss than treaty_plus_cells (95% CI) at only 0.8% of the design points, no more than the 2.5% a contrast of 0 everywhere would give by chance, so no region stands out."},
		// The chance rate is a contrast of 0's: one architecture's mean, or a
		// contrast against another threshold, beyond its threshold at few
		// points is no chance finding (a methods review, stop 48).
		{"significant and rare, one architecture: no chance reading",
			[]primTarget{{text: "treaty severity_loss > 8.5 (95% CI)", params: []string{"us.reliability", "population.autonomy_shift"}, selected: 0,
				boxes: []primBox{box(1, 0.02, 1, 0.3, 0.9, -0.4, 0.4)}}},
			"In this design, treaty severity loss is above 8.5 (whole 95% CI) with no region standing out: PRIM keeps the whole space (density 0.020)."},
		{"significant and rare, contrast against another threshold: no chance reading",
			[]primTarget{{text: "layered - treaty severity_loss < -2 (95% CI)", params: []string{"us.reliability", "population.autonomy_shift"}, selected: 1,
				boxes: []primBox{box(1, 0.006, 1, 0.3, 0.9, -0.4, 0.4), box(0.8, 0.04, 0.11, 0.3, 0.5, -0.4, 0.4)}}},
			"In this design, layered − treaty severity loss is below −2 (whole 95% CI) mainly where us.reliability ≤ 0.50 (coverage 0.80, density 0.040 against 0.0060 over all points, 11% of the space)."},
		{"whole space selected",
			[]primTarget{target("layered - treaty deterrence_success < 0", 0)},
			"In this design, treaty deters better than layered with no region standing out: PRIM keeps the whole space (density 0.40)."},
		{"no point of interest",
			[]primTarget{{text: "layered - treaty deterrence_success > 0", params: []string{"us.reliability", "population.autonomy_shift"},
				boxes: []primBox{{coverage: 0, density: 0, mass: 1, limits: []primLimit{{low: 0.3, high: 0.9}, {low: -0.4, high: 0.4}}}}}},
			"In this design, layered deters better than treaty at none of the design points."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := discoveryReading(tc.ts); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestDiscoveryTableRejected (hostile review, stop 32): the report's
// table says when PRIM's proposal (the box of largest coverage × density)
// was rejected by the shuffle test and box 0 kept, and counts the boxes
// from 0.
func TestDiscoveryTableRejected(t *testing.T) {
	proposal := box(0.55, 0.9, 0.08, 0.61, 0.9, -0.12, 0.3) // 0.495 > box 0's 0.4
	s := discoverySection([]primTarget{target("rejected", 0, proposal), target("kept", 1, proposal)}, 0)
	rej, kept := s.Rows[0], s.Rows[1]
	if rej.Box != "0 (of boxes 0–1)" || !strings.Contains(rej.Where, "PRIM proposed box 1, coverage × density 0.50") {
		t.Errorf("rejected proposal: box %q, where %q", rej.Box, rej.Where)
	}
	if kept.Box != "1 (of boxes 0–1)" || strings.Contains(kept.Where, "PRIM proposed") {
		t.Errorf("kept proposal: box %q, where %q", kept.Box, kept.Where)
	}
	if one := discoverySection([]primTarget{target("one", 0)}, 0); one.Rows[0].Box != "0 (the only box)" {
		t.Errorf("one box: %q", one.Rows[0].Box)
	}
}

func TestCalibrationReading(t *testing.T) {
	targets := func(met ...bool) []calTarget {
		out := []calTarget{
			{name: "alliance-effect", wanted: "0.82 ± 0.03", achieved: 0.774},
			{name: "wars-per-decade", wanted: "[0, 0.3]", achieved: 0.24},
			{name: "honour-rate", wanted: "0.5 ± 0.1", achieved: 0.55},
		}
		for k := range out {
			out[k].met = met[k]
		}
		return out
	}
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		c    *calibration
		want string
	}{
		{"one missed", &calibration{evals: []float64{0, 1, 2}, loss: []float64{4, 0.107, 0.3}, best: 1, targets: targets(false, true, true)},
			"Calibration met 2 of 3 targets at its best evaluation (number 2 of 3, evaluation 1 in the trace; loss 0.107); missed: alliance-effect (achieved 0.774, wanted 0.82 ± 0.03)."},
		{"two missed", &calibration{evals: []float64{0, 1, 2, 3}, loss: []float64{4, 3, 2.5, 9}, best: 2, targets: targets(false, false, true)},
			"Calibration met 1 of 3 targets at its best evaluation (number 3 of 4, evaluation 2 in the trace; loss 2.5); missed: alliance-effect (achieved 0.774, wanted 0.82 ± 0.03); wars-per-decade (achieved 0.24, wanted [0, 0.3])."},
		{"all met", &calibration{evals: []float64{0, 1}, loss: []float64{0.2, 0}, best: 1, targets: targets(true, true, true)},
			"Calibration met all 3 targets at its best evaluation (number 2 of 2, evaluation 1 in the trace; loss 0)."},
		{"nothing defined", &calibration{evals: []float64{0, 1}, loss: []float64{inf, inf}, best: -1, targets: targets(false, false, false)},
			"No evaluation of the 2 defined every target, so the calibration has no best point."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := calibrationReading(tc.c); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{fmtIndex(0.4149), "0.41"}, {fmtIndex(0.047), "0.047"}, {fmtIndex(0.00334), "0.0033"}, {fmtIndex(-0.0003), "−0.0003"},
		{fmtIndex(2.5e-5), "0.0000"}, {fmtIndex(0), "0"}, {fmtIndex(-0.25), "−0.25"},
		{fmtLimit(0.5234, 0.6, 0), "0.52"}, {fmtLimit(1.66, 4, 0), "1.7"}, {fmtLimit(0.0449, 0.08, 0), "0.045"}, {fmtLimit(-0.001, 0.8, 0), "0.00"},
		{fmtLimit(-0.12, 0.8, 0), "−0.12"}, {fmtLimit(123.4, 300, 0), "123"},
		// Outward (a review, stop 49): a lower limit never above, an upper
		// one never below, the point it is; one written exactly stays.
		{fmtLimit(0.5261, 0.6, -1), "0.52"}, {fmtLimit(0.5211, 0.6, 1), "0.53"}, {fmtLimit(-0.1234, 0.8, -1), "−0.13"},
		{fmtLimit(0.3, 0.6, -1), "0.30"}, {fmtLimit(0.1+0.2, 0.6, 1), "0.30"}, {fmtLimit(0.7, 0.6, 1), "0.70"},
		// Steps of at most 3% of the range: 0.006 on [0, 0.1] is not 0.01.
		{fmtLimit(0.006, 0.1, 1), "0.006"}, {fmtLimit(0.0061, 0.1, 1), "0.007"}, {fmtLimit(0.42, 1, 0), "0.42"}, {fmtLimit(1.234, 1.5, -1), "1.23"},
		{fmtShare(0.006), "0.0060"}, {fmtShare(0.047), "0.047"}, {fmtShare(0.4), "0.40"}, {fmtShare(0), "0.00"},
		{fmtPercent(0.0004), "0.040%"}, {fmtPercent(0.006), "0.6%"}, {fmtPercent(0), "0.0%"},
		{conditionPhrase("treaty severity_loss < -0.5 (95% CI)"), "treaty severity loss is below −0.5 (whole 95% CI)"},
		{fmtValue(0.7741), "0.774"}, {fmtValue(0), "0"}, {fmtValue(math.Inf(1)), "∞"}, {fmtPercent(0.34), "34%"}, {fmtPercent(0.081), "8.1%"},
		{joinAnd([]string{"a"}, 3), "a"}, {joinAnd([]string{"a", "b"}, 3), "a and b"}, {joinAnd([]string{"a", "b", "c", "d", "e"}, 3), "a, b, c and 2 others"},
		{joinAnd([]string{"a", "b", "c", "d"}, 3), "a, b, c and 1 other"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestLossFigureOneEvaluation: a calibration that met every target at its
// first evaluation (the shipped calibrate.yaml at the calibrated defaults)
// draws whole evaluations around it and a loss axis from 0 up, not gonum's
// ±0.0075 around a single point.
func TestLossFigureOneEvaluation(t *testing.T) {
	f, err := lossFigure(&calibration{evals: []float64{0}, loss: []float64{0}, best: 0}, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	p := f.panels[0].plot
	if p.X.Min > -1 || p.X.Max < 1 || p.Y.Min > 0 || p.Y.Max < 1 {
		t.Errorf("x [%v, %v], y [%v, %v]; want at least [-1, 1] and [0, 1]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if f.sub != "1 evaluation" {
		t.Errorf("subtitle %q", f.sub)
	}
	// Evaluations with an undefined target (engine 0.4.6 on: a finite
	// loss) are counted from the trace's values, not the loss's size: a
	// large defined miss (the third) is not one.
	f, err = lossFigure(&calibration{evals: []float64{0, 1, 2, 3}, loss: []float64{2e8 + 0.5, 0.3, 5e9, 5e7}, best: 1,
		undefined: []bool{true, false, false, true}}, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(f.sub, "2 with a target without a value, which counts as a miss of 10000 bands") {
		t.Errorf("subtitle %q", f.sub)
	}
	// No target with a value at the best evaluation: a failed calibration
	// is read as one (a code review, stop 33: it read as a fit).
	failed := &calibration{evals: []float64{0, 1}, loss: []float64{1e8, 1e8}, best: 0, failed: true,
		targets: []calTarget{{name: "honour", achieved: math.NaN()}}}
	if r := calibrationReading(failed); !strings.Contains(r, "the calibration failed") || !strings.Contains(r, "not for use") {
		t.Errorf("failed calibration read as %q", r)
	}
}

// TestTradeoffNoPointOfInterest: a PRIM trajectory with no point of
// interest (box 0 only, coverage and density 0) is drawn on the shares'
// range, not on ±0.01 around 0 (negative shares on the axes).
func TestTradeoffNoPointOfInterest(t *testing.T) {
	ts := []primTarget{{text: "none above 1000", params: []string{"x"}, selected: 0,
		boxes: []primBox{{coverage: 0, density: 0, mass: 1, limits: []primLimit{{low: 0, high: 1}}}}}}
	f, err := tradeoffFigure("discovery-tradeoff", ts, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	p := f.panels[0].plot
	if p.X.Min < -0.1 || p.X.Max < 1 || p.Y.Min < -0.1 || p.Y.Max < 1 {
		t.Errorf("x [%v, %v], y [%v, %v]; want about [0, 1] each", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
}
