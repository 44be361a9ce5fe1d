package experiments

import (
	"errors"
	"fmt"
	"slices"

	"pactsim/agents"
	"pactsim/agents/param"
)

// MechanismSpec is an inline mechanism as written in a config. Numbers
// holds the numeric fields written (param.MechFields, by slot); nil
// pointers and unset lists mean "not written": the value comes from the
// starting point (see doc.go).
type MechanismSpec struct {
	Name          string
	Preset        string // template: mechanisms.<preset>.* parameters supply unwritten numbers
	Numbers       map[param.MechSlot]float64
	Founders      []string
	FoundersSet   bool
	Eligible      []string // nil with EligibleSet: all states
	EligibleSet   bool
	PreExisting   *bool
	Treaty        *bool
	FoundersBound *bool
	// foundersLine and eligibleLine are the lines of the written lists,
	// for an error about a state in them (0 when not written); line is
	// the mechanism's, boundLine founders_bound's, minMembersLine
	// min_members' (0 when not written).
	foundersLine, eligibleLine, line, boundLine, minMembersLine int
}

// Build makes the architecture for one design point. Architectures are built
// per point, not once, because mechanisms.* parameters may be swept and a
// synthetic roster may change with population.size.
func (a ArchitectureSpec) Build(p param.Values, r *agents.Roster) (agents.Architecture, error) {
	if a.Preset != "" {
		return agents.Preset(a.Preset, p, r)
	}
	arch := agents.Architecture{Name: a.Name}
	if a.Base != "" {
		base, err := agents.Preset(a.Base, p, r)
		if err != nil {
			return arch, err
		}
		arch.Mechanisms = base.Mechanisms
	}
	for _, ms := range a.Mechanisms {
		at := slices.IndexFunc(arch.Mechanisms, func(m agents.MechanismDef) bool { return m.Name == ms.Name })
		var start *agents.MechanismDef
		if at >= 0 {
			start = &arch.Mechanisms[at]
		}
		m := ms.build(p, start)
		if at >= 0 {
			// Replace in place: a mechanism's position breaks link ties
			// (docs/model.md sec. 12), so an edited bilateral keeps its rank.
			arch.Mechanisms[at] = m
		} else {
			arch.Mechanisms = append(arch.Mechanisms, m)
		}
	}
	return arch, nil
}

// build makes the mechanism: it starts from its preset template when it names
// one, else from the base mechanism it replaces (start), else from an empty
// mechanism, and then applies every written field.
func (ms MechanismSpec) build(p param.Values, start *agents.MechanismDef) agents.MechanismDef {
	var m agents.MechanismDef
	switch {
	case ms.Preset != "":
		m = agents.FromPreset(ms.Name, ms.Preset, p)
		m.Treaty = ms.Preset == "treaty"
		if _, ok := param.Lookup("mechanisms." + ms.Preset + ".founders_bound"); ok {
			m.FoundersBound = p.Bool("mechanisms." + ms.Preset + ".founders_bound")
		}
	case start != nil:
		m = *start
		m.Founders = slices.Clone(start.Founders)
		m.Eligible = slices.Clone(start.Eligible)
	default:
		m = agents.NewMechanism(ms.Name)
	}
	m.Name = ms.Name
	for slot, x := range ms.Numbers {
		m.Values.Set(slot, x)
	}
	if ms.FoundersSet {
		m.Founders = slices.Clone(ms.Founders)
	}
	if ms.EligibleSet {
		m.Eligible = slices.Clone(ms.Eligible)
	}
	flag := func(dst *bool, src *bool) {
		if src != nil {
			*dst = *src
		}
	}
	flag(&m.PreExisting, ms.PreExisting)
	flag(&m.Treaty, ms.Treaty)
	flag(&m.FoundersBound, ms.FoundersBound)
	return m
}

// fieldAt is the line and key of architecture k (a) at which to report
// err, which building or checking it gave: where err is about an inline
// mechanism (agents.MechanismError), that mechanism, at the first of the
// fields err is about that the config writes, else the mechanism's line;
// otherwise the architecture's own line (a hostile review, stop 33: a
// founder not among the eligible states was reported at the
// architecture's line).
func (a ArchitectureSpec) fieldAt(k int, err error) (int, string) {
	line, key := a.line, index("architectures", k)
	var me *agents.MechanismError
	if !errors.As(err, &me) {
		return line, key
	}
	mi := slices.IndexFunc(a.Mechanisms, func(ms MechanismSpec) bool { return ms.Name == me.Mechanism })
	if mi < 0 {
		return line, key
	}
	ms := a.Mechanisms[mi]
	key = fmt.Sprintf("%s.mechanisms[%d]", key, mi)
	for _, f := range me.Fields {
		switch {
		case f == "eligible" && ms.EligibleSet:
			return ms.eligibleLine, key + ".eligible"
		case f == "founders" && ms.FoundersSet:
			return ms.foundersLine, key + ".founders"
		}
	}
	return ms.line, key
}
