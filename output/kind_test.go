package output

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestKind: the kind is written, read back as recorded, and a
// writer that gives none is refused before anything is written.
func TestManifestKind(t *testing.T) {
	dir := t.TempDir()
	d := writeDataset(t, testLayout(dir), 4)
	err := d.WriteManifest(context.Background(), &Manifest{Workers: 1})
	if err == nil || !strings.Contains(err.Error(), `kind ""`) {
		t.Fatalf("WriteManifest without a kind = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
		t.Fatal("a refused manifest was written")
	}
	if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindRun, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"kind": "run",`) {
		t.Errorf("manifest does not record its kind:\n%.300s", raw)
	}
	m, err := ReadManifest(dir)
	if err != nil || m.Kind != KindRun || m.KindInferred {
		t.Fatalf("ReadManifest = %+v, %v", m, err)
	}
	// A file entry duplicated by hand: verify counted it twice and passed.
	first := strings.Index(string(raw), "    {\n      \"path\"")
	end := strings.Index(string(raw)[first:], "},\n") + first + 3
	if first < 0 || end < first+3 {
		t.Fatalf("no file entry in:\n%.500s", raw)
	}
	dup := string(raw[:end]) + string(raw[first:])
	if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(dup), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadManifest(dir); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a file listed twice: ReadManifest = %v, want an error saying so", err)
	}
	// Text or a second manifest after the object: the decoder stopped
	// at the first, and merge took the directory (a review, stop 51).
	for name, tail := range map[string]string{"text": "garbage", "second object": string(raw)} {
		if err := os.WriteFile(filepath.Join(dir, ManifestName), append(raw[:len(raw):len(raw)], tail...), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(dir); err == nil || !strings.Contains(err.Error(), "more after the manifest's JSON object") {
			t.Errorf("%s after the manifest: ReadManifest = %v, want an error saying so", name, err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), append(raw[:len(raw):len(raw)], " \n\t\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadManifest(dir); err != nil {
		t.Errorf("white space after the manifest: %v", err)
	}
}

// TestInferKind: a manifest with no kind (written before kinds were
// recorded) gets the one its other fields imply.
func TestInferKind(t *testing.T) {
	part := []FileSum{{Path: "runs/part-00000.parquet"}, {Path: "summary.parquet"}}
	for _, tc := range []struct {
		m    Manifest
		want Kind
	}{
		{Manifest{Workers: 4, Files: part}, KindRun},
		{Manifest{Workers: 4, Shard: &Shard{Index: 1, Count: 3}, Files: part[:1]}, KindShard},
		{Manifest{Workers: 0, Files: part}, KindMerge},
		{Manifest{Workers: 2, Files: []FileSum{{Path: "calibrated.yaml"}, {Path: "calibration/trace.parquet"}}}, KindCalibration},
	} {
		if got := inferKind(&tc.m); got != tc.want {
			t.Errorf("inferKind(%+v) = %q, want %q", tc.m, got, tc.want)
		}
		tc.m.Kind = tc.want
		if err := checkKind("m.json", &tc.m); err != nil {
			t.Errorf("an inferred kind does not check: %v", err)
		}
	}
}

// TestCheckKind: a kind that contradicts what the manifest records or
// lists is refused, naming the file and what contradicts it.
func TestCheckKind(t *testing.T) {
	part := FileSum{Path: "arrow/runs/part-00001.arrow"}
	cal := FileSum{Path: "calibration/targets.csv"}
	for _, tc := range []struct {
		m    Manifest
		want string
	}{
		{Manifest{Kind: "sweep"}, `kind "sweep", want one of "run", "shard", "merge" or "calibration"`},
		{Manifest{Kind: KindRun, Shard: &Shard{Index: 0, Count: 2}}, "records shard 0/2"},
		{Manifest{Kind: KindShard}, "records no shard"},
		{Manifest{Kind: KindCalibration, Files: []FileSum{cal, part}}, "lists the part arrow/runs/part-00001.arrow"},
		{Manifest{Kind: KindCalibration}, "lists no calibration/ files"},
		{Manifest{Kind: KindMerge, Files: []FileSum{part, cal}}, "lists a calibration's files"},
		// A hostile review, stop 41: a run relabelled a shard of one passed
		// verify without its whole tables checked, and listed files
		// pactsim never writes passed as results.
		{Manifest{Kind: KindShard, Shard: &Shard{Index: 0, Count: 1, TaskHi: 60}}, "a shard is one of at least 2"},
		{Manifest{Kind: KindShard, Shard: &Shard{Index: 0, Count: 2, TaskHi: 30}, Files: []FileSum{{Path: "config.yaml"}, part, {Path: "contrasts.csv"}}}, "lists contrasts.csv, which a shard does not hold"},
		{Manifest{Kind: KindShard, Shard: &Shard{Index: 1, Count: 2, TaskHi: 30}, Files: []FileSum{{Path: "plots/mechanisms.png"}}}, "which a shard does not hold"},
		{Manifest{Kind: KindRun, Files: []FileSum{part, {Path: "README.txt"}}}, "lists README.txt, which is not a file pactsim writes"},
		{Manifest{Kind: KindRun, Files: []FileSum{{Path: "plots/notes.html"}}}, "plots/notes.html, which is not a file pactsim writes"},
		{Manifest{Kind: KindMerge, Files: []FileSum{{Path: "calibrated.yaml"}}}, "calibrated.yaml, which only a calibration writes"},
		{Manifest{Kind: KindRun, Files: []FileSum{{Path: ".lock"}}}, ".lock, which pactsim never lists"},
		{Manifest{Kind: KindRun, Files: []FileSum{{Path: "runs"}}}, "runs, which is not a file pactsim writes"},
		{Manifest{Kind: KindCalibration, Files: []FileSum{cal, {Path: "summary.csv"}}}, "summary.csv, which a calibration does not write"},
		{Manifest{Kind: KindCalibration, Files: []FileSum{cal, {Path: "arrow/summary.arrow"}}}, "which a calibration does not write"},
	} {
		err := checkKind("DIR/manifest.json", &tc.m)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "DIR/manifest.json") {
			t.Errorf("checkKind(%+v) = %v, want %q", tc.m, err, tc.want)
		}
	}
	// What pactsim lists passes.
	for _, m := range []Manifest{
		{Kind: KindShard, Shard: &Shard{Index: 1, Count: 2, TaskLo: 30, TaskHi: 60}, Files: []FileSum{{Path: "config.yaml"}, part, {Path: "states/part-00003.parquet"}}},
		{Kind: KindRun, Files: []FileSum{{Path: "config.yaml"}, part, {Path: "codebook.csv"}, {Path: "report.html"}, {Path: "plots/mechanisms.svg"}, {Path: "arrow/summary.arrow"}, {Path: "sensitivity.csv"}, {Path: AnalysisName}}},
		{Kind: KindCalibration, Files: []FileSum{cal, {Path: "calibrated.yaml"}, {Path: "config.yaml"}}},
	} {
		if err := checkKind("DIR/manifest.json", &m); err != nil {
			t.Errorf("checkKind(%+v) = %v, want nil", m, err)
		}
	}
}

// TestUnfinishedContent: what an unfinished directory has begun to hold.
func TestUnfinishedContent(t *testing.T) {
	for _, tc := range []struct {
		files     []string
		runs, cal bool
	}{
		{[]string{"config.yaml"}, false, false},
		{[]string{"config.yaml", "runs/part-00002.parquet"}, true, false},
		{[]string{"config.yaml", "arrow/states/part-00000_3.arrow"}, true, false},
		{[]string{"config.yaml", "runs/.part-00000.parquet.abc.tmp"}, false, false},
		{[]string{"config.yaml", "calibration/trace.csv"}, false, true},
	} {
		dir := t.TempDir()
		for _, f := range tc.files {
			p := filepath.Join(dir, filepath.FromSlash(f))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		runs, cal, err := UnfinishedContent(dir)
		if err != nil || runs != tc.runs || cal != tc.cal {
			t.Errorf("%v: runs %t calibration %t (%v), want %t %t", tc.files, runs, cal, err, tc.runs, tc.cal)
		}
	}
}
