package output

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeCSVRoundTrip: the CSV copies hold every real in the shortest
// form that reads back to the same float64, but pandas's default CSV parser
// is not correctly rounded (pandas 1.5.3 misread about a third of the main
// job's reals by an ulp or so, and every swept value of a sampled design,
// so a join on them with the Parquet tables matched nothing). The README
// therefore says so in "Analyse in Python or R", and every pd.read_csv it
// shows asks for the round-trip parser (a review, stop 51).
func TestReadmeCSVRoundTrip(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	const want = `float_precision="round_trip"`
	start := strings.Index(text, "\n## Analyse in Python or R\n")
	if start < 0 {
		t.Fatal(`README has no section "Analyse in Python or R"`)
	}
	section := text[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
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
