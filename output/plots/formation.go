package plots

import (
	"context"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pactsim/engine"
	"pactsim/output"
)

// The formation figure of the report's "Primary contrasts" section
// (docs/model.md sec. 19, "Estimand and ablation"; the tables
// summary_by_formation and contrasts_by_formation of the README): each
// primary contrast in each headline outcome, pooled over the design points,
// over all replicates and separately over those in which the treaty formed
// and those in which it did not, with 95% CIs, and a sentence made from the
// same numbers.

const sectionPrimary = "primary"

// formationStyle is how a stratum is drawn and named.
var formationStyle = map[string]struct {
	label  string
	color  color.Color
	shape  draw.GlyphDrawer
	hollow draw.GlyphDrawer // the shape's outline: a mean drawn without its CI
	dx     float64          // offset from the pair's position
}{
	"all":                   {"all replicates", okabeBlack, draw.CircleGlyph{}, draw.RingGlyph{}, -0.22},
	output.StratumFormed:    {"treaty formed", okabeBlue, draw.PyramidGlyph{}, draw.TriangleGlyph{}, 0},
	output.StratumNotFormed: {"treaty not formed", okabeVermillion, draw.BoxGlyph{}, draw.SquareGlyph{}, 0.22},
}

// se is the cell's stratified standard error, NaN without one.
func (c *primaryCell) seOf() float64 {
	if c.n == 0 || c.noSE {
		return math.NaN() // a variance of 0 is a standard error of 0, not none
	}
	return c.se2.rootOver(float64(c.n))
}

// sideOf names the side a pooled difference a − b in an outcome favours by
// its 95% CI, or says that the CI includes 0.
func sideOf(a, b, outcome string, lo, hi float64, noCI string) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "no confidence interval: " + noCI
	}
	switch verdictBy(lowerBetter(outcome), lo, hi) {
	case aBetter:
		return a + " better"
	case bBetter:
		return b + " better"
	}
	return "no detectable difference"
}

// formationReading says, per primary contrast, how often the treaty formed
// and, in each headline outcome, the pooled contrast when it formed and
// when it did not, with the gap between the two. The strata hold disjoint
// replicates, so the gap's standard error is the root sum of the two
// squared standard errors; the two strata weight the design points by
// their own replicates, so with a sweep the gap also carries where the
// treaty forms.
func formationReading(d *primaryData) string {
	var parts []string
	for _, p := range d.pairs {
		lead := p[0] + " − " + p[1]
		if q := pairQuestion(p[0], p[1]); q != "" {
			lead = capitalise(q) + " (" + lead + ")"
		}
		first := engine.Outcomes[primaryOutcomes[0]].Name
		f, n := d.cell(p, first, output.StratumFormed), d.cell(p, first, output.StratumNotFormed)
		var nf, nn int64
		if f != nil {
			nf = f.n
		}
		if n != nil {
			nn = n.n
		}
		if nf+nn == 0 {
			continue
		}
		s := lead + ": "
		switch {
		case nn == 0:
			s += "the treaty formed in " + everyOne(int(nf), "replicate", "replicates") + ", so there is no not-formed stratum to compare"
			parts = append(parts, s+".")
			continue
		case nf == 0:
			if nn == 1 {
				s += "the treaty did not form in the one replicate, so there is no formed stratum to compare"
			} else {
				s += fmt.Sprintf("the treaty formed in none of the %d replicates, so there is no formed stratum to compare", nn)
			}
			parts = append(parts, s+".")
			continue
		}
		s += fmt.Sprintf("the treaty formed in %s of the replicates", percent(float64(nf)/float64(nf+nn)))
		// A value without an interval is given bare, and why once, at the
		// sentence's end (a figures audit, stop 37: "95% CI – to –, no
		// confidence interval: …" after every number of a crn: points run).
		bare := false
		interval := func(prefix string, lo, hi float64, o string) string {
			if math.IsNaN(lo) || math.IsNaN(hi) {
				bare = true
				return ""
			}
			return fmt.Sprintf(" (%s%s to %s, %s)", prefix, fmtSigned(lo), fmtSigned(hi), sideOf(p[0], p[1], o, lo, hi, d.noCI()))
		}
		for _, id := range primaryOutcomes {
			o := engine.Outcomes[id].Name
			f, n := d.cell(p, o, output.StratumFormed), d.cell(p, o, output.StratumNotFormed)
			if f == nil || n == nil {
				continue
			}
			flo, fhi := f.ci()
			nlo, nhi := n.ci()
			gap := f.mean() - n.mean()
			se := math.Hypot(f.seOf(), n.seOf())
			t := t975(f.df + n.df)
			glo, ghi := gap-t*se, gap+t*se
			s += fmt.Sprintf("; in %s the contrast is %s%s when it formed and %s%s when it did not, ",
				outcomeName(o), fmtSigned(f.mean()), interval("95% CI ", flo, fhi, o), fmtSigned(n.mean()), interval("", nlo, nhi, o))
			switch {
			case math.IsNaN(se):
				bare = true
				s += fmt.Sprintf("a gap of %s", fmtSigned(gap))
			case glo <= 0 && ghi >= 0:
				s += fmt.Sprintf("a gap of %s whose CI (%s to %s) includes 0", fmtSigned(gap), fmtSigned(glo), fmtSigned(ghi))
			default:
				s += fmt.Sprintf("a gap of %s (%s to %s)", fmtSigned(gap), fmtSigned(glo), fmtSigned(ghi))
			}
		}
		if bare {
			s += fmt.Sprintf(" (a value given without an interval has none: %s)", d.noCI())
		}
		parts = append(parts, s+".")
	}
	return strings.Join(parts, " ")
}

// percent writes a share as a whole percentage, or to one decimal below 10%
// and above 90%, where the whole number would hide a rare stratum.
func percent(v float64) string {
	if v < 0.1 || v > 0.9 {
		return minus(fmt.Sprintf("%.1f%%", 100*v))
	}
	return fmt.Sprintf("%.0f%%", 100*v)
}

// formationFigure draws, one panel per headline outcome, each primary
// contrast pooled over all replicates and over the formed and not-formed
// strata, a point with its 95% CI as a whisker; nil when no contrast has a
// stratum.
func formationFigure(ctx context.Context, d *primaryData, m Meta) (*figure, error) {
	if d == nil || !d.hasStrata() {
		return nil, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	legend := newLegend()
	// Each stratum's legend key, drawn solid where a mark of the stratum
	// has its whisker and hollow, as every mark is, where none has (a
	// review, stop 48: under crn: points every mark was hollow beside
	// solid keys).
	keys := map[string]*plotter.Scatter{}
	whiskered := map[string]bool{}
	var panels []panel
	whiskers := 0 // drawn: none under crn: points, which withholds the pooled intervals
	bare := 0     // means drawn without one (a design point with a single replicate in the stratum)
	for _, id := range primaryOutcomes {
		o := engine.Outcomes[id]
		side := "first-named"
		if lowerBetter(o.Name) {
			side = "second-named"
		}
		pl := newPlot(outcomeName(o.Name)+" · above 0: the "+side+" better", "",
			wrap("paired difference a − b ("+unitOf(o.Name)+")", 40))
		var names []string
		for k, p := range d.pairs {
			names = append(names, p[0]+" −\n"+p[1])
			for _, st := range primaryStrata {
				c := d.cell(p, o.Name, st)
				if c == nil {
					continue
				}
				style := formationStyle[st]
				x, y := float64(k)+style.dx, c.mean()
				lo, hi := c.ci()
				if !math.IsNaN(lo) && !math.IsNaN(hi) {
					lo, hi = clipToDifferences(o.Name, lo, hi)
					eb, err := plotter.NewYErrorBars(errorBar{x: x, y: y, lo: y - lo, hi: hi - y})
					if err != nil {
						return nil, fmt.Errorf("plots: formation, %s − %s: %w", p[0], p[1], err)
					}
					eb.LineStyle = draw.LineStyle{Color: style.color, Width: vg.Points(1.5)}
					eb.CapWidth = vg.Points(6)
					pl.Add(eb)
					whiskers++
				}
				sc, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
				if err != nil {
					return nil, fmt.Errorf("plots: formation, %s − %s: %w", p[0], p[1], err)
				}
				sc.GlyphStyle = draw.GlyphStyle{Color: style.color, Radius: vg.Points(4), Shape: style.shape}
				if keys[st] == nil {
					key := *sc
					keys[st] = &key
					legend.Add(style.label, &key)
				}
				if !math.IsNaN(lo) && !math.IsNaN(hi) {
					whiskered[st] = true
				} else {
					// A solid mark without a whisker read as an exact
					// value beside the whiskered ones (a referee: a
					// stratum with a single replicate at one point, so
					// no pooled CI); hollow, as the mechanisms figure.
					sc.GlyphStyle.Shape = style.hollow
					bare++
				}
				pl.Add(sc)
			}
		}
		pl.Add(&hline{y: 0, style: dashed(0x55, 1)})
		padAxis(&pl.Y, roomShare, roomShare)
		ticks := make(plot.ConstantTicks, len(names))
		for k, n := range names {
			ticks[k] = plot.Tick{Value: float64(k), Label: n}
		}
		pl.X.Tick.Marker = ticks
		pl.X.Min, pl.X.Max = -0.6, float64(len(names))-0.4
		panels = append(panels, panel{plot: pl, weight: 1})
	}
	for st, key := range keys {
		if !whiskered[st] {
			key.GlyphStyle.Shape = formationStyle[st].hollow
		}
	}
	if whiskers > 0 {
		legend.Add("whisker: 95% CI", &blank{})
		if bare > 0 {
			legend.Add("hollow: no 95% CI (the", &blank{})
			legend.Add("report says why)", &blank{})
		}
	} else {
		// Withheld (crn: points, a single replicate): the report says why
		// (a figures audit, stop 37: the legend promised whiskers).
		legend.Add("no 95% CI: the report", &blank{})
		legend.Add("says why", &blank{})
	}
	return &figure{
		name:    "primary-by-formation",
		title:   "The primary contrasts by treaty formation, pooled over the design points",
		sub:     "formed / not formed: the replicates in which the pair's treaty-bearing architecture formed its treaty, or did not",
		panels:  panels,
		legend:  legend,
		caption: m.caption(),
		width:   11 * vg.Inch,
		section: sectionPrimary,
	}, nil
}
