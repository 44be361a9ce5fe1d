package engine

// The stylised facts of docs/model.md sec. 17 as statistical tests: the
// targets of the model 2.0 brief, sec. 12 (fit targets at the calibrated
// defaults, and the check targets), and the 1.1 facts that still apply.
// Each test pins its seed and replicate count and states its tolerance:
// where a fact is a direction, the test asks for a paired difference (or a
// ratio's distance from 1) more than 4 standard errors from zero (a false
// failure then has probability below 1e-4 for a true effect of that size,
// and the fixed seed makes the result reproducible); where it is a range,
// the estimate must lie inside it, widened by 3 standard errors for the
// fit targets (a model whose true value is inside fails with probability
// below 0.0014 per target; the calibration met each range on its own
// seeds). Every test logs its estimates, so `go test ./engine -run Facts
// -v` prints the table recorded in docs/model.md. T6 (alliance bans) is
// TestAllianceBans; T10 is a finding (experiments/where-layered-wins.yaml),
// never a test.

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"pactsim/agents"
)

var allArchs = []string{"none", "hub_and_spokes", "treaty", "layered"}

// honourCounter pools (committed, honoured) over states, for arch 0, in runs
// accepted by keep.
type honourCounter struct{ committed, honoured int }

func (h *honourCounter) RecordPeriod(int, *PeriodRecord) {}
func (h *honourCounter) RecordState(arch int, r *StateRecord) {
	if arch == 0 {
		h.committed += r.Committed
		h.honoured += r.Honoured
	}
}

// T5 (1.1 fact 1): in probe runs (treaty; an armed attack on JP, AU or PH
// every period; only runs in which the treaty formed) the pooled honour
// rate lies in [0.22, 0.75]: Berkemeier & Fuhrmann 2018, 22% of defence
// pacts honoured after 1945 and 50% overall; Leeds, Long & Mitchell 2000,
// 74.5% of alliance commitments. A fit target the calibration cannot run
// (probe runs), so crisis.risk_cost keeps 1.1's value and this test checks
// the target at the defaults.
func TestFactsHonourRateProbe(t *testing.T) {
	sc := probeScenario(t, "treaty", &Probe{Type: agents.ArmedAttack, Targets: []string{"JP", "AU", "PH"}})
	run := NewRunner()
	out := make([]Outcome, 1)
	var total, formed honourCounter
	var perRun []honourCounter // the runs with the treaty formed
	for rep := 0; rep < 600; rep++ {
		var h honourCounter
		run.Run(sc, TaskSeed(101, 0, rep), out, &h)
		if f, _ := out[0].Get(TreatyFormed); f == 1 {
			formed.committed += h.committed
			formed.honoured += h.honoured
			perRun = append(perRun, h)
		}
		total.committed += h.committed
		total.honoured += h.honoured
	}
	runs := len(perRun)
	rate := float64(formed.honoured) / float64(formed.committed)
	// The pairs are clustered in runs, so the rate's standard error is the
	// ratio estimator's over runs (Cochran 1977, sec. 6.4): the SD of each
	// run's honoured − rate × committed, over √runs × the mean committed.
	// The range must hold 4 SE inside, as every check target's (sec. 17.1;
	// a fit target need only lie in its range widened by 3 SE). It held 3
	// until stop 44, when a referee found it the one exception.
	resid := make([]float64, runs)
	for k, h := range perRun {
		resid[k] = float64(h.honoured) - rate*float64(h.committed)
	}
	_, rse := meanSEOf(resid)
	se := rse / (float64(formed.committed) / float64(max(runs, 1)))
	t.Logf("T5: pooled honour rate %.3f ± %.3f over %d committed pairs in %d runs with the treaty formed (all runs: %.3f)",
		rate, se, formed.committed, runs, float64(total.honoured)/float64(total.committed))
	factSays(t, "T5 (1.1 fact 1)", fmt.Sprintf("%.3f ± %.3f (%s committed pairs in the %d of 600 runs where the treaty formed; %.3f over all runs)",
		rate, se, thousands(formed.committed), runs, float64(total.honoured)/float64(total.committed)))
	if runs < 200 || rate-4*se < 0.22 || rate+4*se > 0.75 {
		t.Errorf("honour rate %.3f ± %.3f (%d runs) not inside [0.22, 0.75] by 4 SE", rate, se, runs)
	}
}

func probeScenario(t *testing.T, arch string, pr *Probe) *Scenario {
	t.Helper()
	sc := benchScenario(t, arch)
	sc2, err := NewProbeScenario(sc.Params, sc.Roster, sc.Architectures, pr)
	if err != nil {
		t.Fatal(err)
	}
	return sc2
}

// Fact 2 (1.1): every defensive architecture gets fewer challenges than
// none (Leeds 2003; Benson 2011). Its calibrated form for the allies is
// T4 (TestFactsFitTargets); this is the whole roster, every architecture,
// retribution's extra economic coercion of visible members included.
func TestFactsDefenceDeters(t *testing.T) {
	rows := factRun(t, 102, 500, allArchs, nil, nil)
	for a := 1; a < len(allArchs); a++ {
		m, se, _ := meanSE(rows, diff(a, 0, Challenges))
		t.Logf("fact 2: challenges %s − none = %.2f ± %.2f", allArchs[a], m, se)
		factSays(t, "1.1 fact 2", fmt.Sprintf("%s %s ± %.2f", allArchs[a], signed(m, 2), se))
		if m > -4*se {
			t.Errorf("%s: %.2f ± %.2f more or not significantly fewer challenges than none", allArchs[a], m, se)
		}
	}
}

// Fact 3 (1.1, revised): hedgers' buy-in falls as
// population.autonomy_shift rises, under the treaty and under the layered
// structure, each drop (shift −0.3 to +0.3, same seeds) above 0 by 4
// standard errors. 1.1's fact also asked the treaty's drop to be the
// larger; in 2.0 hedgers rarely join the treaty at all (alliance bans and
// non-alignment doctrines, docs/model.md sec. 5.5), so there is little
// treaty buy-in left for autonomy to erode, and the comparison is
// reported, not required (docs/model.md sec. 17.1).
func TestFactsAutonomyBuyIn(t *testing.T) {
	lo := factRun(t, 103, 500, []string{"treaty", "layered"}, map[string]float64{"population.autonomy_shift": -0.3}, nil)
	hi := factRun(t, 103, 500, []string{"treaty", "layered"}, map[string]float64{"population.autonomy_shift": 0.3}, nil)
	for a, name := range []string{"treaty", "layered"} {
		rows := make([][]Outcome, len(lo))
		for k := range lo {
			rows[k] = []Outcome{lo[k][a], hi[k][a]}
		}
		d, se, _ := meanSE(rows, diff(0, 1, BuyIn))
		at, _, _ := meanSE(rows, col(0, BuyIn))
		t.Logf("fact 3: %s hedger buy-in %.3f at autonomy_shift −0.3, drop to +0.3: %.3f ± %.3f", name, at, d, se)
		factSays(t, "1.1 fact 3, revised", fmt.Sprintf("%s: buy-in %.3f, drop %.3f ± %.3f", name, at, d, se))
		if d < 4*se {
			t.Errorf("%s: hedger buy-in does not fall with autonomy: drop %.3f ± %.3f", name, d, se)
		}
	}
}

// Fact 4 (1.1): grey-zone challenges are a larger share of all challenges
// under the treaty than under the layered structure.
func TestFactsGreyZoneShift(t *testing.T) {
	rows := factRun(t, 104, 800, []string{"treaty", "layered"}, nil, nil)
	share := func(o *Outcome) (float64, bool) {
		c, _ := o.Get(Challenges)
		g, _ := o.Get(ChallengesGreyZone)
		return g / c, c > 0
	}
	m, se, n := meanSE(rows, func(r []Outcome) (float64, bool) {
		a, oka := share(&r[0])
		b, okb := share(&r[1])
		return a - b, oka && okb
	})
	var gt, ct, gl, cl float64
	for _, r := range rows {
		gt += r[0].Value[ChallengesGreyZone]
		ct += r[0].Value[Challenges]
		gl += r[1].Value[ChallengesGreyZone]
		cl += r[1].Value[Challenges]
	}
	t.Logf("fact 4: pooled grey-zone share treaty %.3f, layered %.3f; paired per-run difference %.3f ± %.3f (n %d)", gt/ct, gl/cl, m, se, n)
	factSays(t, "1.1 fact 4", fmt.Sprintf("pooled %.3f (treaty) vs %.3f (layered); paired per-run difference %.3f ± %.3f", gt/ct, gl/cl, m, se))
	if m < 4*se || gt/ct <= gl/cl {
		t.Errorf("grey-zone share not larger under the treaty: %.3f ± %.3f", m, se)
	}
}

// T8 (1.1 fact 5): even the core fails to coordinate. In layered probe
// runs (a forced blockade, or a forced armed attack, on JP or AU every
// period) the share of uncoordinated crises lies strictly between 0.02 and
// 0.98, 4 standard errors inside.
func TestFactsCoreCoordination(t *testing.T) {
	for _, k := range []agents.CrisisType{agents.Blockade, agents.ArmedAttack} {
		sc := probeScenario(t, "layered", &Probe{Type: k, Targets: []string{"JP", "AU"}})
		run := NewRunner()
		out := make([]Outcome, 1)
		rows := make([][]Outcome, 500)
		for rep := range rows {
			run.Run(sc, TaskSeed(105, int(k), rep), out, nil)
			rows[rep] = []Outcome{out[0]}
		}
		m, se, _ := meanSE(rows, col(0, CoordinatedShare))
		un := 1 - m
		t.Logf("T8: %s on JP or AU under layered: uncoordinated share %.3f ± %.3f", k, un, se)
		factSays(t, "T8 (1.1 fact 5)", fmt.Sprintf("%.3f ± %.3f (%s)", un, se, strings.ReplaceAll(k.String(), "_", " ")))
		if un-4*se <= 0.02 || un+4*se >= 0.98 {
			t.Errorf("%s: uncoordinated share %.3f ± %.3f not strictly inside (0.02, 0.98)", k, un, se)
		}
	}
}

// TestCoordinationThresholdBinds: T8's share comes from the coordination
// rule's "two responders on time" half alone (docs/model.md secs. 8.3,
// 17.1): in its probe runs a crisis every period drives the core's
// interoperability to 1, so the threshold at 0, 0.5, 0.7 or even 0.999
// gives the same shares (a referee, stop 38). That the threshold half is
// read is checked where interoperability varies, in the default runs: on
// the same replicates, at 0.95 the layered structure coordinates fewer of
// its crises than at the default 0.5, by 4 SE of the paired difference
// (measured 0.155 against 0.069 at seed 11 with the runner).
func TestCoordinationThresholdBinds(t *testing.T) {
	const reps = 400
	base := factRun(t, 108, reps, []string{"layered"}, nil, nil)
	strict := factRun(t, 108, reps, []string{"layered"}, map[string]float64{"crisis.coordination_threshold": 0.95}, nil)
	var fewer []float64
	for rep := range base {
		x, okx := base[rep][0].Get(CoordinatedShare)
		y, oky := strict[rep][0].Get(CoordinatedShare)
		if okx && oky {
			fewer = append(fewer, x-y)
		}
	}
	m, se := meanSEOf(fewer)
	t.Logf("coordinated share at threshold 0.5 − at 0.95, layered, paired: %.3f ± %.3f (n %d)", m, se, len(fewer))
	if !(m > 4*se) {
		t.Errorf("the coordination threshold at 0.95 coordinates %.3f ± %.3f fewer crises than at 0.5, want above 0 by 4 SE: its interoperability half is not read", m, se)
	}
}

// T9 (1.1 fact 6): deterrence falls as adversary.resolve rises, for every
// architecture, and rises with us.reliability for every architecture but
// none. Deterrence is read as A's latent hazard summed over domains
// (docs/model.md sec. 6.5), the expected number of challenges given the
// run's history: whether A is deterred is its decision, and the hazard is
// that decision's probability, without the noise of the draws.
// deterrence_success (1.1's measure) counts only faits accomplis and wars,
// about one period in a hundred at the calibrated defaults, and cannot
// resolve a step; severity_loss, the challenges not denied, is logged
// beside it (docs/model.md sec. 17.1 reports both). Each step of each
// sweep is a paired difference on the same seeds (1,000 replicates) and
// must exceed 4 standard errors in the stated direction.
func TestFactsResolveAndReliability(t *testing.T) {
	sweep := func(name string, values []float64) [][][]Outcome {
		var res [][][]Outcome
		for _, v := range values {
			res = append(res, factRun(t, 106, 1000, allArchs, map[string]float64{name: v}, nil))
		}
		return res
	}
	// step returns the paired change in the hazard and in severity_loss
	// from a to b, for one architecture.
	step := func(a, b [][]Outcome, arch int) (h, hse, l, lse float64) {
		rows := make([][]Outcome, len(a))
		for k := range a {
			rows[k] = []Outcome{b[k][arch], a[k][arch]}
		}
		h, hse, _ = meanSE(rows, func(r []Outcome) (float64, bool) {
			x, _ := hazardTotal(r[:1])
			y, _ := hazardTotal(r[1:])
			return x - y, true
		})
		l, lse, _ = meanSE(rows, diff(0, 1, SeverityLoss))
		return h, hse, l, lse
	}
	// The row of T9 in docs/model.md sec. 17.1 and the prose under it
	// state the steps; collected here to check them.
	short := map[string]string{"none": "none", "hub_and_spokes": "hub", "treaty": "treaty", "layered": "layered"}
	var resolveRow, relRow []string
	var maxHSE, maxRSE, lossLo, lossHi, noneLo, noneHi float64
	lossLo, noneLo = 1e9, 1e9
	resolve := []float64{0.8, 1.0, 1.2}
	rs := sweep("adversary.resolve", resolve)
	for arch, name := range allArchs {
		var steps []string
		for s := 1; s < len(rs); s++ {
			h, hse, l, lse := step(rs[s-1], rs[s], arch)
			steps = append(steps, signed(h, 2))
			maxHSE = max(maxHSE, hse)
			lossLo, lossHi = min(lossLo, l), max(lossHi, l)
			t.Logf("T9: %s, resolve %.1f → %.1f: hazard %+.2f ± %.2f; severity loss %+.2f ± %.2f", name, resolve[s-1], resolve[s], h, hse, l, lse)
			if h < 4*hse {
				t.Errorf("%s: A's hazard does not rise from resolve %.1f to %.1f: %+.2f ± %.2f", name, resolve[s-1], resolve[s], h, hse)
			}
		}
		resolveRow = append(resolveRow, short[name]+" "+strings.Join(steps, ", "))
	}
	rel := []float64{0.3, 0.5, 0.7, 0.9}
	rl := sweep("us.reliability", rel)
	for arch, name := range allArchs {
		var steps []string
		for s := 1; s < len(rl); s++ {
			h, hse, l, lse := step(rl[s-1], rl[s], arch)
			if name == "none" {
				noneLo, noneHi = min(noneLo, -h), max(noneHi, -h)
			} else {
				steps = append(steps, signed(h, 2))
				maxRSE = max(maxRSE, hse)
			}
			if name == "layered" && s == 1 {
				factText(t, fmt.Sprintf("under `layered`, from reliability 0.3 to 0.5, it *rises* by %.2f ± %.2f (%.1f SE) while A's hazard falls by %.2f ± %.2f",
					l, lse, l/lse, -h, hse))
			}
			t.Logf("T9: %s, us.reliability %.1f → %.1f: hazard %+.2f ± %.2f; severity loss %+.2f ± %.2f", name, rel[s-1], rel[s], h, hse, l, lse)
			if name != "none" && h > -4*hse {
				t.Errorf("%s: A's hazard does not fall from reliability %.1f to %.1f: %+.2f ± %.2f", name, rel[s-1], rel[s], h, hse)
			}
		}
		if name != "none" {
			relRow = append(relRow, short[name]+" "+strings.Join(steps, ", "))
		}
	}
	factSays(t, "T9 (1.1 fact 6)",
		"resolve steps: "+strings.Join(resolveRow, "; "),
		"Reliability steps: "+strings.Join(relRow, "; "),
		fmt.Sprintf("none also falls slightly (%s to %s)", signed(-noneLo, 2), signed(-noneHi, 2)))
	if maxHSE > 0.05 || maxRSE > 0.07 {
		t.Errorf("T9: largest standard errors %.3f (resolve) and %.3f (reliability), docs/model.md sec. 17.1 says SE ≤ 0.05 and ≤ 0.07", maxHSE, maxRSE)
	}
	factText(t, fmt.Sprintf("it rises with resolve everywhere (%s to %s per step", signed(lossLo, 1), signed(lossHi, 1)))
}

// Fact 7 (1.1): the false-security gap is defined (non-null) for every
// architecture whenever a crisis happens, and its direction is reported. The
// metric itself is tested on constructed crises in agents.
func TestFactsFalseSecurityGap(t *testing.T) {
	rows := factRun(t, 107, 500, allArchs, nil, nil)
	for a, name := range allArchs {
		for _, r := range rows {
			c, _ := r[a].Get(Challenges)
			if _, ok := r[a].Get(FalseSecurityGap); ok != (c > 0) {
				t.Fatalf("%s: gap defined %v with %v challenges", name, ok, c)
			}
		}
		m, se, n := meanSE(rows, col(a, FalseSecurityGap))
		t.Logf("fact 7: false-security gap %s %.3f ± %.3f (n %d)", name, m, se, n)
		factSays(t, "1.1 fact 7", fmt.Sprintf("%s %.3f", name, m))
		if se > 0.003 {
			t.Errorf("fact 7: %s's standard error %.4f, docs/model.md sec. 17.1 says SE ≤ 0.003", name, se)
		}
	}
	m, se, _ := meanSE(rows, diff(2, 3, FalseSecurityGap))
	t.Logf("fact 7: gap treaty − layered %+.3f ± %.3f (positive would support the seed's false-security claim)", m, se)
	factSays(t, "1.1 fact 7", fmt.Sprintf("treaty − layered **%s ± %.3f**", signed(m, 3), se))
}

// allies are the five US treaty allies of targets T2 and T4.
var allies = []string{"JP", "AU", "PH", "KR", "TH"}

// fitTarget is a fit target of the model 2.0 brief, sec. 12, read at the
// defaults: a per-replicate value (or a ratio of two, paired by replicate)
// whose mean must lie in [lo, hi], widened by 3 standard errors.
type fitTarget struct {
	name   string
	lo, hi float64
	value  func(o []Outcome, s stateRows) float64 // numerator for a ratio
	per    func(o []Outcome, s stateRows) float64 // denominator, or nil
}

func received(a int, names []string, f func(*StateRecord) float64) func([]Outcome, stateRows) float64 {
	return func(_ []Outcome, s stateRows) float64 { return sumStates(s, a, names, f) }
}

func outcome(a int, k OutcomeID) func([]Outcome, stateRows) float64 {
	return func(o []Outcome, _ stateRows) float64 { return o[a].Value[k] }
}

// The fit targets (T1-T4) at the calibrated defaults, on seeds other than
// the calibration's, as experiments/calibrate.yaml writes them (arch 0 is
// none, 1 hub_and_spokes), with the counts themselves beside the expected
// counts the calibration fitted for the rare armed attacks and blockades;
// and T3's rank: the Philippines receives the most grey-zone challenges.
// 1,000 replicates, as in the calibration.
func TestFactsFitTargets(t *testing.T) {
	const reps = 1000
	out, recs := factStates(t, 1701, reps, []string{"none", "hub_and_spokes"}, nil)
	armedRecv := func(r *StateRecord) float64 { return float64(r.ChallengesReceivedArmed) }
	milRecv := func(r *StateRecord) float64 { return float64(r.ChallengesReceivedMilitarised) }
	greyRecv := func(r *StateRecord) float64 { return float64(r.ChallengesReceivedGreyZone) }
	targets := []fitTarget{
		{name: "T1 grey-zone + economic share", lo: 0.85, hi: 1, value: outcome(1, GreyEconomicShare)},
		{name: "T2 armed attacks (count)", lo: 0.02, hi: 0.3, value: outcome(1, ChallengesArmed)},
		{name: "T2 armed attacks (expected, hazard)", lo: 0.02, hi: 0.3, value: outcome(1, HazardArmed)},
		{name: "T2 armed attacks on JP, AU, PH, KR, TH", lo: 0, hi: 0.1, value: received(1, allies, armedRecv)},
		{name: "T2b blockades (count)", lo: 0, hi: 0.3, value: outcome(1, ChallengesBlockade)},
		{name: "T2b blockades (expected, hazard)", lo: 0, hi: 0.3, value: outcome(1, HazardBlockade)},
		{name: "T3 grey-zone episodes", lo: 20, hi: 50, value: outcome(1, ChallengesGreyZone)},
		{name: "T3 grey-zone episodes against PH", lo: 8, hi: 12, value: received(1, []string{"PH"}, greyRecv)},
		{name: "T3b economic campaigns", lo: 3, hi: 15, value: outcome(1, ChallengesEconomic)},
		{name: "T3c grey-zone faits accomplis", lo: 0.3, hi: 0.6, value: outcome(1, FaitAccompliGreyZone)},
		{name: "T4 alliance effect, hub_and_spokes / none", lo: 0.6, hi: 0.9, value: received(1, allies, milRecv), per: received(0, allies, milRecv)},
	}
	for _, tg := range targets {
		x := make([]float64, reps)
		for r := range reps {
			x[r] = tg.value(out[r], recs[r])
		}
		var m, se float64
		if tg.per != nil {
			y := make([]float64, reps)
			for r := range reps {
				y[r] = tg.per(out[r], recs[r])
			}
			m, se = ratioSE(x, y)
		} else {
			m, se = meanSEOf(x)
		}
		t.Logf("%s: %.4g ± %.2g, wanted [%g, %g]", tg.name, m, se, tg.lo, tg.hi)
		if d, ok := fitTargetDoc[tg.name]; ok {
			factSays(t, d.row, d.say(m, se))
		}
		if m < tg.lo-3*se || m > tg.hi+3*se {
			t.Errorf("%s: %.4g ± %.2g outside [%g, %g] by more than 3 SE", tg.name, m, se, tg.lo, tg.hi)
		}
	}
	// T3's rank: the Philippines receives the most grey-zone challenges,
	// by more than 4 standard errors of the paired difference with the
	// next state.
	names := make([]string, 0, len(recs[0][1]))
	for _, r := range recs[0][1] {
		names = append(names, r.Name)
	}
	for _, n := range names {
		if n == "PH" {
			continue
		}
		d := make([]float64, reps)
		for r := range reps {
			d[r] = sumStates(recs[r], 1, []string{"PH"}, greyRecv) - sumStates(recs[r], 1, []string{n}, greyRecv)
		}
		m, se := meanSEOf(d)
		if m < 4*se {
			t.Errorf("T3 rank: PH − %s grey-zone challenges %.3f ± %.3f: the Philippines should be the most targeted", n, m, se)
		}
	}
	// The other states' grey-zone counts beside the record (BASE-RATES
	// sec. 2: VN 4-6, ID 4-7, MY 3-5, JP 2-4, others 0-1): reported, not
	// fitted (docs/model.md sec. 17.2).
	perState := map[string]float64{}
	for _, n := range names {
		var s float64
		for r := range reps {
			s += sumStates(recs[r], 1, []string{n}, greyRecv)
		}
		t.Logf("grey-zone challenges against %s: %.2f per run", n, s/reps)
		perState[n] = s / reps
	}
	// The row of T3 lists them, most targeted first, after PH.
	sort.SliceStable(names, func(i, j int) bool { return perState[names[i]] > perState[names[j]] })
	var list []string
	for _, n := range names[1:] {
		if v := fmt.Sprintf("%.2f", perState[n]); v != "0.00" {
			list = append(list, n+" "+v)
		}
	}
	if names[0] != "PH" || len(list) < 2 {
		t.Fatalf("grey-zone ranking %v", names)
	}
	factSays(t, "T3", fmt.Sprintf("PH %.2f ± ", perState["PH"]),
		fmt.Sprintf("next %s, then %s, others 0", list[0], strings.Join(list[1:], ", ")))
}

// fitTargetDoc is where, and how, docs/model.md sec. 17.1's table prints
// each estimate of TestFactsFitTargets.
var fitTargetDoc = map[string]struct {
	row string
	say func(m, se float64) string
}{
	"T1 grey-zone + economic share":             {"T1", func(m, se float64) string { return fmt.Sprintf("%.4f ± %.4f", m, se) }},
	"T2 armed attacks (count)":                  {"T2", func(m, se float64) string { return fmt.Sprintf("count %.3f ± %.3f", m, se) }},
	"T2 armed attacks (expected, hazard)":       {"T2", func(m, se float64) string { return fmt.Sprintf("expected %.3f ± %.3f", m, se) }},
	"T2 armed attacks on JP, AU, PH, KR, TH":    {"T2", func(m, se float64) string { return fmt.Sprintf("on the allies %g", m) }},
	"T2b blockades (count)":                     {"T2b", func(m, se float64) string { return fmt.Sprintf("%g (count and expected count)", m) }},
	"T2b blockades (expected, hazard)":          {"T2b", func(m, se float64) string { return fmt.Sprintf("%g (count and expected count)", m) }},
	"T3 grey-zone episodes":                     {"T3", func(m, se float64) string { return fmt.Sprintf("%.2f ± %.2f;", m, se) }},
	"T3 grey-zone episodes against PH":          {"T3", func(m, se float64) string { return fmt.Sprintf("± %.2f; next", se) }},
	"T3b economic campaigns":                    {"T3b", func(m, se float64) string { return fmt.Sprintf("%.2f ± %.2f", m, se) }},
	"T3c grey-zone faits accomplis":             {"T3c", func(m, se float64) string { return fmt.Sprintf("%.3f ± %.3f", m, se) }},
	"T4 alliance effect, hub_and_spokes / none": {"T4", func(m, se float64) string { return fmt.Sprintf("%.3f ± %.3f", m, se) }},
}

// T7, retribution: economic coercion received by the treaty's founders (JP,
// AU, PH; the patron is never coerced) under a formed treaty (founders
// bound, so it forms in every run) over the same under hub_and_spokes, on
// the same replicates: above 1 by more than 4 standard errors of the
// ratio.
func TestFactsRetribution(t *testing.T) {
	const reps = 600
	out, recs := factStates(t, 1707, reps, []string{"hub_and_spokes", "treaty"}, map[string]float64{"mechanisms.treaty.founders_bound": 1})
	founders := []string{"JP", "AU", "PH"}
	econ := func(r *StateRecord) float64 { return float64(r.ChallengesReceivedEconomic) }
	x, y := make([]float64, reps), make([]float64, reps)
	for r := range reps {
		if f, _ := out[r][1].Get(TreatyFormed); f != 1 {
			t.Fatalf("replicate %d: the bound treaty did not form", r)
		}
		x[r] = sumStates(recs[r], 1, founders, econ)
		y[r] = sumStates(recs[r], 0, founders, econ)
	}
	ratio, se := ratioSE(x, y)
	t.Logf("T7: economic coercion of JP, AU, PH, treaty / hub_and_spokes = %.3f ± %.3f", ratio, se)
	if ratio-1 < 4*se {
		t.Errorf("T7: treaty / hub_and_spokes economic coercion of the founders %.3f ± %.3f, want above 1 by 4 SE", ratio, se)
	}
	// The ratio is above 1 without retribution too: the spiral and
	// counter-mobilisation make A challenge a formed treaty's members more
	// (referee, stop 24: 1.10 with retribution off). So T7 does not test
	// retribution alone; what does is retribution's own part, the
	// difference in differences of the same replicates with it off: it
	// must raise the founders' coercion more under the treaty (v = 1) than
	// under hub_and_spokes (v = 0.5 for JP, AU, PH), by 4 SE, the
	// tolerance of every direction in this file. This part, not the ratio
	// above, is what can fail: with retribution's sign reversed the ratio
	// is still 1.083 ± 0.007 (above 1 by 12 SE) and only this part fails
	// (−0.067 ± 0.016; a referee, stop 38).
	_, offRecs := factStates(t, 1707, reps, []string{"hub_and_spokes", "treaty"}, map[string]float64{"mechanisms.treaty.founders_bound": 1, "retribution.strength": 0})
	did := make([]float64, reps)
	var xOff, yOff float64
	for r := range reps {
		xo, yo := sumStates(offRecs[r], 1, founders, econ), sumStates(offRecs[r], 0, founders, econ)
		did[r] = (x[r] - xo) - (y[r] - yo)
		xOff += xo
		yOff += yo
	}
	m, dse := meanSEOf(did)
	t.Logf("T7: with retribution off the ratio is %.3f; retribution's own part, the difference in differences per run = %.3f ± %.3f", xOff/yOff, m, dse)
	factSays(t, "T7", fmt.Sprintf("%.3f ± %.3f (%.3f with retribution off); own part %.3f ± %.3f", ratio, se, xOff/yOff, m, dse))
	if m < 4*dse {
		t.Errorf("T7: retribution raises the founders' coercion under the treaty by %.3f ± %.3f more than under hub_and_spokes, want above 0 by 4 SE", m, dse)
	}
}
