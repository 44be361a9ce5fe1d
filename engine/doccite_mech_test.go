package engine

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestMechanismCitations: where docs/model.md names a mechanism and sends
// the reader to one section for it ("counter-mobilisation (section 6.7)"),
// that section is the mechanism's own (section 19's table). A referee
// (stop 48) found false security's readiness channel cited as section 9.4,
// the adversary's credibility beliefs, instead of 9.8.
func TestMechanismCitations(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	own := []struct{ name, sec string }{
		{"readiness", "9.8"},
		{"counter-mobilisation", "6.7"},
		{"hand-tying", "9.4"},
		{"stickiness", "9.1"},
		{"retribution", "9.6"},
	}
	for _, m := range own {
		// The name, then up to 40 characters without a parenthesis, then
		// a citation of one section; "retribution cost" is the crisis
		// response's cost, section 7's.
		re := regexp.MustCompile(regexp.QuoteMeta(m.name) + `( cost)?[^()]{0,40}\(section ([0-9.]+)\)`)
		n := 0
		for _, c := range re.FindAllStringSubmatch(text, -1) {
			if c[1] != "" {
				continue
			}
			n++
			if c[2] != m.sec {
				t.Errorf("%q cites section %s; %s is section %s", c[0], c[2], m.name, m.sec)
			}
		}
		t.Logf("%s: %d citations", m.name, n)
	}
}
