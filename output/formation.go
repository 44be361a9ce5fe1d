package output

import (
	"slices"

	"github.com/apache/arrow-go/v18/arrow"

	"pactsim/engine"
)

// The summary and contrasts by treaty formation (docs/model.md sec. 13 and
// sec. 19 "Estimand and ablation"): the same statistics as
// summary and contrasts, computed separately over the replicates in which
// the treaty formed and those in which it did not.
//
// They are separate tables, not extra rows of summary and contrasts, so that
// every reader of those two tables (the plots, the analyses, any script that
// groups summary by point and architecture) keeps working unchanged, and
// their bytes do not move.
//
// Which replicate falls in which stratum is decided by one architecture, the
// row's stratified_by:
//   - a summary row by its own architecture when that architecture bears a
//     treaty, and otherwise by the first treaty-bearing architecture in
//     config order (common random numbers make it the same world);
//   - a contrast a − b by a when a bears a treaty, otherwise by b.
//
// An architecture bears a treaty at a point when its treaty_formed is
// defined (not null) in some replicate of the point; treaty_formed is null
// exactly for the architectures without a treaty (engine.Outcomes). A row
// with no treaty-bearing architecture to decide it is not written: a plan
// without a treaty writes these tables with no rows. A replicate in which
// the deciding architecture's treaty_formed is null counts in neither
// stratum.
const (
	TableSummaryByFormation   = "summary_by_formation"
	TableContrastsByFormation = "contrasts_by_formation"

	ColStratum      = "stratum"       // summary_by_formation, contrasts_by_formation
	ColStratifiedBy = "stratified_by" // summary_by_formation, contrasts_by_formation

	StratumFormed    = "treaty_formed"
	StratumNotFormed = "treaty_not_formed"
)

// Strata are the values of the stratum column, in row order.
var Strata = []string{StratumFormed, StratumNotFormed}

func init() {
	s := fixedColumns[TableSummary]
	fixedColumns[TableSummaryByFormation] = append([]string{ColStratum, ColStratifiedBy}, s...)
	c := fixedColumns[TableContrasts]
	fixedColumns[TableContrastsByFormation] = append([]string{ColStratum, ColStratifiedBy}, c...)
}

func stratumField() arrow.Field {
	return field(ColStratum, dictString, false, "replicates in which the treaty of the stratified_by architecture formed at some period (treaty_formed) or never formed (treaty_not_formed)", "", "one of: "+StratumFormed+", "+StratumNotFormed)
}

// summaryStratifiedBy describes summary_by_formation's stratified_by. It
// warns that rows of different deciders hold different replicates: a
// state's taste for a mechanism is drawn from its architecture's stream, so
// the same world forms the treaty under treaty and under treaty_plus_cells
// in only some replicates (docs/model.md sec. 22), and the difference of
// two architectures' rows here is not their paired contrast by formation
// (a referee's recomputation at us.reliability 0.3, 300 replicates: the
// treaty_formed rows gave treaty_plus_cells − layered in severity loss as
// +5.74, their paired contrast in contrasts_by_formation is +2.68: each
// treaty formed in 57 replicates, both in 26).
const summaryStratifiedBy = "the treaty-bearing architecture whose treaty_formed decides the stratum: the row's own architecture when it bears a treaty, else the first in config order that does. Each treaty-bearing architecture forms its treaty in replicates of its own (docs/model.md sec. 22), so rows with different stratified_by can hold different replicates and their difference is then not a paired contrast: contrasts_by_formation has those"

// SummaryByFormationSchema is the schema of summary_by_formation: the
// summary's columns, with stratum after the swept parameters and
// stratified_by after the architecture. One row per (point, stratum,
// architecture, outcome) for the architectures that have a stratifier.
func SummaryByFormationSchema(swept, archs []string, prov Provenance) (*arrow.Schema, error) {
	s, err := SummarySchema(swept, archs, prov)
	if err != nil {
		return nil, err
	}
	fs := slices.Clone(s.Fields())
	n := len(swept) + 1
	fs = slices.Insert(fs, n, stratumField())
	fs = slices.Insert(fs, n+2, architectureField(ColStratifiedBy, summaryStratifiedBy, archs))
	fs[n+4] = field(ColN, i64, false, "replicates of the stratum in which the outcome is defined (non-null)", "replicates", ">= 0")
	return newSchema(TableSummaryByFormation, fs, prov)
}

// ContrastsByFormationSchema is the schema of contrasts_by_formation: the
// contrasts' columns, with stratum after the swept parameters and
// stratified_by after architecture_b. One row per (point, stratum, pair,
// outcome) for the pairs with a treaty-bearing architecture.
func ContrastsByFormationSchema(swept, archs []string, prov Provenance) (*arrow.Schema, error) {
	s, err := ContrastsSchema(swept, archs, prov)
	if err != nil {
		return nil, err
	}
	fs := slices.Clone(s.Fields())
	n := len(swept) + 1
	fs = slices.Insert(fs, n, stratumField())
	fs = slices.Insert(fs, n+4, architectureField(ColStratifiedBy, "the architecture whose treaty_formed decides the stratum: architecture_a when it bears a treaty, else architecture_b", archs))
	fs[n+5] = field(ColN, i64, false, "replicates of the stratum in which the outcome is defined under both architectures", "replicates", ">= 0")
	return newSchema(TableContrastsByFormation, fs, prov)
}

// strata holds the stratified accumulators of the point being read. Which
// architectures bear a treaty is known only once the point has been read,
// so the accumulators are kept for every candidate decider: per summary row
// every architecture, per pair its two members. The architectures are few,
// so this costs a few kilobytes, and memory still does not grow with points.
type strata struct {
	bears   []int64          // per architecture: replicates with treaty_formed defined
	summary []moments        // ((stratum*A + decider)*A + arch)*K + outcome
	diffs   []pairedContrast // ((stratum*2 + member)*pairs + pair)*K + outcome
}

func (s *strata) init(acc *accumulator) {
	s.bears = make([]int64, acc.A)
	s.summary = make([]moments, 2*acc.A*acc.A*acc.K)
	s.diffs = make([]pairedContrast, 2*2*len(acc.pairs)*acc.K)
}

// stratumOf returns the stratum index (0 formed, 1 not formed) of the
// completed task as decided by architecture a, or -1 when a's
// treaty_formed is null.
func (acc *accumulator) stratumOf(a int) int {
	i := a*acc.K + int(engine.TreatyFormed)
	if !acc.valid[i] {
		return -1
	}
	if acc.value[i] == 1 {
		return 0
	}
	return 1
}

// addStrata adds the completed task's values to the stratified
// accumulators of every candidate decider.
func (acc *accumulator) addStrata() {
	s := &acc.strata
	if s.bears == nil {
		s.init(acc)
	}
	A, K, P := acc.A, acc.K, len(acc.pairs)
	for by := range A {
		st := acc.stratumOf(by)
		if st < 0 {
			continue
		}
		s.bears[by]++
		for a := range A {
			m := s.summary[((st*A+by)*A+a)*K:]
			for k := range K {
				if acc.valid[a*K+k] {
					m[k].add(acc.value[a*K+k])
				}
			}
		}
	}
	for pi, pair := range acc.pairs {
		a, b := pair[0]*K, pair[1]*K
		for member, by := range pair {
			st := acc.stratumOf(by)
			if st < 0 {
				continue
			}
			c := s.diffs[((st*2+member)*P+pi)*K:]
			for k := range K {
				if acc.valid[a+k] && acc.valid[b+k] {
					c[k].add(acc.value[a+k], acc.value[b+k], engine.Outcomes[k].Better)
				}
			}
		}
	}
}

// deciders returns, for the point just read, the deciding architecture of
// each summary row (its own if it bears a treaty, else the first that does)
// and of each pair (member 0 or 1; -1 when neither bears one).
func (s *strata) deciders(acc *accumulator) (arch, pair []int) {
	first := slices.IndexFunc(s.bears, func(n int64) bool { return n > 0 })
	arch = make([]int, acc.A)
	for a := range acc.A {
		arch[a] = first
		if s.bears[a] > 0 {
			arch[a] = a
		}
	}
	pair = make([]int, len(acc.pairs))
	for pi, p := range acc.pairs {
		switch {
		case s.bears[p[0]] > 0:
			pair[pi] = 0
		case s.bears[p[1]] > 0:
			pair[pi] = 1
		default:
			pair[pi] = -1
		}
	}
	return arch, pair
}

// emitStrata appends point p's (values xs) stratified rows and resets the
// stratified accumulators: summary rows by (stratum, architecture,
// outcome), then contrast rows by (stratum, pair, outcome).
func (acc *accumulator) emitStrata(p int, xs []float64) error {
	s := &acc.strata
	if s.bears == nil {
		return nil
	}
	archBy, pairBy := s.deciders(acc)
	A, P := acc.A, len(acc.pairs)
	l := &acc.d.l
	nSwept := len(l.Swept)
	K := acc.K
	summary := acc.w.table(TableSummaryByFormation)
	b := summary.b
	for st, name := range Strata {
		for a, arch := range l.Architectures {
			by := archBy[a]
			if by < 0 {
				continue
			}
			for k := range K {
				if err := appendPointHead(b, p, xs, name, arch, l.Architectures[by], engine.Outcomes[k].Name); err != nil {
					return err
				}
				appendSummaryStats(b, 5+nSwept, s.summary[((st*A+by)*A+a)*K+k].interval(acc.q))
			}
		}
	}
	if err := summary.rowsAdded(); err != nil {
		return err
	}
	clear(s.summary)
	clear(s.bears)
	contrasts := acc.w.table(TableContrastsByFormation)
	if contrasts == nil {
		return nil
	}
	b = contrasts.b
	for st, name := range Strata {
		for pi, pair := range acc.pairs {
			member := pairBy[pi]
			if member < 0 {
				continue
			}
			for k := range K {
				if err := appendPointHead(b, p, xs, name, engine.Outcomes[k].Name, l.Architectures[pair[0]], l.Architectures[pair[1]], l.Architectures[pair[member]]); err != nil {
					return err
				}
				appendContrastStats(b, 6+nSwept, &s.diffs[((st*2+member)*P+pi)*K+k], acc.q, k)
			}
		}
	}
	clear(s.diffs)
	return contrasts.rowsAdded()
}
