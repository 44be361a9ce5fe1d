package agents

import (
	"errors"
	"io/fs"
	"testing"
)

// TestShowName: a name with an invisible or control character, or bytes
// that are not UTF-8, is quoted with them escaped; any other name,
// spaces and non-ASCII letters included, is printed as it is.
func TestShowName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"cfg.yaml":         "cfg.yaml",
		"my cfg/été.yaml":  "my cfg/été.yaml",
		"cfg\x1b[31m.yaml": `"cfg\x1b[31m.yaml"`,
		"a\nb.yaml":        `"a\nb.yaml"`,
		"a\u00a0b.yaml":    `"a\u00a0b.yaml"`,
		"a\u200bb.yaml":    `"a\u200bb.yaml"`,
		"a\xffb.yaml":      `"a\xffb.yaml"`,
	} {
		if got := ShowName(in); got != want {
			t.Errorf("ShowName(%q) = %s, want %s", in, got, want)
		}
	}
	err := &fs.PathError{Op: "open", Path: "a\nb", Err: fs.ErrNotExist}
	shown := ShowNameIn(err, "a\nb")
	if shown.Error() != `open "a\nb": file does not exist` || !errors.Is(shown, fs.ErrNotExist) {
		t.Errorf("ShowNameIn: %q (errors.Is ErrNotExist: %v)", shown, errors.Is(shown, fs.ErrNotExist))
	}
	if ShowNameIn(err, "plain") != error(err) {
		t.Error("ShowNameIn changed an error whose name needs no quoting")
	}
}
