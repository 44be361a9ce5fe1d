package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"pactsim/output"
)

// The readings: one sentence of plain language per analysis section of
// the report, made from the numbers alone by small pure functions, so that
// a test can hold each to its numbers. Each states the rule it reads by
// where the rule is not obvious (what "no detectable effect" means).

// smallIndex is the total Sobol' index below which a parameter "matters
// little": it explains less than 1% of the variance, alone and with every
// interaction (Saltelli et al. 2008, Global Sensitivity Analysis: The
// Primer, sec. 1.2.15, use ST ≈ 0 to fix factors; 0.01 is the common
// screening cut).
const smallIndex = 0.01

// smallMuStar is the same cut for Morris: mu* below 1% of the largest mu*
// of the quantity.
const smallMuStar = 0.01

// sensitivityReading reads one quantity's indices: which parameter
// matters most, the next two that matter, and those with no detectable
// effect (their interval includes 0) or, when every one is detectable,
// those that matter little.
func sensitivityReading(q sensQuantity) string {
	sobol := q.method == output.MethodSobol
	sym, pick := q.mainIndex()
	var ps []sensParam
	for _, p := range q.params {
		if e := pick(p); !math.IsNaN(e.v) {
			ps = append(ps, p)
		}
	}
	subject := "For " + quantityPhrase(q.a, q.b, q.outcome)
	if len(ps) == 0 && q.varies != 0 {
		// One value at the base samples only (a review, stop 51).
		head, tail := q.baseOnly(false)
		return subject + ", every index is undefined: the quantity " + head + ", so there is no variance to apportion" + tail + "."
	}
	if len(ps) == 0 {
		return subject + ", every index is undefined: the quantity does not vary over the design, so there is no variance to apportion."
	}
	if !slices.ContainsFunc(ps, func(p sensParam) bool { return pick(p).v != 0 }) {
		// Every effect 0 (every Morris elementary effect, or every Jansen
		// difference, is 0): no parameter "matters most", and without a
		// bootstrap none is "detectable" (a review, stop 48: "us.reliability
		// matters most (μ* 0), then population.autonomy_shift (0) …").
		return fmt.Sprintf("%s, every %s is 0: no move of any parameter in the design changed the quantity.", subject, sym)
	}
	// Largest first; the sweep order breaks ties, so the sentence does not
	// depend on anything but the numbers and the config.
	slices.SortStableFunc(ps, func(a, b sensParam) int { return cmp.Compare(pick(b).v, pick(a).v) })
	top := ps[0]
	cut := smallIndex
	if !sobol {
		cut = smallMuStar * pick(top).v
	}
	detectable := func(p sensParam) bool { e := pick(p); return !e.hasCI() || e.lo > 0 }
	lead := slices.IndexFunc(ps, detectable)
	if lead < 0 {
		return fmt.Sprintf("%s, no parameter has a detectable effect: the 95%% interval of every %s includes 0 (largest: %s, %s %s).",
			subject, sym, top.name, sym, fmtCIText(pick(top)))
	}
	var s strings.Builder
	var most string
	named := false // the runner-up is named beside the leader
	if lead > 0 {
		// The largest estimates can be undetectable while a smaller one
		// is not (one large effect in a single trajectory or base row):
		// "the interval of every μ* includes 0" was then said beside a
		// table with an interval above 0 (a review, stop 48). The
		// largest detectable leads, after those larger ones.
		if lead == 1 {
			fmt.Fprintf(&s, "%s, %s has the largest %s (%s) but no detectable effect (its 95%% interval includes 0)", subject, top.name, sym, fmtCIText(pick(top)))
		} else {
			var larger []string
			for _, p := range ps[:lead] {
				larger = append(larger, p.name)
			}
			fmt.Fprintf(&s, "%s, %s have the largest %s but no detectable effect (their 95%% intervals include 0; largest: %s, %s %s)",
				subject, joinAnd(larger, 4), sym, top.name, sym, fmtCIText(pick(top)))
		}
		top = ps[lead]
		ps = slices.Delete(slices.Clone(ps), 0, lead)
		most, named = mattersMost(ps, sym, pick)
		fmt.Fprintf(&s, "; of the parameters whose interval excludes 0, %s", most)
	} else {
		most, named = mattersMost(ps, sym, pick)
		fmt.Fprintf(&s, "%s, %s", subject, most)
	}
	var then, none, little, unsure []string
	for i, p := range ps[1:] {
		e := pick(p)
		switch {
		case i == 0 && named && detectable(p):
			// Named beside the leader already.
		case !detectable(p):
			none = append(none, p.name)
		case e.v < cut && (!e.hasCI() || e.hi < cut):
			little = append(little, p.name)
		case e.v < cut:
			// A small estimate whose interval reaches the cut: the README
			// fixes a parameter only when its whole interval lies below
			// it, so "matters little" would invite fixing one the sample
			// cannot vouch for (a review, stop 53).
			unsure = append(unsure, p.name)
		case len(then) < 2:
			then = append(then, fmt.Sprintf("%s (%s)", p.name, fmtIndex(e.v)))
		}
	}
	if len(then) > 0 {
		s.WriteString(", then " + joinAnd(then, 2))
	}
	if len(none) > 0 {
		fmt.Fprintf(&s, "; %s %s no detectable effect (the 95%% interval of %s includes 0)", joinAnd(none, 4), plural3(len(none), "has", "have"), sym)
	}
	if len(little) > 0 {
		sep := "; "
		if len(none) > 0 {
			sep = ", and "
		}
		if sobol {
			fmt.Fprintf(&s, "%s%s %s little (ST below %s)", sep, joinAnd(little, 4), plural3(len(little), "matters", "matter"), fmtValue(smallIndex))
		} else {
			fmt.Fprintf(&s, "%s%s %s little (μ* below 1%% of the largest)", sep, joinAnd(little, 4), plural3(len(little), "matters", "matter"))
		}
	}
	if len(unsure) > 0 {
		sep := "; "
		if len(none) > 0 && len(little) == 0 {
			sep = ", and "
		}
		bound := "ST below " + fmtValue(smallIndex)
		if !sobol {
			bound = "μ* below 1% of the largest"
		}
		fmt.Fprintf(&s, "%s%s %s %s but %s that %s above it", sep, joinAnd(unsure, 4), plural3(len(unsure), "has", "have"), bound,
			plural3(len(unsure), "an interval", "intervals"), plural3(len(unsure), "reaches", "reach"))
	}
	if !pick(top).hasCI() {
		s.WriteString(" (no bootstrap intervals: every effect is taken as detectable)")
	}
	s.WriteString(".")
	return s.String()
}

// mattersMost says that ps[0] (ps sorted largest first) matters most, or,
// where its 95% interval overlaps that of the runner-up ps[1], only that it
// has the largest index: the order of the two is then not resolved (a
// review, stop 50: "matters most" beside an ST interval that overlapped the
// next one's). named: the runner-up is named, so the list of those that
// follow leaves it out.
func mattersMost(ps []sensParam, sym string, pick func(sensParam) estimate) (phrase string, named bool) {
	top := pick(ps[0])
	if len(ps) > 1 {
		if next := pick(ps[1]); top.hasCI() && next.hasCI() && top.lo <= next.hi {
			return fmt.Sprintf("%s has the largest %s (%s), its interval overlapping %s's (%s)", ps[0].name, sym, fmtCIText(top), ps[1].name, fmtCIText(next)), true
		}
	}
	return fmt.Sprintf("%s matters most (%s %s)", ps[0].name, sym, fmtCIText(top)), false
}

// quantityPhrase names a quantity inside a sentence: "layered − treaty
// deterrence success", "treaty deterrence success".
func quantityPhrase(a, b, outcome string) string {
	if b == "" {
		return a + " " + outcomeName(outcome)
	}
	return a + " − " + b + " " + outcomeName(outcome)
}

// discoveryReading reads every PRIM target's selected box in one sentence,
// a clause per target: who does better (or which condition holds), where
// (the box's restricted limits), and how well the box captures it.
func discoveryReading(ts []primTarget) string {
	var clauses []string
	for _, t := range ts {
		clauses = append(clauses, discoveryClause(t))
	}
	s := strings.Join(clauses, "; ")
	if len(ts) > 0 && namesLead(ts[0].text) {
		// The first clause begins with an architecture's name, which
		// keeps its spelling (a review, stop 49: "Treaty_plus_cells
		// does ..."; "None deters ..." reads as no architecture at all):
		// the sentence begins before it.
		return "In this design, " + s + "."
	}
	return capitalise(s) + "."
}

// namesLead reports whether conditionPhrase(text) begins with an
// architecture's name, an identifier that no sentence or title may
// capitalise: it does wherever the text parses as a condition.
func namesLead(text string) bool {
	_, ok := parseCondition(text)
	return ok
}

// discoveryClause reads one target.
func discoveryClause(t primTarget) string {
	subject := conditionPhrase(t.text)
	if t.selected < 0 || t.selected >= len(t.boxes) {
		return subject + ": no box was selected"
	}
	b := t.boxes[t.selected]
	if b.coverage == 0 || math.IsNaN(b.coverage) {
		return subject + " at none of the design points"
	}
	conds := boxConditions(t, t.selected)
	base := t.boxes[0].density
	// The chance rate is that of a contrast of 0 everywhere, the null of
	// a significance condition on a contrast against 0 (does a structure
	// win anywhere?). Of one architecture's mean, or of a contrast against
	// another threshold, it is no null: points whose whole interval lies
	// beyond the threshold are there, however few (a methods review, stop 48:
	// "treaty severity loss is above 8.5 (whole 95% CI) at only 2.0% ...
	// no more than ... a contrast of 0 everywhere would give").
	c, ok := parseCondition(t.text)
	chance := ok && c.sig && c.b != "" && c.th == 0 && base <= chanceRate
	if len(conds) == 0 && chance {
		// At or below the chance rate with no box either (a figures
		// audit, stop 37: the caveat was given only beside a box).
		return fmt.Sprintf("%s at only %s of the design points, no more than the %s a contrast of 0 everywhere would give by chance, so %s", subject, fmtPercent(base), fmtPercent(chanceRate), noRegion)
	}
	if len(conds) == 0 {
		return fmt.Sprintf("%s with no region standing out: PRIM keeps the whole space (density %s)", subject, fmtShare(b.density))
	}
	// The share of all points where the condition holds is box 0's
	// density. A significance condition (a whole 95% CI on one side of 0)
	// holds at about 2.5% of points by chance alone where the contrast is
	// 0. At or below that rate the points of interest are no region where
	// the architecture wins, even when they gather (the selected box beat
	// PRIM's searches with them shuffled, or box 0 would be selected), and
	// a box below four times that rate (10%) says only where they gather
	// (docs/model.md sec. 17.3 reads the T10 boxes so).
	if chance && b.density < 4*chanceRate {
		return fmt.Sprintf("%s at only %s of the design points, no more than the %s a contrast of 0 everywhere would give by chance, so %s; those few points gather where %s (coverage %s, density %s, %s of the space)",
			subject, fmtPercent(base), fmtPercent(chanceRate), noRegion, joinAnd(conds, len(conds)), fmtShare(b.coverage), fmtShare(b.density), fmtPercent(b.mass))
	}
	return fmt.Sprintf("%s mainly where %s (coverage %s, density %s against %s over all points, %s of the space)",
		subject, joinAnd(conds, len(conds)), fmtShare(b.coverage), fmtShare(b.density), fmtShare(base), fmtPercent(b.mass))
}

// chanceRate is the share of design points at which a 95% CI lies wholly on
// one given side of 0 when the true contrast is 0: 2.5%.
const chanceRate = 0.025

// boxConditions are the restricted limits of box k as inequalities: a side
// is restricted where it differs from the design range (box 0's limits).
// Limits are inclusive.
func boxConditions(t primTarget, k int) []string {
	var out []string
	whole := t.boxes[0].limits
	for j, l := range t.boxes[k].limits {
		if !l.restricted {
			continue
		}
		span := whole[j].high - whole[j].low
		lowCut, highCut := l.low > whole[j].low, l.high < whole[j].high
		lo, hi := fmtLimit(l.low, span, -1), fmtLimit(l.high, span, 1)
		switch {
		case lowCut && highCut:
			out = append(out, lo+" ≤ "+t.params[j]+" ≤ "+hi)
		case lowCut:
			out = append(out, t.params[j]+" ≥ "+lo)
		case highCut:
			out = append(out, t.params[j]+" ≤ "+hi)
		default: // marked restricted but both ends at the range: say what the table says
			out = append(out, lo+" ≤ "+t.params[j]+" ≤ "+hi)
		}
	}
	return out
}

// conditionPhrase turns a discovery target's text (experiments'
// DiscoverySpec.Target: "layered - treaty deterrence_success > 0", with
// " (95% CI)" when significant) into words: "layered deters better" for a
// contrast against 0, "treaty deterrence success is above 0.7" otherwise.
// Text of another form is quoted as it is.
func conditionPhrase(text string) string {
	c, ok := parseCondition(text)
	if !ok {
		return "where “" + text + "” holds"
	}
	a, b, outcome, op, thr, th, sig := c.a, c.b, c.outcome, c.op, c.thr, c.th, c.sig
	if b != "" && th == 0 {
		higher := !lowerBetter(outcome)
		winner, loser := a, b
		if (op == ">") != higher {
			winner, loser = b, a
		}
		verb := "does better on " + outcomeName(outcome)
		if outcome == headline {
			verb = "deters better"
		}
		// The loser is named: two targets of one winner and outcome
		// against different architectures read alike without it (a
		// figures audit, stop 37).
		verb += " than " + loser
		if sig {
			verb = strings.Replace(verb, " better", " significantly better", 1) + " (95% CI)"
		}
		return winner + " " + verb
	}
	word := "above"
	if op == "<" {
		word = "below"
	}
	// The threshold as written, with the true minus of the sentence's
	// other numbers, not the config's ASCII "-" (a review, stop 49).
	thr = minus(thr)
	q := quantityPhrase(a, b, outcome)
	if sig {
		return q + " is " + word + " " + thr + " (whole 95% CI)"
	}
	return q + " is " + word + " " + thr
}

// condition is a discovery target's text taken apart: a, b (empty for one
// architecture's mean), the outcome, the operator ("<" or ">"), the
// threshold as written and as a number, and whether it is significant.
type condition struct {
	a, b, outcome, op, thr string
	th                     float64
	sig                    bool
}

// parseCondition takes apart a discovery target's text (experiments'
// DiscoverySpec.Target); false for text of another form.
func parseCondition(text string) (condition, bool) {
	var c condition
	s, sig := strings.CutSuffix(text, " (95% CI)")
	c.sig = sig
	f := strings.Fields(s)
	switch {
	case len(f) == 6 && f[1] == "-":
		c.a, c.b, c.outcome, c.op, c.thr = f[0], f[2], f[3], f[4], f[5]
	case len(f) == 4:
		c.a, c.outcome, c.op, c.thr = f[0], f[1], f[2], f[3]
	default:
		return c, false
	}
	if c.op != ">" && c.op != "<" {
		return c, false
	}
	th, err := strconv.ParseFloat(c.thr, 64)
	if err != nil {
		return c, false
	}
	c.th = th
	return c, true
}

// calibrationReading says how many targets the best evaluation met, and
// which it missed, by how much.
func calibrationReading(c *calibration) string {
	if c.best < 0 {
		if len(c.loss) == 1 {
			return "The one evaluation did not define every target, so the calibration has no best point."
		}
		return fmt.Sprintf("No evaluation of the %d defined every target, so the calibration has no best point.", len(c.loss))
	}
	if c.failed {
		// runner calibrate exits 1 here: every evaluation is equal.
		at := fmt.Sprintf("at any of the %d evaluations (each counts as the same miss)", len(c.loss))
		if len(c.loss) == 1 {
			at = "at the one evaluation"
		}
		return "No target had a value " + at + ", so the calibration failed: its best evaluation is the first of equals, and calibrated.yaml is written for inspection, not for use."
	}
	met := 0
	var missed []string
	for _, t := range c.targets {
		if t.met {
			met++
			continue
		}
		missed = append(missed, fmt.Sprintf("%s (achieved %s, wanted %s)", t.name, fmtValue(t.achieved), t.wanted))
	}
	// Counted from 1 as the terminal's progress does, with the trace's
	// own number, from 0, beside it (a hostile review, stop 32: "7 of 8"
	// named the 8th of 8).
	where := fmt.Sprintf("at its best evaluation (number %d of %d, evaluation %d in the trace; loss %s)", int(c.evals[c.best])+1, len(c.evals), int(c.evals[c.best]), fmtValue(c.loss[c.best]))
	if len(missed) == 0 {
		if len(c.targets) == 1 {
			return fmt.Sprintf("Calibration met its one target %s.", where)
		}
		return fmt.Sprintf("Calibration met all %d targets %s.", len(c.targets), where)
	}
	return fmt.Sprintf("Calibration met %d of %d %s %s; missed: %s.", met, len(c.targets), plural3(len(c.targets), "target", "targets"), where, strings.Join(missed, "; "))
}

// joinAnd lists names as "a", "a and b", "a, b and c", and past max names
// "a, b, c and 4 others".
func joinAnd(names []string, max int) string {
	if len(names) > max {
		rest := len(names) - max
		names = append(slices.Clone(names[:max]), fmt.Sprintf("%d %s", rest, plural3(rest, "other", "others")))
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// everyOne is "every one of the 7 replicates", and "the one replicate"
// for 1 (a review, stop 49: "formed in every one of the 1 replicates").
func everyOne(n int, one, many string) string {
	if n == 1 {
		return "the one " + one
	}
	return fmt.Sprintf("every one of the %d %s", n, many)
}

func plural3(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fmtIndex writes an index: two decimals from 0.1 up, two significant
// digits below (0.047, 0.0033) so that a small index is not "0.00", and
// never more than four decimals: an index under 0.00005 is 0.0000 at the
// precision any reader needs.
func fmtIndex(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v == 0:
		return "0"
	case math.Abs(v) >= 0.1:
		return minus(strconv.FormatFloat(v, 'f', 2, 64))
	case math.Abs(v) < 0.00005:
		return "0.0000"
	}
	d := min(4, 1-int(math.Floor(math.Log10(math.Abs(v)))))
	return minus(strconv.FormatFloat(v, 'f', d, 64))
}

// minus writes a leading minus sign as U+2212, as typeset text does.
func minus(s string) string {
	if rest, ok := strings.CutPrefix(s, "-"); ok {
		return "−" + rest
	}
	return s
}

// fmtCIText writes an estimate with its interval: "0.41, 95% CI 0.37–0.45"
// (" to " when an end is negative, so the dash is not read as a minus).
func fmtCIText(e estimate) string {
	if !e.hasCI() {
		return fmtIndex(e.v)
	}
	sep := "–"
	if e.lo < 0 || e.hi < 0 {
		sep = " to "
	}
	return fmt.Sprintf("%s, 95%% CI %s%s%s", fmtIndex(e.v), fmtIndex(e.lo), sep, fmtIndex(e.hi))
}

// fmtShare writes a share in [0, 1] with two decimals from 0.1 up, and
// two significant digits below (0.047, 0.0060), as fmtIndex does: a
// density of 0.006 printed "0.01" read as nearly twice itself, beside the
// "0.6%" of the same share in the sentence (a review, stop 49).
func fmtShare(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–" // undefined: a coverage where no point is of interest
	case v <= 0 || v >= 0.1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 1-int(math.Floor(math.Log10(v))), 64)
}

// fmtPercent writes a share as a whole percentage, with one decimal below
// 10%, and with two significant digits below 0.1%, so that a share above 0
// never reads "0.0%".
func fmtPercent(v float64) string {
	switch {
	case v > 0 && v < 0.001:
		return strconv.FormatFloat(100*v, 'f', 1-int(math.Floor(math.Log10(100*v))), 64) + "%"
	case v < 0.1:
		return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(100*v, 'f', 0, 64) + "%"
}

// fmtValue writes a number with three significant digits (0.774, 12.3,
// 0.0031) and zero as 0.
func fmtValue(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 0):
		return "∞"
	case v == 0:
		return "0"
	}
	return minus(strconv.FormatFloat(v, 'g', 3, 64))
}

// limitStep is the largest step, as a share of a parameter's range, in
// which fmtLimit writes a box limit: two significant digits of the range's
// width gave a tenth of it where the width is a power of ten, and a limit
// of 0.006 on adversary.formation_shock's [0, 0.1] read "0.01" (a review,
// stop 49).
const limitStep = 0.03

// fmtLimit writes a box limit with the fewest decimals whose step is at
// most limitStep of its parameter's range (0.52 on a range of 0.6, 1.7 on
// a range of 4, 0.045 on a range of 0.08, 0.006 on a range of 0.1),
// rounded outward: down for a lower limit (dir < 0), up for an upper one
// (dir > 0), to nearest for dir 0. Rounded to nearest, a lower limit could
// read above a point inside the box ("≥ 0.53" with the point 0.5261 in it;
// a review, stop 49); a limit those decimals write exactly stays as it is.
func fmtLimit(v, span float64, dir int) string {
	d := 2
	if span > 0 && !math.IsInf(span, 0) {
		d = max(0, int(math.Ceil(-math.Log10(span*limitStep))))
	}
	if dir != 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
		scale := math.Pow(10, float64(d))
		x := v * scale
		if r := math.Round(x); math.Abs(x-r) > 1e-9*math.Max(1, math.Abs(x)) {
			if dir < 0 {
				v = math.Floor(x) / scale
			} else {
				v = math.Ceil(x) / scale
			}
		}
	}
	s := strconv.FormatFloat(v, 'f', d, 64)
	if s == "-"+strconv.FormatFloat(0, 'f', d, 64) {
		s = s[1:]
	}
	return minus(s)
}
