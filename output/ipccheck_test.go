package output

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	flatbuffers "github.com/google/flatbuffers/go"
)

// ipcTestRecord is a batch shaped like pactsim's tables: plain columns, a
// dictionary-encoded label and schema metadata.
func ipcTestRecord(t testing.TB) arrow.RecordBatch {
	t.Helper()
	dict := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}
	md := arrow.NewMetadata([]string{MetaConfigSHA256}, []string{"abc"})
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "point", Type: arrow.PrimitiveTypes.Int32},
		{Name: "architecture", Type: dict},
		{Name: "estimate", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
	}, &md)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	for i := range 40 {
		b.Field(0).(*array.Int32Builder).Append(int32(i))
		if err := b.Field(1).(*array.BinaryDictionaryBuilder).AppendString([]string{"treaty", "layered"}[i%2]); err != nil {
			t.Fatal(err)
		}
		b.Field(2).(*array.Float64Builder).Append(float64(i) / 3)
	}
	return b.NewRecordBatch()
}

func ipcFileBytes(t testing.TB, rec arrow.RecordBatch, opts ...ipc.Option) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.arrow")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := ipc.NewFileWriter(f, append(opts, ipc.WithSchema(rec.Schema()))...)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fieldsCountAt is where a schema table's field count lies in b.
func fieldsCountAt(t *testing.T, s fbTable) int {
	t.Helper()
	at, ok, err := s.ref(slotSchemaFields)
	if err != nil || !ok {
		t.Fatalf("no fields vector: %v", err)
	}
	return at
}

// readParquetSchema opens the Parquet bytes b as the readers do and reads
// the schema; a crash is the only outcome it does not report.
func readParquetSchema(t *testing.T, b []byte) error {
	t.Helper()
	pf, err := file.NewParquetReader(bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer pf.Close()
	defer func() { _ = recover() }() // a panic is recoverable; the fatal errors are what this checks
	fr, err := NewParquetArrowReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return err
	}
	_, err = fr.Schema()
	return err
}

// readIPC opens the Arrow IPC file at path as the readers do and reads
// every batch.
func readIPC(t *testing.T, path string) error {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	defer func() { _ = recover() }()
	r, err := NewIPCFileReader(f)
	if err != nil {
		return err
	}
	defer r.Close()
	for k := range r.NumRecords() {
		if _, err := r.RecordBatch(k); err != nil {
			return err
		}
	}
	return nil
}

// TestStoredSchemaCounts: a Parquet file's stored Arrow schema with any
// 32-bit word replaced by a huge count is read or refused, never fatal.
// Before the check, a field count of 0x7ffffff0 made pqarrow ask for some
// 190 GB and the process died with Go's "out of memory", which recover
// cannot catch (verify of a forged part, a review of stop 38); the word
// holding the field count must be refused by the check itself.
func TestStoredSchemaCounts(t *testing.T) {
	rec := ipcTestRecord(t)
	defer rec.Release()
	good := parquetBytes(t, rec, parquet.NewWriterProperties(), pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	pf, err := file.NewParquetReader(bytes.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	enc := *pf.MetaData().KeyValueMetadata().FindValue("ARROW:schema")
	pf.Close()
	if err := readParquetSchema(t, good); err != nil {
		t.Fatalf("the file as written: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	m, err := message(raw)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := m.root()
	s, _, _ := root.sub(slotMessageHeader)
	prefix := 4 // the message's length, after a continuation marker if any
	if binary.LittleEndian.Uint32(raw) == 0xffffffff {
		prefix = 8
	}
	countAt := prefix + fieldsCountAt(t, s)
	if got := binary.LittleEndian.Uint32(raw[countAt:]); got != 3 {
		t.Fatalf("the field count reads %d, want 3", got)
	}
	at := bytes.Index(good, []byte(enc))
	refused := map[int]error{}
	for w := 0; w+4 <= len(raw); w += 4 {
		bad := bytes.Clone(raw)
		binary.LittleEndian.PutUint32(bad[w:], 0x7ffffff0)
		file := bytes.Clone(good)
		copy(file[at:], base64.StdEncoding.EncodeToString(bad)) // the same length
		if err := readParquetSchema(t, file); err != nil {
			refused[w] = err
		}
	}
	if err := refused[countAt]; !errors.Is(err, errFlatbuffer) {
		t.Errorf("a field count of 0x7ffffff0: %v, want the check's refusal", err)
	}
}

// TestIPCFileCounts: the same for an Arrow IPC file's footer, whose
// schema arrow-go decodes the same way, and every batch read after it.
func TestIPCFileCounts(t *testing.T) {
	rec := ipcTestRecord(t)
	defer rec.Release()
	good := ipcFileBytes(t, rec)
	path := filepath.Join(t.TempDir(), "x.arrow")
	write := func(b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(good)
	if err := readIPC(t, path); err != nil {
		t.Fatalf("the file as written: %v", err)
	}
	n := int(binary.LittleEndian.Uint32(good[len(good)-10:]))
	start := len(good) - 10 - n
	foot, err := fb(good[start : start+n]).root()
	if err != nil {
		t.Fatal(err)
	}
	s, _, _ := foot.sub(slotFooterSchema)
	countAt := start + fieldsCountAt(t, s)
	var countErr error
	for w := start; w+4 <= start+n; w += 4 {
		bad := bytes.Clone(good)
		binary.LittleEndian.PutUint32(bad[w:], 0x7ffffff0)
		write(bad)
		if err := readIPC(t, path); w == countAt {
			countErr = err
		}
	}
	if !errors.Is(countErr, errFlatbuffer) {
		t.Errorf("a field count of 0x7ffffff0: %v, want the check's refusal", countErr)
	}
}

// TestIPCFileCompressedOrDeep: pactsim writes neither compressed batches
// (whose stated uncompressed size the reader allocates) nor nested
// fields, so the check refuses a file with either.
func TestIPCFileCompressedOrDeep(t *testing.T) {
	rec := ipcTestRecord(t)
	defer rec.Release()
	path := filepath.Join(t.TempDir(), "z.arrow")
	if err := os.WriteFile(path, ipcFileBytes(t, rec, ipc.WithZstd()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := readIPC(t, path); err == nil || !strings.Contains(err.Error(), "compressed record batch") {
		t.Errorf("a compressed file: %v, want a refusal naming the compression", err)
	}

	typ := arrow.DataType(arrow.PrimitiveTypes.Int32)
	for range ipcMaxDepth {
		typ = arrow.StructOf(arrow.Field{Name: "x", Type: typ})
	}
	deep := arrow.NewSchema([]arrow.Field{{Name: "deep", Type: typ}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, deep)
	defer b.Release()
	deepRec := b.NewRecordBatch()
	defer deepRec.Release()
	pq := parquetBytes(t, deepRec, parquet.NewWriterProperties(), pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err := readParquetSchema(t, pq); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("a schema nested %d deep: %v, want a refusal", ipcMaxDepth+1, err)
	}
	if err := os.WriteFile(path, ipcFileBytes(t, deepRec), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := readIPC(t, path); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Errorf("an Arrow file nested %d deep: %v, want a refusal", ipcMaxDepth+1, err)
	}
}

// TestIPCFileBlocksFitTheFile: a footer listing many blocks that each
// claim most of the file is refused before any block is read; each was
// read in turn, so the time grew with the square of the file's size (a
// review, stop 41: 40,000 such blocks in a 1 MB file took a minute).
func TestIPCFileBlocksFitTheFile(t *testing.T) {
	const k, filler = 2000, 1 << 16
	b := flatbuffers.NewBuilder(0)
	b.StartObject(4)
	schema := b.EndObject()
	meta := int64(filler) &^ 7
	b.StartVector(sizeBlock, k, 8)
	for range k {
		b.Prep(8, sizeBlock)
		b.PrependInt64(0) // bodyLength
		b.Pad(4)
		b.PrependInt32(int32(meta))
		b.PrependInt64(8) // offset, after the magic
	}
	blocks := b.EndVector(k)
	b.StartObject(5)
	b.PrependUOffsetTSlot(1, schema, 0)
	b.PrependUOffsetTSlot(3, blocks, 0)
	b.Finish(b.EndObject())
	footer := b.FinishedBytes()
	file := append([]byte("ARROW1\x00\x00"), make([]byte, filler)...)
	file = append(file, footer...)
	file = binary.LittleEndian.AppendUint32(file, uint32(len(footer)))
	file = append(file, "ARROW1"...)
	err := CheckIPCFile(bytes.NewReader(file), int64(len(file)))
	if err == nil || !strings.Contains(err.Error(), "more bytes than the file") {
		t.Fatalf("%d blocks of %d bytes each in a file of %d: %v, want a refusal before reading them", k, meta, len(file), err)
	}
}
