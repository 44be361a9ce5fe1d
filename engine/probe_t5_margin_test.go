package engine

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestProbeT5Margin: docs/model.md sec. 17.1 gives T5's margin twice, in
// the table ("in [0.22, 0.75] by 4 SE") and in the list of what each test
// can detect, which still said "it now holds the range 3 SE inside" after
// TestFactsHonourRateProbe moved to 4 SE at stop 44 (a review, stop 51).
// Both must name the multiple of the standard error the test applies.
func TestProbeT5Margin(t *testing.T) {
	src, err := os.ReadFile("facts_test.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`rate-(\d+)\*se < 0\.22 \|\| rate\+(\d+)\*se > 0\.75`).FindStringSubmatch(string(src))
	if m == nil || m[1] != m[2] {
		t.Fatalf("TestFactsHonourRateProbe's margin not found in facts_test.go (pattern stale): %q", m)
	}
	k := m[1]
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	for _, s := range []string{
		"pooled honour rate in [0.22, 0.75] by " + k + " SE",
		"T5 had no standard-error margin; it now holds the range " + k + " SE inside",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("docs/model.md sec. 17.1 does not state %q (TestFactsHonourRateProbe applies %s SE)", s, k)
		}
	}
}
