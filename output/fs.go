package output

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
)

// FileSystem is what the writers create, rename and remove files through.
// The operating system's (OSFileSystem) is the default; tests inject one that
// fails after a byte budget, to show that a full disk leaves nothing behind
// that looks complete. Reads go to the operating system directly.
type FileSystem interface {
	// MkdirBelow creates dir and the folders between root and it. root
	// itself must exist: a results directory removed while a writer runs
	// is not made again with some of its files (see MovedError).
	MkdirBelow(root, dir string) error
	// Create creates or truncates the named file for writing.
	Create(name string) (File, error)
	// Rename renames oldpath to newpath atomically and durably: once it
	// returns, a crash leaves either the old or the new name, never both or
	// neither.
	Rename(oldpath, newpath string) error
	// Remove removes the named file; a missing file is not an error.
	Remove(name string) error
}

// File is a file being written.
type File interface {
	io.Writer
	Sync() error
	Close() error
}

// OSFileSystem is the operating system's file system.
type OSFileSystem struct{}

// MkdirBelow implements FileSystem: os.Mkdir for each folder from root
// down, so that a missing root fails instead of being made.
func (OSFileSystem) MkdirBelow(root, dir string) error {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s is not below %s", dir, root)
	}
	dirs := []string{root}
	if rel != "." {
		for _, c := range strings.Split(rel, string(filepath.Separator)) {
			dirs = append(dirs, filepath.Join(dirs[len(dirs)-1], c))
		}
	}
	for k, p := range dirs {
		if k > 0 {
			err := os.Mkdir(p, 0o755)
			if err == nil {
				continue
			}
			if !errors.Is(err, iofs.ErrExist) {
				return err
			}
		}
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			return &iofs.PathError{Op: "mkdir", Path: p, Err: syscall.ENOTDIR}
		}
	}
	return nil
}

// Create implements FileSystem.
func (OSFileSystem) Create(name string) (File, error) { return os.Create(name) }

// Rename implements FileSystem. It syncs the directory afterwards, because a
// rename is only durable once the directory entry is on disk.
func (OSFileSystem) Rename(oldpath, newpath string) error {
	if err := os.Rename(oldpath, newpath); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(newpath))
}

// SyncDir makes the entries of dir durable (a new or renamed file survives a crash).
// A file system that cannot sync a folder says EINVAL or ENOTSUP: the
// rename itself has happened, so that is not worth failing the run for.
// Any other error (EIO: the entries may not be on disk) is returned, not
// dropped with those (a review, stop 50).
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = syncFolder(d)
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EOPNOTSUPP) {
		err = nil
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncFolder syncs the open folder d; a test stands in its errors.
var syncFolder = (*os.File).Sync

// Remove implements FileSystem.
func (OSFileSystem) Remove(name string) error {
	err := os.Remove(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// tempName is a fresh name a file is written under before it is final:
// .NAME.RANDOM.tmp in the same folder, so that the rename is atomic and two
// writers (two processes, or a process and the leftovers of a killed one)
// never share a temporary file (README, "What a results directory holds").
func tempName(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+randomHex()+".tmp")
}

// randomHex is 12 random hex digits, the RANDOM of pactsim's temporary
// files and staging folders.
func randomHex() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on the supported platforms; a
		// constant suffix is still correct for a single writer, which the
		// directory lock guarantees.
		panic("output: no randomness for a temporary name: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// isRandomHex reports whether s is what randomHex makes: a word that
// happens to be hex (.bad., .cafe.) is a user's name, not pactsim's.
func isRandomHex(s string) bool {
	return len(s) == 12 && strings.Trim(s, "0123456789abcdef") == ""
}

// tempFinal is tempName's inverse: the path a temporary .NAME.RANDOM.tmp
// becomes when it is final, and false for a name tempName did not make.
func tempFinal(tmp string) (string, bool) {
	inner, ok := strings.CutPrefix(filepath.Base(tmp), ".")
	if inner, ok2 := strings.CutSuffix(inner, ".tmp"); ok && ok2 {
		if i := strings.LastIndexByte(inner, '.'); i > 0 {
			return filepath.Join(filepath.Dir(tmp), inner[:i]), true
		}
	}
	return "", false
}

// IsTempName reports whether a file name (not a path) is a temporary file
// of a writer: .NAME.tmp or .NAME.RANDOM.tmp. Such a file is never final;
// once the directory's lock is held, its writer is gone.
func IsTempName(name string) bool {
	return len(name) > len("..tmp") && strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp")
}

// IsOwnTemp reports whether rel, a slash-separated path relative to a
// results directory, is one of pactsim's own temporary files, as tempName
// makes them (.NAME.RANDOM.tmp, RANDOM 12 hex digits; a decimal RANDOM and
// .NAME.tmp from older versions), in the folder where NAME is a file
// pactsim writes there.
// IsTempName's wider pattern would also take a user's .notes.tmp.
func IsOwnTemp(rel string) bool {
	dir, name := path.Split(rel)
	inner, ok := strings.CutPrefix(name, ".")
	if !ok {
		return false
	}
	if inner, ok = strings.CutSuffix(inner, ".tmp"); !ok {
		return false
	}
	final := path.Join(dir, inner)
	if IsResultsFile(final) && !IsResultsFolder(final) {
		return true // .NAME.tmp
	}
	i := strings.LastIndexByte(inner, '.')
	if i <= 0 {
		return false
	}
	base, random := inner[:i], inner[i+1:]
	// tempName's 12 hex digits, or the decimal number of os.CreateTemp,
	// which older versions used.
	decimal := len(random) <= 10 && strings.Trim(random, "0123456789") == ""
	if random == "" || !isRandomHex(random) && !decimal {
		return false
	}
	final = path.Join(dir, base)
	return IsResultsFile(final) && !IsResultsFolder(final)
}

// AtomicFile writes a file through a temporary name: nothing appears under
// its path until Commit has flushed, synced and renamed it (and synced the
// folder), and Abort removes the temporary file. It hashes what it writes,
// so that a caller can record the file's checksum without reading it back.
// Errors are wrapped once, with the final path. One goroutine owns it.
// Once Commit or Abort has run, Write fails with an error wrapping
// os.ErrClosed, a second Commit returns what the first returned, and a
// Commit after Abort fails (a review, stop 52: a Commit that failed
// returned nil when called again, and a Write after either vanished).
type AtomicFile struct {
	fs   FileSystem
	path string
	tmp  string
	f    File
	bw   *bufio.Writer
	h    hash.Hash
	n    int64
	done bool
	// end is what Commit returned, or errAborted after Abort.
	end error
}

// errAborted is Commit's error after Abort.
var errAborted = errors.New("aborted before Commit")

// CreateAtomic starts writing path on the operating system's file system.
func CreateAtomic(path string) (*AtomicFile, error) { return createAtomic(OSFileSystem{}, path) }

func createAtomic(fs FileSystem, path string) (*AtomicFile, error) {
	tmp := tempName(path)
	f, err := fs.Create(tmp)
	if err != nil {
		return nil, fmt.Errorf("output: create %s: %w", path, err)
	}
	return &AtomicFile{fs: fs, path: path, tmp: tmp, f: f, bw: bufio.NewWriterSize(f, 1<<16), h: sha256.New()}, nil
}

// Path is the final path.
func (a *AtomicFile) Path() string { return a.path }

// Write writes to the temporary file. Its errors are not wrapped, since the
// encoder that calls it wraps them; Commit and the caller name the path.
// After Commit or Abort it writes nothing and returns os.ErrClosed.
func (a *AtomicFile) Write(p []byte) (int, error) {
	if a.done {
		return 0, os.ErrClosed
	}
	n, err := a.bw.Write(p)
	a.h.Write(p[:n])
	a.n += int64(n)
	return n, err
}

// Sum returns the size and hex SHA-256 of what was written so far.
func (a *AtomicFile) Sum() FileSum {
	return FileSum{Bytes: a.n, SHA256: hex.EncodeToString(a.h.Sum(nil))}
}

// Commit flushes, syncs, closes and renames the file into place.
func (a *AtomicFile) Commit() error {
	if a.done {
		return a.end
	}
	a.done = true
	a.end = a.commit()
	return a.end
}

func (a *AtomicFile) commit() error {
	err := a.bw.Flush()
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = a.fs.Rename(a.tmp, a.path)
	}
	if err != nil {
		_ = a.fs.Remove(a.tmp)
		return fmt.Errorf("output: write %s: %w", a.path, err)
	}
	return nil
}

// Abort closes and removes the temporary file. It is safe to call after
// Commit (it does nothing then).
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.end = fmt.Errorf("output: write %s: %w", a.path, errAborted)
	_ = a.f.Close()
	_ = a.fs.Remove(a.tmp)
}

// WriteFileAtomic writes data to path through a temporary file, syncs it,
// renames it into place and syncs the folder: a crash leaves the old file
// or the new one, never a part of either. Every file of a results directory
// is written this way.
func WriteFileAtomic(path string, data []byte) error {
	return writeFileAtomic(OSFileSystem{}, path, data)
}

func writeFileAtomic(fs FileSystem, path string, data []byte) error {
	a, err := createAtomic(fs, path)
	if err != nil {
		return err
	}
	if _, err := a.Write(data); err != nil {
		a.Abort()
		return fmt.Errorf("output: write %s: %w", path, err)
	}
	return a.Commit()
}

// Folders a merge --force makes inside the directory it replaces: it
// writes the new merge into .merging-RANDOM and moves the old contents
// into .replaced-RANDOM before it removes them (experiments.Merge). Only a
// merge killed outright leaves one; the next writer of the directory
// removes it.
const (
	StagePrefix    = ".merging-"
	ReplacedPrefix = ".replaced-"
)

// StageName is a fresh name with prefix (StagePrefix or ReplacedPrefix)
// and 12 random hex digits.
func StageName(prefix string) string { return prefix + randomHex() }

// IsOwnStage reports whether name, an entry at the top of a results
// directory, is a folder StageName made.
func IsOwnStage(name string) bool {
	for _, prefix := range []string{StagePrefix, ReplacedPrefix} {
		if random, ok := strings.CutPrefix(name, prefix); ok {
			return isRandomHex(random)
		}
	}
	return false
}
