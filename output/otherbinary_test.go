package output

import (
	"strings"
	"testing"
)

// TestOtherBinary: the same binary is no other; another revision is, and
// so is the same revision with the work tree's modified flag flipped, for
// which the message says the work tree changed and that an untracked
// results folder counts (a hostile review, stop 43: `go run` reads git
// status, so a results folder written inside the checkout, outside the
// ignored results/, made a resume of the same code look like another
// binary with no word why).
func TestOtherBinary(t *testing.T) {
	g, v := BuildVersions()
	if got := OtherBinary(g, VCSText(v)); got != "" {
		t.Errorf("this binary reads as another: %s", got)
	}
	if got := OtherBinary("", "anything"); got != "" {
		t.Errorf("an unrecorded binary reads as another: %s", got)
	}
	rev := "0123456789abcdef"
	o := v
	o.Revision = &rev
	if got := OtherBinary(g, VCSText(o)); got == "" || strings.Contains(got, "the same revision") {
		t.Errorf("another revision: %q", got)
	}
	if v.Modified == nil {
		t.Skip("this test binary knows no work-tree state (no checkout): the flipped case is not exercised")
	}
	m := !*v.Modified
	f := v
	f.Modified = &m
	if got := OtherBinary(g, VCSText(f)); !strings.Contains(got, "the same revision; the checkout's work tree changed") {
		t.Errorf("the same revision, the work tree changed: %q", got)
	}
}
