package param

import "testing"

// NearestOf of a name that is one of names is that name, at distance 0,
// even where it is the last parts of another ("a.b" beside "x.a.b"),
// which the suffix rule preferred (a review, stop 52).
func TestNearestOfItself(t *testing.T) {
	names := []string{"x.coverage.blockade", "coverage.blockade", "reliability"}
	for _, n := range names {
		if got := NearestOf(n, names); got != n {
			t.Errorf("NearestOf(%q) = %q, want itself", n, got)
		}
	}
	if got := NearestOf("blockade", names); got != "" {
		t.Errorf("NearestOf(blockade) = %q; two names end in it, want none", got)
	}
}
