package output

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"
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

// FuzzStoredSchema: a Parquet file's stored Arrow schema (ARROW:schema,
// the IPC schema message pqarrow decodes) passes CheckStoredSchema or is
// refused by it, and one it passes is decoded by pqarrow with an error or
// a recoverable panic at worst, never a fatal error. The fuzzed bytes are
// the stored schema itself, written into a sound file.
func FuzzStoredSchema(f *testing.F) {
	rec := ipcTestRecord(f)
	defer rec.Release()
	good := parquetBytes(f, rec, parquet.NewWriterProperties(), pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	pf, err := file.NewParquetReader(bytes.NewReader(good))
	if err != nil {
		f.Fatal(err)
	}
	v := pf.MetaData().KeyValueMetadata().FindValue("ARROW:schema")
	pf.Close()
	if v == nil {
		f.Fatal("no stored schema")
	}
	raw, err := base64.StdEncoding.DecodeString(*v)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		md := metadata.NewKeyValueMetadata()
		if err := md.Append("ARROW:schema", base64.StdEncoding.EncodeToString(b)); err != nil {
			t.Fatal(err)
		}
		props := parquet.NewWriterProperties()
		var buf bytes.Buffer
		w := file.NewParquetWriter(&buf, mustSchemaOf(t, rec), file.WithWriterProps(props), file.WithWriteMetadata(md))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		pf, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer pf.Close()
		defer func() { _ = recover() }()
		fr, err := NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
		if err != nil {
			return
		}
		_, _ = fr.Schema()
	})
}

// mustSchemaOf is the Parquet schema pqarrow writes for rec.
func mustSchemaOf(t *testing.T, rec arrow.RecordBatch) *schema.GroupNode {
	s, err := pqarrow.ToParquet(rec.Schema(), nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	return s.Root()
}
