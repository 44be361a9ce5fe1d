package docprobe

import (
	"math"
	"testing"
)

// Numbers of docs/model.md that a referee (stop 55) recomputed with the
// configuration the text states, and that no test pinned until then. Each
// is checked to its printed digits (refNear) and the sentence that states
// it is required to be in the text (refDocSays): the runs are fixed by the
// seed, so a drift is a change of the model or of the text, and either
// must be made with the other.

// refZ is |m| / se, the z the text prints beside a paired mean.
func refZ(m, se float64) float64 { return math.Abs(m / se) }

// TestProbeSanctionsGreyLatency: sec. 4.6, the sanctions-enforcement
// cell's grey-zone latency at the ad hoc 7 days against its 3 (seed 99,
// 300 replicates, crn: points).
func TestProbeSanctionsGreyLatency(t *testing.T) {
	rows := refRuns(t, 99, 300, "layered, treaty_plus_cells", "grid", true,
		"    mechanisms.sanctions_enforcement.latency.grey_zone: [3, 7]")
	at := func(v, a string) refSel {
		return refSel{"mechanisms.sanctions_enforcement.latency.grey_zone": v, "architecture": a}
	}
	for _, c := range []struct{ a, fail, z, sev string }{
		{"layered", "0.54", "5.1", "0.23"}, {"treaty_plus_cells", "0.51", "4.4", "0.31"},
	} {
		m, se, _ := refPaired(rows, at("7", c.a), at("3", c.a), refCol("failures_grey_zone"), nil)
		refNear(t, c.a+" grey-zone failures, 7 minus 3 days", m, c.fail)
		refNear(t, c.a+" their z", refZ(m, se), c.z)
		m, _, _ = refPaired(rows, at("7", c.a), at("3", c.a), refCol("severity_loss"), nil)
		refNear(t, c.a+" severity, 7 minus 3 days", m, c.sev)
	}
	refDocSays(t, "(seed 99, 300 replicates, `crn: points`) raises grey-zone failures by 0.54 (5.1 SE) under `layered` and 0.51 (4.4 SE) under `treaty_plus_cells`, about a fifth of their level; severity moves by +0.23 and +0.31 (not resolved)")
}

// TestProbeClaritySeverity: sec. 6.2, clarity off against its default
// (seed 31, 400 replicates, crn: points); the text's ± are standard errors.
func TestProbeClaritySeverity(t *testing.T) {
	rows := refRuns(t, 31, 400, "hub_and_spokes, treaty, layered, treaty_plus_cells", "zip", true,
		"    adversary.clarity.strength: [0.25, 0]")
	at := func(v, a string) refSel { return refSel{"adversary.clarity.strength": v, "architecture": a} }
	for _, c := range []struct{ a, m, se string }{
		{"hub_and_spokes", "-0.145", "0.019"}, {"treaty", "-0.068", "0.014"},
		{"layered", "-0.77", "0.24"}, {"treaty_plus_cells", "-0.32", "0.15"},
	} {
		m, se, _ := refPaired(rows, at("0", c.a), at("0.25", c.a), refCol("severity_loss"), nil)
		refNear(t, c.a+" severity, clarity off minus on", m, c.m)
		refNear(t, c.a+" its standard error", se, c.se)
	}
	refDocSays(t, "(off: −0.145 ± 0.019 `hub_and_spokes`, −0.068 ± 0.014 `treaty`, −0.77 ± 0.24 `layered`, −0.32 ± 0.15 `treaty_plus_cells`). Paired runs, seed 31, 400 replicates")
}

// TestProbeResolveGrowthFormed: sec. 6.7, A's resolve growth at the end in
// the runs where the treaty formed (seed 77, 1,000 replicates, the
// defaults: a one-point grid at the default US reliability).
func TestProbeResolveGrowthFormed(t *testing.T) {
	rows := refRuns(t, 77, 1000, "treaty, treaty_plus_cells", "grid", false,
		"    us.reliability: [0.7]")
	for _, c := range []struct {
		a, m string
		n    int
	}{{"treaty", "0.139", 623}, {"treaty_plus_cells", "0.177", 626}} {
		sum, n := 0.0, 0
		for _, r := range rows {
			if r["architecture"] == c.a && r["treaty_formed"] == "true" {
				sum += rowFloat(t, r, "resolve_growth")
				n++
			}
		}
		if n != c.n {
			t.Errorf("%s: the treaty formed in %d runs, the text says %d", c.a, n, c.n)
		}
		refNear(t, c.a+" resolve_growth where formed", sum/float64(n), c.m)
	}
	refDocSays(t, "`resolve_growth` at the end is 0.139 under `treaty` and 0.177 under `treaty_plus_cells` (seed 77, 1,000 replicates; 623 and 626 runs)")
}

// TestProbeRetributionCampaigns: sec. 9.6, retribution at 0.5 against 0
// (seed 2026, 400 replicates, crn: points).
func TestProbeRetributionCampaigns(t *testing.T) {
	rows := refRuns(t, 2026, 400, "none, hub_and_spokes, treaty, layered, treaty_plus_cells", "grid", true,
		"    retribution.strength: [0, 0.5]")
	at := func(v, a string) refSel { return refSel{"retribution.strength": v, "architecture": a} }
	for _, c := range []struct{ a, camp, sev string }{
		{"none", "0", "0"}, {"hub_and_spokes", "0.11", "0.08"}, {"treaty", "0.135", "0.10"},
		{"layered", "0.10", "0.09"}, {"treaty_plus_cells", "0.16", "0.135"},
	} {
		m, _, _ := refPaired(rows, at("0.5", c.a), at("0", c.a), refCol("challenges_economic"), nil)
		refNear(t, c.a+" economic campaigns, 0.5 minus 0", m, c.camp)
		m, _, _ = refPaired(rows, at("0.5", c.a), at("0", c.a), refCol("severity_loss"), nil)
		refNear(t, c.a+" severity, 0.5 minus 0", m, c.sev)
	}
	refDocSays(t, "economic campaigns a run rise by 0.11 under `hub_and_spokes`, 0.135 under `treaty`, 0.10 under `layered` and 0.16 under `treaty_plus_cells` (0 under `none`), and `severity_loss` by 0.08, 0.10, 0.09 and 0.135")
}

// TestProbeReadinessFloor: sec. 9.8, mean readiness at seed 11 over 100
// replicates: it falls under `none` too, through the ad hoc floor.
func TestProbeReadinessFloor(t *testing.T) {
	rows := refRuns(t, 11, 100, "none, hub_and_spokes, layered", "grid", false,
		"    us.reliability: [0.7]")
	for _, c := range []struct{ a, m string }{{"none", "0.982"}, {"hub_and_spokes", "0.977"}, {"layered", "0.968"}} {
		refNear(t, c.a+" readiness", refMean(rows, refSel{"architecture": c.a}, refCol("readiness")), c.m)
	}
	refDocSays(t, "mean readiness is 0.982 under `none`, 0.977 under `hub_and_spokes` and 0.968 under `layered`")
}

// TestProbeDefinedCounts: sec. 13, the runs in which honour_rate and
// participation are defined at the defaults (seed 20261202, 1,000
// replicates), counts and so exact.
func TestProbeDefinedCounts(t *testing.T) {
	rows := refRuns(t, 20261202, 1000, "none, hub_and_spokes, treaty, layered, treaty_plus_cells, layered_then_treaty", "grid", false,
		"    us.reliability: [0.7]")
	count := func(a, col string) int {
		n := 0
		for _, r := range rows {
			if r["architecture"] == a && !math.IsNaN(refCol(col)(r)) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		a, col string
		n      int
	}{
		{"none", "honour_rate", 0}, {"hub_and_spokes", "honour_rate", 0}, {"treaty", "honour_rate", 0},
		{"treaty_plus_cells", "honour_rate", 32}, {"layered", "honour_rate", 954},
		{"layered_then_treaty", "honour_rate", 951},
		{"hub_and_spokes", "participation", 686}, {"treaty", "participation", 886},
	} {
		if n := count(c.a, c.col); n != c.n {
			t.Errorf("%s %s defined in %d runs, the text says %d", c.a, c.col, n, c.n)
		}
	}
	refDocSays(t, "(seed 20261202, 1,000 replicates) it is defined in 0 runs of `none`, `hub_and_spokes` and `treaty`, 32 of `treaty_plus_cells`, 954 of `layered` and 951 of `layered_then_treaty`; `participation` in 686 runs of `hub_and_spokes` and 886 of `treaty`")
}

// TestProbeHandTyingHazards: sec. 9.4, hand-tying at 1 against 0 (seed
// 31, 2,000 replicates, crn: points); the text's ± are standard errors.
// The text had the challenges' as 0.018 ± 0.004; the runs give 0.0175 ±
// 0.00348, whose standard error rounds to 0.003, so it now prints both to
// four decimals.
func TestProbeHandTyingHazards(t *testing.T) {
	rows := refRuns(t, 31, 2000, "hub_and_spokes, treaty, layered_then_treaty", "grid", true,
		"    adversary.handtying.strength: [0, 1]")
	at := func(v, a string) refSel { return refSel{"adversary.handtying.strength": v, "architecture": a} }
	for _, c := range []struct{ a, col, m, se string }{
		{"hub_and_spokes", "hazard_grey_zone", "0.0027", "0.0002"},
		{"treaty", "hazard_grey_zone", "0.0023", "0.0002"},
		{"layered_then_treaty", "hazard_economic", "-0.0042", "0.0006"},
		{"layered_then_treaty", "challenges", "-0.0175", "0.0035"},
	} {
		m, se, _ := refPaired(rows, at("1", c.a), at("0", c.a), refCol(c.col), nil)
		refNear(t, c.a+" "+c.col+", 1 minus 0", m, c.m)
		refNear(t, c.a+" its standard error", se, c.se)
	}
	refDocSays(t, "raises A's grey-zone hazard by 0.0027 ± 0.0002 a run under `hub_and_spokes` and 0.0023 ± 0.0002 under `treaty`",
		"lowers the economic hazard by 0.0042 ± 0.0006 and challenges by 0.0175 ± 0.0035")
}
