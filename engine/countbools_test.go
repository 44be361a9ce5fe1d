package engine

import "testing"

// TestCountBools: countBools, which settle uses to count a mechanism's
// members eight at a time (a review, stop 53), agrees with a count one at
// a time on every slice of up to 40 bools in 64 patterns, and on every
// slice of up to 17 with all true, where a carry between the word's bytes
// would show.
func TestCountBools(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for trial := 0; trial < 65; trial++ {
			b := make([]bool, n)
			want := 0
			for i := range b {
				b[i] = trial == 64 || (trial>>(i%6))&1 == 1 || i%7 == trial%7
				if b[i] {
					want++
				}
			}
			if got := countBools(b); got != want {
				t.Fatalf("countBools(%v) = %d, want %d", b, got, want)
			}
			// A slice that starts inside a larger array, as a member row does.
			if n > 3 {
				want2 := 0
				for _, x := range b[3:] {
					if x {
						want2++
					}
				}
				if got := countBools(b[3:]); got != want2 {
					t.Fatalf("countBools(%v) = %d, want %d", b[3:], got, want2)
				}
			}
		}
	}
}
