package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// FileSystem is what the writers create, rename and remove files through.
// The operating system's (OSFileSystem) is the default; tests inject one that
// fails after a byte budget, to show that a full disk leaves nothing behind
// that looks complete. Reads go to the operating system directly.
type FileSystem interface {
	// MkdirAll creates dir and its parents.
	MkdirAll(dir string) error
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

// MkdirAll implements FileSystem.
func (OSFileSystem) MkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// Create implements FileSystem.
func (OSFileSystem) Create(name string) (File, error) { return os.Create(name) }

// Rename implements FileSystem. It syncs the directory afterwards, because a
// rename is only durable once the directory entry is on disk.
func (OSFileSystem) Rename(oldpath, newpath string) error {
	if err := os.Rename(oldpath, newpath); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(newpath))
	if err != nil {
		return err
	}
	// Some file systems do not support syncing a directory; the rename
	// itself has happened, so that is not worth failing the run for.
	_ = d.Sync()
	return d.Close()
}

// Remove implements FileSystem.
func (OSFileSystem) Remove(name string) error {
	err := os.Remove(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// tempName is the name a file is written under before it is final
// (DESIGN: temporary files are named .NAME.tmp, in the same folder so that
// the rename is atomic).
func tempName(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
}

// atomicFile writes path through a temporary file: nothing appears under
// path until Commit has synced and renamed it, and Abort removes the
// temporary file. Errors are wrapped once, with the final path.
type atomicFile struct {
	fs   FileSystem
	path string
	tmp  string
	f    File
	bw   *bufio.Writer
	done bool
}

func createAtomic(fs FileSystem, path string) (*atomicFile, error) {
	tmp := tempName(path)
	f, err := fs.Create(tmp)
	if err != nil {
		return nil, fmt.Errorf("output: create %s: %w", path, err)
	}
	return &atomicFile{fs: fs, path: path, tmp: tmp, f: f, bw: bufio.NewWriterSize(f, 1<<16)}, nil
}

// Write writes to the temporary file. Its errors are not wrapped, since the
// encoder that calls it wraps them; Commit and the caller name the path.
func (a *atomicFile) Write(p []byte) (int, error) { return a.bw.Write(p) }

// Commit flushes, syncs, closes and renames the file into place.
func (a *atomicFile) Commit() error {
	if a.done {
		return nil
	}
	a.done = true
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
func (a *atomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	_ = a.f.Close()
	_ = a.fs.Remove(a.tmp)
}

// writeFileAtomic writes data to path through a temporary file.
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
