package output

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestReadmeCSVRoundTrip: the CSV copies hold every real in the shortest
// form that reads back to the same float64, but pandas's default CSV parser
// is not correctly rounded (pandas 1.5.3 misread about a third of the main
// job's reals by an ulp or so, and 17–92% of each swept column's values in
// a Latin hypercube of 16 parameters, so a join on them with the Parquet
// tables matched nothing). The README
// therefore says so in "Analyse in Python or R", and every pd.read_csv it
// shows asks for the round-trip parser (a review, stop 51).
func TestReadmeCSVRoundTrip(t *testing.T) {
	text, section := readmeAnalyse(t)
	const want = `float_precision="round_trip"`
	if !strings.Contains(section, want) {
		t.Errorf("README, \"Analyse in Python or R\", does not tell pandas users to pass %s to pd.read_csv", want)
	}
	calls := regexp.MustCompile(`pd\.read_csv\(([^()]*)\)`).FindAllStringSubmatch(text, -1)
	if len(calls) == 0 {
		t.Fatal("README shows no pd.read_csv call; this test guards them")
	}
	for _, c := range calls {
		if !strings.Contains(c[1], want) {
			t.Errorf("README: pd.read_csv(%s) reads the reals with pandas's default parser, which is not correctly rounded; pass %s", c[1], want)
		}
	}
}

// TestReadmeCSVFlagsInR: the CSVs write flags as true/false, which base R's
// read.csv leaves as text (it takes TRUE, FALSE, T and F only), so that
// l[l$restricted, ] silently selects every row as NA. The README's "Analyse
// in Python or R" says so and names the conversion (a review, stop 51).
func TestReadmeCSVFlagsInR(t *testing.T) {
	_, section := readmeAnalyse(t)
	for _, want := range []string{"`read.csv`", "`as.logical()`"} {
		if !strings.Contains(section, want) {
			t.Errorf("README, \"Analyse in Python or R\", does not name %s: base R reads the CSVs' true/false as text", want)
		}
	}
	// The CSV writer spells a flag as the README says.
	bld := array.NewBooleanBuilder(memory.DefaultAllocator)
	defer bld.Release()
	bld.AppendValues([]bool{true, false}, nil)
	flags := bld.NewBooleanArray()
	defer flags.Release()
	if got := "`" + cell(flags, 0) + "` and `" + cell(flags, 1) + "`"; !strings.Contains(section, got) {
		t.Errorf("README, \"Analyse in Python or R\", does not say that the CSVs write flags as %s", got)
	}
}

// readmeAnalyse returns the README and its section "Analyse in Python or R".
func readmeAnalyse(t *testing.T) (text, section string) {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text = string(b)
	start := strings.Index(text, "\n## Analyse in Python or R\n")
	if start < 0 {
		t.Fatal(`README has no section "Analyse in Python or R"`)
	}
	section = text[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	return text, section
}
