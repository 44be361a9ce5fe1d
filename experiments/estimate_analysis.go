package experiments

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"pactsim/analysis"
)

// addAnalysis adds to e the time of the plan's sensitivity analysis and
// scenario discovery, when the run computes them (whole: an unsharded run;
// a shard leaves them to the merge), saturating rather than wrapping past
// the largest duration.
func (e *Estimate) addAnalysis(ctx context.Context, plan *Plan, whole bool) error {
	if !whole {
		return nil
	}
	a, err := estimateSensitivity(ctx, plan)
	if err != nil {
		return err
	}
	if e.Discovery, err = estimateDiscovery(ctx, plan); err != nil {
		return err
	}
	a += e.Discovery // each at most math.MaxInt64/2
	e.Analysis = a
	if a > time.Duration(math.MaxInt64)-e.Duration {
		e.Duration = time.Duration(math.MaxInt64)
	} else {
		e.Duration += a
	}
	return nil
}

// Sizes at which estimateSensitivity times the bootstrap: its cost is
// linear in the resamples and in the base rows (Sobol') or trajectories
// (Morris), so a smaller sample scales up.
const (
	timedResamples    = 16
	timedSobolRows    = 1024
	timedTrajectories = 64
)

// estimateSensitivity is the time the plan's sensitivity analysis takes
// after its tasks: for each quantity, the estimator with its bootstrap on
// one goroutine (Plan.Sensitivity), timed here on made-up values at a
// smaller size and scaled to the plan's resamples and base sample. 0 when
// the plan has no sensitivity analysis.
func estimateSensitivity(ctx context.Context, plan *Plan) (time.Duration, error) {
	s, a := plan.Config.Sweep, plan.Config.Analysis
	if s == nil || !s.Design.sensitivity() || a == nil || len(a.Quantities) == 0 {
		return 0, nil
	}
	B := DefaultBootstrap
	if a.Sensitivity != nil {
		B = a.Sensitivity.Bootstrap
	}
	k := len(s.Parameters)
	src := analysisStream(plan.Config.Seed, "estimate")
	boot := analysis.Bootstrap{Resamples: min(B, timedResamples), Src: src}
	rng := rand.New(src)
	values := func(n int) []float64 {
		y := make([]float64, n)
		for i := range y {
			y[i] = rng.NormFloat64()
		}
		return y
	}
	var took time.Duration
	var scale float64
	switch s.Design {
	case Saltelli:
		n := min(s.Samples, timedSobolRows)
		rows := k + 2
		if s.SecondOrder {
			rows = 2*k + 2
		}
		y := values(n * rows)
		start := time.Now()
		if _, err := analysis.Sobol(ctx, y, k, s.SecondOrder, boot); err != nil {
			return 0, err
		}
		took, scale = time.Since(start), float64(s.Samples)/float64(n)
	case Morris:
		r := min(s.Trajectories, timedTrajectories)
		pts, err := analysis.MorrisSample(r, k, s.Levels, src)
		if err != nil {
			return 0, err
		}
		y := values(analysis.MorrisPoints(r, k))
		start := time.Now()
		if _, err := analysis.Morris(ctx, pts, k, y, boot); err != nil {
			return 0, err
		}
		took, scale = time.Since(start), float64(s.Trajectories)/float64(r)
	}
	if boot.Resamples > 0 {
		scale *= float64(B) / float64(boot.Resamples)
	}
	d := float64(took) * scale * float64(len(a.Quantities))
	return time.Duration(min(d, float64(math.MaxInt64/2))), nil
}

// timedPRIMPoints is the most points at which estimateDiscovery times a
// PRIM search: its cost grows about linearly in the points (each peel
// reads the box's points once per parameter), so a smaller sample scales
// up.
const timedPRIMPoints = 2048

// estimateDiscovery is the time the plan's scenario discovery takes after
// its tasks (Plan.Discover, one target after another on one goroutine):
// for each target, one PRIM search with its options, timed here on
// made-up points at a smaller size and scaled to the design's points,
// times the PRIMShuffles searches of its test (none with crn: points).
// It was not counted (a review, stop 52): validate estimated 1m24s for an
// LHS of 20,000 points in 16 parameters with four discovery targets whose
// run took 4m19s, 100 s of it in PRIM. 0 when the plan has no discovery.
func estimateDiscovery(ctx context.Context, plan *Plan) (time.Duration, error) {
	s, a := plan.Config.Sweep, plan.Config.Analysis
	if s == nil || a == nil || len(a.Discovery) == 0 {
		return 0, nil
	}
	k, points := len(s.Parameters), plan.NumPoints()
	n := min(points, timedPRIMPoints)
	rng := rand.New(analysisStream(plan.Config.Seed, "estimate/discovery"))
	x := make([]float64, n*k)
	for i := range x {
		x[i] = rng.Float64()
	}
	lo, hi := make([]float64, k), slices.Repeat([]float64{1}, k)
	searches := float64(1 + PRIMShuffles)
	if plan.CRN() {
		searches = 1
	}
	var d float64
	timed := map[analysis.PRIMOptions]float64{}
	for _, t := range a.Discovery {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		opts := analysis.PRIMOptions{PeelAlpha: t.PeelAlpha, PasteAlpha: t.PasteAlpha, MinMass: t.MinMass, ToMinMass: t.PeelToMinMass}
		took, ok := timed[opts]
		if !ok {
			// Points of interest unrelated to the inputs: PRIM peels
			// them to min_mass and pastes back more than it does for a
			// region it finds, so this errs long.
			y := make([]bool, n)
			for i := range y {
				y[i] = rng.IntN(4) == 0
			}
			start := time.Now()
			if _, err := analysis.PRIM(x, k, y, lo, hi, opts); err != nil {
				return 0, err
			}
			took = float64(time.Since(start))
			timed[opts] = took
		}
		d += took * float64(points) / float64(n) * searches
	}
	return time.Duration(min(d, float64(math.MaxInt64/2))), nil
}
