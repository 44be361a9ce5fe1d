package output

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// taskSeq checks, batch by batch, that a part file's rows are the tasks
// of the part's range [lo, hi), in task order, each present: a file that
// matches its journal line and has the right row count can still hold
// other tasks (a part file put in another's place and its journal line
// written again to match), and a resume that kept it failed at every
// finalisation ("task 10 follows task -1", exit 1) until --force threw
// away every finished part (a hostile review, stop 46). In the runs table
// each task has every architecture once, in config order; the other part
// tables hold several rows per task and architecture, so there the tasks
// must only follow one another.
type taskSeq struct {
	d      *Dataset
	runs   bool
	lo, hi int
	task   int   // the task of the last row read; lo-1 before the first
	row    int64 // rows read
}

func (d *Dataset) newTaskSeq(table string, lo, hi int) *taskSeq {
	return &taskSeq{d: d, runs: table == TableRuns, lo: lo, hi: hi, task: lo - 1}
}

// add checks the rows of rec, whose first three columns are point,
// replicate and architecture (every part table's); it returns what is
// wrong, or "".
func (s *taskSeq) add(rec arrow.RecordBatch) string {
	if rec.NumCols() < 3 {
		return "has fewer columns than a part"
	}
	point, ok1 := rec.Column(0).(*array.Int32)
	rep, ok2 := rec.Column(1).(*array.Int32)
	arch, ok3 := rec.Column(2).(*array.Dictionary)
	if !ok1 || !ok2 || !ok3 {
		return "has another type of point, replicate or architecture column than a part"
	}
	var names *array.String
	if s.runs {
		if names, ok3 = arch.Dictionary().(*array.String); !ok3 {
			return "has another type of architecture column than a part"
		}
	}
	R, A := s.d.l.Replicates, len(s.d.l.Architectures)
	for i := 0; i < int(rec.NumRows()); i, s.row = i+1, s.row+1 {
		p, r := int(point.Value(i)), int(rep.Value(i))
		task := p*R + r
		want := s.task
		if s.runs {
			want = s.lo + int(s.row/int64(A))
		} else if task != s.task {
			want = s.task + 1
		}
		if point.IsNull(i) || rep.IsNull(i) || r < 0 || r >= R || task != want || task >= s.hi {
			return fmt.Sprintf("holds point %d, replicate %d (task %d) at row %d, where this part of tasks [%d, %d) has task %d: another part's rows", p, r, task, s.row, s.lo, s.hi, want)
		}
		s.task = task
		if s.runs {
			k := int(s.row % int64(A))
			if !arch.IsValid(i) || names.Value(arch.GetValueIndex(i)) != s.d.l.Architectures[k] {
				return fmt.Sprintf("row %d (task %d) is not architecture %s, the config's %d. of the task", s.row, task, s.d.l.Architectures[k], k+1)
			}
		}
	}
	return ""
}

// end checks that the rows reached the last task; it returns what is
// wrong, or "".
func (s *taskSeq) end() string {
	if s.hi > s.lo && s.task != s.hi-1 {
		return fmt.Sprintf("ends at task %d; its place has tasks [%d, %d)", s.task, s.lo, s.hi)
	}
	return ""
}

// CheckPartTasks checks that every Parquet file of the part named part
// holds the tasks [lo, hi) in order (taskSeq), reading only their point,
// replicate and architecture columns: a part file put in another's place
// with its manifest entry written again matches every checksum and row
// count, and a verify whose sample re-ran none of its tasks passed it,
// while a merge of it failed part-way, naming a file of its own output
// (a hostile review, stop 46). A difference is a *MismatchError naming
// the file. The Arrow files are left to CheckTwins, which compares them
// with these row by row.
func (d *Dataset) CheckPartTasks(ctx context.Context, part string, lo, hi int) error {
	for _, t := range d.PartTables() {
		err := d.checkParquetTasks(ctx, part, t, d.ParquetPath(t, part), lo, hi)
		var pe *PartError
		if errors.As(err, &pe) {
			return &MismatchError{Msg: pe.Error()}
		}
		if err != nil {
			return err
		}
	}
	return nil
}
