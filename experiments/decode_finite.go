package experiments

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/agents"
)

// checkFinite rejects NaN and Inf anywhere in the file, even under keys that
// would later be rejected for other reasons, because yaml.v3 decodes .nan and
// .inf as ordinary floats; and local YAML tags, which it ignores.
func (d *decoder) checkFinite(n *yaml.Node, key string, depth int) error {
	if n == nil || depth > 64 {
		return nil
	}
	// A tag of YAML's own (!!str, or tag:yaml.org,2002:str in full) is
	// fine; any other (!foo, or one a %TAG directive expands) means
	// something to another program only, and the decoder would read the
	// node as if it were untagged, silently.
	if t := n.Tag; t != "" && t != "!" && !strings.HasPrefix(n.ShortTag(), "!!") {
		return d.errf(n, key, "YAML tag %s is not allowed (allowed: no tag, or YAML's own such as !!str)", t)
	}
	// A core tag that contradicts the node (a mapping tagged !!seq or
	// !!str, a list tagged !!map) was read as if untagged, where a scalar's
	// is refused, and other YAML readers refuse it (a review, stop 50). So
	// are YAML 1.1's !!set, !!omap and !!pairs, which another reader takes
	// for other types (a !!set drops its values): no key takes one.
	if t := n.ShortTag(); (n.Kind == yaml.MappingNode && t != "!!map") || (n.Kind == yaml.SequenceNode && t != "!!seq") {
		what, want := "mapping", "!!map"
		if n.Kind == yaml.SequenceNode {
			what, want = "list", "!!seq"
		}
		return d.errf(n, key, "YAML tag %s does not fit a %s (allowed: no tag, or %s)", t, what, want)
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" {
		var x float64
		if err := n.Decode(&x); err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
			return d.errf(n, key, "%s: NaN and Inf are not allowed anywhere in a config or analysis file (allowed: finite numbers)", n.Value)
		}
	}
	for k, c := range n.Content {
		// Name the dotted key of each value, and the index of list items.
		child := key
		switch n.Kind {
		case yaml.MappingNode:
			if k%2 == 1 {
				child = joinKey(key, shownKey(n.Content[k-1].Value))
			}
		case yaml.SequenceNode:
			child = fmt.Sprintf("%s[%d]", key, k)
		}
		if err := d.checkFinite(c, child, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// shownKey is a key as an error names it: quoted when it is empty, holds
// an invisible character or has a space at an end, as decoder.mapping
// names an unknown one (a review, stop 51: output: {"": .nan} was named
// "output.", and a zero-width space in a key printed unseen).
func shownKey(name string) string {
	if name == "" || strings.ContainsFunc(name, agents.Invisible) || strings.TrimSpace(name) != name {
		return strconv.Quote(name)
	}
	return name
}
