package output

// The part files a manifest lists: whether they make up its tasks, and
// copying them into a merge.

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// isPartFile reports whether a manifest path is a file of a part:
// TABLE/part-NNNNN.parquet or arrow/TABLE/part-NNNNN.arrow.
func isPartFile(rel string) bool {
	parts := strings.Split(rel, "/")
	table, name, ext := "", "", ".parquet"
	switch {
	case len(parts) == 2:
		table, name = parts[0], parts[1]
	case len(parts) == 3 && parts[0] == "arrow":
		table, name, ext = parts[1], parts[2], ".arrow"
	default:
		return false
	}
	if table != TableRuns && table != TableTrajectories && table != TableStates {
		return false
	}
	_, ok := parsePartFile(name, ext)
	return ok
}

// PartFiles is the number of part files m lists (isPartFile): those a
// merge given m's directory copies into its own manifest.
func (m *Manifest) PartFiles() int64 {
	var n int64
	for _, f := range m.Files {
		if isPartFile(f.Path) {
			n++
		}
	}
	return n
}

// CheckPartCover checks that the part files m lists make up the tasks
// [lo, hi) of a directory of parts of partTasks tasks: every runs part
// (TABLE/PART.parquet) comes with its files in every table and format the
// Layout chooses and no other part file is listed, and the runs parts,
// ordered by their first task (PartStart), tile [lo, hi) with the rows of
// their tasks (from the Parquet footers). The names need not be those of
// one sharding: a merge's parts are its shards'. A difference is a
// *MismatchError; the checksums say nothing of a part left out of the
// manifest together with its file. The listed files must have been
// checked against m first (VerifyFiles).
func (d *Dataset) CheckPartCover(m *Manifest, partTasks, lo, hi int) error {
	path := filepath.Join(d.l.Dir, ManifestName)
	mismatch := func(format string, a ...any) error {
		return &MismatchError{Msg: path + ": " + fmt.Sprintf(format, a...) + ": its parts do not cover its tasks"}
	}
	type part struct {
		name  string
		start int
	}
	listed := make(map[string]bool)
	var runs []part
	for _, f := range m.Files {
		if !isPartFile(f.Path) {
			continue
		}
		listed[f.Path] = true
		if name, ok := strings.CutPrefix(f.Path, TableRuns+"/"); ok {
			name = strings.TrimSuffix(name, ".parquet")
			start, ok := PartStart(name, partTasks)
			if !ok {
				return mismatch("it lists %s, not a part of %d tasks", f.Path, partTasks)
			}
			runs = append(runs, part{name, start})
		}
	}
	slices.SortFunc(runs, func(a, b part) int { return a.start - b.start })
	for _, p := range runs {
		for _, fp := range d.partPaths(p.name) {
			rel, err := filepath.Rel(d.l.Dir, fp)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if !listed[rel] {
				return mismatch("it lists %s but no %s", TableRuns+"/"+p.name+".parquet", rel)
			}
			delete(listed, rel)
		}
	}
	if len(listed) > 0 {
		extra := slices.Sorted(maps.Keys(listed))
		return mismatch("it lists %s, which belongs to no runs part it lists", extra[0])
	}
	archs := int64(len(d.l.Architectures))
	next := lo
	for k, p := range runs {
		end := hi
		if k+1 < len(runs) {
			end = runs[k+1].start
		}
		if p.start != next {
			if p.start > next {
				return mismatch("tasks [%d, %d) are in no part it lists", next, p.start)
			}
			return mismatch("%s starts at task %d, outside [%d, %d)", p.name, p.start, lo, hi)
		}
		pq := d.ParquetPath(TableRuns, p.name)
		rows, err := parquetRows(pq)
		if err != nil {
			return err
		}
		if archs == 0 || rows%archs != 0 || rows == 0 {
			return mismatch("%s holds %d rows, not a whole number of tasks of %d architectures", pq, rows, archs)
		}
		if stop := int64(p.start) + rows/archs; stop != int64(end) {
			if stop < int64(end) {
				return mismatch("tasks [%d, %d) are in no part it lists (%s ends at task %d)", stop, end, p.name, stop)
			}
			return mismatch("%s holds tasks [%d, %d), past task %d, where the next part or the range ends", p.name, p.start, stop, end)
		}
		next = end
	}
	if len(runs) == 0 && lo != hi {
		return mismatch("it lists no runs part for the tasks [%d, %d)", lo, hi)
	}
	return nil
}

// CopyParts copies every part file that m, the manifest of the shard
// directory src, lists into the Dataset's directory, unchanged, checking
// each file's checksum on the way and writing it atomically. A part already
// present (two shards claiming the same part) is an error naming the path.
// Merge calls it once per shard and then Finalize.
func (d *Dataset) CopyParts(ctx context.Context, src string, m *Manifest) error {
	for _, f := range m.Files {
		if !isPartFile(f.Path) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		from := filepath.Join(src, filepath.FromSlash(f.Path))
		to := filepath.Join(d.l.Dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(to); err == nil {
			return fmt.Errorf("output: %s already exists: two shards hold %s", to, f.Path)
		}
		if err := d.fs.MkdirBelow(d.l.Dir, filepath.Dir(to)); err != nil {
			return fmt.Errorf("output: create %s: %w", filepath.Dir(to), err)
		}
		if err := copyVerified(ctx, d.fs, from, to, f); err != nil {
			return err
		}
		d.vouch(f.Path, f.SHA256)
	}
	return nil
}

func copyVerified(ctx context.Context, fsys FileSystem, from, to string, want FileSum) error {
	in, err := OpenRegular(from)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer in.Close()
	out, err := createAtomic(fsys, to)
	if err != nil {
		return err
	}
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			out.Abort()
			return err
		}
		k, err := io.Copy(out, io.LimitReader(in, 8<<20))
		n += k
		if err != nil {
			out.Abort()
			return fmt.Errorf("output: copy %s to %s: %w", from, to, err)
		}
		if k < 8<<20 {
			break
		}
	}
	if sum := out.Sum().SHA256; n != want.Bytes || sum != want.SHA256 {
		out.Abort()
		return fmt.Errorf("output: %s does not match its manifest (%d bytes, sha256 %s; manifest says %d bytes, sha256 %s)", from, n, sum, want.Bytes, want.SHA256)
	}
	return out.Commit()
}
