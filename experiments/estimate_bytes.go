package experiments

import (
	"os"
	"path/filepath"

	"pactsim/output"
)

// measureBytes writes rows (the tasks lo, lo+1, ...) as one part and as a
// part of half of them into a file system that only counts bytes, and
// returns the bytes per task and the fixed bytes per part (footers,
// schemas) by difference.
func measureBytes(plan *Plan, lo int, rows []output.TaskRows) (perTask, perPart float64, err error) {
	size := func(n int) (float64, error) {
		fs := &countingFS{}
		ds, err := output.New(layout(plan, filepath.Join(os.TempDir(), ".pactsim-calibration-not-written"), fs))
		if err != nil {
			return 0, err
		}
		w, err := ds.NewPart(PartName(lo, plan.Config.Output.PartTasks), lo, lo+n)
		if err != nil {
			return 0, err
		}
		for k := range n {
			if err := w.Write(&rows[k]); err != nil {
				w.Abort()
				return 0, err
			}
		}
		if err := w.Close(); err != nil {
			return 0, err
		}
		return float64(fs.n), nil
	}
	n := len(rows)
	full, err := size(n)
	if err != nil || n < 2 {
		return full, 0, err
	}
	half, err := size(n / 2)
	if err != nil {
		return 0, 0, err
	}
	perTask = max(0, (full-half)/float64(n-n/2))
	perPart = max(0, full-perTask*float64(n))
	return perTask, perPart, nil
}

// countingFS is a FileSystem that writes nothing and counts the bytes.
type countingFS struct{ n int64 }

func (c *countingFS) MkdirBelow(string, string) error    { return nil }
func (c *countingFS) Create(string) (output.File, error) { return &countingFile{c}, nil }
func (c *countingFS) Rename(string, string) error        { return nil }
func (c *countingFS) Remove(string) error                { return nil }

type countingFile struct{ fs *countingFS }

func (f *countingFile) Write(p []byte) (int, error) { f.fs.n += int64(len(p)); return len(p), nil }
func (f *countingFile) Sync() error                 { return nil }
func (f *countingFile) Close() error                { return nil }
