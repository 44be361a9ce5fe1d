package experiments

import (
	"strings"
	"testing"
)

func TestConfigChanges(t *testing.T) {
	t.Parallel()
	base := "name: a\nseed: 1\narchitectures: [none, treaty]\nparams:\n  us.reliability: 0.5\nsweep:\n  design: grid\n  parameters:\n    population.autonomy_shift: [0, 1]\n"
	tests := []struct {
		name, other string
		want        []string
	}{
		{"same", base, nil},
		{"comment only", "# note\n" + base, nil},
		{"scalar", strings.Replace(base, "seed: 1", "seed: 2", 1), []string{"seed: 1 -> 2"}},
		{"list", strings.Replace(base, "[none, treaty]", "[treaty]", 1), []string{"architectures: [none, treaty] -> [treaty]"}},
		{"nested dotted key", strings.Replace(base, "us.reliability: 0.5", "us.reliability: 0.7", 1), []string{"params.us.reliability: 0.5 -> 0.7"}},
		{"removed and added", strings.Replace(base, "  us.reliability: 0.5\n", "  adversary.resolve: 2\n", 1),
			[]string{"params.us.reliability: 0.5 -> (absent)", "params.adversary.resolve: (absent) -> 2"}},
		{"not yaml", "a: [", nil},
	}
	for _, tc := range tests {
		got := configChanges([]byte(base), []byte(tc.other))
		if tc.want == nil {
			if got != "" {
				t.Errorf("%s: %q, want none", tc.name, got)
			}
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q, want it to contain %q", tc.name, got, w)
			}
		}
	}
	var many strings.Builder
	many.WriteString("name: a\n")
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		many.WriteString(k + ": 1\n")
	}
	got := configChanges([]byte("name: a\n"), []byte(many.String()))
	if !strings.HasSuffix(got, "; and 2 more") || strings.Contains(got, "f: ") {
		t.Errorf("seven added keys: %q, want five named and \"and 2 more\"", got)
	}
}
