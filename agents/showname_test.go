package agents

import (
	"errors"
	"io/fs"
	"strings"
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

// TestRosterErrorsShowName: every error of a roster whose file name holds
// a control character shows the name quoted, as ShowName does, not raw
// (a review, stop 50: "N fields, header has M" and the CSV syntax errors
// printed it raw).
func TestRosterErrorsShowName(t *testing.T) {
	const name = "r\x1b[31mx.csv"
	head := "state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\n"
	row := func(st, role string) string { return st + "," + role + ",0.5,0.5,0.5,0.5,0.5,0.5,0.5,s\n" }
	for what, data := range map[string]string{
		"fields":      head + row("US", "patron") + "JP,core\n",
		"open quote":  head + row("US", "patron") + "\"JP,core\n",
		"bare quote":  head + row("US", "patron") + "J\"P,core,0.5,0.5,0.5,0.5,0.5,0.5,0.5,s\n",
		"no patron":   head + row("JP", "core") + row("KR", "core"),
		"patron only": head + row("US", "patron"),
	} {
		_, err := ParseRoster(name, strings.NewReader(data))
		if err == nil {
			t.Errorf("%s: no error", what)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, name) || !strings.Contains(msg, ShowName(name)) {
			t.Errorf("%s: the name is not shown quoted: %q", what, msg)
		}
	}
}
