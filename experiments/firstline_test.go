package experiments

import (
	"errors"
	"testing"
)

// TestFirstLineScannerErrorNamesLine checks that a YAML scanner error on
// the first line names line 1: the library prints no line when its 0-based
// count is 0, and the error named the file alone (a hostile review, stop
// 49).
func TestFirstLineScannerErrorNamesLine(t *testing.T) {
	rest := "\nseed: 1\nreplicates: 2\narchitectures: [none]\n"
	for _, c := range []struct{ first, frag string }{
		{"\tname: q", "a tab indents this line"},
		{"@name: q", "@ and ` are reserved"},
		{"`name: q", "@ and ` are reserved"},
		{"name: a: b", "mapping values are not allowed"},
		{"name: &", "did not find expected alphabetic or numeric character"},
		{"name: *", "did not find expected alphabetic or numeric character"},
		{"name: !<x", "did not find the expected '>'"},
		{"name: |x", "did not find expected comment or line break"},
		{"%FOO bar", "found unknown directive name"},
	} {
		_, err := Parse("t.yaml", []byte(c.first+rest))
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%q: got %v, want a ConfigError", c.first, err)
			continue
		}
		if ce.Line != 1 {
			t.Errorf("%q: error %q names line %d, want line 1", c.first, ce, ce.Line)
		}
		wantConfigError(t, c.first, c.first+rest, 1, "", c.frag)
	}
	// On a later line the library's own line stands.
	wantConfigError(t, "tab on line 2", "name: q\n\tseed: 1\n", 2, "", "a tab indents this line")
}

// TestInvisibleLineStartNamed checks that a line that begins with an
// invisible format character (a byte-order mark left mid-file by joining
// two files, a zero-width space), which YAML reads as a key without its
// ':', is named with what to do: the message was the library's "could not
// find expected ':'" on a line that looks empty (a hostile review, stop
// 49).
func TestInvisibleLineStartNamed(t *testing.T) {
	head := "name: q\nseed: 1\nreplicates: 2\narchitectures: [none]\n"
	wantConfigError(t, "mark at the end", head+"\ufeff", 5, "", "could not find expected ':'", "begins with U+FEFF", "delete it")
	wantConfigError(t, "mark before a comment", head+"\ufeff# more\n", 5, "", "begins with U+FEFF")
	wantConfigError(t, "word joiner", head+"\u2060\n", 5, "", "begins with U+2060")
	wantConfigError(t, "indented zero-width space", head+"  \u200b# note\n", 5, "", "did not find expected key", "begins with U+200B")
	// Inside a value it is text, named by the key that reads it.
	wantConfigError(t, "mark in a value", "name: q\nseed: \ufeff1\nreplicates: 2\narchitectures: [none]\n", 2, "seed", "want an integer")
}
