package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
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
// A file another name shares (a hard link: a copy of the directory made
// with cp -al) is first given its own copy, so the other name keeps its
// content (a review, stop 24: appending wrote into both copies' journals;
// refusing it stopped the resume of both).
func (OSFileSystem) AppendSync(name string, data []byte) error {
	if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && hardLinked(fi) {
		own, err := ReadRegular(name)
		if err == nil {
			err = WriteFileAtomic(name, own)
		}
		if err != nil {
			return fmt.Errorf("output: give %s its own copy: %w", name, err)
		}
	}
	j, err := openRegular(name, os.O_RDWR|os.O_APPEND|os.O_CREATE)
	if err != nil {
		return err
	}
	// A last line torn by a crash (no newline) is ended first, so that the
	// new line is a line of its own and not glued to the fragment, which
	// a reader then drops whole (a review, stop 25: the part recorded
	// after the fragment was recomputed at the next resume).
	if fi, serr := j.Stat(); serr == nil && fi.Size() > 0 {
		last := make([]byte, 1)
		if _, rerr := j.ReadAt(last, fi.Size()-1); rerr == nil && last[0] != '\n' {
			data = append([]byte{'\n'}, data...)
		}
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
// record and is recomputed. So is a line too long to be a record, however
// long: a crash can leave blocks of zeros in a file it appended to, and a
// run of them longer than a line buffer made every --resume fail ("token
// too long", exit 1) instead of recomputing the parts it hid (a hostile
// review, stop 45). So is a line that names no part file: a crash while
// appending can leave a line cut inside its path ("SUM  runs/part-0"),
// which AppendSync ends with a newline before the next record, and its
// entry, a file that never exists, made every --resume fail at the
// manifest with "went missing since it was written: run the command again
// (--resume for a run)", for good (a review, stop 49). The journal records
// part files only (appendJournal), so such a line is damage.
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
	r := bufio.NewReaderSize(f, journalLineMax)
	for {
		line, err := r.ReadSlice('\n')
		long := false
		for errors.Is(err, bufio.ErrBufferFull) {
			long = true
			_, err = r.ReadSlice('\n')
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("output: read %s: %w", path, err)
		}
		if !long {
			sum, rel, ok := strings.Cut(strings.TrimRight(string(line), "\r\n"), "  ")
			if ok && len(sum) == 64 && isPartFile(rel) {
				j[rel] = sum // a later line (a part written again) wins
			}
		}
		if err != nil { // io.EOF
			return j, nil
		}
	}
}

// journalLineMax bounds a journal line: a checksum, two spaces and a
// part's path are far shorter; a longer line is damage, and skipped.
const journalLineMax = 4096

// RemoveJournal removes the journal and the task range record; the
// manifest, written last, records every file's checksum and the range
// instead.
func (d *Dataset) RemoveJournal() error {
	for _, name := range []string{JournalName, TasksName} {
		if err := d.fs.Remove(filepath.Join(d.l.Dir, name)); err != nil {
			return fmt.Errorf("output: %w", err)
		}
	}
	return nil
}

// RemoveLeftRecords removes from dir, a complete results directory, the
// records of an unfinished one: the journal, the task range and a
// calibration's trace checksums. The manifest replaces them (RemoveJournal
// after WriteManifest), but a command killed, or failing to remove them,
// between the two left them there for good: --resume found the directory
// complete and kept them, and verify passed over them (a review of
// interrupted commands, stop 48). A folder of one of their names is not
// pactsim's and stays.
func RemoveLeftRecords(dir string) error {
	var errs []error
	for _, rel := range []string{JournalName, TasksName, filepath.Join(filepath.Dir(filepath.FromSlash(TableTrace)), TraceSumsName)} {
		path := filepath.Join(dir, rel)
		if fi, err := os.Lstat(path); err != nil || fi.IsDir() {
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// TasksName records the task range an unfinished directory was begun
// with, "tasks LO HI" and what it is ("shard 1/4", "all tasks"), and on a
// second line the build target that computes it ("build GOARCH=amd64
// GOAMD64=v1", BuildTarget), then the Go version and VCS of the binary
// ("go go1.26.8", "vcs {source ...}", VCSText): parts alone do not tell it where a range's
// boundaries fall on the parts of another, so a --resume with another
// --shard (or none, in a Slurm array task) would take the parts over and
// finish as another kind; nor which instruction set computed them, so a
// --resume by another build would mix last bits, and one by another
// binary would finish its parts under that binary's name, which merge
// then refuses beside the other shards (a hostile review of scale-out).
// Removed, with the journal, by the manifest.
const TasksName = ".tasks"

// WriteTasks records the task range [lo, hi) of an unfinished directory
// and this binary's build target, Go version and VCS.
func (d *Dataset) WriteTasks(lo, hi int, what string) error {
	g, v := BuildVersions()
	path := filepath.Join(d.l.Dir, TasksName)
	// A folder of its name is no record of pactsim's, and the rename
	// onto it fails: it was reported as that rename's error, exit 1 (a
	// hostile review, stop 46), where a folder at the journal's name is
	// a usage error naming it. A link or another file is replaced.
	if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
		return Usagef("%s is a folder, where pactsim keeps an unfinished run's task range: it is not pactsim's; remove it and run again", path)
	}
	return writeFileAtomic(d.fs, path, fmt.Appendf(nil, "tasks %d %d %s\nbuild %s\ngo %s\nvcs %s\n", lo, hi, what, BuildTarget(), g, VCSText(v)))
}

// Tasks is what an unfinished directory's task record holds (WriteTasks);
// Build, GoVersion and VCS are "" in a record written before they were
// recorded.
type Tasks struct {
	Lo, Hi    int
	What      string
	Build     string
	GoVersion string
	VCS       string
}

// ReadTasks reads the task record of the results directory dir; ok is
// false when there is none (a directory begun before it was kept) or it
// does not parse (TasksDamaged says which).
func ReadTasks(dir string) (t Tasks, ok bool) {
	t, err := readTasks(dir)
	return t, err == nil
}

// TasksDamaged is why the task record of dir, a regular file, does not
// read as one WriteTasks writes; nil where it reads, is absent, or is no
// regular file (a folder there is refused as one, WriteTasks).
func TasksDamaged(dir string) error {
	if fi, err := os.Lstat(filepath.Join(dir, TasksName)); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	_, err := readTasks(dir)
	return err
}

// readTasks reads the task record of dir strictly: its bounds in
// decimal, as WriteTasks writes them (fmt.Sscan read "0x10" as 16 and
// "+3" as 3; a review, stop 50).
func readTasks(dir string) (t Tasks, err error) {
	path := filepath.Join(dir, TasksName)
	data, err := ReadFileLimited(path, 1<<10)
	if err != nil {
		return t, err
	}
	line, rest, _ := strings.Cut(string(data), "\n")
	f := strings.SplitN(line, " ", 4)
	var okLo, okHi bool
	if len(f) == 4 && f[0] == "tasks" {
		t.Lo, okLo = decimal(f[1])
		t.Hi, okHi = decimal(f[2])
	}
	if !okLo || !okHi || t.Lo > t.Hi {
		return Tasks{}, fmt.Errorf("%s: its first line, %q, is not \"tasks LO HI WHAT\" with LO <= HI in decimal digits, as pactsim writes it", path, line)
	}
	t.What = f[3]
	for _, line := range strings.Split(rest, "\n") {
		key, val, _ := strings.Cut(line, " ")
		switch key {
		case "build":
			t.Build = val
		case "go":
			t.GoVersion = val
		case "vcs":
			t.VCS = val
		}
	}
	return t, nil
}

// decimal reads s as a count written as strconv.Itoa writes one: decimal
// digits, no sign, no leading zero.
func decimal(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && strconv.Itoa(n) == s
}
