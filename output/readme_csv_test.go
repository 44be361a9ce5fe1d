package output

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
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

// TestReadmeCSVNullTextInR: the CSVs write a null as an empty field, which
// base R's read.csv reads as NA in a numeric column but keeps as "" in a
// text one, so subset(s, is.na(parameter_b)) on sensitivity.csv returned no
// row where it should return every index but S2. The README's "Analyse in
// Python or R" says so, names each nullable text column of the tables and
// the argument that reads them as NA; where Rscript is installed, the
// README's call is run on a CSV this package writes (a review, stop 52).
func TestReadmeCSVNullTextInR(t *testing.T) {
	_, section := readmeAnalyse(t)
	const call = `read.csv(f, na.strings = "")`
	if !strings.Contains(section, "`"+call+"`") {
		t.Errorf("README, \"Analyse in Python or R\", does not show %s: base R reads a null text cell of the CSVs as \"\"", call)
	}
	prov := Provenance{ConfigSHA256: strings.Repeat("0", 64), EngineVersion: "test", ModelVersion: "2.0"}
	sens, err := SensitivitySchema([]string{"us.reliability", "burden.strength"}, []string{"treaty", "layered"}, prov)
	if err != nil {
		t.Fatal(err)
	}
	disc, err := DiscoverySchema(prov)
	if err != nil {
		t.Fatal(err)
	}
	lim, err := DiscoveryLimitsSchema([]string{"us.reliability"}, prov)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []*arrow.Schema{sens, disc, lim} {
		for _, f := range sc.Fields() {
			dt := f.Type
			if d, ok := dt.(*arrow.DictionaryType); ok {
				dt = d.ValueType
			}
			if f.Nullable && dt.ID() == arrow.STRING && !strings.Contains(section, "`"+f.Name+"`") {
				t.Errorf("README, \"Analyse in Python or R\", does not name %s, a text column that holds nulls (read as \"\" by read.csv)", f.Name)
			}
		}
	}

	// The writer's null text cell, in a CSV written as the tables are.
	bld := array.NewStringBuilder(memory.DefaultAllocator)
	defer bld.Release()
	bld.AppendValues([]string{"S1", ""}, []bool{true, false})
	col := bld.NewStringArray()
	defer col.Release()
	if got := cell(col, 1); got != "" {
		t.Fatalf("a null text cell is written as %q; the README says an empty field", got)
	}
	rscript, err := exec.LookPath("Rscript")
	if err != nil {
		t.Skip("Rscript is not installed: the README's read.csv call is not run")
	}
	f := filepath.Join(t.TempDir(), "t.csv")
	if err := os.WriteFile(f, []byte("index,parameter_b,estimate\n"+cell(col, 0)+",,0.5\nS2,"+cell(col, 0)+",\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `f <- commandArgs(TRUE)[1]; a <- read.csv(f); b <- ` + call + `; cat(is.na(a$parameter_b), is.na(b$parameter_b), is.na(b$estimate), "\n")`
	out, err := exec.Command(rscript, "-e", script, f).CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}
	// read.csv alone: "" in the text column (not NA); with na.strings = "": NA.
	if got, want := strings.TrimSpace(string(out)), "FALSE FALSE TRUE FALSE FALSE TRUE"; got != want {
		t.Errorf("R read the null text cells as is.na = %q, want %q (plain read.csv, then the README's call)", got, want)
	}
}

// TestReadmeTraceNamesInR: calibration/trace.csv names a target's columns
// after the target as written (T2-armed.value), which base R's read.csv
// renames to a syntactic name (T2.armed.value) unless check.names = FALSE,
// so tr$`T2-armed.value`, quoted as the README advised, was NULL with no
// error. The README says so and names the argument; where Rscript is
// installed, both reads are run on a header this package builds (a
// review, stop 52).
func TestReadmeTraceNamesInR(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	const call = `read.csv(f, check.names = FALSE)`
	_, bullet, ok := strings.Cut(text, "- `calibration/trace.csv`:")
	if !ok {
		t.Fatal("README has no bullet on calibration/trace.csv")
	}
	bullet, _, _ = strings.Cut(bullet, "\n- ")
	sc, err := TraceSchema([]TraceParam{{Name: "adversary.threshold", Min: 1.4, Max: 2.1}}, []string{"T2-armed"},
		Provenance{ConfigSHA256: strings.Repeat("0", 64), EngineVersion: "test", ModelVersion: "2.0"})
	if err != nil {
		t.Fatal(err)
	}
	col := TraceColumn("T2-armed", TraceValue)
	if sc.FieldIndices(col) == nil {
		t.Fatalf("the trace has no column %s, which the README names", col)
	}
	for _, want := range []string{"`" + call + "`", "`" + col + "`", "`T2.armed.value`"} {
		if !strings.Contains(bullet, want) {
			t.Errorf("README, the bullet on calibration/trace.csv, does not name %s: base R's read.csv renames the target's columns", want)
		}
	}
	rscript, err := exec.LookPath("Rscript")
	if err != nil {
		t.Skip("Rscript is not installed: the README's read.csv call is not run")
	}
	var names, values []string
	for i, f := range sc.Fields() {
		names = append(names, f.Name)
		values = append(values, strconv.Itoa(i))
	}
	f := filepath.Join(t.TempDir(), "trace.csv")
	if err := os.WriteFile(f, []byte(strings.Join(names, ",")+"\n"+strings.Join(values, ",")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `f <- commandArgs(TRUE)[1]; a <- read.csv(f); b <- ` + call + `; cat(is.null(a$` + "`" + col + "`" + `), b$` + "`" + col + "`" + `, "\n")`
	out, err := exec.Command(rscript, "-e", script, f).CombinedOutput()
	if err != nil {
		t.Fatalf("Rscript: %v\n%s", err, out)
	}
	if got, want := strings.TrimSpace(string(out)), "TRUE "+strconv.Itoa(sc.FieldIndices(col)[0]); got != want {
		t.Errorf("R read %s as %q, want %q (NULL with plain read.csv, the value with the README's call)", col, got, want)
	}
}

// TestReadmeRunningMeans: the summary's mean and the contrasts' mean_diff
// are Welford running means, which a mean recomputed from the runs (a sum
// divided by n, as pandas, DuckDB, R and the calibration's targets table
// take it) can miss in the last place: a researcher who compared them with
// == found most of the main job's means "different". The README says so
// with an example, which this test recomputes by the summary's own code
// (a review, stop 52).
func TestReadmeRunningMeans(t *testing.T) {
	_, section := readmeAnalyse(t)
	for _, want := range []string{"Welford", "`achieved`", "with a tolerance", "12.450000000000001, not 12.45"} {
		if !strings.Contains(section, want) {
			t.Errorf("README, \"Analyse in Python or R\", does not say %q: the tables' means are running means, not a sum over n", want)
		}
	}
	// The README's example: 20 counts that sum to 249.
	counts := []float64{12, 14, 9, 13, 14, 17, 18, 11, 12, 11, 14, 16, 11, 10, 10, 14, 12, 10, 12, 9}
	var m moments
	var sum float64
	for _, v := range counts {
		m.add(v)
		sum += v
	}
	if sum != 249 {
		t.Fatalf("the counts sum to %v, want 249", sum)
	}
	if got := m.average(); got != 12.450000000000001 {
		t.Errorf("the summary's running mean of the README's counts is %v, the README says 12.450000000000001", got)
	}
	if got := sum / float64(len(counts)); got != 12.45 {
		t.Errorf("the sum over n of the README's counts is %v, the README says 12.45", got)
	}
}
