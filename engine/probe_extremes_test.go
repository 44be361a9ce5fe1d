package engine

import (
	"fmt"
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// checkRec collects every period and state record and checks them.
type checkRec struct {
	errs []string
}

func (c *checkRec) bad(f string, a ...any) {
	if len(c.errs) < 20 {
		c.errs = append(c.errs, fmt.Sprintf(f, a...))
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func (c *checkRec) RecordPeriod(a int, r *PeriodRecord) {
	for _, x := range []float64{r.Tension, r.Visibility, r.USReliability, r.MeanBelief, r.Interop} {
		if !finite(x) {
			c.bad("arch %d period %d: non-finite %+v", a, r.Period, *r)
		}
	}
	for _, x := range []float64{r.USReliability, r.MeanBelief, r.Interop, r.Visibility} {
		if x < 0 || x > 1 {
			c.bad("arch %d period %d: share out of [0,1] %+v", a, r.Period, *r)
		}
	}
	if r.Challenges < 0 || r.Repelled < 0 || r.FaitAccompli < 0 || r.Wars < 0 || r.Members < 0 {
		c.bad("arch %d period %d: negative count %+v", a, r.Period, *r)
	}
}

func (c *checkRec) RecordState(a int, r *StateRecord) {
	for _, x := range []float64{r.Capability, r.Belief0, r.Autonomy, r.Threat, r.Exposure, r.Legal, r.RiskTolerance, r.BeliefEnd, r.InteropEnd, r.EconomicLoss, r.HazardReceived, r.AutonomyEnd, r.SpendingEnd, r.ReadinessEnd} {
		if !finite(x) {
			c.bad("arch %d state %s: non-finite %+v", a, r.Name, *r)
			return
		}
	}
	for _, x := range []float64{r.Belief0, r.Autonomy, r.Threat, r.Exposure, r.Legal, r.RiskTolerance, r.BeliefEnd, r.InteropEnd, r.AutonomyEnd, r.ReadinessEnd} {
		if x < 0 || x > 1 {
			c.bad("arch %d state %s: share out of [0,1] %+v", a, r.Name, *r)
			return
		}
	}
	if r.Capability < 0 || r.EconomicLoss < 0 || r.HazardReceived < 0 || r.SpendingEnd < 0 || r.Honoured > r.Committed || r.Honoured < 0 {
		c.bad("arch %d state %s: negative/inconsistent %+v", a, r.Name, *r)
	}
}

// checkOutcome checks every defined outcome against its declared range.
func checkOutcome(o *Outcome, periods, targets int) []string {
	var bad []string
	for k := range NumOutcomes {
		x, ok := o.Get(k)
		if !ok {
			if !Outcomes[k].Nullable {
				bad = append(bad, Outcomes[k].Name+" undefined")
			}
			continue
		}
		name := Outcomes[k].Name
		if !finite(x) {
			bad = append(bad, fmt.Sprintf("%s = %v", name, x))
			continue
		}
		switch Outcomes[k].Range {
		case "[0, 1]":
			if x < 0 || x > 1 {
				bad = append(bad, fmt.Sprintf("%s = %v out of [0,1]", name, x))
			}
		case "[-1, 1]":
			if x < -1 || x > 1 {
				bad = append(bad, fmt.Sprintf("%s = %v out of [-1,1]", name, x))
			}
		case ">= 0":
			if x < 0 {
				bad = append(bad, fmt.Sprintf("%s = %v < 0", name, x))
			}
		case "0..periods":
			if x < 0 || x > float64(periods) {
				bad = append(bad, fmt.Sprintf("%s = %v out of 0..%d", name, x, periods))
			}
		}
		if Outcomes[k].Kind != Real && x != math.Trunc(x) {
			bad = append(bad, fmt.Sprintf("%s = %v not whole", name, x))
		}
	}
	for _, k := range []OutcomeID{HazardGreyZone, HazardEconomic, HazardBlockade, HazardArmed} {
		if x, ok := o.Get(k); ok && x > float64(periods*targets)+1e-9 {
			bad = append(bad, fmt.Sprintf("%s = %v above periods·targets %d", Outcomes[k].Name, x, periods*targets))
		}
	}
	v := func(k OutcomeID) float64 { return o.Value[k] }
	var sumC, sumF, sumFA float64
	for k := range OutcomeID(nk) {
		sumC += v(ChallengesGreyZone + k)
		sumF += v(FailuresGreyZone + k)
		sumFA += v(FaitAccompliGreyZone + k)
		if v(FaitAccompliGreyZone+k) > v(FailuresGreyZone+k) || v(FailuresGreyZone+k) > v(ChallengesGreyZone+k) {
			bad = append(bad, fmt.Sprintf("domain %d: fa %v failures %v challenges %v", k, v(FaitAccompliGreyZone+k), v(FailuresGreyZone+k), v(ChallengesGreyZone+k)))
		}
	}
	if sumC != v(Challenges) || sumFA != v(FaitAccompli) || sumF != v(Challenges)-v(Repelled)+v(Wars) || v(Wars) > v(Repelled) || v(Repelled) > v(Challenges) {
		bad = append(bad, fmt.Sprintf("counts inconsistent: C %v ΣC %v R %v W %v ΣF %v FA %v ΣFA %v", v(Challenges), sumC, v(Repelled), v(Wars), sumF, v(FaitAccompli), sumFA))
	}
	if v(GeneralDeterrence) > v(DeterrenceSuccess) || v(DeterrenceSuccess) < 1-(v(FaitAccompli)+v(Wars))/float64(periods)-1e-12 {
		bad = append(bad, fmt.Sprintf("deterrence inconsistent: GD %v DS %v", v(GeneralDeterrence), v(DeterrenceSuccess)))
	}
	if o.Valid[TreatyFormedPeriod] != (o.Valid[TreatyFormed] && v(TreatyFormed) == 1) {
		bad = append(bad, "treaty_formed_period validity")
	}
	if v(MembersEnd) > float64(targets+1) {
		bad = append(bad, "members_end > n")
	}
	if x, _ := o.Get(Challenges); x > float64(2*periods*targets) {
		bad = append(bad, fmt.Sprintf("challenges %v above 2·periods·targets", x))
	}
	return bad
}

// probeRun runs all six presets for reps replicates and returns the problems.
func probeRun(t *testing.T, p param.Values, r *agents.Roster, reps int) (probs []string) {
	t.Helper()
	defer func() {
		if e := recover(); e != nil {
			probs = append(probs, fmt.Sprintf("PANIC: %v", e))
		}
	}()
	var archs []agents.Architecture
	for _, n := range agents.PresetNames() {
		a, err := agents.Preset(n, p, r)
		if err != nil {
			return []string{"preset " + n + ": " + err.Error()}
		}
		archs = append(archs, a)
	}
	sc, err := NewScenario(p, r, archs)
	if err != nil {
		return []string{"scenario: " + err.Error()}
	}
	run := NewRunner()
	out := make([]Outcome, len(archs))
	rec := &checkRec{}
	for rep := range reps {
		run.Run(sc, TaskSeed(7, 0, rep), out, rec)
		for a := range out {
			for _, b := range checkOutcome(&out[a], p.Int("periods"), len(r.States)-1) {
				probs = append(probs, fmt.Sprintf("rep %d %s: %s", rep, archs[a].Name, b))
			}
		}
	}
	return append(probs, rec.errs...)
}

// TestProbeExtremesEach runs the six presets with every registered
// parameter alone at the bottom and at the top of its allowed range: no
// panic, every defined outcome finite and in its declared range, the counts
// consistent with each other, and every period and state record finite
// with its shares in [0, 1]. The registry's ranges are what a user may
// set, so the model must handle each of them.
func TestProbeExtremesEach(t *testing.T) {
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range param.All() {
		for _, x := range []float64{s.Min, s.Max} {
			p := param.Defaults()
			if err := p.Set(s.Name, x); err != nil {
				t.Errorf("%s=%v: %v", s.Name, x, err)
				continue
			}
			if probs := probeRun(t, p, r, 1); len(probs) > 0 {
				if len(probs) > 6 {
					probs = probs[:6]
				}
				t.Errorf("%s=%v:\n  %v", s.Name, x, probs)
			}
		}
	}
}

// TestProbeIdenticalStates: the patron and ten identical copies of the
// Philippines, whose capability shares sum to 1 only up to rounding (with
// every state in the treaty, Σ K_i/ΣK·v came to 1 + 2⁻⁵² before
// visibility was capped at 1), under all six presets: every record's shares,
// visibility included, stay in [0, 1].
func TestProbeIdenticalStates(t *testing.T) {
	r, err := agents.LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	ph := r.States[r.Index("PH")]
	id := *r
	id.States = []agents.StateSpec{r.States[r.Patron]}
	id.Patron = 0
	for k := range 10 {
		s := ph
		s.Name = fmt.Sprintf("S%d", k)
		id.States = append(id.States, s)
	}
	if probs := probeRun(t, param.Defaults(), &id, 20); len(probs) > 0 {
		if len(probs) > 6 {
			probs = probs[:6]
		}
		t.Errorf("identical states:\n  %v", probs)
	}
}
