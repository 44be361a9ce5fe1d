// Package analysis holds the model-agnostic analyses of pactsim: global
// sensitivity (Morris elementary effects, Sobol' indices on a Saltelli
// design), scenario discovery (PRIM) and the calibration core (targets, a
// loss, a seeded CMA-ES search). It works on vectors of numbers: design
// points in the unit cube or in model units, one output per point, per
// replicate series for calibration. It imports no pactsim package, so the
// experiment layer (experiments, cmd/runner) can use it and nothing here
// reaches upward. As in SALib, each method is a pair: a sampler
// (SaltelliSample, MorrisSample) and an analysis (Sobol, Morris).
//
// # Invariants
//
//   - Randomness is explicit: every sampler and every bootstrap takes a
//     math/rand/v2 Source, draws from it in a documented order, and gives
//     the same bits for the same source state. Nothing reads a clock or a
//     global generator.
//   - Point orders are fixed and documented. Sobol' sequence: Gray-code
//     order from index 0 (SobolSequence). Saltelli: one block per base row
//     i, ordered A_i, AB_i^1..AB_i^k, [BA_i^1..BA_i^k,] B_i (SaltelliSample),
//     N(k+2) points, N(2k+2) with second order. Morris: trajectory by
//     trajectory, a base point then one move per parameter (MorrisSample),
//     r(k+1) points.
//   - Estimates come as Estimate values (estimate, interval, n); intervals
//     are bootstrap percentile intervals over the units (base rows for
//     Sobol', trajectories for Morris), default level 95%. The bootstrap
//     treats the units as independent, as SALib's does; the base rows of
//     a scrambled Sobol' net are stratified, so on test functions the
//     Sobol' intervals were conservative on Ishigami from N = 1,024 and on
//     Sobol's G-function from 4,096 (coverage 1, but 98.6% for the ST of
//     an inert G parameter, about 1e-4, each miss under 1e-6; 2–12 times
//     the estimate's spread over independent scrambles: a review, stop 53,
//     TestSobolIntervalNear0At4096), and covered an index near 0 only
//     83–90% of the time at N = 256–2,048 (G's a = 99 at 1,024–2,048) and
//     62–82% at 16; Morris's σ
//     interval covered 93% at 20 trajectories, 85% at 10 and 55% at 5 (a
//     bootstrap of a standard deviation of a few effects is biased low),
//     and μ's and μ*'s about 94.0% at 20, 94.6% at 40 and 94.4% at 80 on a
//     test function (4,000 repeats, a standard error of about 0.3 points;
//     TestMorrisCoverageFigures).
//     pactsim/output.SensitivityCaveat names these sizes to the user. An
//     undefined quantity is NaN (a table writes it as null), never a
//     made-up number.
//   - PRIM limits are inclusive; a dimension that is not restricted keeps
//     the design range given by the caller; the trajectory starts with the
//     whole range (box 0); the selected box is the one with the largest
//     coverage × density.
//   - Calibration is deterministic for a given source: evaluations run one
//     at a time in CMA-ES's order; the loss of a parameter vector is
//     computed once (the cache keys on the vector's exact bits), so a
//     resumed calibration replays its trace without running the model and
//     ends where an uninterrupted one ends.
//
// # References
//
//   - Bratley P., Fox B. L. (1988). Algorithm 659: implementing Sobol's
//     quasirandom sequence generator. ACM TOMS 14(1):88–100.
//   - Joe S., Kuo F. Y. (2008). Constructing Sobol sequences with better
//     two-dimensional projections. SIAM J. Sci. Comput. 30:2635–2654
//     (direction numbers new-joe-kuo-6.21201, embedded for dimensions
//     1–1024).
//   - Matoušek J. (1998). On the L2-discrepancy for anchored boxes. J.
//     Complexity 14:527–556 (random linear scrambling); Owen A. B. (1997).
//     Monte Carlo variance of scrambled net quadrature. SIAM J. Numer. Anal.
//     34:1884–1910.
//   - Saltelli A. (2002). Making best use of model evaluations to compute
//     sensitivity indices. Comput. Phys. Commun. 145:280–297 (the design,
//     S2).
//   - Saltelli A., Annoni P., Azzini I., Campolongo F., Ratto M., Tarantola
//     S. (2010). Variance based sensitivity analysis of model output.
//     Comput. Phys. Commun. 181:259–270 (S1, table 2).
//   - Jansen M. J. W. (1999). Analysis of variance designs for model output.
//     Comput. Phys. Commun. 117:35–43 (ST).
//   - Morris M. D. (1991). Factorial sampling plans for preliminary
//     computational experiments. Technometrics 33:161–174.
//   - Campolongo F., Cariboni J., Saltelli A. (2007). An effective screening
//     design for sensitivity analysis of large models. Environ. Model.
//     Softw. 22:1509–1518 (mu*).
//   - Friedman J. H., Fisher N. I. (1999). Bump hunting in high-dimensional
//     data. Stat. Comput. 9:123–143 (PRIM); Bryant B. P., Lempert R. J.
//     (2010). Thinking inside the box. Technol. Forecast. Soc. Change
//     77:34–49; Kwakkel J. H. (2017). The Exploratory Modeling Workbench.
//     Environ. Model. Softw. 96:239–250.
//   - Hansen N. (2016). The CMA evolution strategy: a tutorial.
//     arXiv:1604.00772 (the algorithm and its default constants, table 1).
//   - Efron B., Tibshirani R. J. (1993). An Introduction to the Bootstrap,
//     ch. 13 (percentile intervals); Hyndman R. J., Fan Y. (1996). Sample
//     quantiles in statistical packages. Am. Stat. 50:361–365 (type 7).
package analysis
