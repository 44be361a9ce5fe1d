package engine

import "pactsim/agents"

// Degeneracy says how an outcome behaves in every run of an architecture
// by the architecture's structure alone, whatever the population, the
// parameters or the seed: what a config can be refused for before anything
// runs (a sensitivity quantity, a discovery search or a calibration target
// that no run could give a value; experiments' decoder).
type Degeneracy uint8

const (
	// Varies: the outcome can take more than one value.
	Varies Degeneracy = iota
	// AlwaysZero: the outcome is 0 (or null) in every run, so a ratio
	// over it divides by zero and a mean of it is 0.
	AlwaysZero
	// AlwaysNull: the outcome is undefined (null) in every run.
	AlwaysNull
)

// DegeneracyFor is how outcome k behaves in every run of architecture a
// (docs/model.md sec. 13 defines each outcome):
//
//   - without a treaty, treaty_formed and treaty_formed_period are null
//     (there is no treaty to form);
//   - without any mechanism (`none`), no state is committed or linked
//     through a mechanism, so honour_rate and participation are null (their
//     denominators are committed and mechanism-linked states, sec. 13); no
//     state is a member of anything, so members_end, buy_in and
//     buy_in_capability are 0 (the last two null with no hedger); nothing
//     is visible, formed or attempted, so tension (sec. 6.4) and the
//     adversary's counter-mobilisation resolve_growth (ΔVis = 0, sec. 6.7)
//     are 0; and no mechanism asks for burden, so burden_cost and
//     capability_growth are 0 (sec. 9.7). coordinated_share is not on the
//     list: ad hoc responders on time coordinate too.
//
// why says which of the two, for messages ("has no treaty", "has no
// mechanism"); "" when k varies. TestDegeneracy checks the list against
// the engine's runs both ways: every outcome listed is so in every run, and
// every outcome that is 0 or null in every run of `none` but not of an
// architecture with a treaty and cells is listed.
func DegeneracyFor(k OutcomeID, a *agents.Architecture) (d Degeneracy, why string) {
	switch k {
	case TreatyFormed, TreatyFormedPeriod:
		if !a.HasTreaty() {
			return AlwaysNull, "has no treaty"
		}
	case HonourRate, Participation:
		if len(a.Mechanisms) == 0 {
			return AlwaysNull, "has no mechanism"
		}
	case MembersEnd, BuyIn, BuyInCapability, Tension, ResolveGrowth, BurdenCost, CapabilityGrowth:
		if len(a.Mechanisms) == 0 {
			return AlwaysZero, "has no mechanism"
		}
	}
	return Varies, ""
}

// OutcomeByName returns the id of the runs-table outcome named name.
func OutcomeByName(name string) (OutcomeID, bool) {
	for k, o := range Outcomes {
		if o.Name == name {
			return OutcomeID(k), true
		}
	}
	return 0, false
}
