package experiments

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"pactsim/agents"
	"pactsim/agents/param"
)

// TestInlineMechanismEveryField walks param.MechFields: every numeric field
// of a mechanism, per-type fields type by type, can be written in an inline
// mechanism, reaches the built mechanism, survives the canonical form, and
// is range-checked with a message naming its key. A field added to the
// table is covered here without a new line.
func TestInlineMechanismEveryField(t *testing.T) {
	for _, slot := range param.MechSlots() {
		spec := slot.Spec()
		f := param.MechFields[slot.Field]
		// A value inside the range that is no field's default.
		x := spec.Min + 0.5*(spec.Max-spec.Min)
		if spec.Kind == param.Int {
			x = spec.Min + 1
		}
		field := fmt.Sprintf("%s: %v", f.Key, x)
		if f.PerType {
			field = fmt.Sprintf("%s: {%s: %v}", f.Key, param.CrisisTypes[slot.Type], x)
		}
		cfg := "name: x\nseed: 1\nreplicates: 1\narchitectures:\n  - name: a\n    mechanisms:\n      - name: m\n        founders: [US]\n        " + field + "\n"
		p, err := Parse("cfg.yaml", []byte(cfg))
		if err != nil {
			t.Errorf("%s: %v", slot.Key(), err)
			continue
		}
		m := built(t, p)
		want := param.MechDefaults()
		want.Set(slot, x)
		if m.Values != want {
			t.Errorf("%s: built %v, want %v", slot.Key(), m.Values, want)
		}
		if !bytes.Contains(p.Canonical(), []byte(field)) {
			t.Errorf("%s: canonical form lacks %q:\n%s", slot.Key(), field, p.Canonical())
		}
		q, err := Parse("canonical.yaml", p.Canonical())
		if err != nil || built(t, q).Values != want {
			t.Errorf("%s: canonical form does not reload to the same mechanism (%v)", slot.Key(), err)
		}

		bad := strings.Replace(cfg, fmt.Sprint(x), fmt.Sprint(spec.Max+1), 1)
		if _, err := Parse("cfg.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "mechanisms[0]."+slot.Key()+": ") || !strings.Contains(err.Error(), spec.Allowed()) {
			t.Errorf("%s = %v: got %v, want an error naming the key and %s", slot.Key(), spec.Max+1, err, spec.Allowed())
		}
	}
}

// built returns the first mechanism of the plan's first architecture.
func built(t *testing.T, p *Plan) agents.MechanismDef {
	t.Helper()
	pt := p.Point(0)
	r, err := p.Roster(pt)
	if err != nil {
		t.Fatal(err)
	}
	archs, err := p.Architectures(pt, r)
	if err != nil {
		t.Fatal(err)
	}
	return archs[0].Mechanisms[0]
}
