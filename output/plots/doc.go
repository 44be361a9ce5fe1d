// Package plots draws the figures and the HTML report of a pactsim results
// directory (README, "What a results directory holds").
//
// It reads only the files on disk, never the engine's memory, so
// `runner plot DIR` redraws exactly what a run drew. It reads them through
// the results contract of package output (output.OpenTable and the column
// constants), batch by batch:
//
//	DIR/points.parquet           the design matrix (else the summary's point and parameter columns)
//	DIR/summary.parquet          required: means and 95% CIs per point and architecture
//	DIR/contrasts.parquet        optional: paired contrasts (heatmaps, report table)
//	DIR/runs/part-*.parquet      optional: per-run rows (paired-difference box plots)
//	DIR/config.yaml, manifest.json   provenance, through ReadMeta
//	DIR/sensitivity.parquet, discovery.parquet, discovery_limits.parquet,
//	DIR/calibration/trace.parquet, calibration/targets.parquet
//	                             optional: the analyses' figures and report sections
//
// The analysis tables are small (their rows grow with parameters, boxes and
// evaluations, never with design points or replicates) and are read whole,
// up to a million rows each; they may hold nulls in string columns, which
// output.Table refuses, so they have a reader of their own (smalltable.go).
// A calibration's directory (runner calibrate) has no summary: it gets the
// calibration figures and a report of them alone.
//
// Memory does not grow with the rows of the tables: the figures are planned
// from the design matrix first, then each table is streamed once, keeping
// the headline rows of only the points some figure draws, one pool per
// architecture and outcome, and the first rows of the report's table. A
// figure past its cap (a sweep line of more than 2,000 points, a heatmap of
// more than 40,000 cells, more than 40 paired-difference boxes) is left out
// with a note in the report.
//
// String columns may be plain or dictionary-encoded; parameter columns are
// the columns the contract does not name (output.SweptColumns), and their
// units come from the `unit` field metadata. Outcomes are described on the
// axes by their registry entry (engine.Outcomes: description and unit).
//
// Figures (DIR/plots/NAME.png at 200 dpi, at least 1600 x 1000 pixels, and
// NAME.svg):
//
//	sweep-PARAM         deterrence_success and, beside it, severity_loss by
//	                    architecture against one swept parameter: mean line
//	                    and 95% CI band. With several swept
//	                    parameters, on the middle slice where the others are
//	                    constant (named in the panel title); none for a
//	                    parameter that never varies alone.
//	contrast-P1-P2      for each pair of swept parameters forming a full grid:
//	                    heatmap of each primary pair's paired contrast (of
//	                    output.PrimaryPairs that ran: treaty_plus_cells -
//	                    layered, layered - treaty) in deterrence_success,
//	                    RdBu diverging scale with symmetric
//	                    limits, the zero contour, rings where the 95% CI
//	                    excludes zero, and a colour bar.
//	paired-differences-A-minus-B
//	                    for each primary pair A - B that ran, box plots per
//	                    design point of the per-replicate paired
//	                    differences A - B (runs rows paired by point
//	                    and replicate), with the mean; the x axis names each
//	                    point by its parameter values.
//	crisis-outcomes     stacked bars of mean crises per run by ending: repelled
//	                    without war, repelled then war, fait accompli (the
//	                    registry counts wars among repelled challenges), and
//	                    not denied without a change of control: the stack
//	                    sums to the challenges.
//	primary-by-formation the primary pairs' contrasts by treaty formation,
//	                    hollow where a mean has no CI.
//	challenges-by-type  stacked bars of mean challenges per run by type.
//	mechanisms          honour rate, false-security gap and hedger buy-in per
//	                    architecture, mean with 95% CI; an architecture with
//	                    no value says why at its place, and one with a value
//	                    at fewer design points than the figure pools says
//	                    at how many.
//
// and, when the directory has the analysis tables (one panel per quantity
// or target, up to three a figure; a fourth starts NAME-2):
//
//	sensitivity-sobol   S1 and ST of every parameter as bars with 95%
//	                    bootstrap whiskers, sorted by ST (the 25 largest).
//	sensitivity-morris  mu* against sigma, each parameter labelled where no
//	                    label or point is in the way, mu*'s CI as a whisker,
//	                    and the line sigma = mu*.
//	discovery-tradeoff  PRIM's peeling and pasting trajectory in the
//	                    coverage–density plane, coloured by the number of
//	                    restricted parameters, the selected box ringed.
//	discovery-box       the selected box's limits on each parameter's design
//	                    range scaled to 0–1, restricted ones highlighted and
//	                    their limits written in the parameter's units;
//	                    above 24 parameters, only the rows some selected
//	                    box restricts, and a note where none is.
//	calibration-loss    the loss of every evaluation with the best so far,
//	                    on a log axis when the losses span two decades.
//	calibration-targets each target's wanted range (scaled to 0–1) against
//	                    the best evaluation's value and 95% CI, met or missed.
//
// The headline pair is output.PrimaryPairs' first that ran:
// treaty_plus_cells - layered (what a treaty adds) when both ran, else
// layered - treaty, else the contrasts table's first pair (the table lists
// layered - treaty first: output.TablePrimaryPairs). The report's "Primary contrasts"
// section shows both primary pairs of output.PrimaryPairs that ran, in
// both headline outcomes (deterrence success and the severity-weighted
// loss), overall and by treaty formation (primary.go); an ablation's
// directory adds "Which argument carries the weight" (weight.go). With one
// architecture
// there is none, and the heatmaps, the paired differences and the report's
// table are left out with a note. The crisis and mechanism figures pool over
// design points, and say so: the mean of all non-null runs, with the
// stratified standard error sqrt(sum (n_i/N)^2 se_i^2) (design points are
// fixed strata) and a Student t 95% interval with sum(n_i - 1) degrees of
// freedom, none when a point has a single replicate or when the points
// share each replicate's world (crn: points; shared.go); with one point
// they show that point's own row.
//
// Invariants:
//
//   - Same files in, same bytes out: every loop runs over sorted slices,
//     never a map, and the zero contour is traced by this package (gonum's
//     plotter.Contour orders paths through a pointer-keyed map).
//   - Each architecture has one colour in every figure: the Okabe-Ito
//     colours none black, hub_and_spokes orange, treaty blue, layered
//     vermillion; other architectures take the remaining Okabe-Ito colours in
//     sorted name order (ArchitectureColours).
//   - Every figure has a title, axis labels with units, a legend and a
//     caption line with the config name, seed and replicates; no marker,
//     whisker or bar end sits on the frame (headroom).
//   - A missing, empty, all-null or mistyped column is an error naming the
//     file and the column, returned before anything is written; files are
//     written under a temporary name, synced and renamed, and the folder
//     synced.
//   - Draw and Report take a context, check it between batches and
//     figures, and return its error promptly, leaving no partial file.
//
// Report writes DIR/report.html, one self-contained page (inline CSS and
// SVG, a Content-Security-Policy that forbids every network load) whose
// inline script sets <body data-rendered=N> to the number of figures laid
// out with a non-zero size; .ci/chromium-check.sh checks it in headless
// Chromium (test: go test -tags chromium ./output/plots/). The analyses add
// sections, each only when its table is there: "What matters most"
// (sensitivity), "Where each structure wins" (discovery) and
// "Calibration", each with one sentence of reading made from the numbers
// by a small pure function (reading.go), a compact table and its figures.
//
// The golden images under testdata/ are regenerated with
//
//	go test ./output/plots/ -run 'TestGolden' -regen
package plots
