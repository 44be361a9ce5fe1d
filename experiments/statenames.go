package experiments

import (
	"slices"

	"pactsim/agents"
)

// stateNamesOf is the names of every task's states in roster order
// (output.Layout.StateNames): a fixed roster's, or a synthetic
// population's when its shape (size and shares by role) is the same at
// every point. Where a sweep moves the shape, it is the names of every
// point's population (synthesisedNames), in an order in which each
// point's names come in their roster order; nil for a calibration (its
// evaluations write no states table).
func stateNamesOf(plan *Plan) []string {
	r := plan.roster
	if r == nil {
		if plan.Config.Calibration != nil {
			return nil
		}
		if syntheticOnlySwept(plan.Config.Sweep) != nil {
			return synthesisedNames(plan)
		}
		var err error
		if r, err = plan.Roster(plan.Point(0)); err != nil {
			return nil // resolve refused such a plan
		}
	}
	return r.Names()
}

// synthesisedNames is the names of the synthetic populations of every
// point of plan: the most states of each role at any point, named as
// agents.SyntheticRoster names them (agents.SyntheticNames). Only the
// shape's parameters are read at each point, not the point's every value,
// so a design of millions of points takes milliseconds.
func synthesisedNames(plan *Plan) []string {
	shape := [3]string{sizeParam, "population.share_core", "population.share_partner"}
	var at [3]int // index among the swept parameters, or -1
	var fixed [3]float64
	for k, name := range shape {
		at[k], fixed[k] = slices.Index(plan.SweptNames, name), plan.base.Get(name)
	}
	var most [3]int
	for p := range plan.NumPoints() {
		sw := plan.Swept(p)
		v := fixed
		for k := range shape {
			if at[k] >= 0 {
				v[k] = sw[at[k]]
			}
		}
		c, pa, h := agents.SyntheticShape(int(v[0]), v[1], v[2])
		most = [3]int{max(most[0], c), max(most[1], pa), max(most[2], h)}
	}
	return agents.SyntheticNames(most[0], most[1], most[2])
}
