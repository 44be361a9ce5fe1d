package experiments

// Two calibration targets on one quantity.

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/analysis"
)

// sameQuantity reports whether targets a and b measure one quantity: the
// same table, the same states (in any order), and the same mean or ratio.
func sameQuantity(a, b TargetSpec) bool {
	if a.Table != b.Table || a.Outcome != b.Outcome || a.Architecture != b.Architecture || (a.Ratio == nil) != (b.Ratio == nil) {
		return false
	}
	if a.Ratio != nil && *a.Ratio != *b.Ratio {
		return false
	}
	sa, sb := slices.Clone(a.States), slices.Clone(b.States)
	slices.Sort(sa)
	slices.Sort(sb)
	return slices.Equal(sa, sb)
}

// quantityText names a target's quantity for a message.
func quantityText(t TargetSpec) string {
	s := fmt.Sprintf("%s of %s", t.Outcome, t.Architecture)
	if t.Ratio != nil {
		s = fmt.Sprintf("the ratio of %s, %s over %s", t.Ratio.Outcome, t.Ratio.A, t.Ratio.B)
	}
	if t.Table == analysis.TableStates {
		s += " summed over " + strings.Join(t.States, ", ")
	}
	return s
}

// conflictingTarget refuses target t (at node tn, key key) when an
// earlier target measures the same quantity in a range disjoint from
// t's: no point meets both, so the search never stops early and its fit
// lands where the two weights balance, between the ranges, where neither
// is met (a hostile review, stop 54: accepted without a word).
func (d *decoder) conflictingTarget(tn *yaml.Node, key string, t TargetSpec, earlier []TargetSpec) error {
	for k, o := range earlier {
		if !sameQuantity(o, t) || (t.High >= o.Low && t.Low <= o.High) {
			continue
		}
		at, field := tn, "range"
		if t.HasValue {
			field = "value"
		}
		if m := deref(tn); m != nil && m.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(m.Content); i += 2 {
				if m.Content[i].Value == field {
					at = m.Content[i+1]
				}
			}
		}
		return d.errf(at, join(key, field), "target %s wants %s in [%s, %s], and target %s (%s) wants the same quantity in [%s, %s]: no point meets both, so the search would never stop early and would fit neither (allowed: ranges of one quantity that overlap; keep one target, or give both the range you mean)",
			t.Name, quantityText(t), fmtNum(t.Low), fmtNum(t.High), o.Name, index("calibration.targets", k), fmtNum(o.Low), fmtNum(o.High))
	}
	return nil
}
