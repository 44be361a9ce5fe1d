package experiments

import (
	"testing"

	"pactsim/engine"
	"pactsim/output"
)

// stateZeros records, per architecture, whether each of the columns
// stateDegeneracy judges was 0 for every state so far.
type stateZeros [][3]bool

func (z stateZeros) RecordPeriod(int, *engine.PeriodRecord) {}
func (z stateZeros) RecordState(a int, r *engine.StateRecord) {
	if r.TreatyMember {
		z[a][0] = false
	}
	if r.Mechanisms != 0 {
		z[a][1] = false
	}
	if r.Cells != 0 {
		z[a][2] = false
	}
}

// TestStateDegeneracyHolds: every states column that stateDegeneracy calls
// 0 in every run of an architecture is 0 for every state in 200 runs of
// each preset, and each preset that has a treaty, a mechanism or a cell is
// not so called (a review, stop 54, which refuses calibration targets on
// them).
func TestStateDegeneracyHolds(t *testing.T) {
	t.Parallel()
	cols := [3]string{output.ColStateTreatyMember, output.ColStateMechanisms, output.ColStateCells}
	p := mustParse(t, "name: s\nseed: 1\nreplicates: 1\nperiods: 40\narchitectures: [none, hub_and_spokes, treaty, layered, treaty_plus_cells, layered_then_treaty]\n")
	sc, err := p.Scenario(0)
	if err != nil {
		t.Fatal(err)
	}
	archs := p.Config.Architectures
	zeros := make(stateZeros, len(archs))
	for a := range zeros {
		zeros[a] = [3]bool{true, true, true}
	}
	run, out := engine.NewRunner(), make([]engine.Outcome, len(archs))
	for seed := int64(1); seed <= 200; seed++ {
		run.Run(sc, seed, out, zeros)
	}
	want := map[string][3]bool{ // the claims: treaty_member, mechanisms, cells always 0
		"none":           {true, true, true},
		"hub_and_spokes": {true, false, true},
		"treaty":         {false, false, true},
		"layered":        {true, false, false},
	}
	for a, arch := range archs {
		for j, col := range cols {
			dg, why := stateDegeneracy(p.Config, col, arch.Name, nil)
			claimed := dg == engine.AlwaysZero
			if claimed && !zeros[a][j] {
				t.Errorf("%s: %s called 0 in every run (%s), but a run gave a state a value", arch.Name, col, why)
			}
			if w := want[arch.Name]; claimed != w[j] {
				t.Errorf("%s: %s called always 0: %v, want %v", arch.Name, col, claimed, w[j])
			}
		}
	}
}

// TestStatesTargetDegenerate: a calibration target on such a column is
// refused as the runs table's are, and one that can be met is not.
func TestStatesTargetDegenerate(t *testing.T) {
	h := "name: cal\nseed: 1\nreplicates: 2\narchitectures: [none, hub_and_spokes, treaty, layered]\ncalibration:\n  parameters: {adversary.threshold: {min: 1.4, max: 2.1}}\n  targets:\n"
	for _, c := range []struct {
		name, target, key, want string
	}{
		{"ratio over no treaty", "{name: a, table: states, states: [JP, AU], ratio: {outcome: treaty_member, a: treaty, b: hub_and_spokes}, range: [0.5, 1]}", "calibration.targets[0].ratio.b", "treaty_member is 0 for every state in every run of architecture hub_and_spokes, which has no treaty"},
		{"cells without a cell", "{name: a, table: states, states: [JP], outcome: cells, architecture: hub_and_spokes, range: [1, 2]}", "calibration.targets[0]", "[1, 2] can be met at no point: cells is 0 for every state in every run of architecture hub_and_spokes, which has no cell"},
		{"mechanisms under none", "{name: a, table: states, states: [JP], ratio: {outcome: mechanisms, a: none, b: layered}, range: [0.5, 1]}", "calibration.targets[0]", "which has no mechanism"},
	} {
		wantConfigError(t, c.name, h+"    - "+c.target+"\n", 8, c.key, c.want)
	}
	for _, ok := range []string{
		"{name: a, table: states, states: [JP], outcome: cells, architecture: hub_and_spokes, range: [0, 2]}",
		"{name: a, table: states, states: [JP, AU], ratio: {outcome: treaty_member, a: hub_and_spokes, b: treaty}, range: [0, 1]}",
		"{name: a, table: states, states: [JP], outcome: cells, architecture: layered, range: [1, 2]}",
	} {
		if _, err := Parse("t.yaml", []byte(h+"    - "+ok+"\n")); err != nil {
			t.Errorf("%s: refused: %v", ok, err)
		}
	}
}
