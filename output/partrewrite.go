package output

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// memFS is a FileSystem in memory: what a part writer writes, kept to be
// compared with the files on disk. It has no AppendSync, so a part written
// through it leaves no journal line.
type memFS struct{ files map[string]*bytes.Buffer }

func (m *memFS) MkdirAll(string) error { return nil }
func (m *memFS) Create(name string) (File, error) {
	b := &bytes.Buffer{}
	m.files[name] = b
	return memFile{b}, nil
}
func (m *memFS) Rename(oldpath, newpath string) error {
	m.files[newpath] = m.files[oldpath]
	delete(m.files, oldpath)
	return nil
}
func (m *memFS) Remove(name string) error { delete(m.files, name); return nil }

type memFile struct{ *bytes.Buffer }

func (memFile) Sync() error  { return nil }
func (memFile) Close() error { return nil }

// PartRewriter writes a part again, from re-run tasks, into memory, and
// compares its files with those on disk byte for byte: a part's bytes
// depend only on the config and its task range, so this catches what a
// comparison of rows cannot, a change in a file's footer (a column's
// statistics, which query engines use to skip row groups, or its schema's
// metadata) or in its leading magic.
type PartRewriter struct {
	d      *Dataset
	shadow string // where the part is written, in memory
	fs     *memFS
	w      *PartWriter
}

// NewPartRewriter begins writing part [lo, hi) again in memory.
func (d *Dataset) NewPartRewriter(part string, lo, hi int) (*PartRewriter, error) {
	fs := &memFS{files: map[string]*bytes.Buffer{}}
	sh := *d
	sh.fs = fs
	// A directory that does not exist, so that NewPart finds none of the
	// part's files there: nothing is written on disk.
	sh.l.Dir = filepath.Join(d.l.Dir, ".verify-rewrite-not-written")
	w, err := sh.NewPart(part, lo, hi)
	if err != nil {
		return nil, err
	}
	return &PartRewriter{d: d, shadow: sh.l.Dir, fs: fs, w: w}, nil
}

// Write adds the next task's rows.
func (r *PartRewriter) Write(tr *TaskRows) error { return r.w.Write(tr) }

// Abort discards the rewrite.
func (r *PartRewriter) Abort() { r.w.Abort() }

// Compare ends the rewrite and compares each of its files with the file of
// the same name on disk; the first difference is a *MismatchError naming
// the file and the offset.
func (r *PartRewriter) Compare() error {
	if err := r.w.Close(); err != nil {
		return err
	}
	names := make([]string, 0, len(r.fs.files))
	for name := range r.fs.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		rel, err := filepath.Rel(r.shadow, name)
		if err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("output: rewrite of a part wrote %s, outside its directory", name)
		}
		path := filepath.Join(r.d.l.Dir, rel)
		if err := sameBytes(path, r.fs.files[name].Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// sameBytes compares the file at path with want, streaming the file.
func sameBytes(path string, want []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("output: read %s: %w", path, err)
	}
	defer f.Close()
	rd := bufio.NewReaderSize(f, 1<<16)
	buf := make([]byte, 1<<16)
	off := 0
	for {
		n, err := io.ReadFull(rd, buf)
		got := buf[:n]
		if n > len(want)-off {
			return &MismatchError{fmt.Sprintf("%s: %d bytes or more, but the re-run tasks write %d: the file is not what this config writes for them", path, off+n, len(want))}
		}
		if k := firstDiff(got, want[off:off+n]); k >= 0 {
			return &MismatchError{fmt.Sprintf("%s: byte %d differs from what the re-run tasks write (their rows agree: the difference is in the file's metadata, footer or framing)", path, off+k)}
		}
		off += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return fmt.Errorf("output: read %s: %w", path, err)
		}
	}
	if off != len(want) {
		return &MismatchError{fmt.Sprintf("%s: %d bytes, but the re-run tasks write %d: the file is not what this config writes for them", path, off, len(want))}
	}
	return nil
}

// firstDiff is the index of the first byte where a and b (of one length)
// differ, or -1.
func firstDiff(a, b []byte) int {
	for k := range a {
		if a[k] != b[k] {
			return k
		}
	}
	return -1
}
