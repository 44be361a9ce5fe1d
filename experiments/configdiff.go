package experiments

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/output"
)

// maxConfigChanges is how many changed keys configChanges names before it
// counts the rest.
const maxConfigChanges = 5

// configChanges names what differs between two resolved configs (their
// canonical texts, old first): each changed key by its path with both
// values ("seed: 1 -> 2"), each key only one has ("params.us.reliability:
// 0.5 -> (absent)"), the first maxConfigChanges of them, then how many
// more. A refusal to resume or merge across configs says this, not only
// the two hashes: the researcher needs to know which edit to undo. It
// returns "" when the texts do not parse or no key differs (a difference
// in comments or layout alone).
func configChanges(old, new []byte) string {
	a, okA := flattenConfig(old)
	b, okB := flattenConfig(new)
	if !okA || !okB {
		return ""
	}
	var changes []string
	seen := make(map[string]bool, len(a.keys))
	for _, k := range a.keys {
		seen[k] = true
		nv, ok := b.vals[k]
		switch {
		case !ok:
			changes = append(changes, fmt.Sprintf("%s: %s -> (absent)", k, clip(a.vals[k])))
		case nv != a.vals[k]:
			changes = append(changes, changeOf(k, a.vals[k], nv))
		}
	}
	for _, k := range b.keys {
		if !seen[k] {
			changes = append(changes, fmt.Sprintf("%s: (absent) -> %s", k, clip(b.vals[k])))
		}
	}
	if len(changes) == 0 {
		return ""
	}
	more := ""
	if len(changes) > maxConfigChanges {
		more = fmt.Sprintf("; and %d more", len(changes)-maxConfigChanges)
		changes = changes[:maxConfigChanges]
	}
	return strings.Join(changes, "; ") + more
}

// maxValueText bounds a value quoted in a change: an embedded roster is
// megabytes.
const maxValueText = 120

// clip shortens a value for a message.
func clip(v string) string {
	if r := []rune(v); len(r) > maxValueText {
		return strconv.Quote(string(r[:maxValueText])) + "…"
	}
	if strings.Contains(v, "\n") {
		return strconv.Quote(v)
	}
	return v
}

// changeOf names the change of key k from a to b. A value of several
// lines (an embedded roster) is named by its first differing line and the
// number of lines that differ, not quoted whole (review 10: a changed
// roster row printed the whole roster twice).
func changeOf(k, a, b string) string {
	if !strings.Contains(a, "\n") && !strings.Contains(b, "\n") {
		return fmt.Sprintf("%s: %s -> %s", k, clip(a), clip(b))
	}
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	first, n := -1, 0
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y || i >= len(la) || i >= len(lb) {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	line := func(ls []string) string {
		if first < len(ls) {
			return clip(ls[first])
		}
		return "(absent)"
	}
	verb := "differ"
	if n == 1 {
		verb = "differs"
	}
	return fmt.Sprintf("%s line %d: %s -> %s (%d %s %s; %d lines stored, %d given)", k, first+1, line(la), line(lb), n, output.Plural(n, "line"), verb, len(la), len(lb))
}

// flatConfig is a config's leaves by dotted path, in document order.
type flatConfig struct {
	keys []string
	vals map[string]string
}

// flattenConfig reads a config's YAML into its leaves: a mapping's keys
// join the path with '.', a sequence of scalars is one leaf written as a
// flow list ([a, b]), any other sequence's items are path[i].
func flattenConfig(data []byte) (flatConfig, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return flatConfig{}, false
	}
	f := flatConfig{vals: map[string]string{}}
	var walk func(path string, n *yaml.Node)
	leaf := func(path, v string) {
		if _, dup := f.vals[path]; !dup {
			f.keys = append(f.keys, path)
		}
		f.vals[path] = v
	}
	walk = func(path string, n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			if len(n.Content) == 0 {
				leaf(path, "{}")
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if path != "" {
					k = path + "." + k
				}
				walk(k, n.Content[i+1])
			}
		case yaml.SequenceNode:
			scalars := true
			for _, c := range n.Content {
				scalars = scalars && c.Kind == yaml.ScalarNode
			}
			if scalars {
				vs := make([]string, len(n.Content))
				for i, c := range n.Content {
					vs[i] = c.Value
				}
				leaf(path, "["+strings.Join(vs, ", ")+"]")
				return
			}
			for i, c := range n.Content {
				walk(path+"["+strconv.Itoa(i)+"]", c)
			}
		case yaml.AliasNode:
			if n.Alias != nil {
				walk(path, n.Alias)
			}
		default:
			leaf(path, n.Value)
		}
	}
	walk("", doc.Content[0])
	return f, true
}

// changedConfig is the refusal's tail naming what changed between the
// resolved config stored in a directory (old) and the one given (new):
// ": changed: ..." or "" when nothing can be named.
func changedConfig(old, new []byte) string {
	if c := configChanges(old, new); c != "" {
		return "; changed (stored -> given): " + c
	}
	return ""
}

// damagedConfig says, when the config.yaml of the unfinished directory dir
// (info) begins as pactsim writes one but is not in the resolved form (cut
// short by a full disk or a copy, or edited), that it looks damaged and how
// to recover; "" otherwise. A truncated config.yaml that still parses was
// reported as "another resolved config" with a list of changes that were
// only its missing lines (a hostile review).
func damagedConfig(dir string, info dirInfo, plan *Plan) string {
	path := filepath.Join(dir, "config.yaml")
	data, err := output.ReadFileLimited(path, MaxConfigBytes)
	if err != nil || !info.handWritten || !bytes.HasPrefix(data, []byte(resolvedHead)) {
		return ""
	}
	want := plan.Canonical()
	// What differs besides the lost lines, unless it is all lost lines.
	changed := changedConfig(info.plan.Canonical(), want)
	what := fmt.Sprintf("%s begins as the resolved config a run writes but is not in that form (%d bytes): it looks damaged or edited, or another version of pactsim wrote it%s", path, len(data), changed)
	switch {
	case bytes.HasPrefix(want, data):
		what = fmt.Sprintf("%s looks truncated: it holds the first %d of the %d bytes of this config's resolved form", path, len(data), len(want))
	case len(data) > 0 && data[len(data)-1] != '\n':
		what = fmt.Sprintf("%s looks truncated or damaged: it begins as the resolved config a run writes, but is not in that form and ends mid-line (%d bytes)%s", path, len(data), changed)
	}
	return what + fmt.Sprintf("; if %s is the config the run was begun with, copy it to %s and run again with --resume (its parts record the config they were written for, so another config is refused)", plan.File(), path)
}

// resumeChanged is changedConfig for a --resume refused because the given
// config differs from the one dir was begun with, old. When only the
// analysis section differs, it also names the way on: an analysis reads
// the runs without changing them, so `runner analyze` computes the new one
// from the runs on disk (a hostile review, stop 54: a researcher who added
// an analysis section after a run and resumed was told only that the
// config had changed). finished is false for a directory still to be
// finished with its own config first. A calibration or a shard is not
// analysed, so the hint is left out there (analyses).
func resumeChanged(old, new []byte, dir string, finished, analyses bool) string {
	changed := changedConfig(old, new)
	if changed == "" || !analyses || !analysisOnly(old, new) {
		return changed
	}
	first := ""
	if !finished {
		first = fmt.Sprintf("finish it with the config it was begun with (runner run %s -o %s --resume), then ", filepath.Join(dir, "config.yaml"), dir)
	}
	return changed + fmt.Sprintf("; only the analysis section differs, and an analysis reads the runs without changing them: %swrite the new analysis section alone (analysis: ...) to a file and run `runner analyze %s FILE`", first, dir)
}

// analysisOnly reports whether two resolved configs differ, and only
// under their analysis section, and new has one: a config that drops the
// section has no new analysis for `runner analyze` to compute (a review,
// stop 54: it was told to write "the new analysis section" to a file).
func analysisOnly(old, new []byte) bool {
	a, okA := flattenConfig(old)
	b, okB := flattenConfig(new)
	if !okA || !okB {
		return false
	}
	inAnalysis := func(k string) bool {
		return k == "analysis" || strings.HasPrefix(k, "analysis.") || strings.HasPrefix(k, "analysis[")
	}
	if !slices.ContainsFunc(b.keys, inAnalysis) {
		return false
	}
	differs := false
	for _, f := range []struct{ x, y flatConfig }{{a, b}, {b, a}} {
		for _, k := range f.x.keys {
			if v, ok := f.y.vals[k]; ok && v == f.x.vals[k] {
				continue
			}
			if !inAnalysis(k) {
				return false
			}
			differs = true
		}
	}
	return differs
}
