package docprobe

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"pactsim/experiments"
)

// Tests that recompute numbers of docs/model.md secs. 17.3 and 22
// (limitations) from the configurations they state; no test recomputed
// them (a review, stop 53).

// limitsConfig is a sweep of the built-in roster (periods 40, parquet, no
// plots) with the given params block and sweep lines.
func limitsConfig(seed, reps int, archs, params, sweep, tables string) string {
	return fmt.Sprintf("name: limits\nseed: %d\nreplicates: %d\nperiods: 40\narchitectures: [%s]\npopulation:\n  roster: indo-pacific\n%ssweep:\n%s\noutput:\n  formats: [parquet]\n  tables: [%s]\n  plots: false\n",
		seed, reps, archs, params, sweep, tables)
}

// TestDocsLimitCapabilityPrecision: sec. 22, "A's capability is a
// precision, not a strength": under `layered`, K_A from 0.727 down to 0.01
// raises the grey-zone hazard from 4.8 to 14.7 a run; under `none` it
// lowers it from 29.2 to 15.1 (a grid over adversary.capability [0.01,
// 0.727], 300 replicates, seed 1, the defaults otherwise).
func TestDocsLimitCapabilityPrecision(t *testing.T) {
	rows := runTableRows(t, "limits.yaml", limitsConfig(1, 300, "none, layered", "",
		"  design: grid\n  parameters:\n    adversary.capability: [0.01, 0.727]", "runs"), "runs")
	const K = "adversary.capability"
	hz := refCol("hazard_grey_zone")
	for _, c := range []struct{ arch, k, want string }{
		{"layered", "0.727", "4.8"}, {"layered", "0.01", "14.7"},
		{"none", "0.727", "29.2"}, {"none", "0.01", "15.1"},
	} {
		refNear(t, c.arch+" at K_A "+c.k, refMean(rows, refSel{"architecture": c.arch, K: c.k}, hz), c.want)
	}
	refDocSays(t, "under `layered`, K_A from 0.727 down to 0.01 raises the grey-zone hazard from 4.8 to 14.7 a run; under `none` it lowers it from 29.2 to 15.1: a grid over `adversary.capability` [0.01, 0.727], 300 replicates, seed 1, the defaults otherwise")
}

// TestDocsLimitResolveDisplacesArmed: sec. 22, "More resolve means fewer
// armed attacks": under `treaty` with the founders bound (seed 11, 200
// replicates, a zip of the two values with crn: points),
// counter-mobilisation from 0 to 2.25 raises resolve_growth from 0 to
// 0.60 and hazard_grey_zone from 19.0 to 32.6 and lowers hazard_armed from
// 0.095 to 0.032 (India: grey zone 0.14 → 0.32 a run, armed 0.095 →
// 0.030).
func TestDocsLimitResolveDisplacesArmed(t *testing.T) {
	cfg := limitsConfig(11, 200, "treaty", "params:\n  mechanisms.treaty.founders_bound: true\n",
		"  design: zip\n  crn: points\n  parameters:\n    adversary.counter_mobilisation.strength: [0, 2.25]", "runs, states")
	plan, err := experiments.Parse("limits.yaml", []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	const C = "adversary.counter_mobilisation.strength"
	runs := planTableRows(t, plan, "runs")
	for _, c := range []struct{ col, at, want string }{
		{"resolve_growth", "0", "0"}, {"resolve_growth", "2.25", "0.60"},
		{"hazard_grey_zone", "0", "19.0"}, {"hazard_grey_zone", "2.25", "32.6"},
		{"hazard_armed", "0", "0.095"}, {"hazard_armed", "2.25", "0.032"},
	} {
		refNear(t, c.col+" at "+c.at, refMean(runs, refSel{C: c.at}, refCol(c.col)), c.want)
	}
	states := planTableRows(t, plan, "states")
	for _, c := range []struct{ col, at, want string }{
		{"challenges_received_grey_zone", "0", "0.14"}, {"challenges_received_grey_zone", "2.25", "0.32"},
		{"challenges_received_armed", "0", "0.095"}, {"challenges_received_armed", "2.25", "0.030"},
	} {
		refNear(t, "India's "+c.col+" at "+c.at, refMean(states, refSel{C: c.at, "state": "IN"}, refCol(c.col)), c.want)
	}
	refDocSays(t, "counter-mobilisation from 0 to 2.25 raises `resolve_growth` from 0 to 0.60 and `hazard_grey_zone` from 19.0 to 32.6, and lowers `hazard_armed` from 0.095 to 0.032 (India: grey zone 0.14 → 0.32 a run, armed 0.095 → 0.030)")
}

// TestDocsLimitInstantCoordination: sec. 22, "With instantaneous
// coordination every alliance does worse than none on severity": at
// coordination.latency.strength 0 (seed 12, 400 replicates, a zip of 1
// and 0 with crn: points) severity_loss minus none's is +1.0 ± 0.26
// (hub_and_spokes), +2.6 ± 0.3 (treaty), +7.4 ± 0.8 (layered), +8.7 ± 0.8
// (treaty_plus_cells); at latency 1 −3.1, −5.3, −14.0 and −11.7; no
// grey-zone challenge succeeds, and A still makes 9.4 a run under none.
func TestDocsLimitInstantCoordination(t *testing.T) {
	const L = "coordination.latency.strength"
	rows := refRuns(t, 12, 400, "none, hub_and_spokes, treaty, layered, treaty_plus_cells", "zip", true, "    "+L+": [1, 0]")
	sev := refCol("severity_loss")
	for _, c := range []struct{ arch, at0, se0, at1 string }{
		{"hub_and_spokes", "1.0", "0.26", "-3.1"},
		{"treaty", "2.6", "0.3", "-5.3"},
		{"layered", "7.4", "0.8", "-14.0"},
		{"treaty_plus_cells", "8.7", "0.8", "-11.7"},
	} {
		m, se, n := refPaired(rows, refSel{"architecture": c.arch, L: "0"}, refSel{"architecture": "none", L: "0"}, sev, nil)
		if n != 400 {
			t.Fatalf("%s: %d paired replicates", c.arch, n)
		}
		refNear(t, c.arch+" − none at latency 0", m, c.at0)
		refNear(t, "its SE", se, c.se0)
		m, _, _ = refPaired(rows, refSel{"architecture": c.arch, L: "1"}, refSel{"architecture": "none", L: "1"}, sev, nil)
		refNear(t, c.arch+" − none at latency 1", m, c.at1)
	}
	for _, r := range rows {
		if r[L] == "0" && refCol("fait_accompli_grey_zone")(r) != 0 {
			t.Fatalf("a grey-zone challenge succeeded at latency 0: %s, replicate %s", r["architecture"], r["replicate"])
		}
	}
	refNear(t, "grey-zone challenges under none at latency 0", refMean(rows, refSel{"architecture": "none", L: "0"}, refCol("challenges_grey_zone")), "9.4")
	refDocSays(t, "`severity_loss` minus `none`'s is +1.0 ± 0.26 under `hub_and_spokes`, +2.6 ± 0.3 under `treaty`, +7.4 ± 0.8 under `layered` and +8.7 ± 0.8 under `treaty_plus_cells` (at latency 1: −3.1, −5.3, −14.0 and −11.7)",
		"still presses (9.4 grey-zone challenges a run under `none`)")
}

// TestDocsTasteCorrelationActsBound: sec. 17.3, the evidence that ρ_ε
// acts with the founders bound: from 0 to 0.9 it lowers `layered`'s
// buy_in by 0.24 (0.954 → 0.716) and raises treaty_plus_cells − layered
// on severity by 1.54 (95% CI 0.03 to 3.05; seed 777, 400 replicates,
// crn: points, the paired difference in differences).
func TestDocsTasteCorrelationActsBound(t *testing.T) {
	const P = "accession.taste_correlation"
	rows := runTableRows(t, "limits.yaml", limitsConfig(777, 400, "treaty_plus_cells, layered", "params:\n  mechanisms.treaty.founders_bound: true\n",
		"  design: grid\n  crn: points\n  parameters:\n    "+P+": [0, 0.9]", "runs"), "runs")
	buy := refCol("buy_in")
	lo, hi := refMean(rows, refSel{"architecture": "layered", P: "0"}, buy), refMean(rows, refSel{"architecture": "layered", P: "0.9"}, buy)
	refNear(t, "layered buy-in at 0", lo, "0.954")
	refNear(t, "layered buy-in at 0.9", hi, "0.716")
	refNear(t, "its fall", lo-hi, "0.24")
	m, se, n := refPaired(rows, refSel{P: "0.9"}, refSel{P: "0"}, refContrast(refCol("severity_loss"), "treaty_plus_cells", "layered"), nil)
	if n != 400 {
		t.Fatalf("%d paired replicates", n)
	}
	t399 := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 399}.Quantile(0.975)
	refNear(t, "the contrast's rise", m, "1.54")
	refNear(t, "95% CI low", m-t399*se, "0.03")
	refNear(t, "95% CI high", m+t399*se, "3.05")
	refDocSays(t, "ρ_ε from 0 to 0.9 lowers `layered` `buy_in` by 0.24 (0.954 → 0.716) and raises `treaty_plus_cells − layered` on severity by 1.54 (95% CI 0.03 to 3.05; a referee, seed 777, 400 replicates, `crn: points`)")
}

// TestDocsBetterCellsMoreDisplacement: docs/model.md sec. 17.3, "Better
// cells, more displacement": with the cells' awareness cut to 0.3 and the
// maritime-awareness and intelligence-fusion cells' grey-zone latency
// raised from 0.5 to 3 days (seed 1010, 2,000 replicates, crn: points,
// the five fields swept together in a zip), `layered`'s severity falls
// from 23.18 to 17.81 and its deterrence_success rises from 0.9872 to
// 0.9914, while its grey-zone failures rise by only 0.05.
func TestDocsBetterCellsMoreDisplacement(t *testing.T) {
	const ma, fu = "mechanisms.maritime_awareness.", "mechanisms.intelligence_fusion."
	rows := refRuns(t, 1010, 2000, "layered", "zip", true,
		"    "+ma+"awareness: [1, 0.3]\n"+
			"    "+fu+"awareness: [0.8, 0.3]\n"+
			"    mechanisms.coordination_centre.awareness: [0.5, 0.3]\n"+
			"    "+ma+"latency.grey_zone: [0.5, 3]\n"+
			"    "+fu+"latency.grey_zone: [0.5, 3]")
	def, weak := refSel{ma + "awareness": "1"}, refSel{ma + "awareness": "0.3"}
	refNear(t, "severity at the defaults", refMean(rows, def, refCol("severity_loss")), "23.18")
	refNear(t, "severity with weaker cells", refMean(rows, weak, refCol("severity_loss")), "17.81")
	refNear(t, "deterrence_success at the defaults", refMean(rows, def, refCol("deterrence_success")), "0.9872")
	refNear(t, "deterrence_success with weaker cells", refMean(rows, weak, refCol("deterrence_success")), "0.9914")
	m, _, _ := refPaired(rows, weak, def, refCol("failures_grey_zone"), nil)
	refNear(t, "grey-zone failures' rise", m, "0.05")
	refDocSays(t, "`layered`'s severity falls from 23.18 to 17.81 and its `deterrence_success` rises from 0.9872 to 0.9914, while its grey-zone failures rise by only 0.05")
}

// TestDocsLateShareByCells: sec. 22, "Late responses are mostly a matter
// of whether cells exist": late_share 0.92 under hub_and_spokes, 0.84
// under treaty and 0.30–0.32 with cells (300 replicates, seed 4402:
// layered_then_treaty 0.304, layered 0.312, treaty_plus_cells 0.323).
func TestDocsLateShareByCells(t *testing.T) {
	rows := refRuns(t, 4402, 300, "hub_and_spokes, treaty, layered, treaty_plus_cells, layered_then_treaty", "grid", false, "    us.reliability: [0.7]")
	for arch, want := range map[string]string{"hub_and_spokes": "0.92", "treaty": "0.84", "layered_then_treaty": "0.304", "layered": "0.312", "treaty_plus_cells": "0.323"} {
		refNear(t, arch+": late_share", refMean(rows, refSel{"architecture": arch}, refCol("late_share")), want)
	}
	refDocSays(t, "so `late_share` is 0.92 under `hub_and_spokes`, 0.84 under `treaty` and 0.30–0.32 with cells (300 replicates, seed 4402: `layered_then_treaty` 0.304, `layered` 0.312, `treaty_plus_cells` 0.323)")
}

// TestDocsMaritimeCoverageDisplaces: sec. 22, "Denying grey-zone pressure
// moves A to armed attacks" (layered, seed 4242, 1,500 replicates, crn:
// points, a grid over the maritime cell's coverage.grey_zone 0, 0.5, 1):
// from 0 to 1 the grey-zone hazard falls from 6.03 to 4.73 a run, the
// armed hazard rises from 0.32 to 0.48, faits accomplis from 0.39 to 0.50
// and severity_loss from 19.8 to 23.7 (95% CIs ±1.0 and ±1.2).
func TestDocsMaritimeCoverageDisplaces(t *testing.T) {
	const C = "mechanisms.maritime_awareness.coverage.grey_zone"
	rows := refRuns(t, 4242, 1500, "layered", "grid", true, "    "+C+": [0, 0.5, 1]")
	for _, c := range []struct{ col, at0, at1 string }{
		{"hazard_grey_zone", "6.03", "4.73"}, {"hazard_armed", "0.32", "0.48"},
		{"fait_accompli", "0.39", "0.50"}, {"severity_loss", "19.8", "23.7"},
	} {
		refNear(t, c.col+" at 0", refMean(rows, refSel{C: "0"}, refCol(c.col)), c.at0)
		refNear(t, c.col+" at 1", refMean(rows, refSel{C: "1"}, refCol(c.col)), c.at1)
	}
	tq := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: 1499}.Quantile(0.975)
	for at, want := range map[string]string{"0": "1.0", "1": "1.2"} {
		var x []float64
		for _, r := range rows {
			if r[C] == at {
				x = append(x, refCol("severity_loss")(r))
			}
		}
		_, se, _ := refMeanSE(x)
		refNear(t, "severity_loss's 95% half-width at "+at, tq*se, want)
	}
	refDocSays(t, "raising the cell's grey-zone coverage from 0 to 1 lowers the grey-zone hazard from 6.03 to 4.73 a run but raises the armed hazard from 0.32 to 0.48, faits accomplis from 0.39 to 0.50 and `severity_loss` from 19.8 to 23.7 (95% CIs ±1.0 and ±1.2)")
}

// TestDocsMembershipMatched: sec. 22, "The primary contrast changes
// members as well as form" (seed 31, 1,000 replicates, the inline
// layered_ph the text writes beside layered and treaty_plus_cells): the
// informal core with the Philippines beats the formal core by 3.64
// severity units (95% CI 2.65 to 4.64) and by 0.0012 in deterrence
// success (0.0004 to 0.0021); the shipped treaty_plus_cells − layered is
// +2.21 (1.23 to 3.19) and −0.0004 (−0.0013 to +0.0004).
func TestDocsMembershipMatched(t *testing.T) {
	cfg := limitsConfig(31, 1000, "layered, treaty_plus_cells, {name: layered_ph, base: layered, mechanisms: [{name: core, preset: core, founders: [US, JP, AU, PH], eligible: [US, JP, AU, PH], pre_existing: true}]}", "", "", "summary, contrasts")
	plan, err := experiments.Parse("limits.yaml", []byte(strings.Replace(cfg, "sweep:\n\n", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, dir, experiments.RunOptions{})
	rows := readTable(t, filepath.Join(dir, "contrasts.parquet"))
	for _, c := range []struct{ outcome, a, b, mean, lo, hi string }{
		{"severity_loss", "layered_ph", "treaty_plus_cells", "-3.64", "-4.64", "-2.65"},
		{"deterrence_success", "layered_ph", "treaty_plus_cells", "0.0012", "0.0004", "0.0021"},
		{"severity_loss", "treaty_plus_cells", "layered", "2.21", "1.23", "3.19"},
		{"deterrence_success", "treaty_plus_cells", "layered", "-0.0004", "-0.0013", "0.0004"},
	} {
		nearCI(t, c.outcome+" "+c.a+" − "+c.b, pairContrasts(rows, c.outcome, c.a, c.b)["0"], c.mean, c.lo, c.hi)
	}
	refDocSays(t, "the informal core with the Philippines beats the formal core by 3.64 severity units (95% CI 2.65 to 4.64) and by 0.0012 in deterrence success (0.0004 to 0.0021)",
		"layered` is +2.21 (1.23 to 3.19) and −0.0004 (−0.0013 to +0.0004)")
}

// TestDocsDomainsStrengthJump: sec. 22, the jump below domains.strength 1:
// from 1 to 0.999999 (seed 8, 400 replicates, crn: points) the grey-zone
// challenges rise by about 2 a run under none, hub_and_spokes and treaty
// (26.4 → 28.5 under hub_and_spokes) and severity_loss by 1.9 (0.55
// under layered).
func TestDocsDomainsStrengthJump(t *testing.T) {
	const D = "domains.strength"
	rows := refRuns(t, 8, 400, "none, hub_and_spokes, treaty, layered", "grid", true, "    "+D+": [1, 0.999999]")
	step := func(arch, col string) float64 {
		return refMean(rows, refSel{"architecture": arch, D: "0.999999"}, refCol(col)) - refMean(rows, refSel{"architecture": arch, D: "1"}, refCol(col))
	}
	for _, arch := range []string{"none", "hub_and_spokes", "treaty"} {
		refNear(t, arch+": grey-zone challenges' rise", step(arch, "challenges_grey_zone"), "2")
		refNear(t, arch+": severity's rise", step(arch, "severity_loss"), "1.9")
	}
	refNear(t, "layered: severity's rise", step("layered", "severity_loss"), "0.55")
	refNear(t, "hub_and_spokes at 1", refMean(rows, refSel{"architecture": "hub_and_spokes", D: "1"}, refCol("challenges_grey_zone")), "26.4")
	refNear(t, "hub_and_spokes at 0.999999", refMean(rows, refSel{"architecture": "hub_and_spokes", D: "0.999999"}, refCol("challenges_grey_zone")), "28.5")
	refDocSays(t, "from 1 to 0.999999 (seed 8, 400 replicates, `crn: points`) the grey-zone challenges rise by about 2 a run under `none`, `hub_and_spokes` and `treaty` (26.4 → 28.5 under `hub_and_spokes`) and `severity_loss` by 1.9 (0.55 under `layered`)")
}

// summaryMeans runs cfg and returns its summary table's means of outcome
// by architecture and the value of the swept parameter param.
func summaryMeans(t *testing.T, cfg, param, outcome string) map[[2]string]float64 {
	t.Helper()
	plan, err := experiments.Parse("limits.yaml", []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, dir, experiments.RunOptions{})
	out := map[[2]string]float64{}
	for _, r := range readTable(t, filepath.Join(dir, "summary.parquet")) {
		if r["outcome"] == outcome {
			out[[2]string{r["architecture"], r[param]}] = rowFloat(t, r, "mean")
		}
	}
	return out
}

// TestDocsLatencyStrengthShape: sec. 7, ω_L's effect is neither even nor
// monotone (seed 31, 2,000 replicates, crn: points, severity_loss): under
// treaty 13.8 and 13.8 at 0 and 0.5, 23.0 at 0.75, 29.2 at 1, 35.2 at 2;
// under layered 24.5 at 2 and 23.6 at 3; treaty_plus_cells 25.0 to 25.9.
// Each architecture is run on the points its numbers need: under crn:
// points a point's replicates do not depend on the other points.
func TestDocsLatencyStrengthShape(t *testing.T) {
	if testing.Short() {
		t.Skip("18,000 architecture-runs")
	}
	const L = "coordination.latency.strength"
	sweep := func(values string) string {
		return "  design: grid\n  crn: points\n  parameters:\n    " + L + ": [" + values + "]"
	}
	tr := summaryMeans(t, limitsConfig(31, 2000, "treaty", "", sweep("0, 0.5, 0.75, 1, 2"), "summary"), L, "severity_loss")
	for at, want := range map[string]string{"0": "13.8", "0.5": "13.8", "0.75": "23.0", "1": "29.2", "2": "35.2"} {
		refNear(t, "treaty at "+at, tr[[2]string{"treaty", at}], want)
	}
	lc := summaryMeans(t, limitsConfig(31, 2000, "layered, treaty_plus_cells", "", sweep("2, 3"), "summary"), L, "severity_loss")
	for _, c := range [][3]string{{"layered", "2", "24.5"}, {"layered", "3", "23.6"}, {"treaty_plus_cells", "2", "25.0"}, {"treaty_plus_cells", "3", "25.9"}} {
		refNear(t, c[0]+" at "+c[1], lc[[2]string{c[0], c[1]}], c[2])
	}
	refDocSays(t, "Under `treaty` it is flat from 0 to 0.5 (13.8 and 13.8) and then steep (23.0 at 0.75, 29.2 at 1, 35.2 at 2)",
		"Under `layered` severity falls from 24.5 at ω_L = 2 to 23.6 at 3", "while `treaty_plus_cells` rises (25.0 to 25.9)")
}
