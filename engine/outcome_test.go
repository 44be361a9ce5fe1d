package engine

import (
	"regexp"
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
