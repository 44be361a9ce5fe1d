package engine

import (
	"math"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestLateRadiusExact: lateOf decides lateness by its normal's bound only
// where computing the normal agrees, over centres swept finely across each
// window and many draws, at three latency noises; and the bound decides
// some cases where the sign alone does not (a review, stop 55). A bound
// 1% too tight fails the first check; lateOf without the bound fails the
// second.
func TestLateRadiusExact(t *testing.T) {
	for _, noise := range []float64{0.05, 0.5, 2} {
		p := param.Defaults()
		if err := p.Set("coordination.latency_noise", noise); err != nil {
			t.Fatal(err)
		}
		c := agents.NewCoordination(p)
		bySign, byRadius, computed := 0, 0, 0
		for a := range 40 {
			draw := counterStream(mix64(uint64(a)+7)).at(a, 3)
			for k := range agents.CrisisType(nk) {
				for x := -300; x <= 300; x++ {
					lnLat := c.LnWindow[k] + float64(x)*noise*0.01
					for _, off := range []int{0, econSlots} {
						i := (x + 300) % 13
						slot := slotLatency + off
						want := c.Late(k, lnLat, draw.normal(slot, i))
						got, comp := lateOf(&c, k, lnLat, draw, slot, i, false)
						if full, _ := lateOf(&c, k, lnLat, draw, slot, i, true); full != want {
							t.Fatalf("noise %v k %v lnLat %v: full %v, Late %v", noise, k, lnLat, full, want)
						}
						if got != want {
							t.Fatalf("noise %v k %v lnLat %v draw %d: lateOf %v, Late %v", noise, k, lnLat, a, got, want)
						}
						_, known := c.LateBySign(k, lnLat, cosNonNeg(draw.twin(slot, i)))
						switch {
						case comp:
							computed++
						case known:
							bySign++
						default:
							byRadius++
						}
					}
				}
			}
		}
		// Centres at each draw's own edge, lnW − σ_lat·z and a few ulp
		// and tenths of σ_lat beside it, over draws that put |z| near its
		// binade's bound.
		near := 0
		for a := range 20000 {
			draw := counterStream(mix64(uint64(a)+11)).at(a, 5)
			for i := range 12 {
				slot := slotLatency + (a%2)*econSlots
				z := draw.normal(slot, i)
				if b := radiusLevel(draw.uniform(slot, i)); b < radiusLevels && math.Abs(z) > 0.9*radiusBound[b] {
					near++
				}
				k := agents.CrisisType(i % nk)
				edge := c.LnWindow[k] - noise*z
				for _, lnLat := range []float64{edge, math.Nextafter(edge, 9), math.Nextafter(edge, -9),
					edge + noise*0.1, edge - noise*0.1, edge + noise*1e-9, edge - noise*1e-9} {
					want := c.Late(k, lnLat, z)
					if got, _ := lateOf(&c, k, lnLat, draw, slot, i, false); got != want {
						t.Fatalf("noise %v k %v lnLat %v z %v: lateOf %v, Late %v", noise, k, lnLat, z, got, want)
					}
				}
			}
		}
		t.Logf("noise %v: %d by sign, %d by radius, %d computed; %d draws near their bound", noise, bySign, byRadius, computed, near)
		if byRadius == 0 || computed == 0 {
			t.Fatalf("noise %v: %d decided by the radius, %d computed", noise, byRadius, computed)
		}
	}
}
