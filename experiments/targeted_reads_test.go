package experiments

import "testing"

// TestCalibratedReadByTargetAccepted: a calibrated parameter that a
// targeted architecture reads stays accepted beside the refusal of one
// that only untargeted architectures read (a review, stop 54): a cell
// template's field with a target on layered, as a mean or as a ratio's a
// or b, and a parameter every architecture reads.
func TestCalibratedReadByTargetAccepted(t *testing.T) {
	h := "name: x\nseed: 1\nreplicates: 1\narchitectures: [none, hub_and_spokes, layered]\ncalibration:\n  parameters: {adversary.noise: {min: 0.2, max: 0.6}, mechanisms.cell.obligation: {min: 0.2, max: 0.6}}\n  targets:\n"
	for name, tg := range map[string]string{
		"mean on layered":    "    - {name: t, outcome: challenges, architecture: layered, range: [0, 10]}\n",
		"ratio a layered":    "    - {name: t, ratio: {outcome: challenges, a: layered, b: none}, range: [0.5, 1]}\n",
		"ratio b layered":    "    - {name: t, ratio: {outcome: challenges, a: hub_and_spokes, b: layered}, range: [0.5, 1]}\n",
		"second target":      "    - {name: t, outcome: challenges, architecture: none, range: [0, 10]}\n    - {name: u, table: states, states: [JP], outcome: challenges_received, architecture: layered, range: [0, 10]}\n",
		"every architecture": "    - {name: t, outcome: challenges, architecture: none, range: [0, 10]}\n    - {name: u, ratio: {outcome: challenges, a: layered, b: hub_and_spokes}, range: [0.5, 1]}\n",
	} {
		if _, err := Parse("t.yaml", []byte(h+tg)); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
}
