package output

import (
	"encoding/binary"
	"strings"
	"testing"

	flatbuffers "github.com/google/flatbuffers/go"
)

// sparseFile is a file of size bytes, zeros but for head at its start and
// tail at its end, that records the longest read asked of it.
type sparseFile struct {
	size       int64
	head, tail []byte
	longest    int
}

func (f *sparseFile) ReadAt(p []byte, off int64) (int, error) {
	f.longest = max(f.longest, len(p))
	for i := range p {
		at, b := off+int64(i), byte(0)
		switch {
		case at < int64(len(f.head)):
			b = f.head[at]
		case at >= f.size-int64(len(f.tail)):
			b = f.tail[at-(f.size-int64(len(f.tail)))]
		}
		p[i] = b
	}
	return len(p), nil
}

// TestIPCFileHugeFooter (a review, stop 51): CheckIPCFile read an Arrow
// file's footer, and each block's metadata, whole at the length the file
// states: a damaged file of gigabytes made it allocate gigabytes. Over
// maxIPCMeta, both are refused before they are read.
func TestIPCFileHugeFooter(t *testing.T) {
	const size, claim = 1 << 30, 96 << 20
	tail := binary.LittleEndian.AppendUint32(nil, claim)
	f := &sparseFile{size: size, head: []byte("ARROW1\x00\x00"), tail: append(tail, "ARROW1"...)}
	err := CheckIPCFile(f, size)
	if err == nil || !strings.Contains(err.Error(), "a footer of 100663296 bytes, over the 64 MiB") {
		t.Errorf("a footer of %d bytes: %v, want a refusal over the cap", claim, err)
	}
	if f.longest > maxIPCMeta {
		t.Errorf("a footer of %d bytes: a read of %d bytes, over the cap of %d", claim, f.longest, maxIPCMeta)
	}

	// One block whose metadata claims 96 MiB of the file.
	b := flatbuffers.NewBuilder(0)
	b.StartObject(4)
	schema := b.EndObject()
	b.StartVector(sizeBlock, 1, 8)
	b.Prep(8, sizeBlock)
	b.PrependInt64(0) // bodyLength
	b.Pad(4)
	b.PrependInt32(claim)
	b.PrependInt64(8) // offset, after the magic
	blocks := b.EndVector(1)
	b.StartObject(5)
	b.PrependUOffsetTSlot(1, schema, 0)
	b.PrependUOffsetTSlot(3, blocks, 0)
	b.Finish(b.EndObject())
	footer := b.FinishedBytes()
	tail = binary.LittleEndian.AppendUint32(append([]byte(nil), footer...), uint32(len(footer)))
	f = &sparseFile{size: size, head: []byte("ARROW1\x00\x00"), tail: append(tail, "ARROW1"...)}
	err = CheckIPCFile(f, size)
	if err == nil || !strings.Contains(err.Error(), "block 0 has 100663296 bytes of metadata, over the 64 MiB") {
		t.Errorf("a block of %d bytes of metadata: %v, want a refusal over the cap", claim, err)
	}
	if f.longest > maxIPCMeta {
		t.Errorf("a block of %d bytes of metadata: a read of %d bytes, over the cap of %d", claim, f.longest, maxIPCMeta)
	}
}
