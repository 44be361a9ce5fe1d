package output

import (
	"context"
	"slices"
	"testing"
)

// TestRecomputeWritesNothing: recomputing the finalisation leaves the
// directory as it was and gives, for every derived file, the size and
// SHA-256 of the file the finalisation wrote.
func TestRecomputeWritesNothing(t *testing.T) {
	dir := t.TempDir()
	d := writeDataset(t, testLayout(dir), 4)
	if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindRun, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	before, err := sumFiles(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.Recompute(func(r *Dataset) error { return r.Finalize(context.Background()) })
	if err != nil {
		t.Fatal(err)
	}
	after, err := sumFiles(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(before, after) {
		t.Error("Recompute changed the directory")
	}
	derived := 0
	for _, f := range m.Files {
		if !IsDerivedFile(f.Path) {
			continue
		}
		derived++
		if g := got[f.Path]; g != f {
			t.Errorf("%s: recomputed %+v, on disk %+v", f.Path, g, f)
		}
	}
	// summary, contrasts and both by-formation tables in Parquet, CSV and
	// Arrow, points in Parquet and Arrow, and the codebook.
	if derived != 15 {
		t.Errorf("%d derived files in the manifest, want 15", derived)
	}
	if err := CompareDerived(dir, m, got, IsDerivedFile, "the runs parts"); err != nil {
		t.Error(err)
	}
	delete(got, TableSummary+".parquet")
	if err := CompareDerived(dir, m, got, IsDerivedFile, "the runs parts"); err == nil {
		t.Error("CompareDerived missed a table the recomputation did not write")
	}
}
