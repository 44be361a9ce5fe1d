package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
)

// rewrite writes the trace journal anew with the header and lines, each
// a trace line as line renders it, and their checksums.
func (j *TraceJournal) rewrite(lines [][]byte) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := writeCSVHeader(w, j.sc); err != nil {
		return err
	}
	w.Flush()
	var sums strings.Builder
	sums.WriteString(traceSumsHeader(j.d.l.Provenance))
	for _, line := range lines {
		buf.Write(line)
		sums.WriteString(lineSum(line))
	}
	// The checksums first: a crash between the two files leaves sums for
	// lines the trace may not hold yet, which match nothing and are
	// ignored, never a line without its sum that a later resume drops.
	if err := writeFileAtomic(j.d.fs, j.sums, []byte(sums.String())); err != nil {
		return err
	}
	return writeFileAtomic(j.d.fs, j.path, buf.Bytes())
}

// Keep cuts the trace journal to its first n rows, those of rows (the
// rows OpenTrace returned, or their first n at least): a resumed search
// that asks for another point than row n's does not follow the rest (a
// trace whose lines were swapped or edited, their checksums written
// again), which are then evaluated again and appended after these (a
// hostile review, stop 46: the resume stopped, exit 2, and the --force it
// named threw away every evaluation, those that followed it too). An n
// outside [0, len(rows)] is an error, and the journal is left as it is
// (a review, stop 53: past the rows it panicked).
func (j *TraceJournal) Keep(rows []TraceRow, n int) error {
	if n < 0 || n > len(rows) {
		return fmt.Errorf("output: keep the trace's first %d rows of %d given; want 0..%d", n, len(rows), len(rows))
	}
	lines := make([][]byte, n)
	for k := range n {
		var err error
		if lines[k], err = j.line(&rows[k]); err != nil {
			return err
		}
	}
	return j.rewrite(lines)
}
