package experiments

import "testing"

// TestFlowProblemLine: a YAML error inside a flow collection that spans
// lines is named at the line of the bad element, not at the line where
// the collection opens, which is where yaml.v3 names it (a review, stop
// 53); an error on the opening line stays there, and a collection that
// is never closed is named at its last element.
func TestFlowProblemLine(t *testing.T) {
	head := "name: f\nseed: 1\nreplicates: 2\n"
	for _, c := range []struct {
		name, yaml string
		line       int
		frag       string
	}{
		{"a key in a list", head + "architectures: [treaty,\n  layered,\n  x: y: z]\n", 6, "did not find expected ',' or ']'"},
		{"two values in a mapping", head + "params: {us.reliability: 0.3,\n  adversary.resolve: 1,\n  adversary.noise: 2 3: 4,\n  us.shock_size: 1}\n", 6, "did not find expected ',' or '}'"},
		{"a list and a word", head + "architectures: [treaty,\n  layered,\n  [a, b] c,\n  none]\n", 6, "did not find expected ',' or ']'"},
		{"deep in a nested sweep", head + "architectures: [treaty, layered]\nsweep:\n  parameters: {us.reliability: [0.3,\n      0.5,\n      0.7 0.8: x: y],\n    adversary.resolve: [1, 2]}\n", 8, "did not find expected ',' or ']'"},
		{"never closed", head + "architectures: [treaty,\n  layered,\n  none\nperiods: 4\n", 6, "did not find expected ',' or ']'"},
		{"on the opening line", head + "architectures: [treaty x: y: z,\n  layered]\n", 4, "did not find expected ',' or ']'"},
	} {
		wantConfigError(t, c.name, c.yaml, c.line, "", c.frag)
	}
}
