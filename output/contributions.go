package output

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"pactsim/engine"
)

// The contributions table of an ablation (docs/model.md sec. 19 "Estimand
// and ablation"; docs/model.md sec. 21): for each point of the plan but the
// baseline, each primary contrast and each outcome, how much of the
// contrast at the defaults the mechanisms switched off at that point carry:
//
//	contribution = contrast at the defaults − contrast with them off,
//
// paired over replicates. With common random numbers across points,
// replicate r is the same world at every point, so the contribution's
// interval is the Student t interval of the per-replicate differences
// (a_0r − b_0r) − (a_pr − b_pr), not of two independent means.
const (
	TableContributions = "contributions"

	ColMechanism       = "mechanism"
	ColContrastDefault = "contrast_default"
	ColContrastOff     = "contrast_off"
	ColContribution    = "contribution"
)

// Ablation marks a plan as an ablation: the point whose values are the
// defaults, and a label per point naming what it switches off (the
// baseline's label is unused). experiments sets it for a zip design with
// common random numbers across points whose first point is the defaults.
type Ablation struct {
	Baseline int
	Labels   []string
}

func init() {
	fixedColumns[TableContributions] = []string{ColPoint, ColMechanism, ColOutcome, ColArchitectureA, ColArchitectureB, ColN, ColContrastDefault, ColContrastOff, ColContribution, ColCILow, ColCIHigh}
}

// ContributionsSchema is the schema of the contributions table.
func ContributionsSchema(archs []string, prov Provenance) (*arrow.Schema, error) {
	if err := checkArchitectures(archs); err != nil {
		return nil, err
	}
	fs := []arrow.Field{
		pointField(),
		field(ColMechanism, dictString, false, "what the point changes from the defaults: the mechanisms of docs/model.md sec. 19 whose strengths it sets to their off values, or, for any other swept parameter moved from its default (a break-even sweep), \"name = value\"; joined by \" + \"; \"all mechanisms off\" when every mechanism is off, \"defaults\" when nothing is changed", "", "text"),
		outcomeField(ColOutcome),
		architectureField(ColArchitectureA, "first architecture of the primary contrast (the difference is a − b)", archs),
		architectureField(ColArchitectureB, "second architecture of the primary contrast", archs),
		field(ColN, i64, false, "replicates in which the outcome is defined under both architectures at both the baseline and this point", "replicates", ">= 0"),
		field(ColContrastDefault, f64, true, "mean of a − b at the baseline (the defaults) over the n replicates (null if n = 0)", "as the outcome", "real"),
		field(ColContrastOff, f64, true, "mean of a − b at this point (the mechanism off) over the same n replicates (null if n = 0)", "as the outcome", "real"),
		field(ColContribution, f64, true, "contrast_default − contrast_off: the part of the contrast the mechanism carries; > 0 means the mechanism raises a − b (null if n = 0)", "as the outcome", "real"),
		field(ColCILow, f64, true, "lower end of the "+ciNote+" contribution (paired t over replicates under common random numbers, "+nullNote+")", "as the outcome", "real"),
		field(ColCIHigh, f64, true, "upper end of the "+ciNote+" contribution (paired t over replicates under common random numbers, "+nullNote+")", "as the outcome", "real"),
	}
	return newSchema(TableContributions, fs, prov)
}

// contrib holds the contributions' state: the baseline's paired differences
// of the primary pairs per replicate (memory grows with replicates, never
// with points), and the moments of the point being read.
type contrib struct {
	pairs    []int     // indices into acc.pairs of the primary pairs present
	base     []float64 // (rep*len(pairs) + j)*K + k
	baseOK   []bool    // the same: defined at the baseline
	diff     []moments // j*K + k: contribution of the current point
	def, off []moments // j*K + k: the contrast at the defaults and here, same replicates
	labels   []string  // per point
	baseline int
}

func (acc *accumulator) initContrib() {
	ab := acc.d.l.Ablation
	if ab == nil || acc.w.table(TableContributions) == nil {
		return
	}
	c := &contrib{baseline: ab.Baseline, labels: ab.Labels}
	for pi, p := range acc.pairs {
		if IsPrimaryPair(acc.d.l.Architectures[p[0]], acc.d.l.Architectures[p[1]]) {
			c.pairs = append(c.pairs, pi)
		}
	}
	n := len(c.pairs) * acc.K
	c.base = make([]float64, acc.d.l.Replicates*n)
	c.baseOK = make([]bool, acc.d.l.Replicates*n)
	c.diff, c.def, c.off = make([]moments, n), make([]moments, n), make([]moments, n)
	acc.contrib = c
}

// addContrib adds the completed task: at the baseline it stores the task's
// differences; elsewhere it pairs them with the baseline's.
func (acc *accumulator) addContrib() {
	c := acc.contrib
	if c == nil {
		return
	}
	R := acc.d.l.Replicates
	p, r := acc.task/R, acc.task%R
	K := acc.K
	for j, pi := range c.pairs {
		a, b := acc.pairs[pi][0]*K, acc.pairs[pi][1]*K
		for k := range K {
			ok := acc.valid[a+k] && acc.valid[b+k]
			d := acc.value[a+k] - acc.value[b+k]
			i := (r*len(c.pairs)+j)*K + k
			if p == c.baseline {
				c.base[i], c.baseOK[i] = d, ok
				continue
			}
			if ok && c.baseOK[i] {
				c.diff[j*K+k].add(c.base[i] - d)
				c.def[j*K+k].add(c.base[i])
				c.off[j*K+k].add(d)
			}
		}
	}
}

// emitContrib appends point p's (values xs) contribution rows (none at the
// baseline).
func (acc *accumulator) emitContrib(p int, xs []float64) error {
	c := acc.contrib
	if c == nil {
		return nil
	}
	acc.addBreakEven(p, xs)
	if p == c.baseline {
		return nil
	}
	if c.baseline > p {
		return fmt.Errorf("output: the ablation's baseline (point %d) must come before point %d", c.baseline, p)
	}
	t := acc.w.table(TableContributions)
	b := t.b
	K := acc.K
	archs := acc.d.l.Architectures
	for j, pi := range c.pairs {
		for k := range K {
			b.Field(0).(*array.Int32Builder).Append(int32(p))
			for f, v := range []string{c.labels[p], engine.Outcomes[k].Name, archs[acc.pairs[pi][0]], archs[acc.pairs[pi][1]]} {
				if err := b.Field(1 + f).(*array.BinaryDictionaryBuilder).AppendString(v); err != nil {
					return err
				}
			}
			iv := c.diff[j*K+k].interval(acc.q)
			b.Field(5).(*array.Int64Builder).Append(iv.n)
			appendOptional(b.Field(6), c.def[j*K+k].average(), iv.hasMean)
			appendOptional(b.Field(7), c.off[j*K+k].average(), iv.hasMean)
			appendOptional(b.Field(8), iv.mean, iv.hasMean)
			appendOptional(b.Field(9), iv.lo, iv.hasSpread)
			appendOptional(b.Field(10), iv.hi, iv.hasSpread)
		}
	}
	clear(c.diff)
	clear(c.def)
	clear(c.off)
	return t.rowsAdded()
}

// mechanismLabels returns the labels of the points but the baseline, each
// once, in point order: the order in which the rows first name them, so
// the seeded dictionary of the mechanism column is the one the rows would
// build, fixed before the first batch (no dictionary grows between batches,
// so an Arrow IPC copy needs no dictionary delta; a review, stop 52).
func mechanismLabels(ab *Ablation) []string {
	var out []string
	seen := map[string]bool{}
	for p, s := range ab.Labels {
		if p == ab.Baseline || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// hasContributions reports whether Finalize writes the contributions
// table: the plan is an ablation and has a primary pair.
func (d *Dataset) hasContributions() bool {
	if d.l.Ablation == nil {
		return false
	}
	for _, p := range contrastPairs(d.l.Architectures) {
		if IsPrimaryPair(d.l.Architectures[p[0]], d.l.Architectures[p[1]]) {
			return true
		}
	}
	return false
}

// checkAblation validates an Ablation against the layout.
func checkAblation(l *Layout) error {
	ab := l.Ablation
	if ab == nil {
		return nil
	}
	if ab.Baseline < 0 || ab.Baseline >= l.NumPoints || len(ab.Labels) != l.NumPoints {
		return fmt.Errorf("output: ablation: baseline %d and %d labels for %d points", ab.Baseline, len(ab.Labels), l.NumPoints)
	}
	for p, s := range ab.Labels {
		if strings.TrimSpace(s) == "" && p != ab.Baseline {
			return fmt.Errorf("output: ablation: point %d has no label", p)
		}
	}
	return nil
}
