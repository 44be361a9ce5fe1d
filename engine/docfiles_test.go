package engine

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The package documentation names every source file of the package (a
// review, stop 51: decide.go, a phase, was missing from the list of
// phases).
func TestDocNamesEveryFile(t *testing.T) {
	for _, dir := range []string{".", "../agents"} {
		doc, err := os.ReadFile(filepath.Join(dir, "doc.go"))
		if err != nil {
			t.Fatal(err)
		}
		named := map[string]bool{}
		for _, m := range regexp.MustCompile(`[a-z0-9_]+\.go\b`).FindAllString(string(doc), -1) {
			named[m] = true
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			base := filepath.Base(f)
			if strings.HasSuffix(base, "_test.go") || base == "doc.go" {
				continue
			}
			if !named[base] {
				t.Errorf("%s/doc.go does not name %s", filepath.Base(dir), base)
			}
		}
	}
}
