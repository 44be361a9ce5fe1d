package output

import (
	"bytes"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// FuzzCheckIPCFile: CheckIPCFile takes any bytes without a panic, and a
// file it passes is read by the Arrow reader, batch by batch, with an
// error or a recoverable panic at worst (the readers recover those,
// RecoverRead), never a fatal error such as an allocation beyond memory:
// that is what the check is for (a review, stop 52).
func FuzzCheckIPCFile(f *testing.F) {
	rec := ipcTestRecord(f)
	defer rec.Release()
	good := ipcFileBytes(f, rec)
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte("ARROW1\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if CheckIPCFile(bytes.NewReader(b), int64(len(b))) != nil {
			return
		}
		defer func() { _ = recover() }()
		r, err := ipc.NewFileReader(bytes.NewReader(b))
		if err != nil {
			return
		}
		defer r.Close()
		for k := range r.NumRecords() {
			if _, err := r.RecordBatch(k); err != nil {
				return
			}
		}
	})
}
