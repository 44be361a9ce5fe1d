package analysis

import (
	"fmt"
	"math/rand/v2"
)

// MaxSaltelliParameters is the most parameters a Saltelli design takes: its
// base sample is a Sobol' sequence of twice as many dimensions.
const MaxSaltelliParameters = MaxSobolDim / 2

// MaxDesignValues bounds the coordinates (points × parameters) that
// SaltelliSample and MorrisSample return: 2^32 float64 values, 32 GiB. A
// config's design stays far below it (at most MaxPoints points of the
// registry's parameters); a library caller's absurd base sample or
// trajectory count used to wrap the size or exceed what a slice may hold,
// and the samplers panicked in make instead of returning an error (a
// review, stop 49).
const MaxDesignValues = 1 << 32

// designTooLarge reports whether blocks × per values exceed
// MaxDesignValues, for blocks >= 1 and per >= 1, without forming the
// product.
func designTooLarge(blocks, per int) bool {
	return int64(per) > MaxDesignValues || int64(blocks) > MaxDesignValues/int64(per)
}

// SaltelliPoints returns the number of points of a Saltelli design with
// base sample n and k parameters: n(k+2), or n(2k+2) with second-order
// indices.
func SaltelliPoints(n, k int, secondOrder bool) int {
	if secondOrder {
		return n * (2*k + 2)
	}
	return n * (k + 2)
}

// SaltelliSample returns the Saltelli (2002, 2010) cross-sampled design in
// the unit cube for k parameters, row-major: point p has coordinates
// [p*k, (p+1)*k). n, the base sample, must be a power of two, because only
// then are the base points a balanced net.
//
// The base sample is the first n points of a scrambled Sobol' sequence of
// dimension 2k (see SobolSequence; the scramble is drawn from src): row i
// gives A_i (its first k coordinates) and B_i (its last k). The points are
// numbered block by block, one block per base row i = 0..n-1, each block
// in this order:
//
//	A_i
//	AB_i^1 .. AB_i^k    A_i with coordinate j taken from B_i
//	BA_i^1 .. BA_i^k    B_i with coordinate j taken from A_i (second order only)
//	B_i
//
// so a block has k+2 points (2k+2 with second order). This is the order
// SALib's saltelli and sobol samplers use, so outputs can be checked with
// SALib's analyze.sobol.
func SaltelliSample(n, k int, secondOrder bool, src rand.Source) ([]float64, error) {
	if n < 1 || n&(n-1) != 0 {
		return nil, fmt.Errorf("analysis: Saltelli base sample %d is not a power of two", n)
	}
	if k < 1 || k > MaxSaltelliParameters {
		return nil, fmt.Errorf("analysis: Saltelli design of %d parameters (allowed 1..%d)", k, MaxSaltelliParameters)
	}
	seq, err := NewSobolSequence(2*k, src)
	if err != nil {
		return nil, err
	}
	step := k + 2
	if secondOrder {
		step = 2*k + 2
	}
	if designTooLarge(n, step*k) {
		return nil, fmt.Errorf("analysis: Saltelli design of %d base samples over %d parameters would hold more than %d values; use fewer samples",
			n, k, MaxDesignValues)
	}
	out := make([]float64, n*step*k)
	base := make([]float64, 2*k)
	for i := range n {
		seq.Next(base)
		a, b := base[:k], base[k:]
		block := out[i*step*k : (i+1)*step*k]
		row := func(p int) []float64 { return block[p*k : (p+1)*k] }
		copy(row(0), a)
		for j := range k {
			r := row(1 + j)
			copy(r, a)
			r[j] = b[j]
		}
		if secondOrder {
			for j := range k {
				r := row(1 + k + j)
				copy(r, b)
				r[j] = a[j]
			}
		}
		copy(row(step-1), b)
	}
	return out, nil
}
