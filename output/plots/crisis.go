package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pactsim/engine"
	"pactsim/output"
)

// stackPart is one layer of a stacked bar: a label and how to get its value
// from an architecture's pooled means.
type stackPart struct {
	label  string
	colour color.Color
	value  func(arch string) (float64, bool)
}

// pooledMean returns the pooled mean of an outcome for an architecture.
func (r *results) pooledMean(outcome string) func(string) (float64, bool) {
	return func(arch string) (float64, bool) {
		s, ok := r.pooled(arch, outcome)
		return s.mean, ok
	}
}

// scope says over what the pooled figures average: they pool every design
// point rather than draw one per point (see results.pooled).
func (r *results) scope() string {
	if len(r.points) == 1 {
		return "mean per run at the one design point"
	}
	return fmt.Sprintf("mean per run, pooled over all %d design points, each weighing the same", len(r.points))
}

// crisisFigures draws the mean number of crises per run by how they ended,
// and the mean number of challenges by type, as stacked bars per
// architecture, pooled over design points. The outcome registry counts wars
// among repelled challenges, so the stack splits repelled into "without war"
// and "became war" rather than adding wars on top; the challenges neither
// repelled nor ended in a fait accompli are the last layer, so the stack
// sums to the challenges.
func crisisFigures(ctx context.Context, r *results, m Meta) ([]*figure, error) {
	outcomes := []stackPart{
		{"repelled, no war", crisisColours[engine.Repelled], func(a string) (float64, bool) {
			rep, ok1 := r.pooled(a, col(engine.Repelled))
			war, ok2 := r.pooled(a, col(engine.Wars))
			return math.Max(0, rep.mean-war.mean), ok1 && ok2
		}},
		{"repelled, became war", crisisColours[engine.Wars], r.pooledMean(col(engine.Wars))},
		{"fait accompli", crisisColours[engine.FaitAccompli], r.pooledMean(col(engine.FaitAccompli))},
		// Model 2.0's commonest ending (a review, stop 24: the figure left
		// it out, and its bars summed to a third of the challenges): a
		// grey-zone episode or campaign not denied that changed no control.
		{"not denied, no change of control", okabeGrey, func(a string) (float64, bool) {
			ch, ok1 := r.pooled(a, col(engine.Challenges))
			rep, ok2 := r.pooled(a, col(engine.Repelled))
			fa, ok3 := r.pooled(a, col(engine.FaitAccompli))
			return math.Max(0, ch.mean-rep.mean-fa.mean), ok1 && ok2 && ok3
		}},
	}
	types := []stackPart{
		{"grey zone", challengeColours[engine.ChallengesGreyZone], r.pooledMean(col(engine.ChallengesGreyZone))},
		{"economic coercion", challengeColours[engine.ChallengesEconomic], r.pooledMean(col(engine.ChallengesEconomic))},
		{"blockade", challengeColours[engine.ChallengesBlockade], r.pooledMean(col(engine.ChallengesBlockade))},
		{"armed attack", challengeColours[engine.ChallengesArmed], r.pooledMean(col(engine.ChallengesArmed))},
	}
	var out []*figure
	for _, spec := range []struct {
		name, title, y string
		parts          []stackPart
		need           []string
	}{
		{"crisis-outcomes", "How crises ended, by architecture", "crises per run", outcomes, []string{col(engine.Challenges), col(engine.Repelled), col(engine.Wars), col(engine.FaitAccompli)}},
		{"challenges-by-type", "Challenges by type, by architecture", "challenges per run", types,
			[]string{col(engine.ChallengesGreyZone), col(engine.ChallengesEconomic), col(engine.ChallengesBlockade), col(engine.ChallengesArmed)}},
	} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if missing := r.missingOutcomes(spec.need); len(missing) > 0 {
			return nil, fmt.Errorf("plots: %s: column %q has no rows for %v", r.summaryPath(), output.ColOutcome, missing)
		}
		f, err := r.stacked(spec.name, spec.title, spec.y, spec.parts, m)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func (r *results) missingOutcomes(need []string) []string {
	var out []string
	for _, o := range need {
		found := false
		for _, have := range r.outcomes {
			if have == o {
				found = true
				break
			}
		}
		if !found {
			out = append(out, o)
		}
	}
	return out
}

func (r *results) stacked(name, title, yLabel string, parts []stackPart, m Meta) (*figure, error) {
	p := newPlot(capitalise(r.scope()), "architecture", yLabel)
	legend := newLegend()
	width := vg.Length(math.Min(0.9*72, 0.55*6.2*72/float64(len(r.architectures))))
	var below *plotter.BarChart
	var charts []*plotter.BarChart
	values := make([]plotter.Values, len(parts))
	totals := make([]float64, len(r.architectures))
	for i, part := range parts {
		vs := make(plotter.Values, len(r.architectures))
		for k, arch := range r.architectures {
			v, ok := part.value(arch)
			if !ok || math.IsNaN(v) {
				v = 0
			}
			vs[k] = v
			totals[k] += v
		}
		values[i] = vs
	}
	for i, part := range parts {
		vs := values[i]
		b, err := plotter.NewBarChart(vs, width)
		if err != nil {
			return nil, fmt.Errorf("plots: %s, %s: %w", name, part.label, err)
		}
		b.Color = part.colour
		b.LineStyle = draw.LineStyle{Color: color.Gray{0x33}, Width: vg.Points(0.8)}
		if below != nil {
			b.StackOn(below)
		}
		below = b
		charts = append(charts, b)
		p.Add(b)
	}
	// Legend top-down in the order the layers stack up. A layer too thin
	// to see beside the tallest stack, but not 0, says how large it is at
	// most: the crisis figure's "repelled, became war" (0.004 a run beside
	// 40 crises) had a legend entry and no visible bar (a review, stop 51).
	// A difference of means that is 0 up to rounding (1e-15) is 0.
	top := slices.Max(totals)
	for k := len(charts) - 1; k >= 0; k-- {
		legend.Add(parts[k].label, charts[k])
		if most := slices.Max(values[k]); most > 1e-9*top && most < thinLayer*top {
			legend.Add(thinText(most, yLabel), &blank{})
		}
	}
	p.NominalX(shortNames(r.architectures)...)
	p.X.Min, p.X.Max = -0.6, float64(len(r.architectures))-0.4
	p.Y.Min = 0
	padAxis(&p.Y, 0, roomShare)
	p.X.Tick.Label.Font.Size = 11
	// Slanted, as the mechanisms figure's: upright, the six presets' names
	// ran into each other ("nonehub_and_spokestreaty"; a review, stop 25).
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YCenter
	legend.Add("", &blank{})
	legend.Add("bars: means, no CI", &blank{})
	return &figure{
		name:    name,
		title:   title,
		panels:  []panel{{plot: p, weight: 1}},
		legend:  legend,
		caption: m.caption(),
	}, nil
}

var _ plot.Thumbnailer = (*plotter.BarChart)(nil)

// thinLayer is the share of the tallest stack below which a layer of a
// stacked bar figure cannot be seen: 0.5%, two pixels of its 400.
const thinLayer = 0.005

// thinText is the legend line under a layer too thin to see: its largest
// value in the axis's unit, "(at most 0.0044 a run)".
func thinText(most float64, yLabel string) string {
	unit := " a run"
	if !strings.HasSuffix(yLabel, "per run") {
		unit = ""
	}
	return "(at most " + fmtValue(most) + unit + ")"
}
