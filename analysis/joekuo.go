package analysis

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// MaxSobolDim is the highest dimension of the Sobol' sequence: the
// direction numbers shipped cover dimensions 1 to 1024 (a Saltelli design
// of up to 512 parameters).
const MaxSobolDim = 1024

//go:embed new-joe-kuo-6.1024.txt
var joeKuoText string

// primitive is one line of the Joe–Kuo table: the degree s and coefficients
// a of a primitive polynomial over GF(2), and its initial direction numbers.
type primitive struct {
	s, a uint
	m    []uint64
}

var (
	joeKuoOnce  sync.Once
	joeKuoTable []primitive // index d-2 holds dimension d
)

// joeKuo returns the table, parsed once. The file is part of the package,
// so a malformed line is a programmer error.
func joeKuo() []primitive {
	joeKuoOnce.Do(func() {
		for ln, line := range strings.Split(joeKuoText, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' || strings.HasPrefix(line, "d ") {
				continue
			}
			f := strings.Fields(line)
			nums := make([]uint64, len(f))
			for k, s := range f {
				x, err := strconv.ParseUint(s, 10, 64)
				if err != nil {
					panic(fmt.Sprintf("analysis: direction numbers line %d: %v", ln+1, err))
				}
				nums[k] = x
			}
			d, s := nums[0], nums[1]
			if int(d) != len(joeKuoTable)+2 || len(nums) != int(3+s) {
				panic(fmt.Sprintf("analysis: direction numbers line %d is malformed", ln+1))
			}
			joeKuoTable = append(joeKuoTable, primitive{s: uint(s), a: uint(nums[2]), m: nums[3:]})
		}
		if len(joeKuoTable) != MaxSobolDim-1 {
			panic(fmt.Sprintf("analysis: %d lines of direction numbers, want %d", len(joeKuoTable), MaxSobolDim-1))
		}
	})
	return joeKuoTable
}

// directionNumbers returns the 64 direction numbers v_1..v_64 of dimension
// j (0-based) as 64-bit binary fractions, v[k] = m_{k+1} / 2^{k+1}, with the
// recurrence of Bratley & Fox (1988, Algorithm 659) as written by Joe & Kuo
// (2003, 2008): v_k = v_{k-s} ⊕ (v_{k-s} >> s) ⊕ a_1 v_{k-1} ⊕ … ⊕ a_{s-1} v_{k-s+1}.
func directionNumbers(j int) [64]uint64 {
	var v [64]uint64
	if j == 0 {
		// Dimension 1 is the van der Corput sequence: every m_k = 1.
		for k := range v {
			v[k] = 1 << (63 - k)
		}
		return v
	}
	p := joeKuo()[j-1]
	s := int(p.s)
	for k := 0; k < s && k < 64; k++ {
		v[k] = p.m[k] << (63 - k)
	}
	for k := s; k < 64; k++ {
		x := v[k-s] ^ (v[k-s] >> uint(s))
		for i := 1; i < s; i++ {
			if (p.a>>uint(s-1-i))&1 == 1 {
				x ^= v[k-i]
			}
		}
		v[k] = x
	}
	return v
}
