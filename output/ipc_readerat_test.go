package output

import (
	"bytes"
	"io"
	"testing"
)

// eofAtEnd is an io.ReaderAt that, as the interface allows, returns io.EOF
// with a full read that reaches the end of its input.
type eofAtEnd struct{ b []byte }

func (r eofAtEnd) ReadAt(p []byte, off int64) (int, error) {
	n, err := bytes.NewReader(r.b).ReadAt(p, off)
	if err == nil && off+int64(n) == int64(len(r.b)) {
		err = io.EOF
	}
	return n, err
}

// CheckIPCFile takes a reader that says io.EOF with the file's last bytes,
// as io.ReaderAt allows ("If the n = len(p) bytes returned by ReadAt are at
// the end of the input source, ReadAt may return either err == EOF or err
// == nil"); it refused a sound file from one with "EOF" (a review, stop
// 52). A read that comes up short is still an error.
func TestCheckIPCFileEOFAtEnd(t *testing.T) {
	rec := ipcTestRecord(t)
	defer rec.Release()
	good := ipcFileBytes(t, rec)
	if err := CheckIPCFile(eofAtEnd{good}, int64(len(good))); err != nil {
		t.Errorf("a sound file through a reader that says EOF at its end: %v", err)
	}
	if err := CheckIPCFile(eofAtEnd{good[:len(good)-1]}, int64(len(good))); err == nil {
		t.Error("a size one byte beyond the reader's input: no error")
	}
}
