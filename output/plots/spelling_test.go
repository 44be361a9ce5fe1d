package plots

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"pactsim/agents"
)

// TestNamesKeepTheirSpelling (a review, stop 49): an architecture's name is
// an identifier, so neither the discovery reading, which opens a sentence
// with the first target's winner, nor a discovery panel's title, nor the
// primary contrasts' note capitalises it ("Treaty_plus_cells does
// significantly better ..."; "None deters better ..." reads as no
// architecture at all). The sentence still begins with a capital.
func TestNamesKeepTheirSpelling(t *testing.T) {
	for _, name := range append(agents.PresetNames(), "my_custom") {
		upper := capitalise(name)
		for _, text := range []string{
			name + " - layered deterrence_success > 0 (95% CI)",
			name + " severity_loss < 3",
		} {
			ts := []primTarget{{text: text, params: []string{"us.reliability", "population.autonomy_shift"},
				boxes: []primBox{box(1, 0.4, 1, 0.3, 0.9, -0.4, 0.4)}}}
			got := discoveryReading(ts)
			if strings.Contains(got, upper) || !strings.Contains(got, " "+name+" ") {
				t.Errorf("%q: the reading changes the name's spelling: %s", text, got)
			}
			if r, _ := utf8.DecodeRuneInString(got); !unicode.IsUpper(r) {
				t.Errorf("%q: the reading's sentence begins in lower case: %s", text, got)
			}
			if title := targetTitle(text); !strings.HasPrefix(title, name+" ") {
				t.Errorf("%q: the panel title does not begin with the name as spelled: %q", text, title)
			}
		}
	}
	// A condition of another form is quoted, and its sentence begins with
	// a capital as before.
	if got := targetTitle("odd text"); !strings.HasPrefix(got, "Where “odd text” holds") {
		t.Errorf("title of an unparsed condition: %q", got)
	}

	dir := t.TempDir()
	bothFixture().write(t, dir)
	page, _ := reportOf(t, dir)
	if strings.Contains(page, ". layered − treaty,") || !strings.Contains(page, "Model 1.1's headline, layered − treaty, also changes the cells") {
		t.Error("the primary contrasts' note opens a sentence with an architecture's name")
	}
}
