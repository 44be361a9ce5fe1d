package experiments

// Two calibration targets on one quantity.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/analysis"
	"pactsim/output"
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
	return sameStates(a, b)
}

// sameStates reports whether targets a and b sum over the same states, in
// any order.
func sameStates(a, b TargetSpec) bool {
	sa, sb := slices.Clone(a.States), slices.Clone(b.States)
	slices.Sort(sa)
	slices.Sort(sb)
	return slices.Equal(sa, sb)
}

// reciprocal reports whether targets a and b are ratios of one outcome
// over the same states with the architectures swapped: mean(x | A) /
// mean(x | B) and mean(x | B) / mean(x | A), each the other's reciprocal.
func reciprocal(a, b TargetSpec) bool {
	return a.Ratio != nil && b.Ratio != nil && a.Table == b.Table && a.Ratio.Outcome == b.Ratio.Outcome &&
		a.Ratio.A == b.Ratio.B && a.Ratio.B == b.Ratio.A && sameStates(a, b)
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

// fieldNode is the value of key field in the mapping tn, else tn: where
// an error about that field points.
func fieldNode(tn *yaml.Node, field string) *yaml.Node {
	if m := deref(tn); m != nil && m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == field {
				return m.Content[i+1]
			}
		}
	}
	return tn
}

// conflictingTarget refuses target t (at node tn, key key) when an
// earlier target measures the same quantity in a range disjoint from
// t's: no point meets both, so the search never stops early and its fit
// lands where the two weights balance, between the ranges, where neither
// is met (a hostile review, stop 54: accepted without a word). It refuses
// too the same target written twice, under another name: the same
// quantity in the same range, whose weight the loss would count twice
// without a word, as no other repeat in a config is taken (a hostile
// review, stop 55); and a ratio whose reciprocal an earlier target wants
// in a range no reciprocal of t's meets, which the first check missed
// (the same review). Targets of one quantity whose ranges overlap but
// differ stay accepted: each is met where its range holds the value, and
// the loss measures each in its own width (docs/model.md sec. 17.2).
// nonNegRatio reports whether t is a ratio of an outcome never negative.
func (d *decoder) conflictingTarget(tn *yaml.Node, key string, t TargetSpec, earlier []TargetSpec, nonNegRatio bool) error {
	field := "range"
	if t.HasValue {
		field = "value"
	}
	at := fieldNode(tn, field)
	for k, o := range earlier {
		ok := index("calibration.targets", k)
		switch {
		case sameQuantity(o, t) && t.Low == o.Low && t.High == o.High:
			return d.errf(at, join(key, field), "target %s is target %s (%s) again: %s in [%s, %s], so the loss would count its weight twice and targets.csv list it twice (allowed: one target per quantity and range; to weigh it more, give the one target weight: %s)",
				t.Name, o.Name, ok, quantityText(t), fmtNum(t.Low), fmtNum(t.High), fmtNum(t.Weight+o.Weight))
		case sameQuantity(o, t) && !(t.High >= o.Low && t.Low <= o.High):
			return d.errf(at, join(key, field), "target %s wants %s in [%s, %s], and target %s (%s) wants the same quantity in [%s, %s]: no point meets both, so the search would never stop early and would fit neither (allowed: ranges of one quantity that overlap; keep one target, or give both the range you mean)",
				t.Name, quantityText(t), fmtNum(t.Low), fmtNum(t.High), o.Name, ok, fmtNum(o.Low), fmtNum(o.High))
		case nonNegRatio && reciprocal(o, t) && !reciprocalsMeet(t, o):
			inv := "+Inf"
			if o.Low > 0 {
				inv = fmtNum(1 / o.Low)
			}
			return d.errf(at, join(key, field), "target %s wants %s in [%s, %s], and target %s (%s) wants its reciprocal, %s, in [%s, %s], which puts this ratio in [%s, %s]: no point meets both, so the search would never stop early and would fit neither (allowed: ranges whose reciprocals overlap; keep one target, or give both the range you mean)",
				t.Name, quantityText(t), fmtNum(t.Low), fmtNum(t.High), o.Name, ok, quantityText(o), fmtNum(o.Low), fmtNum(o.High), fmtNum(1/o.High), inv)
		}
	}
	return nil
}

// reciprocalsMeet reports whether some ratio r > 0 has r in t's range and
// 1/r in o's, for two ratios that are each other's reciprocal, of an
// outcome never negative: iff t.High·o.High >= 1 and t.Low·o.Low <= 1,
// up to a relative 10⁻⁹, so that ranges meant to touch still do: [0.05,
// 0.1] and [10, 20] touch at 10 as written, but not in float64, where 0.1
// is a little above a tenth. A ratio of 0 has no reciprocal (the other
// ratio's denominator is 0), so an end at 0 meets nothing there.
func reciprocalsMeet(t, o TargetSpec) bool {
	const slack = 1e-9
	return max(t.High, 0)*max(o.High, 0) >= 1-slack && max(t.Low, 0)*max(o.Low, 0) <= 1+slack
}

// heaviestWeight refuses targets (decoded from the nodes of list) whose
// heaviest weight w makes the loss of an evaluation that leaves every
// target undefined, n·w·UndefinedDistance² (each a miss of 10⁴ bands
// weighed as the heaviest, analysis.Loss), pass the largest float64: the
// loss is then the largest float64 at every such evaluation and at every
// other that misses as badly, so the search cannot tell them apart, and
// at weight 1e308 at every evaluation that misses at all (a hostile
// review, stop 55: a trace of losses all 1.797e308, accepted). Weights
// are relative (only their ratios move the fit), so the bound takes
// nothing a calibration needs: 1.8e299 for ten targets.
func (d *decoder) heaviestWeight(list *yaml.Node, targets []TargetSpec) error {
	k := 0
	for i, t := range targets {
		if t.Weight > targets[k].Weight {
			k = i
		}
	}
	n, w := float64(len(targets)), targets[k].Weight
	if n*w*analysis.UndefinedDistance*analysis.UndefinedDistance <= math.MaxFloat64 {
		return nil
	}
	bound := math.MaxFloat64 / (n * analysis.UndefinedDistance * analysis.UndefinedDistance)
	// Three digits, rounded down, so that the bound printed is allowed.
	e := strconv.FormatFloat(bound, 'e', 10, 64) // d.dddddddddde±XX
	shown := e[:4] + e[strings.IndexByte(e, 'e'):]
	if x, _ := strconv.ParseFloat(shown, 64); x > bound {
		shown = strconv.FormatFloat(bound, 'g', -1, 64)
	}
	return d.errf(fieldNode(list.Content[k], "weight"), join(index("calibration.targets", k), "weight"),
		"%s is too heavy for %d %s: an evaluation that leaves every target without a value (a miss of %g bands each, weighed as the heaviest, docs/model.md sec. 17.2) would have a loss of %d × %s × %g², beyond the largest number, %g, so every evaluation that misses that badly would have the same loss and the search could not tell them apart (allowed: weights > 0 and at most %s with %d %s; only the ratios of the weights move the fit)",
		fmtNum(w), len(targets), output.Plural(len(targets), "target"), analysis.UndefinedDistance, len(targets), fmtNum(w), analysis.UndefinedDistance, math.MaxFloat64, shown, len(targets), output.Plural(len(targets), "target"))
}
