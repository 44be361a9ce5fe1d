package experiments

import (
	"context"

	"pactsim/output"
)

// verifyTables recomputes the derived files of a complete run's or
// merge's directory (output.IsDerivedFile) by the code paths that wrote
// them, writing nothing: the whole tables from its runs parts
// (output.Dataset.Finalize), then, when analyses, the analysis tables and
// codebook from those (analyzeTables) with the analysis that produced
// them, spec (the stored DIR/analysis.yaml, checked by
// checkStoredAnalysis, else config.yaml's section; Verify has refused
// analysis tables that no spec accounts for: orphanAnalysis);
// and compares their bytes with the stored ones (output.CompareDerived). A table edited together
// with its manifest entry is caught here. The files have been checked
// against the manifest already. An analysis that the tables leave
// undefined has no tables, as the run or analyze that met it wrote none:
// undefined says why (a review, stop 53: verify said that the analyses
// recomputed matched the stored ones, of a directory that has none).
func verifyTables(ctx context.Context, plan *Plan, dir string, m *output.Manifest, ds *output.Dataset, analyses bool, spec *AnalysisSpec) (undefined, err error) {
	if !analyses {
		got, err := ds.Recompute(func(r *output.Dataset) error { return r.Finalize(ctx) })
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		return nil, output.CompareDerived(dir, m, got, output.IsWholeTableFile, "the runs parts")
	}
	got, err := ds.Recompute(func(r *output.Dataset) error {
		if err := r.Finalize(ctx); err != nil {
			return err
		}
		var failed error
		_, undefined, failed = finalAnalysis(ctx, plan, spec, r)
		return failed
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return undefined, output.CompareDerived(dir, m, got, output.IsDerivedFile, "the runs parts and the analysis")
}
