package experiments

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/agents"
	"pactsim/agents/param"
)

// Architecture names become values of a dictionary column, file-friendly
// plot labels and the key of the architecture's random substream, so they
// are kept to a plain alphabet.
var archName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$`)

// notText matches the names of archName's alphabet that R's read.csv or
// pandas's read_csv, at their defaults, read from a CSV file as something
// other than text: a missing value (NA, and pandas's NaN, nan, null, NULL,
// None), a logical (R's T, F, TRUE, FALSE; pandas's True, true, False,
// false) or a number (decimal, R's hexadecimal and complex numbers, Inf
// and Infinity in any case, NaN). Quoting does not help: both read a
// quoted "NA" as missing. An architecture's or a calibration target's
// name is a value of the CSV copies (summary.csv, contrasts.csv,
// targets.csv), so such a name would come back as NA, TRUE or 1.5 (a
// hostile review, stop 53).
var notText = regexp.MustCompile(`^(NA|NaN|nan|null|NULL|None|[TF]|TRUE|FALSE|[Tt]rue|[Ff]alse|(?i:inf|infinity)|[0-9]+\.?[0-9]*([eE][-+]?[0-9]*)?i?|0[xX][0-9a-fA-F]+(\.[0-9a-fA-F]*)?([pP][-+]?[0-9]+)?)$`)

// notTextMsg says why name, which notText matches, is refused, naming the
// CSV files where it would be read so.
func notTextMsg(name, files string) string {
	return fmt.Sprintf("%q is read by CSV readers (R's read.csv, pandas's read_csv) as a missing value, a logical or a number, not as a name, in %s (allowed: a name of 1-64 letters, digits, _ . - that is not such a word or number, e.g. %s_1)", name, files, name)
}

var (
	archKeys = []string{"name", "base", "mechanisms"}
	// mechKeys are an inline mechanism's keys: its name and template, its
	// numeric fields (param.MechFields, in table order), then its structure.
	mechKeys = func() []string {
		keys := []string{"name", "preset"}
		for _, f := range param.MechFields {
			keys = append(keys, f.Key)
		}
		return append(keys, "founders", "eligible", "pre_existing", "treaty", "founders_bound")
	}()
)

func (d *decoder) architectures(n *yaml.Node) ([]ArchitectureSpec, error) {
	n = deref(n)
	presets := agents.PresetNames()
	if n.Kind != yaml.SequenceNode {
		return nil, d.errf(n, "architectures", "want a list of preset names (%s) or inline definitions, got %s", strings.Join(presets, ", "), describe(n))
	}
	if len(n.Content) == 0 {
		return nil, d.errf(n, "architectures", "must not be empty (presets: %s)", strings.Join(presets, ", "))
	}
	if len(n.Content) > MaxArchitectures {
		return nil, d.errf(n, "architectures", "%d architectures, over the limit of %d (allowed: 1 to %d): the contrasts of every pair at a point are held in memory together, so memory grows with the square of their number; split the comparison over configs", len(n.Content), MaxArchitectures, MaxArchitectures)
	}
	var out []ArchitectureSpec
	seen := map[string]bool{}
	for k, c := range n.Content {
		c = deref(c)
		key := index("architectures", k)
		var a ArchitectureSpec
		switch c.Kind {
		case yaml.ScalarNode:
			name, err := d.str(c, key)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(presets, name) {
				return nil, d.errf(c, key, "unknown architecture %q%s (presets: %s; or define one inline with name, base and mechanisms)", name, meant(name, presets), strings.Join(presets, ", "))
			}
			a = ArchitectureSpec{Name: name, Preset: name}
		case yaml.MappingNode:
			var err error
			if a, err = d.inlineArchitecture(c, key); err != nil {
				return nil, err
			}
		default:
			return nil, d.errf(c, key, "want a preset name (%s) or a mapping {name, base, mechanisms}, got %s", strings.Join(presets, ", "), describe(c))
		}
		a.line = c.Line
		if seen[a.Name] {
			return nil, d.errf(c, key, "architecture %q is listed twice; names must be unique", a.Name)
		}
		if !d.stored {
			// Names that differ only in case read as one in a table, a
			// figure or a folder of a case-insensitive file system, and
			// one that is a preset's but for case as that preset (a
			// hostile review, stop 33; roster names, stop 32).
			for other := range seen {
				if strings.EqualFold(other, a.Name) {
					return nil, d.errf(c, key, "architecture %q differs from %q only in case; give names that differ in more than case", a.Name, other)
				}
			}
			if pi := slices.IndexFunc(presets, func(p string) bool { return strings.EqualFold(p, a.Name) && p != a.Name }); pi >= 0 {
				return nil, d.errf(c, key, "architecture %q differs from the preset %q only in case; give it a name of its own, or list the preset by name", a.Name, presets[pi])
			}
		}
		seen[a.Name] = true
		out = append(out, a)
	}
	return out, nil
}

func (d *decoder) inlineArchitecture(n *yaml.Node, key string) (ArchitectureSpec, error) {
	var a ArchitectureSpec
	fields, err := d.mapping(n, key, archKeys)
	if err != nil {
		return a, err
	}
	var nameNode *yaml.Node // nil: no name given
	for _, f := range fields {
		fk := join(key, f.name)
		switch f.name {
		case "name":
			nameNode = f.val
			if a.Name, err = d.str(f.val, fk); err != nil {
				return a, err
			}
			if !archName.MatchString(a.Name) {
				return a, d.errf(f.val, fk, "%q is not a valid architecture name (allowed: 1-64 letters, digits, _ . -, not starting with . or -)", a.Name)
			}
			if !d.stored && notText.MatchString(a.Name) {
				return a, d.errf(f.val, fk, "%s", notTextMsg(a.Name, "summary.csv, contrasts.csv and the other tables' CSV copies"))
			}
		case "base":
			if a.Base, err = d.str(f.val, fk); err != nil {
				return a, err
			}
			if !slices.Contains(agents.PresetNames(), a.Base) {
				return a, d.errf(f.val, fk, "unknown preset %q%s (allowed: %s)", a.Base, meant(a.Base, agents.PresetNames()), strings.Join(agents.PresetNames(), ", "))
			}
			if a.Base == "none" && !d.stored {
				// The default written out: the same config, so the same
				// canonical form and hash (a hostile review, stop 53).
				a.Base = ""
			}
		case "mechanisms":
			if a.Mechanisms, err = d.mechanisms(f.val, fk); err != nil {
				return a, err
			}
		}
	}
	if nameNode == nil {
		return a, d.errf(n, join(key, "name"), "required key is missing")
	}
	// A preset's name in every table means the preset; an inline
	// architecture under that name would make it ambiguous. Only the
	// preset itself ({name: X, base: X} and no mechanisms, or none with
	// no base) may take it.
	samePreset := len(a.Mechanisms) == 0 && (a.Base == a.Name || (a.Name == "none" && a.Base == ""))
	if slices.Contains(agents.PresetNames(), a.Name) && !samePreset {
		return a, d.errf(nameNode, join(key, "name"), "%q is a preset's name (reserved: %s), and this definition is not that preset: give it a name of its own, or list the preset by name", a.Name, strings.Join(agents.PresetNames(), ", "))
	}
	return a, nil
}

func (d *decoder) mechanisms(n *yaml.Node, key string) ([]MechanismSpec, error) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		return nil, d.errf(n, key, "want a list of mechanism mappings, got %s", describe(n))
	}
	var out []MechanismSpec
	seen := map[string]bool{}
	for k, c := range n.Content {
		mk := index(key, k)
		m, err := d.mechanism(deref(c), mk)
		if err != nil {
			return nil, err
		}
		if seen[m.Name] {
			return nil, d.errf(c, join(mk, "name"), "mechanism %q is listed twice", m.Name)
		}
		seen[m.Name] = true
		out = append(out, m)
	}
	return out, nil
}

func (d *decoder) mechanism(n *yaml.Node, key string) (MechanismSpec, error) {
	m := MechanismSpec{Numbers: map[param.MechSlot]float64{}, line: n.Line}
	fields, err := d.mapping(n, key, mechKeys)
	if err != nil {
		return m, err
	}
	flag := func(f field) (*bool, error) {
		b, err := d.boolean(deref(f.val), join(key, f.name))
		return &b, err
	}
	hasName := false
	for _, f := range fields {
		fk := join(key, f.name)
		switch f.name {
		case "name":
			hasName = true
			if m.Name, err = d.str(f.val, fk); err == nil && strings.TrimSpace(m.Name) == "" {
				err = d.errf(f.val, fk, "must not be empty")
			} else if err == nil && !d.stored && !archName.MatchString(m.Name) {
				// As an architecture's name (a hostile review, stop 33: a
				// name with a space, a control or an invisible character
				// added a mechanism where the user meant to edit one).
				// Stored configs keep what an earlier version accepted.
				err = d.errf(f.val, fk, "%q: allowed 1 to 64 letters, digits, '_', '.' and '-', not beginning with '.' or '-'", m.Name)
			}
		case "preset":
			if m.Preset, err = d.str(f.val, fk); err == nil && !slices.Contains(param.MechanismPresets, m.Preset) {
				err = d.errf(f.val, fk, "unknown mechanism preset %q%s (allowed: %s)", m.Preset, meant(m.Preset, param.MechanismPresets), strings.Join(param.MechanismPresets, ", "))
			}
		case "founders":
			m.FoundersSet, m.foundersLine = true, f.val.Line
			m.Founders, err = d.distinctList(f.val, fk)
		case "eligible":
			m.EligibleSet, m.eligibleLine = true, f.val.Line
			v := deref(f.val)
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && v.Value == "all" {
				m.Eligible = nil
			} else if v.Kind == yaml.SequenceNode {
				m.Eligible, err = d.distinctList(v, fk)
			} else {
				err = d.errf(v, fk, "want all or a list of state names, got %s", describe(v))
			}
		case "pre_existing":
			m.PreExisting, err = flag(f)
		case "treaty":
			m.Treaty, err = flag(f)
		case "founders_bound":
			m.boundLine = f.val.Line
			m.FoundersBound, err = flag(f)
		default:
			err = d.mechField(f, fk, &m)
			if f.name == "min_members" {
				m.minMembersLine = f.val.Line
			}
		}
		if err != nil {
			return m, err
		}
	}
	if !hasName {
		return m, d.errf(n, join(key, "name"), "required key is missing")
	}
	return m, nil
}

// mechField decodes a numeric field of an inline mechanism (one of
// param.MechFields): a number, or for a per-type field a mapping from
// crisis types to numbers, each checked against the field's range.
func (d *decoder) mechField(f field, key string, m *MechanismSpec) error {
	fi := slices.IndexFunc(param.MechFields[:], func(s param.MechFieldSpec) bool { return s.Key == f.name })
	if fi < 0 {
		panic("experiments: mechKeys has " + f.name + ", which is not in param.MechFields")
	}
	if !param.MechFields[fi].PerType {
		slot := param.MechSlot{Field: param.MechField(fi)}
		x, err := d.paramValue(f.val, key, slot.Spec())
		m.Numbers[slot] = x
		return err
	}
	types, err := d.mapping(f.val, key, param.CrisisTypes[:])
	if err != nil {
		return err
	}
	for _, t := range types {
		slot := param.MechSlot{Field: param.MechField(fi), Type: slices.Index(param.CrisisTypes[:], t.name)}
		x, err := d.paramValue(t.val, join(key, t.name), slot.Spec())
		if err != nil {
			return err
		}
		m.Numbers[slot] = x
	}
	return nil
}
