package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeSnippetsColumns: every column the Python and R examples of the
// README's "Analyse in Python or R" and "Which unknowns matter" read is a
// column of the table they read it from, as the codebook of a run of the
// same shape lists it (a review, stop 54: the examples were checked by
// hand on a machine without pandas, pyarrow or R; this keeps a renamed
// column from leaving them reading a KeyError).
func TestReadmeSnippetsColumns(t *testing.T) {
	t.Parallel()
	text := readme(t)
	block := func(after, lang string) string {
		t.Helper()
		_, rest, ok := strings.Cut(text, after)
		if !ok {
			t.Fatalf("README has no %q", after)
		}
		_, rest, ok = strings.Cut(rest, "\n```"+lang+"\n")
		if !ok {
			t.Fatalf("README has no %s block after %q", lang, after)
		}
		code, _, _ := strings.Cut(rest, "\n```\n")
		return code
	}
	py := block("\n## Analyse in Python or R\n", "python")
	r := block("\n## Analyse in Python or R\n", "r")
	py2 := block("\nHow to read the tables:\n", "python")

	base := t.TempDir()
	config := writeText(t, base, "snip.yaml", `name: snip
seed: 3
replicates: 2
periods: 8
architectures: [treaty, layered]
population:
  roster: indo-pacific
sweep:
  design: saltelli
  samples: 8
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    population.autonomy_shift: {min: -0.4, max: 0.4}
analysis:
  quantities: [{outcome: deterrence_success, contrast: [layered, treaty]}]
  sensitivity: {bootstrap: 40}
  discovery: {quantity: {outcome: severity_loss, contrast: [layered, treaty]}, condition: {above: 0}}
output:
  formats: [parquet]
  plots: false
`)
	out := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", out, "-q")
	cols := map[string]map[string]bool{}
	for _, row := range readCSVFile(t, filepath.Join(out, "codebook.csv")) {
		if cols[row["table"]] == nil {
			cols[row["table"]] = map[string]bool{}
		}
		cols[row["table"]][row["name"]] = true
	}
	want := func(table, snippet string, names ...string) {
		t.Helper()
		if len(names) == 0 {
			t.Errorf("%s: found no column of %s in the example: the pattern no longer matches it", snippet, table)
		}
		for _, n := range names {
			if !cols[table][n] {
				t.Errorf("%s reads %s.%s, which the runner does not write (codebook: %v)", snippet, table, n, keys(cols[table]))
			}
		}
	}
	all := func(re, s string) []string {
		var got []string
		for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(s, -1) {
			got = append(got, m[1])
		}
		return got
	}

	// Python: runs["x"] read (not the column it adds), failures_{k} over
	// the weights' keys, the SQL's l./t. columns and USING keys, the
	// field whose metadata it prints.
	var runs []string
	for _, n := range all(`runs\["([^"]+)"\]`, py) {
		if !strings.Contains(py, `runs["`+n+`"] =`) {
			runs = append(runs, n)
		}
	}
	w := regexp.MustCompile(`(?m)^w = \{(.*)\}$`).FindStringSubmatch(py)
	if w == nil || !strings.Contains(py, `f"failures_{k}"`) {
		t.Fatal("README's Python example has no weights w = {...} read as failures_{k}")
	}
	for _, k := range all(`"([a-z_]+)":`, w[1]) {
		runs = append(runs, "failures_"+k)
	}
	runs = append(runs, all(`\b[lt]\.([a-z_]+)`, py)...)
	runs = append(runs, all(`field\("([^"]+)"\)`, py)...)
	for _, using := range all(`USING \(([^)]*)\)`, py) {
		for _, n := range strings.Split(using, ",") {
			runs = append(runs, strings.Trim(strings.TrimSpace(n), `"`))
		}
	}
	for _, idx := range all(`index=\[([^\]]*)\]`, py) {
		for _, n := range strings.Split(idx, ",") {
			runs = append(runs, strings.Trim(strings.TrimSpace(n), `"`))
		}
	}
	runs = append(runs, all(`columns="([^"]+)"`, py)...)
	want("runs", "the Python example", runs...)

	// R: the columns it filters, groups and averages.
	var rruns []string
	for _, g := range all(`group_by\(([^)]*)\)`, r) {
		for _, n := range strings.Split(g, ",") {
			rruns = append(rruns, strings.Trim(strings.TrimSpace(n), "`"))
		}
	}
	rruns = append(rruns, all(`mean\(([a-z_]+)\)`, r)...)
	rruns = append(rruns, all(`filter\(([a-z_]+) ==`, r)...)
	want("runs", "the R example", rruns...)

	// The analysis example: sensitivity's index, sort keys and estimate;
	// discovery's selected boxes merged into the limits.
	sens := all(`s\["([^"]+)"\]`, py2)
	for _, keys := range all(`sort_values\(\[([^\]]*)\]`, py2) {
		for _, n := range strings.Split(keys, ",") {
			sens = append(sens, strings.Trim(strings.TrimSpace(n), `"`))
		}
	}
	want("sensitivity", "the sensitivity example", sens...)
	disc := all(`\.query\("([a-z_]+)"\)\[\[`, py2)
	box := all(`\)\[\[([^\]]*)\]\]`, py2)
	for _, b := range box {
		for _, n := range strings.Split(b, ",") {
			n = strings.Trim(strings.TrimSpace(n), `"`)
			disc = append(disc, n)
			want("discovery_limits", "the discovery example's merge key", n)
		}
	}
	want("discovery", "the discovery example", disc...)
	want("discovery_limits", "the discovery example", all(`lim\.merge\(box\)\.query\("([a-z_]+)"\)`, py2)...)
}

// keys lists a set's members, for a message.
func keys(m map[string]bool) []string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	return s
}
