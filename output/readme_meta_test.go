package output

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeNamesSchemaMetadata: the README's "Analyse in Python or R" names
// every key of the schema metadata each table file carries, so that a
// researcher who reads a file with pyarrow or R's arrow knows where to find
// its provenance (a review, stop 50: the keys were written to every file
// and named nowhere a reader looks).
func TestReadmeNamesSchemaMetadata(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	start := strings.Index(text, "\n## Analyse in Python or R\n")
	if start < 0 {
		t.Fatal(`README has no section "Analyse in Python or R"`)
	}
	section := text[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	for _, key := range []string{MetaConfigSHA256, MetaEngineVersion, MetaModelVersion} {
		if !strings.Contains(section, "`"+key+"`") {
			t.Errorf("README, \"Analyse in Python or R\", does not name the schema metadata key `%s`", key)
		}
	}
}
