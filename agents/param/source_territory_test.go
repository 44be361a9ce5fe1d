package param

import (
	"os"
	"strings"
	"testing"
)

// TestTerritorialShareSources (a referee, stop 51): the grey-zone
// territorial share's target T3c rests on two events that BASE-RATES
// records in different sections: Scarborough 2012 among the violent
// grey-zone episodes (sec. 2), Mischief Reef 1995 among the clashes
// (sec. 3). The registry and docs/model.md cited sec. 3 for both.
func TestTerritorialShareSources(t *testing.T) {
	s, ok := Lookup("crisis.grey_zone.territorial_share")
	if !ok {
		t.Fatal("crisis.grey_zone.territorial_share is not in the registry")
	}
	for _, want := range []string{"Mischief Reef 1995 (BASE-RATES sec. 3)", "Scarborough 2012 (BASE-RATES sec. 2)"} {
		if !strings.Contains(s.Source, want) {
			t.Errorf("its source %q does not say %q", s.Source, want)
		}
	}
	b, err := os.ReadFile("../../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, want := range []string{
		"Mischief Reef 1995 (BASE-RATES sec. 3), Scarborough 2012 (BASE-RATES sec. 2)",
		"Mischief Reef 1995, BR §3, and Scarborough 2012, BR §2",
		"rate, two in 1990–2024, is 0.57 a decade (0.67 over 1995–2024)",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/model.md lacks %q", want)
		}
	}
	if strings.Contains(doc, "Scarborough 2012 (BASE-RATES sec. 3)") {
		t.Error("docs/model.md still cites BASE-RATES sec. 3 for Scarborough 2012")
	}
}
