package docprobe

import "testing"

// Tests that recompute numbers of docs/model.md secs. 3 to 5 that
// referees of stops 30 to 35 added, from the configuration the text
// states, each to its printed digit (a review, stop 52).

// TestProbeBeliefCoupling: sec. 3.2, `population.belief_coupling` decides
// how large the reliability effect is (stop 32; seed 777123, 600
// replicates, a grid with crn: points, reliability 0.3 → 0.9).
func TestProbeBeliefCoupling(t *testing.T) {
	rows := refRuns(t, 777123, 600, "treaty, treaty_plus_cells, layered_then_treaty", "grid", true,
		"    us.reliability: [0.3, 0.9]\n    population.belief_coupling: [0, 1]")
	at := func(arch, rel, c string) refSel {
		return refSel{"architecture": arch, "us.reliability": rel, "population.belief_coupling": c}
	}
	for c, w := range map[string]string{"1": "0.63", "0": "0"} {
		m, _, _ := refPaired(rows, at("treaty", "0.9", c), at("treaty", "0.3", c), refCol("treaty_formed"), nil)
		refNear(t, "formation rise at coupling "+c, m, w)
	}
	want := map[string][2][2]string{ // coupling 1, coupling 0: mean, SE
		"treaty":              {{"5.65", "0.34"}, {"1.69", "0.13"}},
		"treaty_plus_cells":   {{"1.24", "0.73"}, {"3.03", "0.50"}},
		"layered_then_treaty": {{"0.42", "0.64"}, {"3.01", "0.57"}},
	}
	for arch, w := range want {
		for i, c := range []string{"1", "0"} {
			m, se, _ := refPaired(rows, at(arch, "0.3", c), at(arch, "0.9", c), refCol("severity_loss"), nil)
			refNear(t, arch+" severity fall at coupling "+c, m, w[i][0])
			refNear(t, arch+" its SE", se, w[i][1])
		}
	}
	refDocSays(t, "`severity_loss` falls under `treaty` by 5.65 ± 0.34 at coupling 1 against 1.69 ± 0.13 at 0, under `treaty_plus_cells` by 1.24 ± 0.73 against 3.03 ± 0.50, and under `layered_then_treaty` by 0.42 ± 0.64 against 3.01 ± 0.57.")
}

// TestProbeStructureSeverity: sec. 4.5, the middle of the structure's
// range is not the middle of its effect (stop 32; seed 20240611, 1,000
// replicates, crn: points).
func TestProbeStructureSeverity(t *testing.T) {
	rows := refRuns(t, 20240611, 1000, "treaty", "grid", true,
		"    mechanisms.treaty.standing_structure: [0, 0.5, 1]")
	at := func(v string) refSel { return refSel{"mechanisms.treaty.standing_structure": v} }
	sev := refCol("severity_loss")
	m1, se1, _ := refPaired(rows, at("0"), at("0.5"), sev, nil)
	m2, se2, _ := refPaired(rows, at("0.5"), at("1"), sev, nil)
	refNear(t, "0 → 0.5", m1, "0.82")
	refNear(t, "its SE", se1, "0.08")
	refNear(t, "0.5 → 1", m2, "0.16")
	refNear(t, "its SE", se2, "0.06")
	refNear(t, "the default's share", m1/(m1+m2), "0.84")
	// `layered` has no treaty, so its contribution to layered − treaty is
	// the treaty's fall; the text's interval is the normal one.
	refNear(t, "CI low", m1-1.96*se1, "0.67")
	refNear(t, "CI high", m1+1.96*se1, "0.98")
	refDocSays(t, "0 → 0.5 lowers severity by 0.82 ± 0.08 and 0.5 → 1 by 0.16 ± 0.06 (seed 20240611, 1,000 replicates, `crn: points`; a referee, stop 32; `TestProbeStructureSeverity`)")
}

// TestProbeFailureCost: sec. 5.4, a failed treaty costs more than a formed
// one and retries add only cost (stop 32; seed 4711, 1,000 replicates,
// crn: points; runs whose treaty failed or formed at the defaults).
func TestProbeFailureCost(t *testing.T) {
	const F, S, P = "treaty.failure_cost", "adversary.formation_shock", "treaty.retry_period"
	rows := refRuns(t, 4711, 1000, "treaty", "grid", true,
		"    "+F+": [1, 0]\n    "+S+": [0.03, 0]\n    "+P+": [16, 0]")
	at := func(f, s, p string) refSel { return refSel{F: f, S: s, P: p} }
	failed, formed := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if at("1", "0.03", "16").has(r) {
			if r["treaty_formed"] == "true" {
				formed[r["replicate"]] = true
			} else {
				failed[r["replicate"]] = true
			}
		}
	}
	if len(failed) != 347 {
		t.Errorf("%d failed runs, the text says 347", len(failed))
	}
	sev, grey, ten := refCol("severity_loss"), refCol("hazard_grey_zone"), refCol("tension")
	type c struct {
		what     string
		a, b     refSel
		x        func(map[string]string) float64
		keep     map[string]bool
		want, se string
	}
	for _, k := range []c{
		{"failure shock's tension", at("1", "0.03", "16"), at("0", "0.03", "16"), ten, failed, "0.018", ""},
		{"formation shock's tension", at("1", "0.03", "16"), at("1", "0", "16"), ten, formed, "0.006", ""},
		{"failure cost on severity", at("1", "0.03", "16"), at("0", "0.03", "16"), sev, failed, "1.27", "0.14"},
		{"failure cost on grey-zone hazard", at("1", "0.03", "16"), at("0", "0.03", "16"), grey, failed, "0.97", "0.01"},
		{"formation shock on severity", at("1", "0.03", "16"), at("1", "0", "16"), sev, formed, "0.24", "0.02"},
		{"formation shock on grey-zone hazard", at("1", "0.03", "16"), at("1", "0", "16"), grey, formed, "0.23", ""},
		{"retries on severity", at("1", "0.03", "16"), at("1", "0.03", "0"), sev, nil, "0.29", "0.05"},
		{"retries without the failure cost", at("0", "0.03", "16"), at("0", "0.03", "0"), sev, nil, "0", "0"},
		{"credibility part on severity", at("1", "0", "16"), at("0", "0", "16"), sev, failed, "0.26", "0.03"},
		{"credibility part on grey-zone hazard", at("1", "0", "16"), at("0", "0", "16"), grey, failed, "0.20", ""},
	} {
		m, se, _ := refPaired(rows, k.a, k.b, k.x, k.keep)
		refNear(t, k.what, m, k.want)
		if k.se != "" {
			refNear(t, k.what+" SE", se, k.se)
		}
	}
	refDocSays(t, "the failure cost adds 1.27 ± 0.14 severity and 0.97 ± 0.01 grey-zone hazard to the failed runs of `treaty`, where the formation shock costs formed runs 0.24 ± 0.02 and 0.23.",
		"lowers `treaty` severity by 0.29 ± 0.05", "adds 0.26 ± 0.03 severity and 0.20 grey-zone hazard to failed runs")
}
