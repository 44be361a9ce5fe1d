package experiments

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRosterPathHints: a roster path no file is at because of how it was
// written, not where the file is, says so (a hostile review, stop 53: each
// was refused as "no such file or directory" alone): a space at an end
// where the file without it exists, an environment variable the config
// does not expand, a URL. The error keeps its file, line and key.
func TestRosterPathHints(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	roster := "state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\nUS,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n"
	if err := os.WriteFile(filepath.Join(dir, "r.csv"), []byte(roster), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "c.yaml")
	for _, tc := range []struct{ path, want string }{
		{"r.csv ", `"r.csv " has a space at an end, and the file r.csv is there: a path takes no space at either end`},
		{" r.csv", `" r.csv" has a space at an end, and the file r.csv is there`},
		{"$HOME/r.csv", "a config does not expand environment variables ($HOME): write the path in full, or relative to the config"},
		{"${DATA}/r.csv", "a config does not expand environment variables (${DATA})"},
		{"https://example.org/r.csv", "a roster is a file on this machine, not a URL: download it and give its path"},
	} {
		text := "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\npopulation:\n  roster: \"" + tc.path + "\"\n"
		if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		wantLoadError(t, cfg, 6, "population.roster", "no such file or directory", tc.want)
	}
	// A path that is simply wrong gets none of them.
	if err := os.WriteFile(cfg, []byte("name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\npopulation:\n  roster: q.csv\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(cfg)
	if err == nil || containsAny(err.Error(), "space at an end", "environment variables", "URL") {
		t.Errorf("a wrong path: %v", err)
	}
}

func wantLoadError(t *testing.T, path string, line int, key string, frags ...string) {
	t.Helper()
	_, err := Load(path)
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Errorf("%s: got %v, want a ConfigError", path, err)
		return
	}
	if ce.Line != line || ce.Key != key {
		t.Errorf("error %q at line %d key %q, want line %d key %q", ce, ce.Line, ce.Key, line, key)
	}
	for _, f := range frags {
		if !strings.Contains(ce.Msg, f) {
			t.Errorf("message %q lacks %q", ce.Msg, f)
		}
	}
}

func containsAny(s string, subs ...string) bool {
	return slices.ContainsFunc(subs, func(sub string) bool { return strings.Contains(s, sub) })
}

// TestRosterPathHintsOnlyWhenMissing: the hints on how a roster path is
// written (an environment variable, ~, a URL) are for a path no file is
// at; a path that is there but cannot be read as a roster (a folder)
// gets the error alone, not the advice that the config does not expand
// $x, which it found without expanding (a review, stop 53).
func TestRosterPathHintsOnlyWhenMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	for _, name := range []string{"r$x.csv", "~r.csv", "https:/x/r.csv"} {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		path := name
		if strings.HasPrefix(name, "https:") {
			path = "https://x/r.csv"
		}
		text := "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\npopulation:\n  roster: \"" + path + "\"\n"
		if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(cfg)
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("%s, a folder: %v, want an error that it is not a regular file", path, err)
		}
		if containsAny(err.Error(), "environment variables", "does not expand ~", "not a URL") {
			t.Errorf("%s, a folder that is there: %v", path, err)
		}
	}
}
