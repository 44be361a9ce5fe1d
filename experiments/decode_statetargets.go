package experiments

// Calibration targets on the states table that no run can give a value.

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/agents"
	"pactsim/engine"
	"pactsim/output"
)

// stateDegeneracy is how states-table column col behaves in every run of
// architecture name by its structure alone (docs/model.md sec. 13): a
// state is a treaty member only of a treaty, belongs to a mechanism only
// where there is one, and to a cell only where a mechanism is a cell
// (engine's recordStates counts exactly these). Varies where the
// architecture does not build, the column is not one of these, or the
// roster's shape is among the free parameters (which mechanisms a
// synthetic roster's architecture holds may then change).
func stateDegeneracy(c *Config, col, name string, free []CalibrationParam) (engine.Degeneracy, string) {
	if !slices.Contains([]string{output.ColStateTreatyMember, output.ColStateMechanisms, output.ColStateCells}, col) ||
		slices.ContainsFunc(free, func(cp CalibrationParam) bool { return strings.HasPrefix(cp.Name, "population.") }) {
		return engine.Varies, ""
	}
	built, ok := builtArchitecture(c, name)
	switch {
	case !ok:
	case len(built.Mechanisms) == 0:
		return engine.AlwaysZero, "has no mechanism"
	case col == output.ColStateTreatyMember && !built.HasTreaty():
		return engine.AlwaysZero, "has no treaty"
	case col == output.ColStateCells && !slices.ContainsFunc(built.Mechanisms, func(m agents.MechanismDef) bool { return m.Cell }):
		return engine.AlwaysZero, "has no cell"
	}
	return engine.Varies, ""
}

// degenerateStatesTarget is degenerateTarget for a target on the states
// table: a ratio whose denominator, the column summed over the states
// under architecture b, is 0 at every point, and a range without 0 for a
// sum that is 0 at every point (a hostile review, stop 54: refused on the
// runs table since stop 39, a states target on treaty_member under
// hub_and_spokes, or on cells under a ratio's b without cells, was
// accepted and the search spent its budget on it).
func (d *decoder) degenerateStatesTarget(tn *yaml.Node, key string, c *Config, t TargetSpec, free []CalibrationParam) error {
	col, first := t.Outcome, t.Architecture
	if t.Ratio != nil {
		col, first = t.Ratio.Outcome, t.Ratio.A
		if dg, why := stateDegeneracy(c, col, t.Ratio.B, free); dg == engine.AlwaysZero {
			return d.errf(tn, join(key, "ratio.b"), "%s is 0 for every state in every run of architecture %s, which %s, so the ratio's denominator is 0 at every point: choose another architecture b or outcome", col, t.Ratio.B, why)
		}
	}
	if dg, why := stateDegeneracy(c, col, first, free); dg == engine.AlwaysZero && (t.Low > 0 || t.High < 0) {
		return d.errf(tn, key, "%s can be met at no point: %s is 0 for every state in every run of architecture %s, which %s (allowed: a range that holds 0, or another architecture or outcome)", fmt.Sprintf("[%s, %s]", fmtNum(t.Low), fmtNum(t.High)), col, first, why)
	}
	return nil
}
