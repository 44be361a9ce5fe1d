package engine

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestOutcomeRegistry: every outcome has a unique snake_case name, a
// description and a source; the per-domain blocks follow the crisis types'
// order, which finish relies on.
func TestOutcomeRegistry(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	seen := map[string]bool{}
	for k, o := range Outcomes {
		if !snake.MatchString(o.Name) || seen[o.Name] || o.Description == "" || o.Source == "" || o.Range == "" {
			t.Errorf("outcome %d: %+v", k, o)
		}
		seen[o.Name] = true
	}
	for _, block := range []struct {
		first  OutcomeID
		prefix string
	}{{ChallengesGreyZone, "challenges_"}, {FailuresGreyZone, "failures_"}, {FaitAccompliGreyZone, "fait_accompli_"},
		{DeterrenceGreyZone, "deterrence_success_"}, {HazardGreyZone, "hazard_"}} {
		for k, suffix := range []string{"grey_zone", "economic", "blockade", "armed"} {
			if got := Outcomes[block.first+OutcomeID(k)].Name; got != block.prefix+suffix {
				t.Errorf("block %s: position %d is %s", block.prefix, k, got)
			}
		}
	}
}

// TestOutcomeSources: each outcome's source cites where its definition
// comes from once, and a section of docs/model.md that exists; the
// codebook shows it to every reader of the data, so a citation repeated in
// place of a source ("docs/model.md sec. 13; docs/model.md sec. 13", as the
// 2.0 outcomes had) or a wrong section is a defect in the data's
// documentation.
func TestOutcomeSources(t *testing.T) {
	doc, err := os.ReadFile("../docs/model.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile(`(?m)^#{2,3} (\d+(?:\.\d+)?)\.? `)
	secs := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(string(doc), -1) {
		secs[m[1]] = true
	}
	cite := regexp.MustCompile(`docs/model\.md secs?\. ([0-9][0-9.]*(?:(?:,| and) [0-9][0-9.]*)*)`)
	number := regexp.MustCompile(`\d+(?:\.\d+)?`)
	for _, o := range Outcomes {
		parts := strings.Split(o.Source, "; ")
		seen := map[string]bool{}
		for _, p := range parts {
			if seen[p] {
				t.Errorf("%s: source %q cites %q twice", o.Name, o.Source, p)
			}
			seen[p] = true
		}
		for _, text := range []string{o.Source, o.Description} {
			for _, m := range cite.FindAllStringSubmatch(text, -1) {
				for _, n := range number.FindAllString(m[1], -1) {
					if !secs[strings.TrimSuffix(n, ".")] {
						t.Errorf("%s: %q cites docs/model.md sec. %s, which has no heading", o.Name, text, n)
					}
				}
			}
		}
	}
}
