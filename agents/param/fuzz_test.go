package param

import (
	"strings"
	"testing"
)

// FuzzNearest: the suggestion for a misspelt name never panics, is one of
// the names or "", and a registered name is its own nearest; Unknown names
// the name it was given (a review, stop 52).
func FuzzNearest(f *testing.F) {
	for _, s := range []string{"", ".", "us.reliabilty", "US_RELIABILITY", "reliability", "coverage.blockade", "mechanisms.treaty.", "é.ü", "\xff.\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := Nearest(name)
		if got != "" {
			if _, ok := Lookup(got); !ok {
				t.Fatalf("Nearest(%q) = %q, not a registered name", name, got)
			}
		}
		if _, ok := Lookup(name); ok && got != name {
			t.Fatalf("Nearest of the registered %q = %q", name, got)
		}
		if err := Unknown(name); err == nil || !strings.Contains(err.Error(), "unknown parameter") {
			t.Fatalf("Unknown(%q) = %v", name, err)
		}
	})
}
