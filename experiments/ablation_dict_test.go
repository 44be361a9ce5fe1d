package experiments

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"pactsim/output"
)

// TestAblationStringsDictionaryEncoded: every string column of every table
// an ablation writes (experiments/ablation.yaml at 3 replicates, Parquet and
// Arrow) is dictionary-encoded, as docs/model.md sec. 13 says of categorical columns;
// the contributions table's mechanism column was plain utf8 (a review,
// stop 52). Each Arrow IPC file holds one dictionary batch per dictionary
// column, none a delta; and the directory merged from 2 shards has the same
// bytes as the unsharded run's (parts and manifest aside).
func TestAblationStringsDictionaryEncoded(t *testing.T) {
	src, err := os.ReadFile("ablation.yaml")
	if err != nil {
		t.Fatal(err)
	}
	yaml := string(src)
	for _, r := range [][2]string{
		{"replicates: 400", "replicates: 3"},
		{"formats: [parquet]", "formats: [parquet, arrow]"},
		{"plots: true", "plots: false"},
	} {
		if !strings.Contains(yaml, r[0]) {
			t.Fatalf("ablation.yaml no longer has %q", r[0])
		}
		yaml = strings.Replace(yaml, r[0], r[1], 1)
	}
	plan, err := Parse("ablation.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	ref := filepath.Join(base, "whole")
	mustRun(t, plan, ref, RunOptions{})

	var tables int
	for _, f := range listFiles(t, ref) {
		path := filepath.Join(ref, f)
		var sc *arrow.Schema
		switch {
		case strings.HasSuffix(f, ".parquet"):
			sc = parquetSchema(t, path)
		case strings.HasSuffix(f, ".arrow"):
			sc = ipcSchemaNoDeltas(t, path)
		default:
			continue
		}
		tables++
		for _, fd := range sc.Fields() {
			switch fd.Type.ID() {
			case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
				t.Errorf("%s: column %q is %s, not dictionary-encoded", f, fd.Name, fd.Type)
			}
		}
	}
	if !strings.Contains(strings.Join(listFiles(t, ref), " "), "arrow/"+output.TableContributions+".arrow") || tables < 10 {
		t.Fatalf("%d tables, the contributions table's Arrow copy among them? %v", tables, listFiles(t, ref))
	}
	cb, err := os.ReadFile(filepath.Join(ref, "codebook.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "contributions,mechanism,\"dictionary<int32, utf8>\""; !bytes.Contains(cb, []byte(want)) {
		t.Errorf("codebook.csv lacks %s", want)
	}

	var dirs []string
	for i := range 2 {
		d := filepath.Join(base, "shard-"+string(rune('0'+i)))
		mustRun(t, plan, d, RunOptions{Shard: ShardSpec{I: i, N: 2, Source: SourceFlag}})
		dirs = append(dirs, d)
	}
	out := filepath.Join(base, "merged")
	if _, err := Merge(context.Background(), out, dirs, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range listFiles(t, ref) {
		if strings.Contains(f, "/part-") || strings.HasPrefix(f, "part-") || f == output.ManifestName {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(ref, f))
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("merged %s differs from the unsharded run's (%v)", f, err)
		}
	}
	if _, err := Verify(context.Background(), out, VerifyOptions{Sample: -1}); err != nil {
		t.Errorf("the merged ablation does not verify: %v", err)
	}
}

func parquetSchema(t *testing.T, path string) *arrow.Schema {
	t.Helper()
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := fr.Schema()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// ipcSchemaNoDeltas reads an Arrow IPC file's schema and checks that it
// holds exactly one dictionary batch per dictionary column: a dictionary
// that grew between record batches would add a delta.
func ipcSchemaNoDeltas(t *testing.T, path string) *arrow.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer r.Close()
	dicts := 0
	for _, fd := range r.Schema().Fields() {
		if fd.Type.ID() == arrow.DICTIONARY {
			dicts++
		}
	}
	if n := r.NumDictionaries(); n != dicts {
		t.Errorf("%s: %d dictionary batches for %d dictionary columns", path, n, dicts)
	}
	for k := range r.NumRecords() {
		if _, err := r.RecordBatch(k); err != nil {
			t.Fatalf("%s: batch %d: %v", path, k, err)
		}
	}
	return r.Schema()
}
