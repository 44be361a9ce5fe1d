package analysis

import (
	"math/rand/v2"
	"testing"
)

// TestSobolFirstPoints pins the unscrambled sequence against the first
// eight points of SciPy's qmc.Sobol(d=2, scramble=False), which uses the
// same Joe & Kuo direction numbers and Gray-code order (the example in its
// documentation).
func TestSobolFirstPoints(t *testing.T) {
	s, err := NewSobolSequence(2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75},
		{0.375, 0.375}, {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625},
	}
	got := make([]float64, 2)
	for n, w := range want {
		s.Next(got)
		if got[0] != w[0] || got[1] != w[1] {
			t.Fatalf("point %d = %v, want %v", n, got, w)
		}
	}
}

// TestJoeKuoTable checks the embedded table line by line against what a
// primitive polynomial's direction numbers must satisfy: m_k odd and
// m_k < 2^k, and a < 2^(s-1) (the polynomial's inner coefficients). A
// transcription slip in the file breaks one of these with high probability.
func TestJoeKuoTable(t *testing.T) {
	tab := joeKuo()
	if len(tab) != MaxSobolDim-1 {
		t.Fatalf("%d lines, want %d", len(tab), MaxSobolDim-1)
	}
	prevS := uint(0)
	for i, p := range tab {
		d := i + 2
		if p.s < prevS {
			t.Errorf("dimension %d: degree %d below the previous line's %d (the table is sorted by degree)", d, p.s, prevS)
		}
		prevS = p.s
		if p.s > 1 && p.a >= 1<<(p.s-1) {
			t.Errorf("dimension %d: a = %d needs more than s-1 = %d bits", d, p.a, p.s-1)
		}
		for k, m := range p.m {
			if m%2 == 0 || m >= 1<<(k+1) {
				t.Errorf("dimension %d: m_%d = %d is not an odd number below 2^%d", d, k+1, m, k+1)
			}
		}
	}
}

// TestSobolStratified checks the net property of every dimension, scrambled
// and not: the first 2^m points put exactly one point in each interval
// [i/2^m, (i+1)/2^m) of every coordinate. Dimensions 1 and 2 together form
// a (0, m, 2)-net: each of the 2^m boxes of size 2^-a × 2^-b with a + b = m
// holds one point (later pairs have t > 0, so the test asks it of these two).
func TestSobolStratified(t *testing.T) {
	for _, src := range []rand.Source{nil, rand.NewPCG(1, 2)} {
		const dim, m = 200, 10
		s, err := NewSobolSequence(dim, src)
		if err != nil {
			t.Fatal(err)
		}
		n := 1 << m
		pts := make([][]float64, n)
		for i := range pts {
			pts[i] = s.Next(make([]float64, dim))
		}
		for j := range dim {
			hit := make([]int, n)
			for _, p := range pts {
				if p[j] < 0 || p[j] >= 1 {
					t.Fatalf("dimension %d: %v outside [0, 1)", j, p[j])
				}
				hit[int(p[j]*float64(n))]++
			}
			for i, h := range hit {
				if h != 1 {
					t.Fatalf("scrambled=%v dimension %d: interval %d holds %d points, want 1", src != nil, j, i, h)
				}
			}
		}
		// Dimensions 1 and 2 form a (0, m, 2)-net.
		const mm = 6
		for a := 0; a <= mm; a++ {
			b := mm - a
			hit := map[[2]int]int{}
			for _, p := range pts[:1<<mm] {
				hit[[2]int{int(p[0] * float64(int(1)<<a)), int(p[1] * float64(int(1)<<b))}]++
			}
			if len(hit) != 1<<mm {
				t.Errorf("scrambled=%v: %d of the %d boxes of size 2^-%d × 2^-%d are hit, want all once", src != nil, len(hit), 1<<mm, a, b)
			}
		}
	}
}

// TestSobolScrambleDeterministic: the same source gives the same points, a
// different one different points.
func TestSobolScrambleDeterministic(t *testing.T) {
	gen := func(seed uint64) []float64 {
		s, err := NewSobolSequence(5, rand.NewPCG(seed, 7))
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		for range 64 {
			out = append(out, s.Next(make([]float64, 5))...)
		}
		return out
	}
	a, b, c := gen(1), gen(1), gen(2)
	same, diff := true, false
	for i := range a {
		same = same && a[i] == b[i]
		diff = diff || a[i] != c[i]
	}
	if !same || !diff {
		t.Errorf("same seed equal: %v (want true); other seed differs: %v (want true)", same, diff)
	}
}

func TestMulGF2Identity(t *testing.T) {
	var id [64]uint64
	for r := range id {
		id[r] = 1 << (63 - r)
	}
	for _, x := range []uint64{0, 1, 0xdeadbeef, ^uint64(0)} {
		if got := mulGF2(&id, x); got != x {
			t.Errorf("I·%x = %x", x, got)
		}
	}
	// A row with its left neighbour set adds the next more significant bit.
	m := id
	m[1] |= 1 << 63
	if got, want := mulGF2(&m, 1<<63), uint64(3)<<62; got != want {
		t.Errorf("got %x, want %x", got, want)
	}
}

func TestSobolDimensionRange(t *testing.T) {
	for _, d := range []int{0, MaxSobolDim + 1} {
		if _, err := NewSobolSequence(d, nil); err == nil {
			t.Errorf("dimension %d accepted", d)
		}
	}
}

func BenchmarkSobolNext(b *testing.B) {
	s, _ := NewSobolSequence(20, rand.NewPCG(1, 1))
	dst := make([]float64, 20)
	b.ReportAllocs()
	for b.Loop() {
		s.Next(dst)
	}
}
