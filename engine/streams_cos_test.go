package engine

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// bigPi is π to 60 decimal digits.
const bigPi = "3.14159265358979323846264338327950288419716939937510582097494"

// cos2piRef is cos(2πu) to about 200 bits: the Taylor series of cos at
// 2π(u − q/4) with q the nearest quarter, rotated by the quadrant.
func cos2piRef(u float64) float64 {
	const prec = 200
	pi, _ := new(big.Float).SetPrec(prec).SetString(bigPi)
	q := math.Round(4 * u)
	r := new(big.Float).SetPrec(prec).SetFloat64(u - q/4) // exact
	z := new(big.Float).SetPrec(prec).Mul(r, pi)
	z.Mul(z, big.NewFloat(2))
	zz := new(big.Float).SetPrec(prec).Mul(z, z)
	series := func(first *big.Float, start int64) *big.Float {
		sum := new(big.Float).SetPrec(prec).Set(first)
		term := new(big.Float).SetPrec(prec).Set(first)
		for n := start; n < start+60; n += 2 {
			term.Mul(term, zz)
			term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(-(n+1)*(n+2)))
			sum.Add(sum, term)
		}
		return sum
	}
	c, _ := series(new(big.Float).SetPrec(prec).SetInt64(1), 0).Float64()
	s, _ := series(z, 1).Float64()
	switch int(q) & 3 {
	case 0:
		return c
	case 1:
		return -s
	case 2:
		return -c
	}
	return s
}

// TestCos2Pi: cos2pi is within 2.5e-16 of cos(2πu) over uniforms and at
// the quarter turns and their neighbours; the bound is a few roundings of
// numbers at most 1 (an ulp of 1 is 2.2e-16, of 0.75 1.1e-16). By the same
// test math.Cos(2πu), which rounds 2πu first, is up to 6.7e-16 off.
func TestCos2Pi(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worst, at := 0.0, 0.0
	check := func(u float64) {
		if d := math.Abs(cos2pi(u) - cos2piRef(u)); d > worst {
			worst, at = d, u
		}
	}
	for range 100000 {
		check(rng.Float64())
	}
	for _, u := range []float64{0, 1, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0 / 3, 0x1p-54} {
		check(u)
		check(math.Nextafter(u, 0))
		check(math.Nextafter(u, 1))
	}
	t.Logf("worst absolute error %.3g at u = %v", worst, at)
	if worst > 2.5e-16 {
		t.Errorf("cos2pi(%v) is %.3g from cos(2πu); want at most 2.5e-16", at, worst)
	}
}

// TestCosSign: cosNonNeg(u) means cos2pi(u) is not below 0, and its
// negation that cos2pi(u) is not above 0, at the quarter and eighth turns,
// their neighbours and uniforms; and normalAt with the twin is normal, bit
// for bit (the shortcuts that decide a comparison by the normal's sign,
// docs/model.md sec. 22.1).
func TestCosSign(t *testing.T) {
	check := func(u float64) {
		c := cos2pi(u)
		if cosNonNeg(u) && c < 0 || !cosNonNeg(u) && c > 0 {
			t.Fatalf("u %v: cos2pi %v, cosNonNeg %v", u, c, cosNonNeg(u))
		}
	}
	for q := 0.0; q <= 8; q++ {
		u := q / 8
		check(u)
		for x, k := u, 0; k < 1000; k++ {
			x = math.Nextafter(x, 2)
			check(x)
		}
		for x, k := u, 0; k < 1000; k++ {
			x = math.Nextafter(x, -1)
			if x >= 0 {
				check(x)
			}
		}
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 1000000 {
		check(rng.Float64())
	}
	key := counterStream(12345).at(3, 4)
	for d := range 100000 {
		// Box–Muller of the index's uniform and its twin's (slot bit 16).
		a := math.Sqrt(-2*logUnit(key.uniform(slotPrivate, d))) * cos2pi(key.uniform(slotPrivate|1<<16, d))
		if b := key.normalAt(slotPrivate, d, key.twin(slotPrivate, d)); math.Float64bits(a) != math.Float64bits(b) {
			t.Fatalf("d %d: normal %v, normalAt %v", d, a, b)
		}
		if z := key.normal(slotLatency, d); cosNonNeg(key.twin(slotLatency, d)) == (z < 0) && z != 0 {
			t.Fatalf("d %d: normal %v against cosNonNeg of its twin", d, z)
		}
	}
}

// TestCos2PiSelect checks that cos2pi's quadrant, picked by a conditional
// move and a sign bit (a review, stop 53), gives the switch's value bit for
// bit: near every eighth of a turn and at a million uniforms.
func TestCos2PiSelect(t *testing.T) {
	bySwitch := func(u float64) float64 {
		const shifter = 0x1.8p52
		q := (4*u + shifter) - shifter
		z := 2 * math.Pi * (u - 0.25*q)
		zz := z * z
		switch int(q) & 3 {
		case 0:
			return cosPoly(zz)
		case 1:
			return -sinPoly(z, zz)
		case 2:
			return -cosPoly(zz)
		default:
			return sinPoly(z, zz)
		}
	}
	check := func(u float64) {
		if got, want := cos2pi(u), bySwitch(u); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("u %v: cos2pi %v, the switch %v", u, got, want)
		}
	}
	for q := 0.0; q <= 8; q++ {
		for x, k := q/8, 0; k < 1000 && x <= 1; k++ {
			check(x)
			x = math.Nextafter(x, 2)
		}
		for x, k := q/8, 0; k < 1000 && x >= 0; k++ {
			check(x)
			x = math.Nextafter(x, -1)
		}
	}
	rng := rand.New(rand.NewPCG(13, 14))
	for range 1000000 {
		check(rng.Float64())
	}
}
