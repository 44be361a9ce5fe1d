package engine

import (
	"slices"
	"testing"
)

// TestSameBools: sameBools, which compares the memberships at a review as
// bytes (a review, stop 53), agrees with slices.Equal on every pair of
// slices of up to 40 bools that differ in at most one place, or in length.
func TestSameBools(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for trial := 0; trial < 64; trial++ {
			a := make([]bool, n)
			for i := range a {
				a[i] = (trial>>(i%6))&1 == 1 || i%7 == trial%7
			}
			b := slices.Clone(a)
			if n > 0 && trial%2 == 1 {
				b[(trial*13)%n] = !b[(trial*13)%n]
			}
			for _, c := range [][]bool{b, b[:max(0, n-1)], append(slices.Clone(b), false)} {
				if got, want := sameBools(a, c), slices.Equal(a, c); got != want {
					t.Fatalf("sameBools(%v, %v) = %v, slices.Equal %v", a, c, got, want)
				}
			}
		}
	}
}
