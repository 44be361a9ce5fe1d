package output

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// cmpFS is a FileSystem that writes nothing: each file created through it
// is compared, as it is written, with the file of the same final name in
// dir, and only the first difference is kept, so a rewrite holds no more
// than the writer's own buffers (a part held whole in memory took three
// times its size on disk). It has no AppendSync, so a part written through
// it leaves no journal line.
type cmpFS struct {
	shadow, dir string              // where the writer thinks it writes; where the files are
	files       map[string]*cmpFile // by the path of the file on disk
}

func (c *cmpFS) MkdirBelow(string, string) error { return nil }

// Create starts comparing the file the writer will rename name to (a
// temporary .NAME.RANDOM.tmp, tempName's form) with its twin in dir.
func (c *cmpFS) Create(name string) (File, error) {
	final, ok := tempFinal(name)
	if !ok {
		final = name
	}
	rel, err := filepath.Rel(c.shadow, final)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("output: rewrite of a part writes %s, outside its directory", name)
	}
	f := &cmpFile{path: filepath.Join(c.dir, rel), diff: -1}
	if fh, err := OpenRegular(f.path); err != nil {
		f.err = fmt.Errorf("output: read %s: %w", f.path, err)
	} else {
		f.fh, f.rd = fh, bufio.NewReaderSize(fh, 1<<16)
	}
	c.files[f.path] = f
	return f, nil
}
func (c *cmpFS) Rename(oldpath, newpath string) error { return nil }
func (c *cmpFS) Remove(name string) error             { return nil }

// close closes every file on disk that the comparison opened.
func (c *cmpFS) close() {
	for _, f := range c.files {
		if f.fh != nil {
			f.fh.Close()
			f.fh = nil
		}
	}
}

// cmpFile compares what is written with the file at path, chunk by chunk.
type cmpFile struct {
	path    string
	fh      *os.File
	rd      *bufio.Reader
	n       int64 // bytes written
	diff    int64 // offset of the first difference; -1 while none
	err     error // the file on disk cannot be read
	scratch []byte
}

func (f *cmpFile) Write(p []byte) (int, error) {
	if f.err == nil && f.diff < 0 {
		if cap(f.scratch) < len(p) {
			f.scratch = make([]byte, len(p))
		}
		got := f.scratch[:len(p)]
		k, err := io.ReadFull(f.rd, got)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			f.err = fmt.Errorf("output: read %s: %w", f.path, err)
		} else if i := firstDiff(got[:k], p[:k]); i >= 0 {
			f.diff = f.n + int64(i)
		} else if k < len(p) {
			f.diff = f.n + int64(k) // the file on disk ends here
		}
	}
	f.n += int64(len(p))
	return len(p), nil
}
func (f *cmpFile) Sync() error  { return nil }
func (f *cmpFile) Close() error { return nil }

// PartRewriter writes a part again, from re-run tasks, and compares its
// files with those on disk byte for byte as it goes: a part's bytes depend
// only on the config and its task range (parquetProps), so this catches
// what a comparison of rows cannot, a change in a file's footer (a
// column's statistics, which query engines use to skip row groups, or its
// schema's metadata) or in its leading magic.
type PartRewriter struct {
	fs *cmpFS
	w  *PartWriter
}

// NewPartRewriter begins writing part [lo, hi) again.
func (d *Dataset) NewPartRewriter(part string, lo, hi int) (*PartRewriter, error) {
	sh := *d
	// A directory that does not exist, so that NewPart finds none of the
	// part's files there; nothing is written anywhere.
	sh.l.Dir = filepath.Join(d.l.Dir, ".verify-rewrite-not-written")
	fs := &cmpFS{shadow: sh.l.Dir, dir: d.l.Dir, files: map[string]*cmpFile{}}
	sh.fs = fs
	sh.own = nil // it writes nowhere: it vouches for nothing
	w, err := sh.NewPart(part, lo, hi)
	if err != nil {
		fs.close()
		return nil, err
	}
	return &PartRewriter{fs: fs, w: w}, nil
}

// Write adds the next task's rows.
func (r *PartRewriter) Write(tr *TaskRows) error { return r.w.Write(tr) }

// Abort discards the rewrite.
func (r *PartRewriter) Abort() {
	r.w.Abort()
	r.fs.close()
}

// Compare ends the rewrite: the first file (in path order) that differs
// from its rewrite, or is longer, is a *MismatchError naming the file and
// the offset.
func (r *PartRewriter) Compare() error {
	return r.compare("differs from what the re-run tasks write", "their rows agree")
}

// compare is Compare, its message saying what the files were written
// again from (what) and why their rows are not at fault (rows).
func (r *PartRewriter) compare(what, rows string) error {
	defer r.fs.close()
	if err := r.w.Close(); err != nil {
		return err
	}
	paths := make([]string, 0, len(r.fs.files))
	for p := range r.fs.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		f := r.fs.files[p]
		if f.err != nil {
			return f.err
		}
		if f.diff < 0 {
			if _, err := f.rd.ReadByte(); err == nil {
				f.diff = f.n // the file on disk goes on
			} else if err != io.EOF {
				return fmt.Errorf("output: read %s: %w", p, err)
			}
		}
		if f.diff >= 0 {
			return &MismatchError{fmt.Sprintf("%s: byte %d %s (%d bytes; %s, so the difference is in the file's metadata, footer or framing)", p, f.diff, what, f.n, rows)}
		}
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
