package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"syscall"
)

// MaxConfigBytes is the largest config file pactsim reads, a user's or a
// results directory's config.yaml (experiments.MaxConfigBytes, and
// plots.ReadMeta's limit): a config is a few KiB, and an embedded roster a
// few more.
const MaxConfigBytes = 16 << 20

// ReadFileLimited reads the regular file at path, refusing anything else
// (a device such as /dev/zero, a FIFO, a socket, a directory) before it
// reads a byte, and refusing a file of more than limit bytes, by its size
// and again while reading (a file that grows). It never blocks on a FIFO:
// the file is opened non-blocking and checked again once open. The errors
// name the path and the limit.
func ReadFileLimited(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(path, fi, limit); err != nil {
		return nil, err
	}
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(path, fi, limit); err != nil { // it may have changed since
		return nil, err
	}
	// One byte past the limit tells a file that grew past it; at the
	// largest int64 ("no limit") limit+1 wrapped negative, and the file
	// read as empty with a nil error (a review, stop 52).
	data, err := io.ReadAll(io.LimitReader(f, min(limit, math.MaxInt64-1)+1))
	if err != nil {
		// The file's own error names the path already ("read PATH:
		// input/output error"): said once (a config given as
		// /proc/self/mem named it twice there; a review).
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			err = fmt.Errorf("read %s: %w", path, err)
		}
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than the limit of %s", path, FormatBytes(limit))
	}
	return data, nil
}

// OpenRegular opens path for reading if it is a regular file (through a
// symbolic link or not), and refuses anything else before reading a byte:
// it opens non-blocking, so a FIFO does not hang the open (and with it a
// verify or a merge, deaf to signals, review stop 29), and checks the open
// file, so a link to /dev/zero is not read without end. The error names
// the path and what it is.
func OpenRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = notRegular(path, fi.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ReadRegular reads the whole of the regular file at path, a file of a
// results directory, refusing anything else without blocking on a FIFO
// (OpenRegular): os.ReadFile would wait for a writer (a review, stop 50).
func ReadRegular(path string) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// notRegular is the error for a file of a results directory, at path, of
// mode m, not a regular file.
func notRegular(path string, m fs.FileMode) error {
	return fmt.Errorf("%s is not a regular file (it is %s); pactsim writes only regular files", path, FileKind(m))
}

func checkRegular(path string, fi fs.FileInfo, limit int64) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (it is %s); give the path of a file", path, FileKind(fi.Mode()))
	}
	if fi.Size() > limit {
		return fmt.Errorf("%s is %s, larger than the limit of %s", path, FormatBytes(fi.Size()), FormatBytes(limit))
	}
	return nil
}

// FileKind names the kind of a file of mode m, for messages: "a
// directory", "a symbolic link" (of an Lstat'ed mode), "a named pipe
// (FIFO)", "a socket", "a character device", "a device", "a regular file",
// else "a special file".
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m.IsRegular():
		return "a regular file"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Plural returns noun for n = 1 and noun with an s otherwise, for the
// counts in messages ("1 shard", "2 shards").
func Plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// FormatBytes renders a byte count for messages: 16 MiB, 1.5 GiB, 812 B.
func FormatBytes(n int64) string {
	x := float64(n)
	for _, u := range []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"} {
		if x < 1024 || u == "PiB" {
			if u == "B" {
				return fmt.Sprintf("%d B", n)
			}
			s := fmt.Sprintf("%.1f", x)
			if s != "1024.0" || u == "PiB" {
				return trimZero(s) + " " + u
			}
			// Rounded up to the next unit: a byte short of 1 MiB read
			// "1024 KiB" (a review, stop 52).
		}
		x /= 1024
	}
	return fmt.Sprintf("%d B", n)
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}
