package experiments

import (
	"testing"
)

// TestCalibrationTargetRepeated (a hostile review, stop 55): the same
// target written twice under another name (the same quantity in the same
// range, however written) was accepted and its weight counted twice in
// the loss, where every other repeat in a config is refused; and a ratio
// beside its reciprocal (a over b, b over a) was never compared, so two
// ranges no point meets both passed. Each is now refused at the later
// target, naming the earlier; overlapping ranges of one quantity, and
// reciprocals whose ranges meet, stay accepted.
func TestCalibrationTargetRepeated(t *testing.T) {
	h := "name: cal\nseed: 1\nreplicates: 2\narchitectures: [none, hub_and_spokes]\ncalibration:\n  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}\n  targets:\n"
	for _, c := range []struct {
		name, targets string
		key           string
		frags         []string
	}{
		{"written twice", "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: none, range: [0, 0.3], weight: 2}\n",
			"calibration.targets[1].range", []string{"target b is target a (calibration.targets[0]) again", "wars of none in [0, 0.3]", "weight: 3"}},
		{"as value and tolerance", "    - {name: a, outcome: wars, architecture: none, range: [0.2, 0.4]}\n    - {name: b, outcome: wars, architecture: none, value: 0.3, tolerance: 0.1}\n",
			"calibration.targets[1].value", []string{"target b is target a (calibration.targets[0]) again"}},
		{"states in another order", "    - {name: a, table: states, states: [JP, AU], outcome: committed, architecture: none, range: [0, 0.5]}\n    - {name: b, table: states, states: [AU, JP], outcome: committed, architecture: none, range: [0, 0.5]}\n",
			"calibration.targets[1].range", []string{"target b is target a", "summed over AU, JP"}},
		{"reciprocal disjoint", "    - {name: a, ratio: {outcome: wars, a: none, b: hub_and_spokes}, range: [0.6, 0.9]}\n    - {name: b, ratio: {outcome: wars, a: hub_and_spokes, b: none}, range: [0.6, 0.9]}\n",
			"calibration.targets[1].range", []string{"target a (calibration.targets[0]) wants its reciprocal", "the ratio of wars, none over hub_and_spokes", "[1.1111111111111112, 1.6666666666666667]", "no point meets both"}},
		{"reciprocal of 0", "    - {name: a, table: states, states: [JP], ratio: {outcome: committed, a: none, b: hub_and_spokes}, range: [0, 0]}\n    - {name: b, table: states, states: [JP], ratio: {outcome: committed, a: hub_and_spokes, b: none}, range: [0.5, 2]}\n",
			"calibration.targets[1].range", []string{"wants its reciprocal", "no point meets both"}},
	} {
		wantConfigError(t, c.name, h+c.targets, 9, c.key, c.frags...)
	}
	for name, tg := range map[string]string{
		"overlapping":        "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: none, range: [0, 0.4]}\n",
		"reciprocals meet":   "    - {name: a, ratio: {outcome: wars, a: none, b: hub_and_spokes}, range: [0.6, 0.9]}\n    - {name: b, ratio: {outcome: wars, a: hub_and_spokes, b: none}, range: [1, 2]}\n",
		"reciprocals touch":  "    - {name: a, ratio: {outcome: wars, a: none, b: hub_and_spokes}, range: [0.05, 0.1]}\n    - {name: b, ratio: {outcome: wars, a: hub_and_spokes, b: none}, range: [10, 20]}\n",
		"same range, other":  "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: hub_and_spokes, range: [0, 0.3]}\n",
		"ratio and its mean": "    - {name: a, ratio: {outcome: wars, a: none, b: hub_and_spokes}, range: [0.6, 0.9]}\n    - {name: b, outcome: wars, architecture: none, range: [0.6, 0.9]}\n",
	} {
		if _, err := Parse("t.yaml", []byte(h+tg)); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
	// A results directory's own config, accepted when it was written, is
	// read as it is (--resume, verify of an older calibration).
	twice := h + "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: none, range: [0, 0.3]}\n"
	if _, err := parseStored("config.yaml", []byte(twice)); err != nil {
		t.Errorf("a stored config with a target written twice refused: %v", err)
	}
}
