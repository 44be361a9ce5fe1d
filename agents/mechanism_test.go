package agents

import (
	"strings"
	"testing"

	"pactsim/agents/param"
)

// TestValidateEveryField: validation checks every numeric field of
// param.MechFields against its range and names it.
func TestValidateEveryField(t *testing.T) {
	r, err := LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	for _, slot := range param.MechSlots() {
		spec := slot.Spec()
		for _, x := range []float64{spec.Min - 1, spec.Max + 1} {
			m := NewMechanism("m")
			m.Values.Set(slot, x)
			err := Architecture{Name: "a", Mechanisms: []MechanismDef{m}}.Validate(r)
			if err == nil || !strings.Contains(err.Error(), "mechanism m: "+slot.Key()+":") {
				t.Errorf("%s = %v: got %v, want an error naming the field", slot.Key(), x, err)
			}
		}
		m := NewMechanism("m")
		m.Values.Set(slot, spec.Max)
		if err := (Architecture{Name: "a", Mechanisms: []MechanismDef{m}}).Validate(r); err != nil {
			t.Errorf("%s at its maximum: %v", slot.Key(), err)
		}
	}
}

// TestFromPresetReadsEveryField: a preset mechanism reads each of its
// numbers from its own mechanisms.<preset>.<key> parameter.
func TestFromPresetReadsEveryField(t *testing.T) {
	for _, slot := range param.MechSlots() {
		p := param.Defaults()
		name := "mechanisms.core." + slot.Key()
		spec, _ := param.Lookup(name)
		x := spec.Max
		if x == spec.Default {
			x = spec.Min
		}
		if err := p.Set(name, x); err != nil {
			t.Fatal(err)
		}
		m := FromPreset("c", "core", p)
		if m.Values.Get(slot) != x || m.Preset != "core" || m.Name != "c" {
			t.Errorf("%s = %v: mechanism has %v", name, x, m.Values.Get(slot))
		}
	}
	m := FromPreset("c", "core", param.Defaults())
	if m.Obligation() != 0.8 || m.Visibility() != 0.5 || m.Coverage()[ArmedAttack] != 0.8 || m.NoiseReduction() != 0 ||
		m.Integration() != 0.05 || m.ExitCost() != 1 || m.MinMembers() != 3 {
		t.Errorf("core accessors: %+v (docs/model.md sec. 4.3)", m)
	}
}
