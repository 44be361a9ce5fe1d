package param

import "strings"

// The numeric fields of a mechanism (docs/model.md sec. 4.1) are declared
// once, in MechFields. That table drives the mechanisms.<preset>.<field>
// parameters of the registry, the preset defaults below, the ranges that
// validation enforces, the keys of an inline mechanism in a config and its
// canonical form. Adding a field is one constant and one row; a per-type
// field (one value per crisis type, like coverage) is a row with PerType.
// The flags and lists of a mechanism (founders, eligible, pre-existing,
// treaty, founders bound) are structure, not numbers, and are not in the
// table.

// NumCrisisTypes is the number of crisis types.
const NumCrisisTypes = len(CrisisTypes)

// MechField indexes the numeric fields of a mechanism, in table order.
type MechField int

const (
	Obligation        MechField = iota // o_m
	Visibility                         // v_m
	Coverage                           // c_mk, per crisis type
	NoiseReduction                     // ν_m
	Integration                        // g_m
	ExitCost                           // exit_m
	MinMembers                         // whole number
	Latency                            // Λ_mk, days, per crisis type (model 2.0)
	Awareness                          // aw_m
	Burden                             // burden_m, % of GDP
	Stickiness                         // st_m
	StandingStructure                  // ss_m
	NumMechFields
)

// MechFieldSpec describes one numeric field of a mechanism.
type MechFieldSpec struct {
	Key         string    // key in a config and last part of mechanisms.<preset>.<key>
	Symbol      string    // symbol in docs/model.md
	Kind        Kind      // Float or Int
	Min, Max    float64   // range validation allows (inclusive)
	PerType     bool      // one value per crisis type, keyed <key>.<type>
	Default     float64   // for a preset that does not set it, and for a mechanism built from nothing
	TypeDefault []float64 // per-type defaults of a per-type field, in CrisisTypes order (overrides Default)
	Unit        string
	Description string // "<type>" stands for the crisis type of a per-type field
	Source      string // of every preset's default; "" for the preset's own source
}

// MechFields is the table of a mechanism's numeric fields. Plausible ranges
// are 0.7 to 1.3 times each preset's default, capped at Max; whole-number
// fields are not meant to be swept (their plausible range is the default).
var MechFields = [NumMechFields]MechFieldSpec{
	Obligation:     {Key: "obligation", Symbol: "o_m", Max: 1, Description: "obligation: how much membership binds a member to respond"},
	Visibility:     {Key: "visibility", Symbol: "v_m", Max: 1, Description: "visibility: how bloc-like the mechanism looks to the adversary and to hedgers", Source: srcJervis + "; " + srcKuik},
	Coverage:       {Key: "coverage", Symbol: "c_mk", Max: 1, PerType: true, Description: "coverage of crisis type <type>: how far the mechanism applies to it"},
	NoiseReduction: {Key: "noise_reduction", Symbol: "ν_m", Max: 1, Description: "share of members' private-signal noise removed by shared intelligence"},
	Integration:    {Key: "integration_rate", Symbol: "g_m", Max: 1, Unit: "1/period", Description: "interoperability growth rate of members (also capacity benefit in accession)"},
	ExitCost:       {Key: "exit_cost", Symbol: "exit_m", Max: 10, Unit: "utility", Description: "a member leaves only if its utility falls below minus this cost", Source: srcSnyder},
	MinMembers:     {Key: "min_members", Kind: Int, Min: 1, Max: 100, Default: 1, Unit: "states", Description: "the mechanism dissolves with fewer members than this"},
	// Model 2.0 (docs/model.md secs. 4.1, 4.5, 7.1, 9.1, 9.7). A mechanism
	// built from nothing is as slow as an ad hoc response.
	Latency:           {Key: "latency", Symbol: "Λ_mk", Min: 0.01, Max: 365, PerType: true, TypeDefault: []float64{7, 90, 14, 10}, Unit: "days", Description: "time the mechanism needs to consult and coordinate a <type> response", Source: srcLatency},
	Awareness:         {Key: "awareness", Symbol: "aw_m", Max: 1, Description: "maritime detection and attribution a member's waters get from the mechanism"},
	Burden:            {Key: "burden", Symbol: "burden_m", Max: 10, Unit: "% of GDP", Description: "defence spending the mechanism asks of its members, the patron's ask in every preset (scaled by burden.strength)"},
	Stickiness:        {Key: "stickiness", Symbol: "st_m", Max: 1, Description: "how far statutory exit protection damps a retrenching administration for links from this mechanism (scaled by us.treaty_stickiness)"},
	StandingStructure: {Key: "standing_structure", Symbol: "ss_m", Max: 1, Description: "share of the core's standing coordination (latency, awareness, integration, noise reduction) the mechanism builds up after it forms"},
}

// def is the field's default for crisis type k (0 for a scalar field).
func (f *MechFieldSpec) def(k int) float64 {
	if len(f.TypeDefault) == NumCrisisTypes {
		return f.TypeDefault[k]
	}
	return f.Default
}

// MechValues holds the numeric fields of one mechanism, indexed by field
// and, for a per-type field, by crisis type; other fields use index 0.
type MechValues [NumMechFields][NumCrisisTypes]float64

// MechSlot is one number of a mechanism: a field and, for a per-type
// field, a crisis type (0 otherwise).
type MechSlot struct {
	Field MechField
	Type  int
}

// Get returns the value of slot s.
func (v *MechValues) Get(s MechSlot) float64 { return v[s.Field][s.Type] }

// Set sets the value of slot s.
func (v *MechValues) Set(s MechSlot, x float64) { v[s.Field][s.Type] = x }

// MechSlots lists every slot in table order, which is the order of the
// registry and of the canonical config.
func MechSlots() []MechSlot { return append([]MechSlot(nil), mechSlots...) }

var mechSlots = func() []MechSlot {
	var out []MechSlot
	for f, spec := range MechFields {
		if !spec.PerType {
			out = append(out, MechSlot{Field: MechField(f)})
			continue
		}
		for k := range CrisisTypes {
			out = append(out, MechSlot{Field: MechField(f), Type: k})
		}
	}
	return out
}()

// Key is the slot's dotted key under a mechanism: "obligation",
// "coverage.blockade".
func (s MechSlot) Key() string {
	f := &MechFields[s.Field]
	if !f.PerType {
		return f.Key
	}
	return f.Key + "." + CrisisTypes[s.Type]
}

// Spec describes the slot as a parameter named by its key, with the
// field's default: the range and kind that validation and decoding check.
func (s MechSlot) Spec() Spec {
	f := &MechFields[s.Field]
	desc := f.Description
	if f.PerType {
		desc = strings.ReplaceAll(desc, "<type>", CrisisTypes[s.Type])
	}
	return Spec{Name: s.Key(), Symbol: f.Symbol, Kind: f.Kind, Default: f.def(s.Type), Min: f.Min, Max: f.Max,
		Lo: f.Min, Hi: f.Max, Unit: f.Unit, Description: desc, Source: f.Source}
}

// MechDefaults returns every field at its Default: a mechanism built from
// nothing.
func MechDefaults() MechValues {
	var v MechValues
	for _, s := range mechSlots {
		v.Set(s, MechFields[s.Field].def(s.Type))
	}
	return v
}

// Mechanism returns the numeric fields of preset template tmpl, read from
// the mechanisms.<tmpl>.<key> parameters.
func (v Values) Mechanism(tmpl string) MechValues {
	var m MechValues
	pre := "mechanisms." + tmpl + "."
	for _, s := range mechSlots {
		m.Set(s, v.Get(pre+s.Key()))
	}
	return m
}

// mechPreset is a preset mechanism template and its defaults
// (docs/model.md sec. 4.3).
type mechPreset struct {
	name   string
	cell   bool                     // its obligation inherits mechanisms.cell.obligation
	values [NumMechFields][]float64 // nil: the field's Default; per-type fields in CrisisTypes order
	src    string
}

type fields = [NumMechFields][]float64

var mechPresets = []mechPreset{
	// Today's US bilaterals: mutual-defence treaties with treaty-like coverage.
	{"bilateral", false, fields{Obligation: {0.8}, Visibility: {0.5}, Coverage: {0.2, 0.1, 0.8, 1}, NoiseReduction: {0}, Integration: {0.03}, ExitCost: {1}, MinMembers: {2},
		Latency: {3, 60, 5, 3}, Awareness: {0.3}, Burden: {3.0}, Stickiness: {0}, StandingStructure: {0}}, "US treaties with JP, AU, PH, KR, TH (status quo); latency: ANZUS/MDT consult clauses, ANZUS invoked in 3 days (2001); burden: Trump's 3% (2024)"},
	{"treaty", false, fields{Obligation: {1}, Visibility: {1}, Coverage: {0.2, 0.3, 0.8, 1}, NoiseReduction: {0}, Integration: {0.03}, ExitCost: {1}, MinMembers: {4},
		Latency: {3, 60, 7, 3}, Awareness: {0.3}, Burden: {3.5}, Stickiness: {1}, StandingStructure: {0.5}}, srcRatner + "; economic coverage: G7 Coordination Platform 2023, EU ACI; burden: 3.5% asked of Japan (2025), NATO Hague 2025; stickiness: FY2024 NDAA sec. 1250A; standing structure: NATO's integrated command"},
	{"core", false, fields{Obligation: {0.8}, Visibility: {0.5}, Coverage: {0.8, 0.8, 0.8, 0.8}, NoiseReduction: {0}, Integration: {0.05}, ExitCost: {1}, MinMembers: {3},
		Latency: {1, 30, 2, 2}, Awareness: {0.6}, Burden: {0}, Stickiness: {0}, StandingStructure: {0}}, "US-Japan-Australia trilateral core (" + srcLayered + "); latency: standing coordination with daily contact"},
	// Cells: small obligations states expect to keep (Chiba, Johnson & Leeds
	// 2015). They speed up the non-kinetic tasks in their scope only; their
	// kinetic latencies are the ad hoc ones.
	{"maritime_awareness", true, fields{Obligation: {0.4}, Visibility: {0.2}, Coverage: {1, 0, 0.5, 0}, NoiseReduction: {0}, Integration: {0.03}, ExitCost: {0.1}, MinMembers: {3},
		Latency: {0.5, 90, 14, 10}, Awareness: {1}, Burden: {0}, Stickiness: {0}, StandingStructure: {0}}, "maritime domain awareness cell (" + srcLayered + "; the Quad's IPMDA 2022)"},
	{"sanctions_enforcement", true, fields{Obligation: {0.4}, Visibility: {0.2}, Coverage: {0.3, 1, 0, 0}, NoiseReduction: {0}, Integration: {0.02}, ExitCost: {0.1}, MinMembers: {3},
		Latency: {3, 14, 14, 10}, Awareness: {0}, Burden: {0}, Stickiness: {0}, StandingStructure: {0}}, "ECC-like sanctions enforcement cell (" + srcLayered + ")"},
	{"intelligence_fusion", true, fields{Obligation: {0.4}, Visibility: {0.1}, Coverage: {0.3, 0.3, 0.3, 0.3}, NoiseReduction: {0.5}, Integration: {0.03}, ExitCost: {0.1}, MinMembers: {3},
		Latency: {0.5, 30, 14, 10}, Awareness: {0.8}, Burden: {0}, Stickiness: {0}, StandingStructure: {0}}, "BIAC-like intelligence fusion cell (" + srcLayered + ")"},
	{"coordination_centre", true, fields{Obligation: {0.4}, Visibility: {0.3}, Coverage: {0.5, 0.5, 0.5, 0.5}, NoiseReduction: {0}, Integration: {0.06}, ExitCost: {0.1}, MinMembers: {3},
		Latency: {1, 30, 2, 2}, Awareness: {0.5}, Burden: {0}, Stickiness: {0}, StandingStructure: {0}}, "CCC-like coordination centre (" + srcLayered + ")"},
}

// MechanismPresets are the preset mechanism templates whose numeric fields
// are addressable as mechanisms.<name>.<field>. "bilateral" is the template
// of each of today's US bilateral treaties.
var MechanismPresets = func() []string {
	out := make([]string, len(mechPresets))
	for k, p := range mechPresets {
		out[k] = p.name
	}
	return out
}()

// Cells are the mechanisms whose obligation inherits
// mechanisms.cell.obligation.
var Cells = func() []string {
	var out []string
	for _, p := range mechPresets {
		if p.cell {
			out = append(out, p.name)
		}
	}
	return out
}()

// value is the preset's default for slot s.
func (p *mechPreset) value(s MechSlot) float64 {
	v := p.values[s.Field]
	switch {
	case v == nil:
		return MechFields[s.Field].def(s.Type)
	case MechFields[s.Field].PerType && len(v) == NumCrisisTypes:
		return v[s.Type]
	case !MechFields[s.Field].PerType && len(v) == 1:
		return v[0]
	}
	panic("param: preset " + p.name + ": field " + MechFields[s.Field].Key + " has the wrong number of values")
}

// strengthRanges are the plausible ranges of the preset fields that are
// model 2.0 strengths (docs/model.md sec. 19). They come from the brief's
// ranges, not from the 0.7–1.3 × default rule of the other fields: the
// treaty's standing structure from none to the core's, [0, 1] (sec. 4.5);
// its economic coverage from 1.1's 0.1 up to 0.6 (the G7 Coordination
// Platform on Economic Coercion, the EU Anti-Coercion Instrument; sec. 4.6).
var strengthRanges = map[string][2]float64{
	"mechanisms.treaty.standing_structure":         {0, 1},
	"mechanisms.treaty.coverage.economic_coercion": {0.1, 0.6},
}

// mechanismSpecs registers mechanisms.cell.obligation and then every slot
// of every preset, preset by preset in table order.
func mechanismSpecs() []Spec {
	out := []Spec{f("mechanisms.cell.obligation", "o_cell", 0.4, 0, 1, 0.3, 0.5, "", "obligation of every cell at once; a cell's own mechanisms.<cell>.obligation overrides it", srcChiba)}
	for k := range mechPresets {
		pr := &mechPresets[k]
		pre := "mechanisms." + pr.name + "."
		for _, slot := range mechSlots {
			s := slot.Spec()
			d := pr.value(slot)
			s.Name, s.Default = pre+s.Name, d
			s.Lo, s.Hi = d*0.7, min(s.Max, d*1.3)
			if s.Kind == Int {
				s.Lo, s.Hi = d, d
			}
			if r, ok := strengthRanges[s.Name]; ok {
				s.Lo, s.Hi = r[0], r[1]
			}
			if s.Source == "" {
				s.Source = pr.src
			}
			if slot.Field == Obligation && pr.cell {
				s.Inherits = "mechanisms.cell.obligation"
				s.Description += " (inherits mechanisms.cell.obligation unless set)"
			}
			out = append(out, s)
		}
		if pr.name == "treaty" {
			out = append(out, b(pre+"founders_bound", false, "the treaty's founders are members at t = 0 without evaluating their utility", srcRatner))
		}
	}
	return out
}
