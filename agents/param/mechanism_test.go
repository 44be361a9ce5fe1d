package param

import (
	"math"
	"strings"
	"testing"
)

// TestMechFieldsDriveRegistry: every slot of every preset is registered as
// mechanisms.<preset>.<key> with the table's kind and range, the preset's
// default inside it, and nothing else is registered under a preset.
func TestMechFieldsDriveRegistry(t *testing.T) {
	slots := MechSlots()
	if want := 10 + 2*NumCrisisTypes; len(slots) != want {
		t.Errorf("%d slots, want %d (ten scalar fields, coverage and latency per type)", len(slots), want)
	}
	seen := map[string]bool{}
	for _, s := range slots {
		if seen[s.Key()] {
			t.Errorf("slot key %s twice", s.Key())
		}
		seen[s.Key()] = true
	}
	registered := 0
	for _, p := range All() {
		if strings.HasPrefix(p.Name, "mechanisms.") && p.Name != "mechanisms.cell.obligation" {
			registered++
		}
	}
	// Every slot of every preset, and the treaty's founders_bound.
	if want := len(MechanismPresets)*len(slots) + 1; registered != want {
		t.Errorf("%d mechanism parameters registered, want %d", registered, want)
	}
	for _, pr := range MechanismPresets {
		for _, slot := range slots {
			name := "mechanisms." + pr + "." + slot.Key()
			p, ok := Lookup(name)
			if !ok {
				t.Errorf("%s not registered", name)
				continue
			}
			f := MechFields[slot.Field]
			if p.Kind != f.Kind || p.Min != f.Min || p.Max != f.Max || p.Symbol != f.Symbol || p.Unit != f.Unit {
				t.Errorf("%s = %+v does not follow its field %+v", name, p, f)
			}
		}
	}
	if s, _ := Lookup("mechanisms.sanctions_enforcement.coverage.economic_coercion"); s.Default != 1 || !strings.Contains(s.Description, "economic_coercion") {
		t.Errorf("per-type slot %+v: want default 1 and the type in its description", s)
	}
	if s, _ := Lookup("mechanisms.coordination_centre.obligation"); s.Inherits != "mechanisms.cell.obligation" {
		t.Errorf("a cell's obligation must inherit the cell obligation: %+v", s)
	}
	if s, _ := Lookup("mechanisms.core.obligation"); s.Inherits != "" {
		t.Errorf("the core is not a cell: %+v", s)
	}
}

func TestMechanismValues(t *testing.T) {
	v := Defaults()
	if err := v.Set("mechanisms.treaty.coverage.blockade", 0.6); err != nil {
		t.Fatal(err)
	}
	m := v.Mechanism("treaty")
	want := map[string]float64{"obligation": 1, "visibility": 1, "coverage.grey_zone": 0.2, "coverage.blockade": 0.6,
		"coverage.armed_attack": 1, "noise_reduction": 0, "exit_cost": 1, "min_members": 4}
	for _, s := range MechSlots() {
		if w, ok := want[s.Key()]; ok && m.Get(s) != w {
			t.Errorf("treaty %s = %v, want %v", s.Key(), m.Get(s), w)
		}
	}
	d := MechDefaults()
	for _, s := range MechSlots() {
		if d.Get(s) != s.Spec().Default {
			t.Errorf("MechDefaults %s = %v", s.Key(), d.Get(s))
		}
	}
	if d[MinMembers][0] != 1 {
		t.Error("a mechanism built from nothing needs one member")
	}
	// A mechanism built from nothing is as slow as an ad hoc response, per
	// type (docs/model.md sec. 7.1).
	if d[Latency] != [NumCrisisTypes]float64{7, 90, 14, 10} {
		t.Errorf("MechDefaults latency %v, want the ad hoc latencies", d[Latency])
	}
	if s, _ := Lookup("mechanisms.treaty.latency.blockade"); s.Default != 7 || s.Unit != "days" || math.Abs(s.Lo-4.9) > 1e-12 {
		t.Errorf("treaty blockade latency %+v: want default 7 days, plausible from 4.9", s)
	}
	if s, _ := Lookup("mechanisms.treaty.coverage.economic_coercion"); s.Default != 0.3 {
		t.Errorf("treaty economic coverage %v, want 0.3 (2.0 default)", s.Default)
	}
	if got := (MechSlot{Field: Coverage, Type: 3}).Key(); got != "coverage.armed_attack" {
		t.Errorf("slot key %q", got)
	}
	if err := (MechSlot{Field: MinMembers}).Spec().Check(2.5); err == nil {
		t.Error("min_members 2.5 accepted")
	}
}
