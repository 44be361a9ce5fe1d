package plots

import (
	"strings"
	"testing"
)

// TestConditionTextMinus (a review, stop 50): PRIM's condition column and
// panel titles wrote "treaty_plus_cells - layered severity_loss < 0" with an
// ASCII hyphen where the rest of the report writes "−".
func TestConditionTextMinus(t *testing.T) {
	for in, want := range map[string]string{
		"treaty_plus_cells - layered severity_loss < 0 (95% CI)": "treaty_plus_cells − layered severity_loss < 0 (95% CI)",
		"layered - treaty deterrence_success > -0.5":             "layered − treaty deterrence_success > −0.5",
		"treaty severity_loss > 8.5":                             "treaty severity_loss > 8.5",
		"treaty_plus-cells x > 0":                                "treaty_plus-cells x > 0",
	} {
		if got := conditionText(in); got != want {
			t.Errorf("conditionText(%q) = %q, want %q", in, got, want)
		}
	}
	ts := []primTarget{target("treaty_plus_cells - layered severity_loss < 0 (95% CI)", 1, box(0.6, 0.7, 0.2, 0.3, 0.5, -0.4, 0.4))}
	if got := discoverySection(ts, 40).Rows[0].Target; strings.Contains(got, " - ") || !strings.Contains(got, "treaty_plus_cells − layered") {
		t.Errorf("table's condition %q", got)
	}
	if got := targetTitle(ts[0].text); strings.Contains(got, " - ") {
		t.Errorf("panel title %q", got)
	}
}
