package experiments

import (
	"fmt"
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
	// An embedded roster: its first changed row and a count, not the
	// roster twice (review 10: a 1,000-state roster printed megabytes).
	var rows strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&rows, "S%04d,hedger,0.01,0.5\n", i)
	}
	roster := "name: a\npopulation:\n  roster_csv: |\n" + indent(rows.String())
	edited := strings.Replace(roster, "S0700,hedger,0.01", "S0700,hedger,0.02", 1)
	got := configChanges([]byte(roster), []byte(edited))
	for _, w := range []string{"population.roster_csv line 701", "S0700,hedger,0.01,0.5 -> S0700,hedger,0.02,0.5", "(1 line differs; 2001 lines stored, 2001 given)"} {
		if !strings.Contains(got, w) {
			t.Errorf("roster: %q, want it to contain %q", got, w)
		}
	}
	if len(got) > 400 {
		t.Errorf("roster: %d bytes of message", len(got))
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
	got = configChanges([]byte("name: a\n"), []byte(many.String()))
	if !strings.HasSuffix(got, "; and 2 more") || strings.Contains(got, "f: ") {
		t.Errorf("seven added keys: %q, want five named and \"and 2 more\"", got)
	}
}

// indent indents every line of s by four spaces, for a YAML block scalar.
func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString("    " + l)
		}
	}
	return b.String()
}
