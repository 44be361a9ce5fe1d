package agents

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The range of a state's capability (Lowy Asia Power Index overall score /
// 100) that a roster may hold.
const minCapability, maxCapability = 1e-6, 10

// Validate checks a roster that was not read by ParseRoster (a roster a Go
// program builds or edits) as ParseRoster checks the rows it reads: at
// least two states, names UTF-8 text and neither empty nor repeated,
// exactly one state with role patron and Patron its index, every role one
// of the four, capability
// in [1e-6, 10], every attribute in [0, 1], each model 2.0 column in its
// range (docs/model.md sec. 15) and the region a known one or NoRegion.
// NaN is in no range. AdversaryCapability is not checked: the engine reads
// the adversary's capability from adversary.capability, not from the
// roster. The name checks that only ParseRoster makes (invisible
// characters, names that differ only in case) are left to it, so that a
// stored roster (ParseStoredRoster) validates.
//
// engine.NewScenario and Preset call it: a roster out of these ranges
// gave NaN outcomes, or panicked deep inside a run (a review, stop 51).
func (r *Roster) Validate() error {
	if r == nil {
		return errors.New("roster: nil (load one with LoadRoster or ParseRoster, or build one with SyntheticRoster)")
	}
	name := ShowName(r.Name)
	if len(r.States) < 2 {
		return fmt.Errorf("roster %s: %d states: at least 2 states (the patron and one other) are needed", name, len(r.States))
	}
	if r.Patron < 0 || r.Patron >= len(r.States) {
		return fmt.Errorf("roster %s: Patron %d is not the index of one of its %d states", name, r.Patron, len(r.States))
	}
	seen := make(map[string]int, len(r.States))
	for k := range r.States {
		s := &r.States[k]
		at := fmt.Sprintf("roster %s: state %d", name, k)
		if s.Name == "" {
			return fmt.Errorf("%s: empty state name", at)
		}
		at = fmt.Sprintf("roster %s: state %s", name, strconv.Quote(s.Name))
		if !utf8.ValidString(s.Name) {
			// As ParseRoster refuses a field: tables write names as
			// Arrow strings, which are UTF-8.
			return fmt.Errorf("%s: the name is not UTF-8 text", at)
		}
		if prev, dup := seen[s.Name]; dup {
			return fmt.Errorf("%s: duplicate state (states %d and %d)", at, prev, k)
		}
		seen[s.Name] = k
		if s.Role >= NumRoles {
			return fmt.Errorf("%s: role %d (allowed: %d patron, %d core, %d partner, %d hedger)", at, s.Role, Patron, Core, Partner, Hedger)
		}
		if (s.Role == Patron) != (k == r.Patron) {
			return fmt.Errorf("%s: role %s, but Patron is state %d, %s (exactly one state has role patron, and Patron is its index)", at, s.Role, r.Patron, strconv.Quote(r.States[r.Patron].Name))
		}
		if err := inRange(at, "capability", s.Capability, minCapability, maxCapability); err != nil {
			return err
		}
		for a, c := range attributeColumns {
			if err := inRange(at, c, s.Attr[a], 0, 1); err != nil {
				return err
			}
		}
		for _, c := range domainColumns {
			if err := inRange(at, c.name, c.get(&s.Domains), c.lo, c.hi); err != nil {
				return err
			}
		}
		if g := s.Domains.Region; g != NoRegion && g.String() == "" {
			return fmt.Errorf("%s: region %d (allowed: NoRegion, or 0..%d: %v)", at, g, len(regionNames)-1, regionNames)
		}
	}
	return nil
}

// inRange refuses x outside [lo, hi], NaN included.
func inRange(at, column string, x, lo, hi float64) error {
	if !(x >= lo && x <= hi) {
		return fmt.Errorf("%s: %s %g is not in [%g, %g]", at, column, x, lo, hi)
	}
	return nil
}
