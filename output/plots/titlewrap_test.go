package plots

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTargetTitleKeepsInterval (a review, stop 51): a PRIM panel title
// wrapped "treaty_plus_cells − layered severity_loss < 0 (95% CI)" at 48
// characters with "(95% CI)" alone on its last line. The condition's lines
// are balanced instead, each within the width, and "(95% CI)" is never
// split from the condition or itself.
func TestTargetTitleKeepsInterval(t *testing.T) {
	for _, text := range []string{
		"treaty_plus_cells - layered severity_loss < 0 (95% CI)",
		"treaty_plus_cells - layered severity_loss > 0 (95% CI)",
		"layered_then_treaty - treaty_plus_cells deterrence_success > 0 (95% CI)",
		"layered - treaty severity_loss < 0 (95% CI)",
		"treaty severity_loss > 8.5",
	} {
		lines := strings.Split(targetTitle(text), "\n")[1:] // after the reading
		for _, l := range lines {
			if l == "(95% CI)" || l == "CI)" || strings.HasSuffix(l, "(95%") {
				t.Errorf("%q: the interval stands apart in %q", text, lines)
			}
			if n := utf8.RuneCountInString(l); n > 48 {
				t.Errorf("%q: line %q has %d characters, over 48", text, l, n)
			}
		}
		if got, want := strings.Join(lines, " "), conditionText(text); got != want {
			t.Errorf("%q: the lines join to %q, want %q", text, got, want)
		}
		if want := strings.Count(wrap(conditionText(text), 48), "\n") + 1; len(lines) != want {
			t.Errorf("%q: %d lines %q, want %d", text, len(lines), lines, want)
		}
	}
}
