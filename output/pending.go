package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// PendingName marks a complete results directory whose derived files a
// command (`runner analyze`, `runner plot`) is rewriting: written before
// its first write, removed once its files and the manifest agree again.
// Left behind (the command was killed, or failed part-way, say on a full
// disk), it says that the directory is part old, part new, which its
// manifest may not show (the manifest may still hold the old checksums,
// or have been rewritten over the mixture), and which command repairs it.
const PendingName = ".pending"

// MarkPending marks dir as being rewritten by cmd. A .pending that is not
// a regular file (a folder, a link) was never pactsim's mark, and the
// rename over it would fail with the system's words: refused, saying
// what to remove (a hostile review, stop 37).
func MarkPending(dir, cmd string) error {
	path := filepath.Join(dir, PendingName)
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return Usagef("%s is not a regular file (a folder, a symbolic link or a device), so it is not pactsim's mark of an unfinished rewrite: remove it and run again", path)
	}
	return WriteFileAtomic(path, []byte(cmd+"\n"))
}

// ClearPending removes the mark, and syncs the folder so that the removal
// is durable before the command reports success.
func ClearPending(dir string) error {
	if err := os.Remove(filepath.Join(dir, PendingName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return SyncDir(dir)
}

// PendingAnalyzeFigures is the mark of an analyze that draws figures as
// well as tables: its repair must draw them even if it removed them all.
const PendingAnalyzeFigures = "analyze figures"

// Pending returns the command whose rewrite of dir did not finish, or ""
// when none is marked (a .pending that is no regular file is none):
// "plot" or "analyze" ("analyze", which rewrites the tables and the
// figures, for a mark it cannot read).
func Pending(dir string) string {
	word, ok := pendingMark(dir)
	switch {
	case !ok:
		return ""
	case word == "plot":
		return "plot"
	}
	return "analyze"
}

// pendingMark reads dir's mark: ok where it is a regular file (one that
// is not was never pactsim's: MarkPending refuses it), word its trimmed
// text ("" where it cannot be read).
func pendingMark(dir string) (word string, ok bool) {
	path := filepath.Join(dir, PendingName)
	if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
		return "", false
	}
	data, err := ReadFileLimited(path, 256)
	if err != nil {
		return "", true
	}
	return strings.TrimSpace(string(data)), true
}

// PendingFigures reports whether dir's mark is an analyze's that was to
// draw figures.
func PendingFigures(dir string) bool {
	data, err := ReadFileLimited(filepath.Join(dir, PendingName), 256)
	return err == nil && strings.TrimSpace(string(data)) == PendingAnalyzeFigures
}

// PendingUnknown reports whether dir's mark holds none of the words
// MarkPending writes ("plot", "analyze", "analyze figures"): it writes
// them atomically, so such a mark was made or damaged by hand. Pending
// still reads it as an analyze's (the safe reading), but the repair it
// names may be one the directory's config cannot run (no analysis
// section: a hostile-situation review, stop 44, found a dead end).
func PendingUnknown(dir string) bool {
	switch word, ok := pendingMark(dir); {
	case !ok:
		return false
	case word == "plot", word == "analyze", word == PendingAnalyzeFigures:
		return false
	}
	return true
}
