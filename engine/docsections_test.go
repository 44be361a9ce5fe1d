package engine

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSectionCitationsExist: every section number that the repository's
// code comments, configs, scripts, README and docs/model.md cite ("docs/model.md
// sec. 9.6", "secs. 5.1-5.5", "section 17.2") is a heading of docs/model.md.
// A renumbered or merged section otherwise leaves citations that lead
// nowhere (a first-time reader found a range of section 9 ending one past its
// last subsection). Citations of other documents are skipped by the word
// before them ("brief §n", "BR §n", "the specification's sec. n", a
// book's "sec. n"); CHANGELOG.md is history, cited as it was then.
func TestSectionCitationsExist(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile(`(?m)^#{2,4} (\d+(?:\.\d+)*)\.? `)
	sections := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(string(doc), -1) {
		sections[m[1]] = true
	}
	if !sections["17.3"] || !sections["22.1"] {
		t.Fatal("docs/model.md: no numbered headings found: the heading pattern is stale")
	}
	// A citation: "sec." or "section" and a list of numbers joined by
	// commas, "and", "to" or a dash; the character after the last number
	// tells a statute's "sec. 1250A" from a section.
	cite := regexp.MustCompile(`\b(?:[Ss]ecs?\.|[Ss]ections?)\s+(\d+(?:\.\d+)*(?:\s*(?:,|–|-|and|to)\s*\d+(?:\.\d+)*)*)([A-Za-z]?)`)
	number := regexp.MustCompile(`\d+(?:\.\d+)*`)
	span := regexp.MustCompile(`(\d+(?:\.\d+)*)\s*(?:–|-|to)\s*(\d+(?:\.\d+)*)`)
	// Words that make the citation another document's.
	other := regexp.MustCompile(`(?i)\b(brief|BR|BASE-RATES|MODEL-v2|DESIGN|specification'?s?|spec|its|NDAA|Primer|\d{4}|arXiv:[\d.]+)\W*$`)
	// A comment or YAML line continued on the next is read as one line.
	continued := regexp.MustCompile(`\n\s*(?://|#)\s*`)
	checked := 0
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != ".." && (strings.HasPrefix(name, ".") || name == "results" || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := filepath.Ext(name)
		if name == "CHANGELOG.md" || (ext != ".go" && ext != ".md" && ext != ".yaml" && ext != ".yml" && ext != ".sh") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		if ext != ".md" {
			text = continued.ReplaceAllString(text, " ")
		}
		for _, m := range cite.FindAllStringSubmatchIndex(text, -1) {
			if m[5] > m[4] { // "sec. 1250A": a statute's section
				continue
			}
			before := text[max(0, m[0]-30):m[0]]
			if other.MatchString(before) {
				continue
			}
			rel, _ := filepath.Rel("..", path)
			list := text[m[2]:m[3]]
			for _, n := range number.FindAllString(list, -1) {
				checked++
				if !sections[n] {
					t.Errorf("%s: %q cites section %s, which docs/model.md does not have", rel, text[m[0]:m[1]], n)
				}
			}
			// A range runs forward: one that runs backwards is a
			// citation a rewrite mangled (output/formation.go's once
			// read thirteen to eleven, half rewritten from the brief's
			// numbering), not a range meant in reverse.
			for _, r := range span.FindAllStringSubmatch(list, -1) {
				if !sectionBefore(r[1], r[2]) {
					t.Errorf("%s: %q cites the range %s to %s, which runs backwards", rel, text[m[0]:m[1]], r[1], r[2])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Fatalf("only %d section citations found: the citation pattern is stale", checked)
	}
}

// sectionBefore reports whether section a comes before section b in
// docs/model.md's numbering (9.6 before 9.9, 9 before 9.1, 5.4 before 17).
func sectionBefore(a, b string) bool {
	x, y := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(x) && i < len(y); i++ {
		p, _ := strconv.Atoi(x[i])
		q, _ := strconv.Atoi(y[i])
		if p != q {
			return p < q
		}
	}
	return len(x) < len(y)
}
