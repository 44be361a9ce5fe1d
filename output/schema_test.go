package output

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestSchemasGolden pins every table's column names, types, nullability and
// metadata keys. Run `go test ./output -run Golden -update` after a
// deliberate change and review the diff.
func TestSchemasGolden(t *testing.T) {
	d, err := New(testLayout(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	keys := func(md arrow.Metadata) string { return strings.Join(md.Keys(), ", ") }
	for _, table := range append(d.PartTables(), d.WholeTables()...) {
		sc := d.Schema(table)
		fmt.Fprintf(&b, "table %s (metadata: %s)\n", table, keys(sc.Metadata()))
		for _, f := range sc.Fields() {
			null := ""
			if f.Nullable {
				null = " nullable"
			}
			fmt.Fprintf(&b, "  %s %s%s (metadata: %s)\n", f.Name, typeName(f.Type), null, keys(f.Metadata))
			for _, key := range []string{MetaDescription, MetaUnit, MetaRange} {
				if f.Metadata.FindKey(key) < 0 {
					t.Errorf("%s.%s: no %s", table, f.Name, key)
				}
			}
			if f.Metadata.Values()[f.Metadata.FindKey(MetaDescription)] == "" {
				t.Errorf("%s.%s: empty description", table, f.Name)
			}
		}
	}
	golden := filepath.Join("testdata", "schemas.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("schemas differ from %s (run with -update after a deliberate change):\n%s", golden, b.String())
	}
}

func TestSchemaErrors(t *testing.T) {
	prov := Provenance{}
	for _, tc := range []struct {
		swept, archs []string
		want         string
	}{
		{nil, []string{"treaty", "treaty"}, `architecture "treaty" appears twice`},
		{nil, nil, "no architectures"},
		// The column is an Arrow string: UTF-8 (a review, stop 51).
		{nil, []string{"treaty", "l\xe4yered"}, `architecture "l\xe4yered" is not UTF-8 text`},
		{[]string{"us.nonsense"}, []string{"treaty"}, `swept parameter "us.nonsense"`},
	} {
		_, err := RunsSchema(tc.swept, tc.archs, prov)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("RunsSchema(%v, %v) = %v, want %q", tc.swept, tc.archs, err, tc.want)
		}
	}
	l := testLayout(t.TempDir())
	l.Swept = append(l.Swept, "us.reliability")
	for k := range l.Points {
		l.Points[k] = append(l.Points[k], 0.5)
	}
	if _, err := New(l); err == nil || !strings.Contains(err.Error(), "appears twice") {
		t.Errorf("New with a parameter swept twice = %v", err)
	}
	l = testLayout(t.TempDir())
	l.Points[1][0] = 2
	if _, err := New(l); err == nil || !strings.Contains(err.Error(), "point 1") {
		t.Errorf("New with an out-of-range point = %v", err)
	}
}
