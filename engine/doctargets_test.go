package engine

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestTargetCitations: where docs/model.md sends the reader to a section
// for a target of the brief ("Check target T6 (section 17.1)"), that
// section, or one of its subsections, has the target's row in a table.
// The targets are split between sections 17.1 (the fit targets re-checked
// and the check targets, each with its test) and 17.2 (the calibration's
// table), so a citation of the wrong one leads to a section that never
// names the target (a referee: T6 was cited as section 17.2).
func TestTargetCitations(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile(`(?m)^#{2,4} (\d+(?:\.\d+)*)\.? `)
	row := regexp.MustCompile(`(?m)^\| (T\d+[a-c]?) `)
	text := string(doc)
	// rows[s] holds the targets with a table row in section s, the text
	// up to the next heading.
	rows := map[string]map[string]bool{}
	locs := heading.FindAllStringSubmatchIndex(text, -1)
	for k, l := range locs {
		end := len(text)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		sec := text[l[2]:l[3]]
		rows[sec] = map[string]bool{}
		for _, m := range row.FindAllStringSubmatch(text[l[1]:end], -1) {
			rows[sec][m[1]] = true
		}
	}
	has := func(sec, target string) bool {
		for s, r := range rows {
			if (s == sec || strings.HasPrefix(s, sec+".")) && r[target] {
				return true
			}
		}
		return false
	}
	cite := regexp.MustCompile(`[Tt]arget\s+(T\d+[a-c]?)\s+\(section\s+(\d+(?:\.\d+)*)\)`)
	cites := cite.FindAllStringSubmatch(text, -1)
	if len(cites) == 0 {
		t.Fatal("docs/model.md cites no target by section: the pattern is stale")
	}
	for _, m := range cites {
		if !has(m[2], m[1]) {
			t.Errorf("docs/model.md: %q, but section %s has no table row for %s", m[0], m[2], m[1])
		}
	}
}
