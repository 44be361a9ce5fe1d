package output

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// JournalName is the journal of an unfinished results directory: one line
// "SHA256  PATH" (sha256sum's format, so `sha256sum -c` checks it) for
// every part file, appended and synced after the part is final. A resumed
// run reuses a part only if every one of its files matches its line here,
// so a part damaged after it was written (a flipped byte, a truncation) is
// found even where its format carries no checksum of its own: the writers
// do not write Parquet page CRCs, which would change the files' bytes.
// The manifest supersedes the journal: it is removed once the manifest is
// written.
const JournalName = ".parts.sha256"

// appendJournal records the checksums of a final part's files. A
// FileSystem that cannot append (one that only counts bytes) keeps no
// journal. A failure to write it only means that a resumed run recomputes
// the part, but it is reported: the run stops.
func (d *Dataset) appendJournal(files []*AtomicFile) error {
	ap, ok := d.fs.(appender)
	if !ok {
		return nil
	}
	var b strings.Builder
	for _, f := range files {
		rel, err := filepath.Rel(d.l.Dir, f.Path())
		if err != nil {
			return fmt.Errorf("output: journal: %w", err)
		}
		fmt.Fprintf(&b, "%s  %s\n", f.Sum().SHA256, filepath.ToSlash(rel))
	}
	path := filepath.Join(d.l.Dir, JournalName)
	if err := ap.AppendSync(path, []byte(b.String())); err != nil {
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	return nil
}

// appender is a FileSystem that can append to a file durably.
type appender interface {
	AppendSync(name string, data []byte) error
}

// AppendSync appends data to the named file, creating it, and syncs it.
func (OSFileSystem) AppendSync(name string, data []byte) error {
	j, err := openRegular(name, os.O_WRONLY|os.O_APPEND|os.O_CREATE)
	if err != nil {
		return err
	}
	_, err = j.Write(data)
	if err == nil {
		err = j.Sync()
	}
	if cerr := j.Close(); err == nil {
		err = cerr
	}
	return err
}

// Journal is what a directory's journal records: the SHA-256 of each part
// file, by slash-separated path relative to the directory.
type Journal map[string]string

// ReadJournal reads the directory's journal; a missing journal is empty.
// A torn last line (a crash while appending) is ignored: its part has no
// record and is recomputed.
func (d *Dataset) ReadJournal() (Journal, error) {
	path := filepath.Join(d.l.Dir, JournalName)
	f, err := openRegular(path, os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return Journal{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	j := Journal{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, rel, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || rel == "" {
			continue
		}
		j[rel] = sum // a later line (a part written again) wins
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	return j, nil
}

// RemoveJournal removes the journal; the manifest, written last, records
// every file's checksum instead.
func (d *Dataset) RemoveJournal() error {
	if err := d.fs.Remove(filepath.Join(d.l.Dir, JournalName)); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}
