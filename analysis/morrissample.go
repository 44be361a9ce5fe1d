package analysis

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// MorrisPoints returns the number of points of r trajectories over k
// parameters: r(k+1).
func MorrisPoints(r, k int) int { return r * (k + 1) }

// MorrisDelta is the step of a p-level grid, Δ = p / (2(p−1)) in units of
// the range: Morris's (1991) choice, which with p even makes every level
// equally likely.
func MorrisDelta(levels int) float64 { return float64(levels/2) / float64(levels-1) }

// MorrisSample returns r random trajectories on the p-level grid
// {0, 1/(p−1), …, 1} of the unit cube in k dimensions (Morris 1991,
// sec. 3), row-major: point q has coordinates [q*k, (q+1)*k). levels must
// be even and at least 2.
//
// The points are numbered trajectory by trajectory; trajectory t holds
// points t(k+1) … t(k+1)+k: a base point, then k moves, each changing one
// parameter by ±Δ, every parameter exactly once. A trajectory is Morris's
// B* = (J x* + (Δ/2)((2B − J)D* + J)) P*: x* is drawn level by level from
// the p/2 lowest levels (so that x* + Δ stays on the grid), D* gives each
// parameter a random direction (+: it starts at x* and moves up; −: it
// starts at x* + Δ and moves down), and P* a random order of the moves.
// The draws from src, per trajectory: k level indices (IntN(p/2)), k
// directions (IntN(2)), then the order (Perm(k)). A nil src is an error.
//
// Campolongo et al.'s (2007) optimised selection of trajectories is not
// applied: it trades the independence of trajectories, which the bootstrap
// intervals rest on, for spread.
func MorrisSample(r, k, levels int, src rand.Source) ([]float64, error) {
	if r < 1 || k < 1 {
		return nil, fmt.Errorf("analysis: Morris design of %d trajectories over %d parameters", r, k)
	}
	if levels < 2 || levels%2 != 0 {
		return nil, fmt.Errorf("analysis: Morris levels %d; want an even number >= 2", levels)
	}
	// A trajectory holds (k+1)·k values; designTooLarge(k+1, k) refuses a
	// k above MaxDesignValues before it reads k+1, so that product cannot
	// wrap.
	if designTooLarge(k+1, k) || designTooLarge(r, (k+1)*k) {
		return nil, fmt.Errorf("analysis: Morris design of %d trajectories over %d parameters would hold more than %d values; use fewer trajectories or parameters",
			r, k, MaxDesignValues)
	}
	if src == nil {
		// rand.New(nil) panicked at the first draw (a review, stop 52).
		return nil, errors.New("analysis: a Morris design needs a random source")
	}
	rng := rand.New(src)
	half := levels / 2
	grid := func(l int) float64 { return float64(l) / float64(levels-1) }
	out := make([]float64, MorrisPoints(r, k)*k)
	base := make([]int, k)
	up := make([]bool, k)
	for t := range r {
		for j := range k {
			base[j] = rng.IntN(half)
		}
		for j := range k {
			up[j] = rng.IntN(2) == 1
		}
		order := rng.Perm(k)
		traj := out[t*(k+1)*k : (t+1)*(k+1)*k]
		// The level of each parameter at the current point, in units of
		// 1/(p-1); a move adds or takes p/2 levels, which is Δ.
		cur := traj[:k]
		for j := range k {
			l := base[j]
			if !up[j] {
				l += half
			}
			cur[j] = grid(l)
		}
		for s, j := range order {
			next := traj[(s+1)*k : (s+2)*k]
			copy(next, traj[s*k:(s+1)*k])
			l := base[j]
			if up[j] {
				l += half
			}
			next[j] = grid(l)
		}
	}
	return out, nil
}
