package agents

import (
	"fmt"

	"pactsim/agents/param"
)

// CrisisType indexes the adversary's crisis types, in param.CrisisTypes order.
type CrisisType int

const (
	GreyZone CrisisType = iota
	EconomicCoercion
	Blockade
	ArmedAttack
	NumCrisisTypes
)

func (k CrisisType) String() string { return param.CrisisTypes[k] }

// Escalatory reports whether a repelled challenge of this type can become a
// war (MODEL.md sec. 5: blockade and armed attack).
func (k CrisisType) Escalatory() bool { return k == Blockade || k == ArmedAttack }

// MechanismDef is a mechanism as data (MODEL.md sec. 3). Architectures are
// lists of these; the model has no code path for any particular one.
type MechanismDef struct {
	Name           string                  // unique within an architecture
	Preset         string                  // preset template whose parameters it reads ("" for inline)
	Obligation     float64                 // o_m
	Visibility     float64                 // v_m
	Coverage       [NumCrisisTypes]float64 // c_mk
	NoiseReduction float64                 // ν_m
	Integration    float64                 // g_m
	ExitCost       float64                 // exit_m
	MinMembers     int                     // dissolves below this
	Founders       []string                // state names; the patron is a member of what it founds
	Eligible       []string                // nil: all states
	PreExisting    bool                    // founders bound at t = 0
	Treaty         bool                    // forms only at t = 0, stays dead once dissolved, is invoked
	FoundersBound  bool                    // treaty founders are members at t = 0 without evaluating U
}

// Architecture is a named set of mechanisms.
type Architecture struct {
	Name       string
	Mechanisms []MechanismDef
}

// HasTreaty reports whether the architecture contains a treaty mechanism.
func (a Architecture) HasTreaty() bool {
	for _, m := range a.Mechanisms {
		if m.Treaty {
			return true
		}
	}
	return false
}

// Validate checks an architecture against a roster: names unique, founders
// and eligible states exist, numeric fields in range.
func (a Architecture) Validate(r *Roster) error {
	seen := map[string]bool{}
	for _, m := range a.Mechanisms {
		if m.Name == "" {
			return fmt.Errorf("architecture %s: a mechanism has no name", a.Name)
		}
		if seen[m.Name] {
			return fmt.Errorf("architecture %s: duplicate mechanism %q", a.Name, m.Name)
		}
		seen[m.Name] = true
		for _, s := range append(append([]string(nil), m.Founders...), m.Eligible...) {
			if r.Index(s) < 0 {
				return fmt.Errorf("architecture %s, mechanism %s: state %q is not in roster %s (states: %s)", a.Name, m.Name, s, r.Name, r.StateList())
			}
		}
		check := func(field string, x, lo, hi float64) error {
			if !(x >= lo && x <= hi) {
				return fmt.Errorf("architecture %s, mechanism %s: %s = %v out of range [%g, %g]", a.Name, m.Name, field, x, lo, hi)
			}
			return nil
		}
		if err := check("obligation", m.Obligation, 0, 1); err != nil {
			return err
		}
		if err := check("visibility", m.Visibility, 0, 1); err != nil {
			return err
		}
		for k, c := range m.Coverage {
			if err := check("coverage."+param.CrisisTypes[k], c, 0, 1); err != nil {
				return err
			}
		}
		if err := check("noise_reduction", m.NoiseReduction, 0, 1); err != nil {
			return err
		}
		if err := check("integration_rate", m.Integration, 0, 1); err != nil {
			return err
		}
		if err := check("exit_cost", m.ExitCost, 0, 10); err != nil {
			return err
		}
		if m.MinMembers < 1 {
			return fmt.Errorf("architecture %s, mechanism %s: min_members = %d must be at least 1", a.Name, m.Name, m.MinMembers)
		}
	}
	return nil
}

// FromPreset fills a mechanism's numeric fields from the parameters of the
// preset template tmpl (mechanisms.<tmpl>.<field>).
func FromPreset(name, tmpl string, p param.Values) MechanismDef {
	pre := "mechanisms." + tmpl + "."
	m := MechanismDef{
		Name:           name,
		Preset:         tmpl,
		Obligation:     p.Get(pre + "obligation"),
		Visibility:     p.Get(pre + "visibility"),
		NoiseReduction: p.Get(pre + "noise_reduction"),
		Integration:    p.Get(pre + "integration_rate"),
		ExitCost:       p.Get(pre + "exit_cost"),
		MinMembers:     p.Int(pre + "min_members"),
	}
	for k, ct := range param.CrisisTypes {
		m.Coverage[k] = p.Get(pre + "coverage." + ct)
	}
	return m
}

// PresetNames lists the built-in architectures in their canonical order.
func PresetNames() []string { return []string{"none", "hub_and_spokes", "treaty", "layered"} }

// Bilateral partners of the US today (MODEL.md sec. 3), in link tie-break order.
var bilateralPartners = []string{"JP", "AU", "PH", "KR", "TH"}

// Preset builds a built-in architecture from the parameters p for roster r.
// States a preset names but the roster lacks are dropped from founder and
// eligible lists (a bilateral with a missing partner is dropped), so presets
// also work on user and synthetic rosters.
func Preset(name string, p param.Values, r *Roster) (Architecture, error) {
	patron := r.States[r.Patron].Name
	// Presets name today's states. On a roster without them (synthetic mode,
	// or a user roster with other names) they fall back to roles: bilaterals
	// with every core and partner state, a core of the core states, and a
	// treaty founded by the core states and the first partner.
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
	firstPartner := byRole(1, Partner)
	bilaterals := orRoles(named(bilateralPartners...), byRole(0, Core, Partner))
	treatyFounders := orRoles(named("JP", "AU", "PH"), append(append([]string(nil), cores...), firstPartner...))
	coreMembers := orRoles(named("JP", "AU"), cores)
	hub := func() []MechanismDef {
		var ms []MechanismDef
		for _, x := range bilaterals {
			m := FromPreset("bilateral_"+x, "bilateral", p)
			m.Founders = []string{patron, x}
			m.Eligible = []string{patron, x}
			m.PreExisting = true
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
		t := FromPreset("treaty", "treaty", p)
		t.Founders = append([]string{patron}, treatyFounders...)
		t.Treaty = true
		t.FoundersBound = p.Bool("mechanisms.treaty.founders_bound")
		return Architecture{Name: name, Mechanisms: append(hub(), t)}, nil
	case "layered":
		c := FromPreset("core", "core", p)
		c.Founders = append([]string{patron}, coreMembers...)
		c.Eligible = c.Founders
		c.PreExisting = true
		ms := append(hub(), c)
		for _, cell := range param.Cells {
			m := FromPreset(cell, cell, p)
			m.Founders = []string{patron}
			ms = append(ms, m)
		}
		return Architecture{Name: name, Mechanisms: ms}, nil
	}
	return Architecture{}, fmt.Errorf("unknown architecture %q (presets: none, hub_and_spokes, treaty, layered; or define one inline)", name)
}
