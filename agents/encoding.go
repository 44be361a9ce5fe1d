package agents

import (
	"bytes"
	"fmt"
)

// WideEncoding names the encoding of data when it is UTF-32, or UTF-16
// without a byte-order mark, which a reader of UTF-8 takes for text with
// zero bytes (YAML's refuses at the first, encoding/csv reads
// "s\x00t\x00..." as a column's name); "" otherwise. A first character below
// U+0100 (every config starts with a key, a comment or a mark, every
// roster with a column's name or a comment) gives the pattern of zero
// bytes. The config reader and the roster parser name the encoding in
// these words.
func WideEncoding(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe, 0, 0}):
		return "UTF-32 (little-endian) text"
	case bytes.HasPrefix(data, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32 (big-endian) text"
	case len(data) < 4:
		return ""
	case data[0] != 0 && data[1] == 0 && data[2] == 0 && data[3] == 0:
		return "UTF-32 (little-endian) text"
	case data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] != 0:
		return "UTF-32 (big-endian) text"
	case data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return "UTF-16 (little-endian) text without a byte-order mark"
	case data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return "UTF-16 (big-endian) text without a byte-order mark"
	}
	return ""
}

// wideRoster is the error for a roster, name, whose data is UTF-16 or
// UTF-32 text, which a roster never is (a review, stop 50: a roster saved
// as UTF-16 without a byte-order mark was refused as an unknown column
// "s\x00t\x00a\x00..."), or nil.
func wideRoster(name string, data []byte) error {
	wide := WideEncoding(data)
	switch {
	case wide != "":
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		wide = "UTF-16 (little-endian) text with a byte-order mark"
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		wide = "UTF-16 (big-endian) text with a byte-order mark"
	default:
		return nil
	}
	return fmt.Errorf("roster %s:1: the file is %s: a roster is UTF-8 text; save the file as UTF-8 (\"CSV UTF-8\")", ShowName(name), wide)
}
