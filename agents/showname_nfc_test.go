package agents

import (
	"strings"
	"testing"
)

// TestCaseHintEncoding: a state a config names in other Unicode code
// points than the roster's (Å as A and a combining ring, where the roster
// has the one code point) was refused as "not in roster (states: US,
// Åland, ...)", naming as missing a state the list shows (a hostile
// review, stop 53). The hint says the two print alike and gives both in
// code points that differ on screen; a name in another case keeps its
// case hint, and an unrelated name gets none.
func TestCaseHintEncoding(t *testing.T) {
	t.Parallel()
	names := []string{"US", "\u00c5land", "JP"}
	got := CaseHint("A\u030aland", names)
	for _, want := range []string{`"A\u030aland" is "\u00c5land" in other Unicode code points`, "print alike", `write it as "\u00c5land"`} {
		if !strings.Contains(got, want) {
			t.Errorf("hint %q lacks %q", got, want)
		}
	}
	if got := CaseHint("a\u030aLAND", names); !strings.Contains(got, `"a\u030aLAND" is "\u00c5land" in other Unicode code points and another case`) {
		t.Errorf("case and encoding: %q", got)
	}
	if got := CaseHint("jp", names); got != `; did you mean "JP"? (names are case-sensitive)` {
		t.Errorf("case alone: %q", got)
	}
	for _, n := range []string{"KR", "\u00c5land", "Aland"} {
		if got := CaseHint(n, names); got != "" {
			t.Errorf("%q: hint %q", n, got)
		}
	}
}

// TestCaseHintTwoCases: a name that equals two of names but for case, with
// the same code points ("jp" where a stored roster, which an earlier
// version let hold names that differ by case alone, has "JP" and "Jp"),
// gets no hint, as before the code-point hint: it was told it is "JP" in
// other Unicode code points that print alike, which it is not (a review,
// stop 53). A name in other code points and another case is still told.
func TestCaseHintTwoCases(t *testing.T) {
	t.Parallel()
	names := []string{"US", "JP", "Jp", "\u00c5land", "\u00e5land"}
	if got := CaseHint("jp", names); got != "" {
		t.Errorf(`"jp" among "JP" and "Jp": hint %q, want none`, got)
	}
	if got := CaseHint("A\u030aLAND", names); !strings.Contains(got, "in other Unicode code points and another case") {
		t.Errorf("code points and case: hint %q", got)
	}
}
