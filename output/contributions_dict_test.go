package output

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// TestContributionsMechanismDictionary: the contributions table's mechanism
// column is dictionary-encoded (a review, stop 52) with its dictionary
// seeded from the ablation's labels, so that written in batches of 7 rows
// (several per point) its Arrow IPC copy holds one dictionary batch per
// dictionary column, no delta, every batch's mechanism dictionary is the
// labels but the baseline's in point order, and the CSV has the bytes of a
// one-batch write.
func TestContributionsMechanismDictionary(t *testing.T) {
	labels := []string{"defaults", "x off", "all mechanisms off"}
	ref := testLayout(t.TempDir())
	ref.Ablation = &Ablation{Baseline: 0, Labels: labels}
	writeDataset(t, ref, 4)

	l := testLayout(t.TempDir())
	l.Ablation = &Ablation{Baseline: 0, Labels: labels}
	d, err := New(l)
	if err != nil {
		t.Fatal(err)
	}
	d.wholeRows = 7
	writeParts(t, d, 4)
	if err := d.Finalize(context.Background()); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(ref.Dir, TableContributions+".csv"))
	b, _ := os.ReadFile(filepath.Join(l.Dir, TableContributions+".csv"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Error("contributions.csv depends on the batch size")
	}
	if typ := d.Schema(TableContributions).Field(1).Type; !arrow.TypeEqual(typ, dictString) {
		t.Errorf("mechanism is %s, want %s", typ, dictString)
	}
	path := filepath.Join(l.Dir, "arrow", TableContributions+".arrow")
	checkIPC(t, path, d.Schema(TableContributions))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := r.NumDictionaries(); n != 4 {
		t.Errorf("%d dictionary batches, want 4 (mechanism, outcome, architecture_a, architecture_b; no delta)", n)
	}
	if r.NumRecords() < 2 {
		t.Fatalf("%d record batches: the test needs several", r.NumRecords())
	}
	for k := range r.NumRecords() {
		rec, err := r.RecordBatch(k)
		if err != nil {
			t.Fatal(err)
		}
		dict := rec.Column(1).(*array.Dictionary).Dictionary().(*array.String)
		if dict.Len() != 2 || dict.Value(0) != labels[1] || dict.Value(1) != labels[2] {
			t.Errorf("batch %d: mechanism dictionary %v, want %q", k, dict, labels[1:])
		}
	}
}
