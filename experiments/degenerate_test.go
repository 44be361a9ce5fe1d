package experiments

import "testing"

// TestDegenerateOutcomes (a hostile review, stop 39): what no run of an
// architecture can give, by its structure (engine.DegeneracyFor), is refused
// when the config is read, naming the line and key, not after every task
// (run) or the whole budget (calibrate). Under `none` (no mechanism)
// honour_rate and participation are null in every run and members_end,
// buy_in, tension … are 0; a ratio over the patron alone on the states
// table is 0/0. What can have a value is still accepted.
func TestDegenerateOutcomes(t *testing.T) {
	t.Parallel()
	// Analysis: sensitivity quantities and discovery.
	wantConfigError(t, "null under none", analysisHead+saltelliSweep+"analysis:\n  quantities:\n    - {outcome: honour_rate, architecture: none}\n", 13, "analysis.quantities[0]", "honour_rate is undefined (null) in every run of architecture none", "has no mechanism")
	wantConfigError(t, "contrast with none", analysisHead+saltelliSweep+"analysis:\n  quantities:\n    - {outcome: participation, contrast: [layered, none]}\n", 13, "analysis.quantities[0]", "participation is undefined", "architecture none", "has no mechanism")
	wantConfigError(t, "discovery under none", analysisHead+saltelliSweep+"analysis:\n  discovery:\n    quantity: {outcome: honour_rate, architecture: none}\n    condition: {above: 0.5}\n", 13, "analysis.discovery.quantity", "has no mechanism", "no point could be of interest")
	mustParse(t, analysisHead+saltelliSweep+"analysis:\n  quantities:\n    - {outcome: honour_rate, architecture: layered}\n    - {outcome: members_end, contrast: [layered, none]}\n")

	// Calibration targets.
	h := "name: cal\nseed: 1\nreplicates: 2\narchitectures: [none, hub_and_spokes]\ncalibration:\n  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}\n"
	for _, c := range []struct {
		name, target, key string
		frags             []string
	}{
		{"null mean", "{name: a, outcome: honour_rate, architecture: none, range: [0, 1]}", "calibration.targets[0]", []string{"honour_rate is undefined (null) in every run of architecture none, which has no mechanism"}},
		{"null ratio", "{name: a, ratio: {outcome: participation, a: hub_and_spokes, b: none}, range: [0, 2]}", "calibration.targets[0]", []string{"participation is undefined", "architecture none"}},
		{"ratio over zero", "{name: a, ratio: {outcome: members_end, a: hub_and_spokes, b: none}, range: [0, 2]}", "calibration.targets[0].ratio.b", []string{"members_end is 0 in every run of architecture none, which has no mechanism", "denominator is 0"}},
		{"buy_in over zero", "{name: a, ratio: {outcome: buy_in, a: hub_and_spokes, b: none}, value: 1, tolerance: 0.5}", "calibration.targets[0].ratio.b", []string{"buy_in is 0 in every run"}},
		{"zero mean out of reach", "{name: a, outcome: tension, architecture: none, range: [0.1, 1]}", "calibration.targets[0]", []string{"[0.1, 1] can be met at no point", "tension is 0 in every run of architecture none"}},
		{"zero ratio out of reach", "{name: a, ratio: {outcome: members_end, a: none, b: hub_and_spokes}, range: [0.5, 2]}", "calibration.targets[0]", []string{"can be met at no point", "members_end is 0 in every run of architecture none"}},
		{"patron ratio", "{name: a, table: states, states: [US], ratio: {outcome: challenges_received, a: none, b: hub_and_spokes}, range: [0, 2]}", "calibration.targets[0].states", []string{"a ratio over US alone is 0/0", "US is the patron"}},
	} {
		wantConfigError(t, c.name, h+"  targets:\n    - "+c.target+"\n", 8, c.key, c.frags...)
	}
	for _, ok := range []string{
		"{name: a, outcome: members_end, architecture: none, range: [0, 1]}",
		"{name: a, ratio: {outcome: members_end, a: none, b: hub_and_spokes}, range: [0, 1]}",
		"{name: a, ratio: {outcome: members_end, a: hub_and_spokes, b: hub_and_spokes2}, range: [0, 2]}",
		"{name: a, table: states, states: [US, JP], ratio: {outcome: challenges_received, a: none, b: hub_and_spokes}, range: [0, 2]}",
		"{name: a, ratio: {outcome: coordinated_share, a: hub_and_spokes, b: none}, range: [0, 2]}",
	} {
		yaml := h + "  targets:\n    - " + ok + "\n"
		if ok == "{name: a, ratio: {outcome: members_end, a: hub_and_spokes, b: hub_and_spokes2}, range: [0, 2]}" {
			yaml = "name: cal\nseed: 1\nreplicates: 2\narchitectures: [none, hub_and_spokes, {name: hub_and_spokes2, base: hub_and_spokes}]\ncalibration:\n  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}\n  targets:\n    - " + ok + "\n"
		}
		mustParse(t, yaml)
	}
}
