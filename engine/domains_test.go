package engine

import (
	"fmt"
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// stateTotals sums state records per architecture and state over runs.
type stateTotals struct {
	recs [][]StateRecord // [arch][state], summed counts and losses
	// cells counts, per architecture and state, the runs in which the state
	// was in at least one cell; member the runs in which it was a treaty
	// member.
	cells, member [][]int
}

func newStateTotals(archs, n int) *stateTotals {
	st := &stateTotals{}
	for range archs {
		st.recs = append(st.recs, make([]StateRecord, n))
		st.cells = append(st.cells, make([]int, n))
		st.member = append(st.member, make([]int, n))
	}
	return st
}

func (st *stateTotals) RecordPeriod(int, *PeriodRecord) {}
func (st *stateTotals) RecordState(a int, r *StateRecord) {
	x := &st.recs[a][r.State]
	x.Name = r.Name
	x.ChallengesReceivedGreyZone += r.ChallengesReceivedGreyZone
	x.ChallengesReceivedEconomic += r.ChallengesReceivedEconomic
	x.ChallengesReceivedMilitarised += r.ChallengesReceivedMilitarised
	x.ChallengesReceived += r.ChallengesReceived
	x.AllianceBan = r.AllianceBan
	if r.Cells > 0 {
		st.cells[a][r.State]++
	}
	if r.TreatyMember {
		st.member[a][r.State]++
	}
}

func runStates(t *testing.T, p param.Values, archs []string, reps int, seed int64) *stateTotals {
	t.Helper()
	r := roster(t, "")
	sc := presetScenario(t, p, r, nil, archs...)
	st := newStateTotals(len(archs), len(r.States))
	run := NewRunner()
	out := make([]Outcome, len(archs))
	for rep := range reps {
		run.Run(sc, TaskSeed(seed, 0, rep), out, st)
	}
	return st
}

// TestDomainsGeography: crisis domains are denied by what denies them and
// pressed where A has disputes (docs/model.md sec. 4.4). At the defaults,
// states with no grey-zone or territorial dispute (New Zealand, Singapore,
// Thailand) never receive a militarised challenge, and the Philippines,
// with the most active grey-zone dispute and the least presence, receives
// the most grey-zone challenges (target T3-rank); with domains.strength 0
// (1.1's single capability and salience) the states without disputes are
// pressed too.
func TestDomainsGeography(t *testing.T) {
	const reps = 200
	archs := []string{"hub_and_spokes"}
	on := runStates(t, param.Defaults(), archs, reps, 1301)
	off := param.Defaults()
	if err := off.Set("domains.strength", 0); err != nil {
		t.Fatal(err)
	}
	offSt := runStates(t, off, archs, reps, 1301)
	undisputed := 0
	for i, x := range on.recs[0] {
		switch x.Name {
		case "NZ", "SG", "TH":
			if x.ChallengesReceivedMilitarised != 0 {
				t.Errorf("%s: %d militarised challenges without a dispute", x.Name, x.ChallengesReceivedMilitarised)
			}
			undisputed += offSt.recs[0][i].ChallengesReceivedMilitarised
		}
	}
	if undisputed == 0 {
		t.Error("domains.strength 0: states without disputes should be pressed as in 1.1")
	}
	ph := on.recs[0][roster(t, "").Index("PH")]
	for _, x := range on.recs[0] {
		if x.Name != "PH" && x.ChallengesReceivedGreyZone >= ph.ChallengesReceivedGreyZone {
			t.Errorf("%s: %d grey-zone challenges, PH %d: the Philippines should be the most targeted", x.Name, x.ChallengesReceivedGreyZone, ph.ChallengesReceivedGreyZone)
		}
	}
	t.Logf("PH grey-zone challenges per run %.2f; states without disputes under domains.strength 0: %.2f militarised per run",
		float64(ph.ChallengesReceivedGreyZone)/reps, float64(undisputed)/reps)
}

// TestAllianceBans is target T6 (docs/model.md secs. 5.5 and 17.1):
// states with a formal alliance ban (Vietnam, Indonesia) never join the
// treaty (the bilaterals are closed to them by construction) in any
// architecture that has one, and each joins at least one cell in at least
// 30% of layered runs, 4 standard errors inside the bound as sec. 17.1
// asks of a check target (a referee, stop 43: the bound was applied to
// the share itself). 400 replicates: the share's standard error is at
// most 0.025.
func TestAllianceBans(t *testing.T) {
	const reps = 400
	p := param.Defaults()
	// Bound founders: the treaty forms in every run, so its membership is
	// tested every time.
	if err := p.Set("mechanisms.treaty.founders_bound", 1); err != nil {
		t.Fatal(err)
	}
	archs := []string{"treaty", "treaty_plus_cells", "layered", "layered_then_treaty"}
	st := runStates(t, p, archs, reps, 1302)
	for _, name := range []string{"VN", "ID"} {
		i := roster(t, "").Index(name)
		if !st.recs[0][i].AllianceBan {
			t.Fatalf("%s: no alliance ban in the roster", name)
		}
		for a, arch := range archs {
			if st.member[a][i] != 0 {
				t.Errorf("%s joined the treaty in %d runs of %s", name, st.member[a][i], arch)
			}
		}
		share := float64(st.cells[2][i]) / reps
		se := math.Sqrt(share * (1 - share) / reps)
		t.Logf("%s: in at least one cell in %.2f (SE %.3f) of layered runs", name, share, se)
		factSays(t, "T6", fmt.Sprintf("%.2f (%s)", share, name))
		if share-4*se < 0.30 {
			t.Errorf("%s: in a cell in %.2f (SE %.3f) of layered runs, want at least 0.30 by 4 SE", name, share, se)
		}
	}
	// Without the ban (alliance_ban.strength 0) Vietnam joins the treaty in
	// some runs: the bar, not the utility, keeps it out.
	if err := p.Set("alliance_ban.strength", 0); err != nil {
		t.Fatal(err)
	}
	free := runStates(t, p, archs[:1], reps, 1302)
	if vn := roster(t, "").Index("VN"); free.member[0][vn] == 0 {
		t.Error("alliance_ban.strength 0: Vietnam never joins the treaty; the test cannot tell the ban from the utility")
	}
}

// TestAllianceBanStrength: alliance_ban.strength is the share of worlds
// in which a ban binds (docs/model.md sec. 5.5), not a switch: a strength
// just above 0 keeps nearly every run where Vietnam joined the treaty with
// bans off (the ban binds in a thousandth of worlds), half of 1 keeps
// fewer, and 1 none. Before, any strength above 0 barred Vietnam in every
// world, so a break-even value between 0 and 1 was noise (review, this
// stop). 400 replicates with founders bound, the same seeds at each
// strength; the bounds are wide against a count's noise (about √k).
func TestAllianceBanStrength(t *testing.T) {
	const reps = 400
	vn := roster(t, "").Index("VN")
	joins := func(strength float64) int {
		p := param.Defaults()
		for k, v := range map[string]float64{"mechanisms.treaty.founders_bound": 1, "alliance_ban.strength": strength} {
			if err := p.Set(k, v); err != nil {
				t.Fatal(err)
			}
		}
		return runStates(t, p, []string{"treaty"}, reps, 1302).member[0][vn]
	}
	off, tiny, half, on := joins(0), joins(0.001), joins(0.5), joins(1)
	t.Logf("Vietnam in the treaty, runs of %d: strength 0: %d, 0.001: %d, 0.5: %d, 1: %d", reps, off, tiny, half, on)
	if off < 40 {
		t.Fatalf("with bans off Vietnam joins in %d runs: too few to tell a share from a switch", off)
	}
	if float64(tiny) < 0.9*float64(off) {
		t.Errorf("strength 0.001 keeps Vietnam out of %d of the %d runs it joins at 0: a switch, not a share", off-tiny, off)
	}
	if !(half > 0 && half < off-10) {
		t.Errorf("strength 0.5: Vietnam joins in %d runs, want fewer than at 0 (%d) and some", half, off)
	}
	if on != 0 {
		t.Errorf("strength 1: Vietnam joins in %d runs", on)
	}
}

// TestHazardEstimatesChallenges: the latent hazard of a domain is the
// expected number of its challenges given the run's history (docs/model.md
// sec. 6.5), so over replicates its mean matches the mean count; the
// decision draws 1 − u < hazard. Tolerance: 4 standard errors of the
// paired difference count − hazard.
func TestHazardEstimatesChallenges(t *testing.T) {
	rows := factRun(t, 1303, 400, []string{"hub_and_spokes", "treaty_plus_cells"}, nil, nil)
	for a := range 2 {
		for k := range nk {
			m, se, _ := meanSE(rows, func(o []Outcome) (float64, bool) {
				return o[a].Value[ChallengesGreyZone+OutcomeID(k)] - o[a].Value[HazardGreyZone+OutcomeID(k)], true
			})
			c, _, _ := meanSE(rows, col(a, ChallengesGreyZone+OutcomeID(k)))
			t.Logf("arch %d %s: challenges %.3f, challenges − hazard %.4f ± %.4f", a, agents.CrisisType(k), c, m, se)
			if math.Abs(m) > 4*se+1e-9 {
				t.Errorf("arch %d %s: challenges − hazard = %.4f ± %.4f", a, agents.CrisisType(k), m, se)
			}
		}
	}
}

// TestNoiseZeroEconomic: at σ_A = 0 each channel's hazard is its own step
// (docs/model.md sec. 6.5), so the economic channel of a target that also
// has a militarised option is weighed every period, as at a σ_A too small
// to matter (a referee, stop 30: at 0 the economic hazard was left at 0
// unless a militarised crisis had happened that period, which cut
// campaigns by half or more). The threshold is lowered so that challenges
// happen at σ_A = 0. With common random numbers, the two noises give the
// same runs but where an option's utility lies within about 1e-10 of χ,
// so the totals must agree to 1%; with the fault they differed by 40-70%.
func TestNoiseZeroEconomic(t *testing.T) {
	archs := []string{"none", "hub_and_spokes", "layered"}
	set := map[string]float64{"adversary.threshold": 0}
	totals := func(noise float64) (counts, hazards [3]float64) {
		set["adversary.noise"] = noise
		for _, rep := range factRun(t, 5, 40, archs, set, nil) {
			for a := range archs {
				counts[a] += rep[a].Value[ChallengesEconomic]
				hazards[a] += rep[a].Value[HazardEconomic]
			}
		}
		return counts, hazards
	}
	c0, h0 := totals(0)
	c1, h1 := totals(1e-12)
	for a, name := range archs {
		if c1[a] < 100 {
			t.Fatalf("%s: only %v campaigns at σ_A = 1e-12: the test needs more", name, c1[a])
		}
		if math.Abs(c0[a]-c1[a]) > 0.01*c1[a] || math.Abs(h0[a]-h1[a]) > 0.01*h1[a] {
			t.Errorf("%s: economic challenges %v at σ_A = 0, %v at 1e-12; hazard %v and %v", name, c0[a], c1[a], h0[a], h1[a])
		}
	}
}
