package analysis

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDesignTooLarge: a library caller's absurd base sample or trajectory
// count made SaltelliSample and MorrisSample panic in make (the size wrapped,
// or exceeded what a slice may hold) instead of returning an error (a
// review, stop 49).
func TestDesignTooLarge(t *testing.T) {
	src := rand.NewPCG(1, 2)
	for _, c := range []struct {
		n, k   int
		second bool
	}{
		{1 << 62, 1, false},
		{1 << 62, 3, true},
		{1 << 40, 512, true},
		{1 << 33, 1, false},
	} {
		u, err := SaltelliSample(c.n, c.k, c.second, src)
		if err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("SaltelliSample(%d, %d, %v): %d values, err %v; want a size error", c.n, c.k, c.second, len(u), err)
		}
	}
	for _, c := range []struct{ r, k int }{
		{math.MaxInt, 1},
		{math.MaxInt / 2, 3},
		{1 << 40, 100},
		{1, math.MaxInt},
		{1, 1 << 32},
		{2, 1 << 31},
	} {
		u, err := MorrisSample(c.r, c.k, 4, src)
		if err == nil || !strings.Contains(err.Error(), "more than") {
			t.Errorf("MorrisSample(%d, %d, 4): %d values, err %v; want a size error", c.r, c.k, len(u), err)
		}
	}
	// The largest designs a config may ask for are still made: the bound
	// only refuses what no machine could hold (sizes checked, not built).
	if designTooLarge(1<<22, 262) {
		t.Error("a design of MaxPoints points of 262 parameters is refused")
	}
}
