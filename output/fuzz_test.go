package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The readers of what a results directory holds on disk, fuzzed (a review,
// stop 49): a manifest.json, a journal and a calibration's
// trace may be damaged by a crash or edited by hand, and each reader must
// refuse or skip what it cannot take, never panic.

// fuzzDir writes data to name in a fresh directory and returns it.
func fuzzDir(t *testing.T, name string, data []byte) string {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// FuzzReadManifest: what ReadManifest accepts has a valid kind consistent
// with its shard record, lists no file twice, and reads back the same once
// written again.
func FuzzReadManifest(f *testing.F) {
	sum := strings.Repeat("a", 64)
	for _, s := range []string{
		`{"format":"pactsim-results/1","kind":"run","workers":1,"files":[{"path":"runs/part-0.parquet","bytes":3,"sha256":"` + sum + `"}]}`,
		`{"format":"pactsim-results/1","kind":"shard","shard":{"index":1,"count":2,"task_lo":3,"task_hi":6},"files":[]}`,
		`{"format":"pactsim-results/1","files":[{"path":"calibration/trace.csv","bytes":1,"sha256":"` + sum + `"}]}`,
		`{"format":"pactsim-results/1","kind":"merge","rows":{"runs":4},"totals":{"points":1,"replicates":2,"architectures":2,"tasks":2}}`,
		`{"format":"pactsim-results/1","shard":{"index":-1,"count":2}}`,
		`{"format":"pactsim-results/1"} trailing`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := fuzzDir(t, ManifestName, data)
		m, err := ReadManifest(dir)
		ManifestEngineVersion(dir)
		if err != nil {
			return
		}
		if !m.Kind.Valid() || (m.Kind == KindShard) != (m.Shard != nil) {
			t.Fatalf("accepted kind %q with shard %v", m.Kind, m.Shard)
		}
		if s := m.Shard; s != nil && (s.Index < 0 || s.Index >= s.Count || s.TaskLo < 0 || s.TaskHi < s.TaskLo) {
			t.Fatalf("accepted shard %+v", *s)
		}
		again, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(fuzzDir(t, ManifestName, again)); err != nil {
			t.Fatalf("an accepted manifest, written again, is refused: %v\n%s", err, again)
		}
	})
}

// FuzzReadJournal: the journal reader never fails on content, and keeps
// only lines that record a part file's checksum.
func FuzzReadJournal(f *testing.F) {
	a := strings.Repeat("a", 64)
	for _, s := range []string{
		a + "  runs/part-00000.parquet\n" + a + "  arrow/runs/part-00000.arrow\n",
		a + "  runs/part-00000.parquet\n" + a + "  runs/part-0",
		a + "  runs/part-00000.parquet\r\n\x00\x00\x00\n",
		a + "  ../x\n" + a + "  \n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := fuzzDir(t, JournalName, data)
		j, err := (&Dataset{l: Layout{Dir: dir}}).ReadJournal()
		if err != nil {
			t.Fatalf("journal content refused: %v", err)
		}
		for rel, sum := range j {
			if !isPartFile(rel) || len(sum) != 64 {
				t.Fatalf("journal entry %q %q is no part file's checksum", rel, sum)
			}
		}
	})
}

// FuzzParseTrace: the trace reader never panics, in either mode, and what
// the strict one (verify) reads, the lenient one (a resume) reads too.
func FuzzParseTrace(f *testing.F) {
	params := []TraceParam{{"adversary.threshold", 0.6, 1.6}, {"adversary.noise", 0.1, 0.5}}
	targets := []string{"armed, attacks", "honour"}
	sc, err := TraceSchema(params, targets, Provenance{})
	if err != nil {
		f.Fatal(err)
	}
	names := make([]string, sc.NumFields())
	for k, fl := range sc.Fields() {
		names[k] = fl.Name
	}
	var b bytes.Buffer
	for k, n := range names {
		if k > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(n, ",\"") {
			n = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
		b.WriteString(n)
	}
	head := b.String() + "\n"
	for _, s := range []string{
		head,
		head + "0,1,0.3,2.5,0.1,0.01,0.08,0.12,40,,,,,0\n1,0.6,0.5,,1e-300,0,-0,3,40,0.5,,,,1\n",
		head + "0,1,0.3,2.5,0.1,0.01,0.08,0.12,40,,,,,0\n1,0.6,0.5,,1e-3",
		head + "1,1,0.3,2.5,0.1,0.01,0.08,0.12,40,,,,,0\n",
		head + "0,,0.3,2.5,0.1,0.01,0.08,0.12,40,,,,,0\n",
		"\"unterminated\n0,1\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		strict, _, serr := parseTrace("trace.csv", sc, len(params), len(targets), data, true)
		lenient, _, lerr := parseTrace("trace.csv", sc, len(params), len(targets), data, false)
		if serr == nil && (lerr != nil || len(lenient) != len(strict)) {
			t.Fatalf("strict read %d rows, lenient %d (%v)", len(strict), len(lenient), lerr)
		}
		for k, r := range lenient {
			if r.Evaluation != k || len(r.X) != len(params) || len(r.Targets) != len(targets) {
				t.Fatalf("row %d read as %+v", k, r)
			}
		}
	})
}

// FuzzReadTasks: the reader of an unfinished directory's task record
// (.tasks, a review, stop 50) never panics, accepts only a range
// 0 <= LO <= HI, and what it accepts, written again as WriteTasks writes
// it, reads back the same.
func FuzzReadTasks(f *testing.F) {
	for _, s := range []string{
		"tasks 0 12 run\nbuild pactsim\ngo go1.26.8\nvcs abc\n",
		"tasks 4 8 shard 2 of 3\n",
		"tasks 0x10 20 run\n",
		"tasks 9223372036854775807 9223372036854775807 x",
		"tasks 3 2 run\r\n",
		"tasks 1 2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := fuzzDir(t, TasksName, data)
		tk, err := readTasks(dir)
		if err != nil {
			if !strings.Contains(err.Error(), filepath.Join(dir, TasksName)) {
				t.Fatalf("the error does not name the file: %v", err)
			}
			return
		}
		if tk.Lo < 0 || tk.Hi < tk.Lo {
			t.Fatalf("accepted tasks [%d, %d)", tk.Lo, tk.Hi)
		}
		if strings.Contains(tk.What, "\n") {
			t.Fatalf("accepted a description %q of more than one line", tk.What)
		}
		again := fmt.Appendf(nil, "tasks %d %d %s\nbuild %s\ngo %s\nvcs %s\n", tk.Lo, tk.Hi, tk.What, tk.Build, tk.GoVersion, tk.VCS)
		back, err := readTasks(fuzzDir(t, TasksName, again))
		if err != nil || back != tk {
			t.Fatalf("an accepted record, written again, reads %+v, %v; was %+v", back, err, tk)
		}
	})
}
