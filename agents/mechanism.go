package agents

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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

func (k CrisisType) String() string {
	if k < 0 || k >= NumCrisisTypes {
		// As fmt prints an unknown value, not a panic inside fmt (a
		// review, stop 51).
		return "CrisisType(" + strconv.Itoa(int(k)) + ")"
	}
	return param.CrisisTypes[k]
}

// Escalatory reports whether a repelled challenge of this type can become a
// war (docs/model.md sec. 4.2: blockade and armed attack).
func (k CrisisType) Escalatory() bool { return k == Blockade || k == ArmedAttack }

// MechanismDef is a mechanism as data (docs/model.md sec. 4.1).
// Architectures are lists of these; the model has no code path for any
// particular one.
type MechanismDef struct {
	Name   string // unique within an architecture
	Preset string // preset template whose parameters it reads ("" for inline)
	// Values holds the numeric fields of param.MechFields; the methods
	// below read them by name.
	Values        param.MechValues
	Founders      []string // state names; the patron is a member of what it founds
	Eligible      []string // nil: all states
	PreExisting   bool     // founders bound at t = 0
	Treaty        bool     // forms only when attempted (docs/model.md sec. 5.4), stays dead once dissolved, is invoked
	FoundersBound bool     // treaty founders are members at t = 0 without evaluating U
	// Model 2.0 (docs/model.md secs. 4.1, 5.4).
	Cell bool // a minilateral cell: counts toward the states table's cells column
	// FormaliseFrom, for a treaty, names the mechanism whose members'
	// interoperability and trust must pass treaty.formalise_interop and
	// treaty.formalise_trust before the treaty is attempted (deferred
	// formation, layered_then_treaty); "" attempts it at t = 0.
	FormaliseFrom string
}

// NewMechanism returns a mechanism with every numeric field at its default
// (param.MechFields): no obligation, visibility or coverage, and a minimum
// of one member.
func NewMechanism(name string) MechanismDef {
	return MechanismDef{Name: name, Values: param.MechDefaults()}
}

// Obligation is o_m.
func (m *MechanismDef) Obligation() float64 { return m.Values[param.Obligation][0] }

// Visibility is v_m.
func (m *MechanismDef) Visibility() float64 { return m.Values[param.Visibility][0] }

// Coverage is c_mk for every crisis type k.
func (m *MechanismDef) Coverage() *[NumCrisisTypes]float64 { return &m.Values[param.Coverage] }

// NoiseReduction is ν_m.
func (m *MechanismDef) NoiseReduction() float64 { return m.Values[param.NoiseReduction][0] }

// Integration is g_m.
func (m *MechanismDef) Integration() float64 { return m.Values[param.Integration][0] }

// ExitCost is exit_m.
func (m *MechanismDef) ExitCost() float64 { return m.Values[param.ExitCost][0] }

// MinMembers is the membership below which the mechanism dissolves.
func (m *MechanismDef) MinMembers() int { return int(m.Values[param.MinMembers][0]) }

// Latency is Λ_mk, days, for every crisis type k (docs/model.md sec. 7.1).
func (m *MechanismDef) Latency() *[NumCrisisTypes]float64 { return &m.Values[param.Latency] }

// Awareness is aw_m (docs/model.md sec. 4.4).
func (m *MechanismDef) Awareness() float64 { return m.Values[param.Awareness][0] }

// Burden is burden_m, % of GDP (docs/model.md sec. 9.7).
func (m *MechanismDef) Burden() float64 { return m.Values[param.Burden][0] }

// Stickiness is st_m (docs/model.md sec. 9.1).
func (m *MechanismDef) Stickiness() float64 { return m.Values[param.Stickiness][0] }

// StandingStructure is ss_m (docs/model.md sec. 4.5).
func (m *MechanismDef) StandingStructure() float64 { return m.Values[param.StandingStructure][0] }

// Architecture is a named set of mechanisms.
type Architecture struct {
	Name       string
	Mechanisms []MechanismDef
}

// Mechanism is the architecture's mechanism of that name, nil if it has
// none.
func (a Architecture) Mechanism(name string) *MechanismDef {
	for i := range a.Mechanisms {
		if a.Mechanisms[i].Name == name {
			return &a.Mechanisms[i]
		}
	}
	return nil
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

// MechanismError is an error about one mechanism of an architecture, with
// the fields of the mechanism it is about, in the order a fix would edit
// them ("founders", "eligible"; none for the mechanism as a whole), so that
// a config reader can point at the line the user wrote.
type MechanismError struct {
	Mechanism string
	Fields    []string
	Err       error
}

func (e *MechanismError) Error() string { return e.Err.Error() }
func (e *MechanismError) Unwrap() error { return e.Err }

// MechanismErrorf is a MechanismError about mechanism mech and fields.
func MechanismErrorf(mech string, fields []string, format string, args ...any) error {
	return &MechanismError{Mechanism: mech, Fields: fields, Err: fmt.Errorf(format, args...)}
}

// Validate checks an architecture against a roster: names unique, founders
// and eligible states exist, every numeric field in its range
// (param.MechFields).
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
		for k, s := range append(append([]string(nil), m.Founders...), m.Eligible...) {
			if r.Index(s) < 0 {
				field := "founders"
				if k >= len(m.Founders) {
					field = "eligible"
				}
				return MechanismErrorf(m.Name, []string{field}, "architecture %s, mechanism %s: state %q is not in roster %s (states: %s)%s", a.Name, m.Name, s, r.Name, r.StateList(), CaseHint(s, r.StateNames()))
			}
		}
		if m.Eligible != nil {
			// A founder that may not join makes a treaty impossible (it
			// forms only if every founder is a member, docs/model.md sec.
			// 5.3), which would then pay the failure cost at every retry
			// without a word.
			for _, s := range m.Founders {
				// The patron is a member of what it founds, eligible or not.
				if r.Index(s) != r.Patron && !slices.Contains(m.Eligible, s) {
					return MechanismErrorf(m.Name, []string{"eligible", "founders"}, "architecture %s, mechanism %s: founder %q is not among its eligible states (%s): it could never be a member; add it to eligible or drop it from founders", a.Name, m.Name, s, strings.Join(m.Eligible, ", "))
				}
			}
		}
		for _, slot := range param.MechSlots() {
			if err := slot.Spec().Check(m.Values.Get(slot)); err != nil {
				return MechanismErrorf(m.Name, nil, "architecture %s, mechanism %s: %w", a.Name, m.Name, err)
			}
		}
	}
	for _, m := range a.Mechanisms {
		if m.FormaliseFrom == "" {
			continue
		}
		if !m.Treaty {
			return MechanismErrorf(m.Name, nil, "architecture %s, mechanism %s: formalise_from is for a treaty only", a.Name, m.Name)
		}
		if !seen[m.FormaliseFrom] || m.FormaliseFrom == m.Name {
			return MechanismErrorf(m.Name, nil, "architecture %s, mechanism %s: formalise_from %q is not another mechanism of the architecture", a.Name, m.Name, m.FormaliseFrom)
		}
	}
	return nil
}

// FromPreset makes a mechanism named name with the numeric fields of the
// preset template tmpl, read from the parameters p
// (mechanisms.<tmpl>.<field>).
// A mechanism from a cell template is a cell. tmpl must be one of
// param.MechanismPresets: another panics, as Values.Get does on a name it
// does not know.
func FromPreset(name, tmpl string, p param.Values) MechanismDef {
	return MechanismDef{Name: name, Preset: tmpl, Values: p.Mechanism(tmpl), Cell: slices.Contains(param.Cells, tmpl)}
}
