package experiments

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestResumeRecomputesSwappedPart: a part file put in the place of another
// of the same size, its journal line written again to match (a hostile
// review, stop 46), passed every check of a resume, which then failed at
// every finalisation ("task 10 follows task -1", exit 1) until --force
// threw the finished parts away. Its rows contradict its place: it is
// damage, named and recomputed, and the run finishes into the
// uninterrupted run's bytes. Likewise a swapped Arrow twin alone, and a
// swapped part of the states table, which the finalisation does not read
// and the manifest would otherwise have sealed.
func TestResumeRecomputesSwappedPart(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		tables string
		files  []string // swapped: part-00002's file put over part-00000's
	}{
		{"runs, both formats", "", []string{"runs/%s.parquet", "arrow/runs/%s.arrow"}},
		{"runs, Arrow only", "", []string{"arrow/runs/%s.arrow"}},
		{"states", "runs, summary, contrasts, states", []string{"states/%s.parquet", "arrow/states/%s.arrow"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := pcfg{Tables: tc.tables}
			ref := reference(t, c)
			plan, dir := runStopped(t, c, 3, RunOptions{})
			journal := filepath.Join(dir, output.JournalName)
			for _, f := range tc.files {
				from, to := fmt.Sprintf(f, "part-00002"), fmt.Sprintf(f, "part-00000")
				b, err := os.ReadFile(filepath.Join(dir, from))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
					t.Fatal(err)
				}
				line := fmt.Sprintf("%x  %s\n", sha256.Sum256(b), to)
				jf, err := os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := jf.WriteString(line); err != nil {
					t.Fatal(err)
				}
				if err := jf.Close(); err != nil {
					t.Fatal(err)
				}
			}
			var damaged []string
			res, err := run(t, plan, dir, RunOptions{Resume: true, Notify: func(e Event) {
				if e.Kind == EventDamaged {
					damaged = append(damaged, e.Path+": "+e.Reason)
				}
			}})
			if err != nil {
				t.Fatalf("resume: %v", err)
			}
			if res.Damaged != 1 || len(damaged) != 1 {
				t.Errorf("damaged %d, reported %q; want part-00000 alone", res.Damaged, damaged)
			}
			sameFiles(t, ref, dir)
			if _, err := Verify(context.Background(), dir, VerifyOptions{Sample: -1}); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestTasksRecordFolder (a hostile review, stop 46): a folder at the name
// of an unfinished run's task record (.tasks) stopped --resume with the
// error of the rename onto it, exit 1; a folder at the journal's name is
// a usage error naming it. Both are now, and once it is gone the run
// finishes.
func TestTasksRecordFolder(t *testing.T) {
	t.Parallel()
	c := pcfg{}
	plan, dir := runStopped(t, c, 2, RunOptions{})
	tasks := filepath.Join(dir, output.TasksName)
	if err := os.Remove(tasks); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(tasks, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, tasks, "is a folder", "remove it")
	if err := os.Remove(tasks); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
	sameFiles(t, reference(t, c), dir)
}
