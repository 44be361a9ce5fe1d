package output

import (
	"os"

	"github.com/apache/arrow-go/v18/parquet/file"
)

// OpenParquet opens the Parquet file at path for reading, as
// file.OpenParquetFile(path, false) does, with the same errors. That call
// closes the file it opened when the footer is an error, but not when the
// Parquet library panics on it (a damaged footer): the readers recover and
// report the file, and the *os.File stayed open until the garbage
// collector found it, one descriptor per damaged part of a verify (a
// review, stop 49). Here it is closed on every path but success, and the
// panic goes on to the caller's recover. Anything but a regular file is
// refused, without blocking on a FIFO (OpenRegular; a review, stop 50).
func OpenParquet(path string) (*file.Reader, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	return parquetReader(f)
}

// parquetReader is file.NewParquetReader(f, opts...), closing f when it
// fails or panics; on success the reader's Close closes f.
func parquetReader(f *os.File, opts ...file.ReadOption) (*file.Reader, error) {
	done := false
	defer func() {
		if !done {
			f.Close()
		}
	}()
	pf, err := file.NewParquetReader(f, opts...)
	done = err == nil
	return pf, err
}
