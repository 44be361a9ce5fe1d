package agents

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"pactsim/agents/param"
)

// Every roster ParseRoster, ParseStoredRoster or SyntheticRoster returns
// passes Validate, and Validate refuses what the parser refuses in a row
// (a review, stop 51).
func TestRosterValidate(t *testing.T) {
	for _, name := range BuiltinRosters() {
		r, err := LoadRoster(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, size := range []float64{2, 3, 12, 40, 1000} {
		p := param.Defaults()
		if err := p.Set("population.size", size); err != nil {
			t.Fatal(err)
		}
		r, err := SyntheticRoster(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("synthetic %g: %v", size, err)
		}
	}
	// A stored roster may hold a name with an invisible character.
	stored, err := ParseStoredRoster("s.csv", strings.NewReader("state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\nUS,patron,1,0.5,0.5,0.5,0.5,0.5,0.5,x\nA\u200bB,core,0.2,0.5,0.5,0.5,0.5,0.5,0.5,x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := stored.Validate(); err != nil {
		t.Errorf("stored roster: %v", err)
	}
	var nilRoster *Roster
	if err := nilRoster.Validate(); err == nil {
		t.Error("nil roster accepted")
	}
	base, _ := LoadRoster("indo-pacific")
	for _, c := range []struct {
		want string
		edit func(r *Roster)
	}{
		{"capability +Inf", func(r *Roster) { r.States[4].Capability = math.Inf(1) }},
		{"capability 11", func(r *Roster) { r.States[4].Capability = 11 }},
		{"interop -0.1", func(r *Roster) { r.States[4].Attr[Interop] = -0.1 }},
		{"exports_gdp 4", func(r *Roster) { r.States[4].Domains.ExportsGDP = 4 }},
		{"dispute_territorial NaN", func(r *Roster) { r.States[4].Domains.Dispute[DisputeTerritorial] = math.NaN() }},
		{`state "KR": role patron`, func(r *Roster) { r.States[4].Role = Patron }},
		{"0 states", func(r *Roster) { r.States = nil }},
		{`state "K\xd4": the name is not UTF-8 text`, func(r *Roster) { r.States[4].Name = "K\xd4" }},
	} {
		r := *base
		r.States = append([]StateSpec(nil), base.States...)
		c.edit(&r)
		if err := r.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v", c.want, err)
		}
	}
}

// Preset refuses a roster that Validate refuses, where it panicked on an
// empty roster or a Patron out of range (a review, stop 51).
func TestPresetRefusesBadRoster(t *testing.T) {
	p := param.Defaults()
	base, _ := LoadRoster("indo-pacific")
	for _, r := range []*Roster{nil, {Name: "empty"}, {Name: "far", States: base.States, Patron: 40}} {
		for _, name := range PresetNames() {
			func() {
				defer func() {
					if x := recover(); x != nil {
						t.Errorf("Preset(%s) panicked: %v", name, x)
					}
				}()
				if _, err := Preset(name, p, r); err == nil {
					t.Errorf("Preset(%s) accepted a roster Validate refuses", name)
				}
			}()
		}
	}
}

// A Role or CrisisType out of range prints as fmt prints an unknown value,
// where its String method panicked inside fmt (a review, stop 51).
func TestStringOutOfRange(t *testing.T) {
	for _, c := range []struct {
		v    fmt.Stringer
		want string
	}{
		{Role(7), "Role(7)"}, {NumRoles, "Role(4)"}, {Hedger, "hedger"},
		{CrisisType(-1), "CrisisType(-1)"}, {NumCrisisTypes, "CrisisType(4)"}, {ArmedAttack, "armed_attack"},
	} {
		if got := fmt.Sprint(c.v); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
