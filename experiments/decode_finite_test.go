package experiments

import (
	"errors"
	"testing"
)

// TestBareAnalysisNaNKey (a review): a NaN or Inf in an analysis file that
// writes the section's keys at the top is named analysis.KEY, as in the
// file that writes the analysis key and as every other error of the bare
// section is; a config's own NaN keeps its plain key.
func TestBareAnalysisNaNKey(t *testing.T) {
	p := mustParse(t, analysisHead+saltelliSweep)
	for _, tc := range []struct{ name, file, key string }{
		{"bare", "quantities: [{outcome: wars, architecture: layered}]\nsensitivity: {bootstrap: .nan}\n", "analysis.sensitivity.bootstrap"},
		{"bare inf", "quantities: [{outcome: wars, architecture: layered, x: -.inf}]\n", "analysis.quantities[0].x"},
		{"wrapped", "analysis:\n  quantities: [{outcome: wars, architecture: layered}]\n  sensitivity: {bootstrap: .nan}\n", "analysis.sensitivity.bootstrap"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := p.ParseAnalysis("an.yaml", []byte(tc.file))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("want a *ConfigError, got %v", err)
			}
			if ce.Key != tc.key {
				t.Errorf("key %q, want %q: %v", ce.Key, tc.key, err)
			}
			wantText(t, err, "an.yaml", tc.key, "NaN and Inf")
		})
	}
	_, err := Parse("c.yaml", []byte(analysisHead+saltelliSweep+"quantities: [{outcome: wars, x: .nan}]\n"))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Key != "quantities[0].x" {
		t.Errorf("a config's NaN: %v, want key quantities[0].x", err)
	}
}

// TestOddKeyNaNNamed (a review, stop 51): a NaN under an empty key, or one
// with an invisible character, is named with the key quoted, as an unknown
// key is, not as "output." or with the character unseen.
func TestOddKeyNaNNamed(t *testing.T) {
	head := "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\n"
	for file, key := range map[string]string{
		head + "output: {\"\": .nan}\n":            `output.""`,
		head + "\"a\\u200bb\": .inf\n":             `"a\u200bb"`,
		head + "output: {\" plots\": {x: .nan}}\n": `output." plots".x`,
		head + "params: {us.reliability: -.inf}\n": "params.us.reliability",
	} {
		wantConfigError(t, key, file, 5, key, "NaN and Inf are not allowed")
	}
}
