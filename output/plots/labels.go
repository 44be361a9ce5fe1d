package plots

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"pactsim/engine"
)

// outcomeSpec returns the registry entry of the outcome column called name.
func outcomeSpec(name string) (engine.OutcomeSpec, bool) {
	if k, ok := engine.OutcomeByName(name); ok {
		return engine.Outcomes[k], true
	}
	return engine.OutcomeSpec{}, false
}

// lowerBetter says whether the outcome column called outcome is better
// lower; one the registry does not know counts as better higher.
func lowerBetter(outcome string) bool {
	o, ok := outcomeSpec(outcome)
	return ok && o.Better == engine.LowerBetter
}

// verdictBy reads the 95% CI lo to hi of a difference a − b in an outcome
// that is better lower when lowerBetter: a CI wholly above 0 favours a when
// the outcome is better higher and b when better lower, one wholly below 0
// the other side. A CI that includes 0 is undecided, and so is a bound
// that is NaN, since it passes neither test.
func verdictBy(lowerBetter bool, lo, hi float64) verdict {
	up, down := aBetter, bBetter
	if lowerBetter {
		up, down = bBetter, aBetter
	}
	switch {
	case lo > 0:
		return up
	case hi < 0:
		return down
	}
	return undecided
}

// outcomeText says what an outcome measures, for an axis or a table
// heading: its registry description without a closing parenthesis (which
// says when it is null, or that it is the headline), then its unit in
// parentheses unless the description already starts with it. An outcome
// the registry does not know (a table from another engine version) is
// named by its column.
//
//	deterrence_success -> "Share of periods with neither a fait accompli nor a war"
//	honour_rate        -> "Committed states that acted / committed states, patron included (share of commitments)"
//	severity_loss      -> "Severity-weighted loss: Σ over domains of weight × challenges not denied, plus 100 per war (severity units)"
func outcomeText(name string) string {
	o, ok := outcomeSpec(name)
	if !ok {
		return name
	}
	d := trimNote(strings.TrimSpace(o.Description))
	if o.Unit != "" && !strings.HasPrefix(d, o.Unit) {
		d += " (" + o.Unit + ")"
	}
	return capitalise(d)
}

// trimNote drops d's closing parenthesis, a note that may hold
// parentheses of its own (severity loss: "(the second headline; weights
// ... (docs/model.md sec. 13))"): the group from the "(" that matches the
// final ")", and the space before it. Anything else is left as it is.
func trimNote(d string) string {
	if !strings.HasSuffix(d, ")") {
		return d
	}
	depth := 0
	for k := len(d) - 1; k >= 0; k-- {
		switch d[k] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				if k > 0 && d[k-1] == ' ' {
					return d[:k-1]
				}
				return d
			}
		}
	}
	return d
}

// col is the column name of an outcome: the figures name outcomes by their
// registry identifier, so that a renamed outcome follows, and a removed one
// breaks the build.
func col(id engine.OutcomeID) string { return engine.Outcomes[id].Name }

// outcomeName is the column name as words: "deterrence success".
func outcomeName(name string) string { return strings.ReplaceAll(name, "_", " ") }

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// wrap breaks s at spaces into lines of at most width runes (a longer word
// gets a line of its own), joined by newlines, which plot's text handler
// draws as separate lines.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// differenceText labels a paired difference a − b of an outcome.
func differenceText(a, b, outcome string) string {
	return a + " − " + b + ": difference in " + lowerFirst(outcomeText(outcome))
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// undefinedWhy says why an outcome has no value for an architecture that
// left it null in every run, for the mechanism panels: these are the "null
// when" cases of docs/model.md sec. 13 (an architecture without
// commitments, `none`, never has a committed state in a crisis).
var undefinedWhy = map[string]string{
	col(engine.HonourRate):       "no value: no state committed",
	col(engine.FalseSecurityGap): "no value: no challenge",
	col(engine.BuyIn):            "no value: no hedger",
}

// maxNameRunes is the most runes of an architecture's name a legend or an
// axis shows: names may have 64, and a legend of such names took most of
// a figure (a review, stop 24). The report's tables show them whole.
const maxNameRunes = 24

// shortName is name, or its first and last runes around an ellipsis when
// it is longer than maxNameRunes (the ends tell names apart more often
// than a prefix alone).
func shortName(name string) string {
	r := []rune(name)
	if len(r) <= maxNameRunes {
		return name
	}
	head := (maxNameRunes - 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(maxNameRunes-1-head):])
}

// archLabels maps each of names to the label a figure shows for it: its
// shortName, or the whole name where two names would shorten alike (a
// review, stop 24: names that differ only in the middle were one label).
func archLabels(names []string) map[string]string {
	count := map[string]int{}
	for _, n := range names {
		count[shortName(n)]++
	}
	out := make(map[string]string, len(names))
	for _, n := range names {
		if s := shortName(n); count[s] == 1 {
			out[n] = s
		} else {
			out[n] = n
		}
	}
	return out
}

// shortNames is the labels of names (archLabels), in their order.
func shortNames(names []string) []string {
	labels := archLabels(names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = labels[n]
	}
	return out
}

// feasible is the range an outcome's values can take, from its registry
// range ("[0, 1]", ">= 0", "[-1, 1]"); ±Inf where the registry sets no
// bound, and for an outcome it does not know.
func feasible(outcome string) (lo, hi float64) {
	o, ok := outcomeSpec(outcome)
	if !ok {
		return math.Inf(-1), math.Inf(1)
	}
	switch o.Range {
	case "[0, 1]":
		return 0, 1
	case "[-1, 1]":
		return -1, 1
	case ">= 0":
		return 0, math.Inf(1)
	}
	return math.Inf(-1), math.Inf(1)
}

// clipToValues clips a 95% CI lo to hi of the mean of an outcome to the
// values the outcome can take, and clipToDifferences that of a difference
// of two such means to the differences they can make: a t interval at
// two replicates (quantile 12.7) reaches far past them, and a band from
// −0.7 to 2.4 on a share, or a severity loss below 0, is drawn as what
// cannot happen (hostile review, stop 25). The tables keep the interval
// as computed.
func clipToValues(outcome string, lo, hi float64) (float64, float64) {
	flo, fhi := feasible(outcome)
	return max(lo, flo), min(hi, fhi)
}

func clipToDifferences(outcome string, lo, hi float64) (float64, float64) {
	flo, fhi := feasible(outcome)
	return max(lo, flo-fhi), min(hi, fhi-flo)
}

// intervalKey is a figure's legend line for its intervals: key when any
// was drawn, else a line saying there are none (a single replicate), not
// a promise of bars or shading that are not there (hostile review, stop
// 25).
func intervalKey(key string, drawn int) string {
	if drawn == 0 {
		return "no 95% CI (n < 2)"
	}
	return key
}
