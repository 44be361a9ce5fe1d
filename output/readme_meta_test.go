package output

import (
	"encoding/json"
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

// TestReadmeVCSSourceNone: the manifest's vcs is an object whose source
// may be "none", never the string "none"; the README's build notes said
// "its manifests' `vcs` is `"none"`", which a script checking
// m["vcs"] == "none" takes at its word and never matches (a review, stop
// 54). Every mention of `vcs` near "none" names the key, as the manifest
// writes it.
func TestReadmeVCSSourceNone(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(VCS{Source: "none"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(j), `"source":"none"`) {
		t.Fatalf("a manifest's vcs of no source is %s, without the key the README names", j)
	}
	text := string(b)
	n := 0
	for rest := text; ; {
		i := strings.Index(rest, "`vcs`")
		if i < 0 {
			break
		}
		rest = rest[i+len("`vcs`"):]
		near := rest[:min(len(rest), 60)]
		if k := strings.Index(near, `"none"`); k >= 0 {
			n++
			if !strings.Contains(near[:min(len(near), k+len(`"none"`)+1)], "`\"source\": \"none\"`") {
				t.Errorf("README: `vcs`%s... calls vcs \"none\"; it is an object, whose \"source\" is \"none\"", near)
			}
		}
	}
	if n == 0 {
		t.Error("README names no manifest `vcs` of source \"none\" (the Docker build's)")
	}
}
