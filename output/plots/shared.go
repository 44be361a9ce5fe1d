package plots

// sharedNote says why a design on common random numbers across its points
// (Meta.SharedWorlds) gets pooled means without intervals.
const sharedNote = "This design shares each replicate's world across its design points (sweep.crn: points): replicate r is the same population and the same shocks at every point. The points are then not independent strata, and the stratified interval of a mean pooled over them would be too narrow, so the pooled figures and the pooled primary contrasts show means without a confidence interval. Each point's own interval is in summary.csv and contrasts.csv; an interval for a pooled contrast comes from the runs table, by averaging each replicate's paired differences over the points and taking the interval over replicates."
