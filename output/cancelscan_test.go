package output

import (
	"context"
	"errors"
	"testing"
)

// TestPartReadsStopOnCancel: once ctx is cancelled (a signal), the checks
// that read a part's rows batch by batch stop at the next batch with ctx's
// error. The checksum stopped within a file (a review, stop 50), but the
// reads after it ignored ctx: a resumed run's Arrow part of many GiB was
// read to its end after a SIGINT, and so were the rows a verify passes
// over between its sampled tasks (a review, stop 51). Here part 1 holds
// the tasks [4, 8); each check is given a cancelled context and the
// range [0, 4), or task 7, so that one that reads on is seen: it reports
// the part (or nothing), not the cancel.
func TestPartReadsStopOnCancel(t *testing.T) {
	d, err := New(testLayout(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	writeParts(t, d, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, table := range d.PartTables() {
		err := d.checkParquetTasks(ctx, pn(1), table, d.ParquetPath(table, pn(1)), 0, 4)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: checkParquetTasks, cancelled: %v, want context.Canceled", table, err)
		}
		_, err = d.checkArrow(ctx, pn(1), table, d.ArrowPath(table, pn(1)), d.newTaskSeq(table, 0, 4))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: checkArrow, cancelled: %v, want context.Canceled", table, err)
		}
	}
	live, stop := context.WithCancel(context.Background())
	c, err := d.NewPartChecker(live, pn(1))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	stop()
	l := d.Layout()
	err = c.Check(fakeTask(&l, 7/l.Replicates, 7%l.Replicates))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("PartChecker.Check, cancelled: %v, want context.Canceled", err)
	}
}

// TestRowCountsStopOnCancel: the row counts that CheckRecords (verify,
// merge, --resume of a complete directory) and the manifest's writers
// read from every part's footer, and the config hash CheckRecords reads
// from every Arrow part, stop at the next file once ctx is cancelled, with
// its error: they read on, a footer a file, and a directory of a million
// part files took minutes after a SIGINT (a review, stop 51).
func TestRowCountsStopOnCancel(t *testing.T) {
	d := writeDataset(t, testLayout(t.TempDir()), 1)
	if err := d.WriteManifest(context.Background(), &Manifest{Kind: KindRun, Seed: 1, Workers: 1}); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(d.Layout().Dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.CheckRecords(context.Background(), m); err != nil {
		t.Fatalf("an intact directory: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.CheckRecords(ctx, m); !errors.Is(err, context.Canceled) {
		t.Errorf("CheckRecords, cancelled: %v, want context.Canceled", err)
	}
	if rows, err := d.countRows(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("countRows, cancelled: %v rows, error %v, want context.Canceled", rows, err)
	}
	if err := d.checkArrowConfigs(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("checkArrowConfigs, cancelled: %v, want context.Canceled", err)
	}
}
