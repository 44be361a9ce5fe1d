package engine

import (
	"fmt"
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// The codebook read against the data (docs/model.md sec. 13): every run
// outcome that the period and state records also carry must be what those
// records add up to, and every null rule must hold in both directions. A
// referee recomputing an outcome from the optional tables gets the runs
// table's value.

// allRecords keeps every period and state record of one task, per
// architecture.
type allRecords struct {
	periods [][]PeriodRecord
	states  [][]StateRecord
}

func (r *allRecords) RecordPeriod(a int, p *PeriodRecord) {
	for len(r.periods) <= a {
		r.periods = append(r.periods, nil)
	}
	r.periods[a] = append(r.periods[a], *p)
}

func (r *allRecords) RecordState(a int, s *StateRecord) {
	for len(r.states) <= a {
		r.states = append(r.states, nil)
	}
	r.states[a] = append(r.states[a], *s)
}

// near compares two sums of the same terms added in different orders.
func near(x, y float64) bool { return math.Abs(x-y) <= 1e-9*(1+math.Abs(x)+math.Abs(y)) }

// codebookCheck compares one architecture-run's outcome with its records.
func codebookCheck(o *Outcome, ps []PeriodRecord, ss []StateRecord, pop *agents.Roster, p param.Values) []string {
	var bad []string
	badf := func(f string, a ...any) { bad = append(bad, fmt.Sprintf(f, a...)) }
	v := func(k OutcomeID) float64 { return o.Value[k] }
	T := float64(len(ps))

	// Periods: counts, the two deterrence shares and tension.
	var ch, rep, fa, wars, quiet, ok int
	var tension float64
	for _, r := range ps {
		ch += r.Challenges
		rep += r.Repelled
		fa += r.FaitAccompli
		wars += r.Wars
		if r.Challenges == 0 {
			quiet++
		}
		if r.FaitAccompli == 0 && r.Wars == 0 {
			ok++
		}
		tension += r.Tension
	}
	if float64(ch) != v(Challenges) || float64(rep) != v(Repelled) || float64(fa) != v(FaitAccompli) || float64(wars) != v(Wars) {
		badf("periods sum to challenges %d repelled %d fa %d wars %d; outcomes %v %v %v %v", ch, rep, fa, wars, v(Challenges), v(Repelled), v(FaitAccompli), v(Wars))
	}
	if float64(quiet)/T != v(GeneralDeterrence) || float64(ok)/T != v(DeterrenceSuccess) {
		badf("periods give general %v success %v; outcomes %v %v", float64(quiet)/T, float64(ok)/T, v(GeneralDeterrence), v(DeterrenceSuccess))
	}
	if !near(tension/T, v(Tension)) {
		badf("periods' mean tension %v, outcome %v", tension/T, v(Tension))
	}
	if last := ps[len(ps)-1]; float64(last.Members) != v(MembersEnd) {
		badf("last period's members %d, members_end %v", last.Members, v(MembersEnd))
	}

	// States: received challenges, changes of control, hazards, memberships,
	// commitments, beliefs, interoperability, hedgers, losses, capability.
	for _, s := range ss {
		if s.ChallengesReceived != s.ChallengesReceivedMilitarised+s.ChallengesReceivedEconomic ||
			s.ChallengesReceivedMilitarised != s.ChallengesReceivedGreyZone+s.ChallengesReceivedBlockade+s.ChallengesReceivedArmed {
			badf("state %s: received columns do not add up: %+v", s.Name, s)
		}
		if s.FaitAccompliSuffered > s.ChallengesReceived || s.Honoured > s.Committed || s.Cells > s.Mechanisms {
			badf("state %s: inconsistent counts %+v", s.Name, s)
		}
		if s.Role == agents.Patron && (s.ChallengesReceived != 0 || s.HazardReceived != 0 || s.ReadinessEnd != 1) {
			badf("patron %s: challenged or unready %+v", s.Name, s)
		}
	}
	a := outcomeSums(ss, func(i int) *agents.DomainSpec { return &pop.States[i].Domains },
		p.Get("burden.capability_elasticity"), p.Get("burden.strength") != 0)
	for k := range nk {
		if float64(a.recv[k]) != v(ChallengesGreyZone+OutcomeID(k)) {
			badf("domain %d: states received %d, outcome %v", k, a.recv[k], v(ChallengesGreyZone+OutcomeID(k)))
		}
	}
	if float64(a.fa) != v(FaitAccompli) {
		badf("states suffered %d faits accomplis, outcome %v", a.fa, v(FaitAccompli))
	}
	if h, okH := o.Get(HazardGreyZone); okH {
		total := h + v(HazardEconomic) + v(HazardBlockade) + v(HazardArmed)
		if !near(a.hazard, total) {
			badf("states' hazards sum to %v, the domains' to %v", a.hazard, total)
		}
	}
	if x, okx := o.Get(HonourRate); okx != (a.committed > 0) || (okx && x != float64(a.honoured)/float64(a.committed)) {
		badf("honour_rate %v (defined %v); states: %d of %d", x, okx, a.honoured, a.committed)
	}
	if float64(a.members) != v(MembersEnd) {
		badf("%d states in a mechanism, members_end %v", a.members, v(MembersEnd))
	}
	n := float64(len(ss))
	if !near(a.belief/n, v(USBeliefEnd)) || !near(a.interop/n, v(InteroperabilityEnd)) {
		badf("states' mean belief %v interop %v; outcomes %v %v", a.belief/n, a.interop/n, v(USBeliefEnd), v(InteroperabilityEnd))
	}
	x, okx := o.Get(BuyIn)
	y, oky := o.Get(BuyInCapability)
	z, okz := o.Get(HedgerRealignment)
	if okx != (a.hedgers > 0) || oky != (a.hedgers > 0) || okz != (a.hedgers > 0) {
		badf("hedger outcomes defined %v %v %v with %d hedgers", okx, oky, okz, a.hedgers)
	} else if a.hedgers > 0 && (x != float64(a.hedgersIn)/float64(a.hedgers) || !near(y, a.capIn/a.capH) || !near(z, a.realign/float64(a.hedgers))) {
		badf("buy_in %v cap %v realign %v; states %v %v %v", x, y, z, float64(a.hedgersIn)/float64(a.hedgers), a.capIn/a.capH, a.realign/float64(a.hedgers))
	}
	if a.gdp > 0 && !near(a.loss/a.gdp, v(EconomicLoss)) {
		badf("states' losses give %v, economic_loss %v", a.loss/a.gdp, v(EconomicLoss))
	}
	if !near(a.capEnd/a.capSum-1, v(CapabilityGrowth)) {
		badf("states' spending gives capability growth %v, outcome %v", a.capEnd/a.capSum-1, v(CapabilityGrowth))
	}
	if a.treatyMember && v(TreatyFormed) != 1 {
		badf("a treaty member at the end, treaty_formed %v", v(TreatyFormed))
	}
	// Null rules of the shares over challenges and over formation.
	for _, k := range []OutcomeID{CoordinatedShare, FalseSecurityGap, GreyEconomicShare} {
		if _, okk := o.Get(k); okk != (v(Challenges) > 0) {
			badf("%s defined %v with %v challenges", Outcomes[k].Name, okk, v(Challenges))
		}
	}
	if fp, okp := o.Get(TreatyFormedPeriod); okp != (o.Valid[TreatyFormed] && v(TreatyFormed) == 1) || fp < 0 || fp > T {
		badf("treaty_formed_period %v (defined %v), treaty_formed %v (defined %v)", fp, okp, v(TreatyFormed), o.Valid[TreatyFormed])
	}
	return bad
}

// TestProbeCodebookAgainstRecords runs the six presets on the built-in
// roster and on a synthetic population, at the defaults and under
// settings that make the rarer columns move (probe runs, forced
// formation, steep retribution and burden, long runs, few states), and
// checks every run against its records.
func TestProbeCodebookAgainstRecords(t *testing.T) {
	type cfg struct {
		name   string
		set    map[string]float64
		probe  *Probe
		roster string
	}
	cfgs := []cfg{
		{name: "defaults"},
		{name: "bound, steep", set: map[string]float64{"mechanisms.treaty.founders_bound": 1, "retribution.strength": 5,
			"burden.strength": 2, "false_security.strength": 1, "adversary.spiral": 1, "periods": 60}},
		{name: "retries", set: map[string]float64{"burden.domestic_cost": 3, "burden.adjustment_rate": 0.2,
			"mechanisms.treaty.burden": 3, "mechanisms.bilateral.exit_cost": 10, "treaty.retry_period": 4}},
		{name: "probe armed", probe: &Probe{Type: agents.ArmedAttack, Targets: []string{"JP", "AU", "PH"}}},
		{name: "probe economic", probe: &Probe{Type: agents.EconomicCoercion, Targets: []string{"AU"}}},
		{name: "one channel, short", set: map[string]float64{"adversary.channels": 1, "periods": 1}},
		{name: "synthetic", set: map[string]float64{"population.size": 30}, roster: "synthetic"},
		{name: "two states", roster: "US,patron,0.817,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.389,0.6,0.2,0.8,0.5,0.7,0.7,x\n"},
	}
	for _, c := range cfgs {
		t.Run(c.name, func(t *testing.T) {
			p := param.Defaults()
			for k, x := range c.set {
				if err := p.Set(k, x); err != nil {
					t.Fatal(err)
				}
			}
			var r *agents.Roster
			switch c.roster {
			case "synthetic":
				var err error
				if r, err = agents.SyntheticRoster(p); err != nil {
					t.Fatal(err)
				}
			default:
				r = roster(t, c.roster)
			}
			names := agents.PresetNames()
			sc := presetScenario(t, p, r, c.probe, names...)
			run := NewRunner()
			out := make([]Outcome, len(names))
			for rep := range 20 {
				rec := &allRecords{}
				seed := TaskSeed(5, 0, rep)
				run.Run(sc, seed, out, rec)
				for a := range names {
					if bad := codebookCheck(&out[a], rec.periods[a], rec.states[a], r, p); len(bad) > 0 {
						t.Fatalf("replicate %d, %s:\n  %v", rep, names[a], bad)
					}
				}
			}
		})
	}
}
