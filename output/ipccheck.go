package output

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// This file checks the Arrow IPC metadata of a file before arrow-go
// decodes it. arrow-go reads flatbuffers as they come: it makes a slice as
// long as a schema's stored field, child or key-value count, follows a
// field's children as deep as they point, and, in a record batch that
// says it is compressed, allocates the uncompressed size its body states.
// A damaged count or size (one flipped bit, in a part whose checksum a
// forger listed again) then asks for hundreds of gigabytes, and Go's
// "out of memory" is a fatal error that recover cannot catch, so verify
// died instead of naming the file. Every count is checked here against
// the bytes that would have to hold it, the nesting is bounded, and
// pactsim's own parts, which are never compressed, are refused if they
// say they are. The layouts are Arrow's format/Schema.fbs, Message.fbs and
// File.fbs (the columnar format's specification).

// Limits on what pactsim's own tables hold: a few dozen flat columns plus
// one per swept parameter, dictionary-encoded or not, without children.
const (
	ipcMaxDepth  = 8    // nesting of fields within fields
	ipcMaxFields = 4096 // fields visited in one schema, children included
)

// Flatbuffer vtable slots (4 + 2·field index) of the tables read here.
const (
	slotSchemaFields   = 6
	slotSchemaMeta     = 8
	slotSchemaFeatures = 10

	slotFieldName     = 4
	slotFieldTypeType = 8
	slotFieldType     = 10
	slotFieldDict     = 12
	slotFieldChildren = 14
	slotFieldMeta     = 16

	slotKeyValueKey   = 4
	slotKeyValueValue = 6

	slotDictIndexType = 6 // DictionaryEncoding.indexType

	slotUnionTypeIDs = 6
	typeUnion        = 14 // Type.Union

	slotMessageHeaderType = 6
	slotMessageHeader     = 8
	slotMessageMeta       = 12
	headerSchema          = 1 // MessageHeader.Schema
	headerDictionary      = 2 // MessageHeader.DictionaryBatch
	headerRecordBatch     = 3 // MessageHeader.RecordBatch

	slotBatchNodes       = 6
	slotBatchBuffers     = 8
	slotBatchCompression = 10
	slotBatchVariadic    = 12
	slotDictBatchData    = 6

	slotFooterSchema  = 6
	slotFooterDicts   = 8
	slotFooterBatches = 10
	slotFooterMeta    = 12

	sizeBlock     = 24 // Block: offset int64, metaDataLength int32 (+4), bodyLength int64
	sizeFieldNode = 16
	sizeBuffer    = 16
)

var errFlatbuffer = errors.New("damaged Arrow metadata")

// fb is a flatbuffer whose every read is checked against its length.
type fb []byte

func (b fb) u16(at int) (int, error) {
	if at < 0 || at > len(b)-2 {
		return 0, errFlatbuffer
	}
	return int(binary.LittleEndian.Uint16(b[at:])), nil
}

func (b fb) u32(at int) (int, error) {
	if at < 0 || at > len(b)-4 {
		return 0, errFlatbuffer
	}
	return int(binary.LittleEndian.Uint32(b[at:])), nil
}

// fbTable is a table at pos with its vtable at vt of vtLen bytes.
type fbTable struct {
	b           fb
	pos, vt, vn int
}

// table is the table at pos.
func (b fb) table(pos int) (fbTable, error) {
	so, err := b.u32(pos)
	if err != nil {
		return fbTable{}, err
	}
	vt := pos - int(int32(uint32(so)))
	vn, err := b.u16(vt)
	if err != nil || vn < 4 || vn%2 != 0 || vt+vn > len(b) {
		return fbTable{}, errFlatbuffer
	}
	return fbTable{b: b, pos: pos, vt: vt, vn: vn}, nil
}

// root is the table the buffer's first offset points at.
func (b fb) root() (fbTable, error) {
	off, err := b.u32(0)
	if err != nil {
		return fbTable{}, err
	}
	return b.table(off)
}

// field is slot's offset within the table, 0 when absent.
func (t fbTable) field(slot int) (int, error) {
	if slot+2 > t.vn {
		return 0, nil
	}
	return t.b.u16(t.vt + slot)
}

// byte is the one-byte scalar at slot (0 when absent).
func (t fbTable) byte(slot int) (int, error) {
	o, err := t.field(slot)
	if err != nil || o == 0 {
		return 0, err
	}
	if t.pos+o >= len(t.b) {
		return 0, errFlatbuffer
	}
	return int(t.b[t.pos+o]), nil
}

// ref follows the offset stored at slot; ok is false when slot is absent.
func (t fbTable) ref(slot int) (at int, ok bool, err error) {
	o, err := t.field(slot)
	if err != nil || o == 0 {
		return 0, false, err
	}
	rel, err := t.b.u32(t.pos + o)
	if err != nil {
		return 0, false, err
	}
	return t.pos + o + rel, true, nil
}

// sub is the table at slot; ok is false when slot is absent.
func (t fbTable) sub(slot int) (fbTable, bool, error) {
	at, ok, err := t.ref(slot)
	if err != nil || !ok {
		return fbTable{}, false, err
	}
	s, err := t.b.table(at)
	return s, err == nil, err
}

// vector is the start and length of the vector at slot, whose elements
// are size bytes each; a length its bytes cannot hold is an error.
func (t fbTable) vector(slot, size int) (start, n int, err error) {
	at, ok, err := t.ref(slot)
	if err != nil || !ok {
		return 0, 0, err
	}
	if n, err = t.b.u32(at); err != nil {
		return 0, 0, err
	}
	start = at + 4
	if start > len(t.b) || n > (len(t.b)-start)/size {
		return 0, 0, errFlatbuffer
	}
	return start, n, nil
}

// tables calls fn on each table of the vector of tables at slot.
func (t fbTable) tables(slot int, fn func(fbTable) error) error {
	start, n, err := t.vector(slot, 4)
	if err != nil {
		return err
	}
	for i := range n {
		at := start + 4*i
		rel, err := t.b.u32(at)
		if err != nil {
			return err
		}
		e, err := t.b.table(at + rel)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// keyValues checks the key-value vector at slot.
func (t fbTable) keyValues(slot int) error {
	return t.tables(slot, func(kv fbTable) error {
		for _, s := range []int{slotKeyValueKey, slotKeyValueValue} {
			if _, _, err := kv.vector(s, 1); err != nil {
				return err
			}
		}
		return nil
	})
}

// schemaCheck walks one schema, counting the fields it visits.
type schemaCheck struct{ fields int }

func (c *schemaCheck) schema(s fbTable) error {
	if err := s.tables(slotSchemaFields, func(f fbTable) error { return c.field(f, 1) }); err != nil {
		return err
	}
	if _, _, err := s.vector(slotSchemaFeatures, 8); err != nil {
		return err
	}
	return s.keyValues(slotSchemaMeta)
}

func (c *schemaCheck) field(f fbTable, depth int) error {
	if c.fields++; depth > ipcMaxDepth || c.fields > ipcMaxFields {
		return fmt.Errorf("%w: fields nested deeper than %d or more than %d", errFlatbuffer, ipcMaxDepth, ipcMaxFields)
	}
	if _, _, err := f.vector(slotFieldName, 1); err != nil {
		return err
	}
	tt, err := f.byte(slotFieldTypeType)
	if err != nil {
		return err
	}
	if typ, ok, err := f.sub(slotFieldType); err != nil {
		return err
	} else if ok && tt == typeUnion {
		if _, _, err := typ.vector(slotUnionTypeIDs, 4); err != nil {
			return err
		}
	}
	if d, ok, err := f.sub(slotFieldDict); err != nil {
		return err
	} else if ok {
		if _, _, err := d.sub(slotDictIndexType); err != nil {
			return err
		}
	}
	if err := f.keyValues(slotFieldMeta); err != nil {
		return err
	}
	return f.tables(slotFieldChildren, func(ch fbTable) error { return c.field(ch, depth+1) })
}

// message is the flatbuffer of an encapsulated IPC message at the start
// of b: an optional continuation marker, its length, then the message.
func message(b []byte) (fb, error) {
	at := 0
	n, err := fb(b).u32(0)
	if err != nil {
		return nil, err
	}
	if n == 0xFFFFFFFF {
		if n, err = fb(b).u32(4); err != nil {
			return nil, err
		}
		at = 4
	}
	at += 4
	if n > len(b)-at {
		return nil, errFlatbuffer
	}
	return fb(b[at : at+n]), nil
}

// checkMessage checks an IPC message's metadata m whose header must be of
// type want (a schema, a record batch or a dictionary batch).
func checkMessage(m fb, want int) error {
	root, err := m.root()
	if err != nil {
		return err
	}
	ht, err := root.byte(slotMessageHeaderType)
	if err != nil {
		return err
	}
	if ht != want {
		return fmt.Errorf("%w: a message of type %d where %d belongs", errFlatbuffer, ht, want)
	}
	if err := root.keyValues(slotMessageMeta); err != nil {
		return err
	}
	h, ok, err := root.sub(slotMessageHeader)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: a message without its header", errFlatbuffer)
	}
	switch want {
	case headerSchema:
		return new(schemaCheck).schema(h)
	case headerDictionary:
		data, ok, err := h.sub(slotDictBatchData)
		if err != nil || !ok {
			return errors.Join(errFlatbuffer, err)
		}
		return checkBatch(data)
	default:
		return checkBatch(h)
	}
}

// checkBatch checks a record batch's vectors, and refuses a compressed
// body: pactsim writes none, and the reader would allocate whatever
// uncompressed size the body states.
func checkBatch(rb fbTable) error {
	if _, ok, err := rb.ref(slotBatchCompression); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("%w: a compressed record batch (pactsim writes none)", errFlatbuffer)
	}
	for _, v := range []struct{ slot, size int }{{slotBatchNodes, sizeFieldNode}, {slotBatchBuffers, sizeBuffer}, {slotBatchVariadic, 8}} {
		if _, _, err := rb.vector(v.slot, v.size); err != nil {
			return err
		}
	}
	return nil
}

// CheckStoredSchema checks the Arrow schema a Parquet file stores in its
// key-value metadata (ARROW:schema, base64 of an IPC schema message,
// decoded as pqarrow decodes it) before pqarrow reads it.
func CheckStoredSchema(pf *file.Reader) error {
	v := pf.MetaData().KeyValueMetadata().FindValue("ARROW:schema")
	if v == nil {
		return nil
	}
	var raw []byte
	var err error
	if len(*v)%4 == 0 {
		raw, err = base64.StdEncoding.DecodeString(*v)
	}
	if len(raw) == 0 || err != nil {
		if raw, err = base64.RawStdEncoding.DecodeString(*v); err != nil {
			return fmt.Errorf("damaged ARROW:schema metadata: %w", err)
		}
	}
	m, err := message(raw)
	if err == nil {
		err = checkMessage(m, headerSchema)
	}
	if err != nil {
		return fmt.Errorf("ARROW:schema metadata: %w", err)
	}
	return nil
}

// NewParquetArrowReader is pqarrow.NewFileReader after CheckStoredSchema.
func NewParquetArrowReader(pf *file.Reader, props pqarrow.ArrowReadProperties, mem memory.Allocator) (*pqarrow.FileReader, error) {
	if err := CheckStoredSchema(pf); err != nil {
		return nil, err
	}
	return pqarrow.NewFileReader(pf, props, mem)
}

// maxIPCMeta caps what CheckIPCFile reads into memory at once: an Arrow
// file's footer, or a block's metadata. Both are read whole, at the
// length the file states, which a damaged or forged file of gigabytes
// could make gigabytes (a review, stop 51). The footer pactsim writes is
// its schema (some 20 KB) and 24 bytes a record batch, each of up to
// 131,072 rows: 64 MiB is some 2.8 million batches, files of terabytes;
// a batch's metadata is a few KB.
const maxIPCMeta = 64 << 20

// CheckIPCFile checks an Arrow IPC file's footer, its schema, and the
// metadata of every record batch and dictionary batch it lists, before
// ipc.NewFileReader reads them. size is the file's length.
func CheckIPCFile(r io.ReaderAt, size int64) error {
	const magic, tail = 6, 10 // "ARROW1", then the footer's int32 length and the magic
	if size < magic+2+tail {
		return errors.New("too small for an Arrow IPC file")
	}
	var end [tail]byte
	if err := readAt(r, end[:], size-tail); err != nil {
		return err
	}
	n := int64(binary.LittleEndian.Uint32(end[:4]))
	if n <= 0 || n > size-tail-magic {
		return fmt.Errorf("%w: a footer of %d bytes in a file of %d", errFlatbuffer, n, size)
	}
	if n > maxIPCMeta {
		return fmt.Errorf("%w: a footer of %d bytes, over the %s an Arrow file's footer may hold here", errFlatbuffer, n, FormatBytes(maxIPCMeta))
	}
	buf := make([]byte, n)
	if err := readAt(r, buf, size-tail-n); err != nil {
		return err
	}
	foot, err := fb(buf).root()
	if err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	s, ok, err := foot.sub(slotFooterSchema)
	if err == nil && !ok {
		err = fmt.Errorf("%w: no schema", errFlatbuffer)
	}
	if err == nil {
		err = new(schemaCheck).schema(s)
	}
	if err == nil {
		err = foot.keyValues(slotFooterMeta)
	}
	if err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	// The blocks' messages and bodies lie apart in the file, so together
	// they fit in it: checked for every block before any is read, so that
	// the reading stays within the file's size (a review, stop 41: a
	// footer of 40,000 blocks each claiming the rest of a 1 MB file took a
	// minute).
	type block struct {
		off, meta int64
		header    int
	}
	var blocks []block
	var total int64
	for _, kind := range []struct{ slot, header int }{{slotFooterDicts, headerDictionary}, {slotFooterBatches, headerRecordBatch}} {
		start, k, err := foot.vector(kind.slot, sizeBlock)
		if err != nil {
			return fmt.Errorf("footer: %w", err)
		}
		for i := range k {
			at := start + sizeBlock*i
			off := int64(binary.LittleEndian.Uint64(buf[at:]))
			meta := int64(int32(binary.LittleEndian.Uint32(buf[at+8:])))
			body := int64(binary.LittleEndian.Uint64(buf[at+16:]))
			if off < 0 || meta <= 0 || body < 0 || off%8 != 0 || meta%8 != 0 || off > size || meta > size-off || body > size-off-meta {
				return fmt.Errorf("%w: block %d lies outside the file or off its 8-byte alignment", errFlatbuffer, i)
			}
			if meta > maxIPCMeta {
				return fmt.Errorf("%w: block %d has %d bytes of metadata, over the %s it may hold here", errFlatbuffer, i, meta, FormatBytes(maxIPCMeta))
			}
			if total += meta + body; total > size {
				return fmt.Errorf("%w: its blocks hold more bytes than the file", errFlatbuffer)
			}
			blocks = append(blocks, block{off, meta, kind.header})
		}
	}
	for i, b := range blocks {
		mb := make([]byte, b.meta)
		if err := readAt(r, mb, b.off); err != nil {
			return err
		}
		m, err := message(mb)
		if err == nil {
			err = checkMessage(m, b.header)
		}
		if err != nil {
			return fmt.Errorf("block %d: %w", i, err)
		}
	}
	return nil
}

// readAt fills p from r at off. A full read is a success with io.EOF too,
// which io.ReaderAt allows where p ends at the end of the input: that
// EOF refused a sound file (a review, stop 52). A short read with no error,
// which the interface does not allow, is io.ErrUnexpectedEOF.
func readAt(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	switch {
	case n == len(p) && (err == nil || err == io.EOF):
		return nil
	case err == nil:
		return io.ErrUnexpectedEOF
	}
	return err
}

// NewIPCFileReader is ipc.NewFileReader after CheckIPCFile.
func NewIPCFileReader(f *os.File, opts ...ipc.Option) (*ipc.FileReader, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := CheckIPCFile(f, fi.Size()); err != nil {
		return nil, err
	}
	return ipc.NewFileReader(f, opts...)
}
