package agents

import (
	"fmt"
	"strings"

	"pactsim/agents/param"
)

// The built-in architectures (docs/model.md sec. 4.3). Both proposals are
// built on top of today's bilaterals, so each can be compared with the
// status quo as well as with the other.

// PresetNames lists the built-in architectures in their canonical order.
func PresetNames() []string {
	return []string{"none", "hub_and_spokes", "treaty", "layered", "treaty_plus_cells", "layered_then_treaty"}
}

// Bilateral partners of the US today, in link tie-break order.
var bilateralPartners = []string{"JP", "AU", "PH", "KR", "TH"}

// Preset builds a built-in architecture from the parameters p for roster r.
// States a preset names but the roster lacks are dropped from founder and
// eligible lists (a bilateral with a missing partner is dropped), so presets
// also work on user and synthetic rosters. A roster that Validate refuses
// is refused (a review, stop 51: an empty roster, or a Patron out of range,
// panicked).
func Preset(name string, p param.Values, r *Roster) (Architecture, error) {
	if err := r.Validate(); err != nil {
		return Architecture{}, err
	}
	patron := r.States[r.Patron].Name
	f := presetFounders(r)
	hub := func() []MechanismDef {
		var ms []MechanismDef
		for _, x := range f.bilaterals {
			m := FromPreset("bilateral_"+x, "bilateral", p)
			m.Founders = []string{patron, x}
			m.Eligible = []string{patron, x}
			m.PreExisting = true
			ms = append(ms, m)
		}
		return ms
	}
	treaty := func() MechanismDef {
		t := FromPreset("treaty", "treaty", p)
		t.Founders = append([]string{patron}, f.treaty...)
		t.Treaty = true
		t.FoundersBound = p.Bool("mechanisms.treaty.founders_bound")
		return t
	}
	core := func() MechanismDef {
		c := FromPreset("core", "core", p)
		c.Founders = append([]string{patron}, f.core...)
		c.Eligible = c.Founders
		c.PreExisting = true
		return c
	}
	cells := func() []MechanismDef {
		var ms []MechanismDef
		for _, cell := range param.Cells {
			m := FromPreset(cell, cell, p)
			m.Founders = []string{patron}
			ms = append(ms, m)
		}
		return ms
	}
	switch name {
	case "none":
		return Architecture{Name: name}, nil
	case "hub_and_spokes":
		return Architecture{Name: name, Mechanisms: hub()}, nil
	case "treaty":
		return Architecture{Name: name, Mechanisms: append(hub(), treaty())}, nil
	case "layered":
		return Architecture{Name: name, Mechanisms: append(append(hub(), core()), cells()...)}, nil
	case "treaty_plus_cells":
		// The treaty formalises the core, so there is no separate core:
		// against layered, what differs is a formal, public, binding core
		// (docs/model.md sec. 4.3).
		return Architecture{Name: name, Mechanisms: append(append(hub(), treaty()), cells()...)}, nil
	case "layered_then_treaty":
		// The layered structure, and a treaty with the same founders that is
		// attempted once the core's interoperability and trust pass their
		// thresholds (docs/model.md sec. 5.4).
		t := treaty()
		t.FormaliseFrom = "core"
		ms := append(append(hub(), core()), cells()...)
		return Architecture{Name: name, Mechanisms: append(ms, t)}, nil
	}
	return Architecture{}, fmt.Errorf("unknown architecture %q (presets: %s; or define one inline)", name, strings.Join(PresetNames(), ", "))
}

// founders are the non-patron states a preset's mechanisms are founded with.
type founders struct {
	bilaterals []string // one bilateral with the patron each
	treaty     []string // the treaty's founders besides the patron
	core       []string // the core's members besides the patron
	// Which of them fell back to roles: each mechanism falls back on its
	// own, when the roster has none of the states it names.
	bilateralsByRole, treatyByRole, coreByRole bool
}

// presetFounders names today's states where roster r has them. On a roster
// without them (synthetic mode, or a user roster with other names) it
// falls back to roles: bilaterals with every core and partner state, a core
// of the core states, and a treaty founded by the core states and the
// partner most threatened by A (the highest threat θ̄ of the roster, the
// first in row order among equals): the Philippines' place in Ratner's
// pact, as the frontline partner. It was the first partner in row order, so
// the order of a user roster's rows decided who founded the treaty, and
// with it whether a treaty formed (a referee, stop 36: 0.52 against 0.03
// formed, with a high-autonomy partner first).
func presetFounders(r *Roster) founders {
	named := func(ss ...string) []string {
		var out []string
		for _, s := range ss {
			if k := r.Index(s); k >= 0 && k != r.Patron {
				out = append(out, s)
			}
		}
		return out
	}
	byRole := func(n int, roles ...Role) []string {
		var out []string
		for _, s := range r.States {
			for _, ro := range roles {
				if s.Role == ro && ro != Patron && (n <= 0 || len(out) < n) {
					out = append(out, s.Name)
				}
			}
		}
		return out
	}
	orRoles := func(names []string, fallback []string) []string {
		if len(names) > 0 {
			return names
		}
		return fallback
	}
	cores := byRole(0, Core)
	var frontline []string
	best := -1
	for k, s := range r.States {
		if s.Role == Partner && k != r.Patron && (best < 0 || s.Attr[Threat] > r.States[best].Attr[Threat]) {
			best = k
		}
	}
	if best >= 0 {
		frontline = []string{r.States[best].Name}
	}
	nb, nt, nc := named(bilateralPartners...), named("JP", "AU", "PH"), named("JP", "AU")
	return founders{
		bilaterals:       orRoles(nb, byRole(0, Core, Partner)),
		treaty:           orRoles(nt, append(append([]string(nil), cores...), frontline...)),
		core:             orRoles(nc, cores),
		bilateralsByRole: len(nb) == 0,
		treatyByRole:     len(nt) == 0,
		coreByRole:       len(nc) == 0,
	}
}

// PresetNote says how the presets found their mechanisms on roster r when
// it lacks some of the states they name (docs/model.md sec. 4.3): for each
// mechanism, its founders, and whether they are the named states the
// roster has or, where it has none of a mechanism's, states chosen by
// role. It is "" when r has them all. A run on such a roster prints it,
// since nothing in the results says who founded what (a referee, stop 36:
// a roster that spelt Japan "Japan" dropped it from every preset without a
// word). An inline mechanism that sets its own founders keeps them.
// r must be a roster that Validate accepts.
func PresetNote(r *Roster) string {
	var missing, patronNamed []string
	for _, s := range bilateralPartners {
		switch k := r.Index(s); {
		case k < 0:
			missing = append(missing, s)
		case k == r.Patron:
			patronNamed = append(patronNamed, s)
		}
	}
	if len(missing)+len(patronNamed) == 0 {
		return ""
	}
	f := presetFounders(r)
	patron := r.States[r.Patron].Name
	list := func(names ...string) string {
		if len(names) == 0 {
			return "none"
		}
		return ListNames(names)
	}
	how := func(byRole bool, role string) string {
		if byRole {
			return " by role (" + role + ")"
		}
		return ""
	}
	var lacks []string
	if len(missing) > 0 {
		// A state spelt in another case ("jp") is named (a review, stop
		// 49).
		for k, s := range missing {
			if m := CaseMatch(s, r.StateNames()); m != "" {
				missing[k] = fmt.Sprintf("%s (it has %s: names are case-sensitive)", s, m)
			}
		}
		lacks = append(lacks, "lacks "+list(missing...))
	}
	if len(patronNamed) > 0 {
		lacks = append(lacks, "has "+list(patronNamed...)+" as its patron")
	}
	return fmt.Sprintf("roster %s %s, which the presets name (docs/model.md sec. 4.3): bilaterals%s of %s with %s; a core%s of %s; a treaty%s founded by %s (unless an inline mechanism sets its own founders)",
		r.Name, strings.Join(lacks, " and "),
		how(f.bilateralsByRole, "every core and partner state"), patron, list(f.bilaterals...),
		how(f.coreByRole, "the core states"), list(append([]string{patron}, f.core...)...),
		how(f.treatyByRole, "the core states and the partner of highest threat"), list(append([]string{patron}, f.treaty...)...))
}
