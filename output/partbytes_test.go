package output

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestCheckPartBytes: every part written again from its stored rows, with
// row groups cut after the same tasks as the writer cut them (at 12 rows
// here: a part has many, and 3 tasks of runs rows reach it exactly) and
// the states table whole or in row groups,
// is the bytes on disk; a byte of a file's footer changed is a
// *MismatchError naming the file.
func TestCheckPartBytes(t *testing.T) {
	ctx := context.Background()
	for _, names := range [][]string{nil, {"US", "JP", "AU"}} {
		l := testLayout(t.TempDir())
		l.StateNames = names
		d := writeDatasetRows(t, l, 8, 12)
		parts := partsOf(0, d.Tasks(), 8)
		for _, p := range parts {
			if err := d.CheckPartBytes(ctx, p.name, p.lo, p.hi); err != nil {
				t.Fatalf("state names %v: %s, untouched: %v", names, p.name, err)
			}
		}
		p := parts[1]
		for _, path := range []string{d.ParquetPath(TableStates, p.name), d.ArrowPath(TableTrajectories, p.name)} {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// The writer's name in a Parquet footer; the NUL after
			// the last description key of an Arrow footer's schema.
			at, off := strings.LastIndex(string(b), "parquet-go"), 1
			if strings.HasSuffix(path, ".arrow") {
				at, off = strings.LastIndex(string(b), MetaDescription+"\x00"), len(MetaDescription)
			}
			if at < 0 {
				t.Fatalf("%s: nothing to change in its footer", path)
			}
			at += off
			t.Logf("%s: byte %d of %d", path, at, len(b))
			b[at] ^= 0x20
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			err = d.CheckPartBytes(ctx, p.name, p.lo, p.hi)
			var mm *MismatchError
			if !errors.As(err, &mm) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "its rows are as stored") {
				t.Errorf("state names %v: %s with a footer byte changed: %v, want a mismatch naming it", names, path, err)
			}
			b[at] ^= 0x20
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
