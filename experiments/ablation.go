package experiments

import (
	"slices"
	"strconv"
	"strings"

	"pactsim/agents/param"
	"pactsim/output"
)

// AblationGroup is one mechanism of model 2.0 as the ablation switches it:
// its name, its section of docs/model.md, the side of the debate whose case
// it carries (docs/model.md sec. 19; a label, never a rule), and the
// parameters that switch it off with their off values.
type AblationGroup struct {
	Name    string
	Section string
	Side    string
	Params  []string
	Off     []float64
}

// AblationGroups are the mechanisms experiments/ablation.yaml switches off
// in turn: every mechanism of docs/model.md sec. 19 but the domain realism
// of sec. 4.4 (domains, channels, opprobrium, campaigns, territorial
// shares), which is the 2.0 baseline, not a side of the debate (sec. 19,
// "Estimand and ablation"). The off values are sec. 19's.
var AblationGroups = []AblationGroup{
	{"formation shock (revised)", "6.4", "against", []string{"adversary.formation_shock"}, []float64{0.1}},
	{"counter-mobilisation", "6.7", "against", []string{"adversary.counter_mobilisation.strength"}, []float64{0}},
	{"retribution", "9.6", "against", []string{"retribution.strength"}, []float64{0}},
	{"burden-sharing", "9.7", "both", []string{"burden.strength"}, []float64{0}},
	{"hand-tying", "9.4", "for", []string{"adversary.handtying.strength"}, []float64{0}},
	{"clarity", "6.2", "for", []string{"adversary.clarity.strength"}, []float64{0}},
	{"standing structure", "4.5", "for", []string{"mechanisms.treaty.standing_structure"}, []float64{0}},
	{"stickiness", "9.1", "for", []string{"us.treaty_stickiness"}, []float64{0}},
	{"economic coverage", "4.6", "for", []string{"mechanisms.treaty.coverage.economic_coercion"}, []float64{0.1}},
	{"false security", "9.8", "against", []string{"false_security.strength"}, []float64{0}},
	{"coordination latency", "7.1", "neither", []string{"coordination.latency.strength"}, []float64{0}},
	{"regional resistance", "9.9", "against", []string{"resistance.strength"}, []float64{0}},
	{"balancing", "9.9", "both", []string{"balancing.strength"}, []float64{0}},
	{"alliance bans", "5.5", "against", []string{"alliance_ban.strength"}, []float64{0}},
	{"Japan's constitutional limit", "6.1", "against", []string{"constitutional_limit.strength"}, []float64{0}},
	{"treaty retries", "5.4", "both", []string{"treaty.retry_period", "treaty.failure_cost"}, []float64{0, 0}},
	{"correlated founders' tastes", "5.2", "both", []string{"accession.taste_correlation"}, []float64{0}},
	{"entrapment (revised)", "8", "neither", []string{"crisis.entrapment"}, []float64{1}},
}

// AllOff is the label of the ablation row with every group off.
const AllOff = "all mechanisms off"

// ablationOf returns the ablation structure of a plan, or nil when the plan
// is not an ablation. A plan is an ablation when its design is zip with
// common random numbers across points (so that a replicate is the same
// world at every point, and contributions are paired), it has at least two
// points, and its first point sets every swept parameter to its registry
// default (the baseline). Each other point is labelled by the groups whose
// parameters it sets off the default (their names joined by " + "), or
// AllOff when every group of AblationGroups is off; a parameter moved to
// any other value (a break-even sweep) is named with its value,
// "retribution.strength = 1.35".
func ablationOf(plan *Plan) *output.Ablation {
	sw := plan.Config.Sweep
	if sw == nil || sw.Design != Zip || plan.Config.Sweep.CRN != CRNPoints || plan.NumPoints() < 2 {
		return nil
	}
	names := plan.SweptNames
	defaults := make([]float64, len(names))
	for k, n := range names {
		s, ok := param.Lookup(n)
		if !ok {
			return nil
		}
		defaults[k] = s.Default
	}
	if !slices.Equal(plan.Swept(0), defaults) {
		return nil
	}
	ab := &output.Ablation{Baseline: 0, Labels: make([]string, plan.NumPoints())}
	ab.Labels[0] = "defaults"
	for p := 1; p < plan.NumPoints(); p++ {
		xs := plan.Swept(p)
		var labels []string
		seen := map[string]bool{}
		off := 0
		for k, n := range names {
			if xs[k] == defaults[k] {
				continue
			}
			g := slices.IndexFunc(AblationGroups, func(g AblationGroup) bool { return slices.Contains(g.Params, n) })
			if g >= 0 && groupOff(AblationGroups[g], names, xs) {
				if !seen[AblationGroups[g].Name] {
					seen[AblationGroups[g].Name] = true
					labels = append(labels, AblationGroups[g].Name)
					off++
				}
				continue
			}
			// Not a group switched off: a strength moved to another value
			// (a break-even sweep), named with its value.
			labels = append(labels, n+" = "+strconv.FormatFloat(xs[k], 'g', -1, 64))
		}
		switch {
		case off == len(AblationGroups) && len(labels) == off:
			ab.Labels[p] = AllOff
		case len(labels) == 0:
			ab.Labels[p] = "defaults"
		default:
			ab.Labels[p] = strings.Join(labels, " + ")
		}
	}
	return ab
}

// groupOff reports whether every parameter of g that is swept is at its off
// value in xs.
func groupOff(g AblationGroup, names []string, xs []float64) bool {
	for j, n := range g.Params {
		if k := slices.Index(names, n); k >= 0 && xs[k] != g.Off[j] {
			return false
		}
	}
	return true
}
