package analysis

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
)

// SobolSequence generates the points of a Sobol' sequence in [0, 1)^dim
// (Sobol' 1967) with the direction numbers of Joe & Kuo (2008), optionally
// scrambled. gonum has no Sobol' sequence (its stat/samplemv offers Halton
// and Latin hypercubes), hence this one.
//
// Points come in Gray-code order (Antonov & Saleev 1979): point n is point
// n-1 with the direction number of the lowest zero bit of n-1 xor-ed in.
// The first 2^m points are the same set as in natural order, so every
// power-of-two prefix is a (t, m, dim)-net and each one-dimensional
// projection of it puts exactly one point in each interval [i/2^m, (i+1)/2^m).
//
// Scrambling is Matoušek's (1998) random linear matrix scramble with a
// digital shift (the scheme of SciPy's qmc.Sobol): each dimension's
// direction numbers are multiplied over GF(2) by a random lower-triangular
// 64×64 bit matrix with unit diagonal, and every point is xor-ed with a
// random 64-bit shift. Both keep the net property and make each point
// uniform on the cube, so estimates from the points are unbiased and
// independent scrambles give independent replicates (Owen 1997).
type SobolSequence struct {
	dim   int
	v     [][64]uint64 // direction numbers per dimension, scrambled
	x     []uint64     // the next point, as 64-bit binary fractions
	index uint64       // index of the next point
}

// NewSobolSequence returns the sequence of dimension dim (1..MaxSobolDim).
// With a nil src the sequence is not scrambled and starts at the origin.
// With a source, the scramble is drawn from it in a fixed order: for each
// dimension, 63 words for rows 2..64 of the matrix, then one word for the
// shift.
func NewSobolSequence(dim int, src rand.Source) (*SobolSequence, error) {
	if dim < 1 || dim > MaxSobolDim {
		return nil, fmt.Errorf("analysis: Sobol' dimension %d out of range [1, %d]", dim, MaxSobolDim)
	}
	s := &SobolSequence{dim: dim, v: make([][64]uint64, dim), x: make([]uint64, dim)}
	for j := range dim {
		v := directionNumbers(j)
		if src != nil {
			var rows [64]uint64
			for r := range rows {
				// Row r (r = 0 is the most significant bit) has a one on
				// the diagonal and random bits to its left, the more
				// significant columns: the output's top r+1 bits depend only
				// on the input's top r+1 bits, which keeps the net.
				rows[r] = 1 << (63 - r)
				if r > 0 {
					rows[r] |= src.Uint64() & (^uint64(0) << (64 - r))
				}
			}
			for k := range v {
				v[k] = mulGF2(&rows, v[k])
			}
			s.x[j] = src.Uint64()
		}
		s.v[j] = v
	}
	return s, nil
}

// mulGF2 multiplies the bit vector x (most significant bit first) by the
// matrix whose rows are rows, over GF(2).
func mulGF2(rows *[64]uint64, x uint64) uint64 {
	var y uint64
	for r, row := range rows {
		y |= uint64(bits.OnesCount64(row&x)&1) << (63 - r)
	}
	return y
}

// Dim is the dimension of the points.
func (s *SobolSequence) Dim() int { return s.dim }

// Next writes the next point into dst, which must have length Dim, and
// returns it. Coordinates are the top 53 bits of the 64-bit fractions, so
// every value is a float64 in [0, 1) exactly.
func (s *SobolSequence) Next(dst []float64) []float64 {
	if len(dst) != s.dim {
		panic(fmt.Sprintf("analysis: Sobol' point of length %d, want %d", len(dst), s.dim))
	}
	for j, x := range s.x {
		dst[j] = float64(x>>11) * 0x1p-53
	}
	s.index++
	c := bits.TrailingZeros64(s.index)
	for j := range s.x {
		s.x[j] ^= s.v[j][c]
	}
	return dst
}
