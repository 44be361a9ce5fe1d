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
