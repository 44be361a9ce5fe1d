package experiments

import (
	"slices"
	"strings"
	"testing"
)

// TestFixedUnreadNotesOrder: the notes on parameters fixed under params
// that no architecture reads come out in one order, even when they share a
// line (a flow mapping), where they were once in Go's random map order and
// differed from one invocation of runner validate to the next.
func TestFixedUnreadNotesOrder(t *testing.T) {
	const cfg = "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\n" +
		"params: {us.treaty_stickiness: 0.55, treaty.standing_buildup: 7, treaty.failure_cost: 2}\n"
	var first []string
	for i := range 40 {
		p, err := Parse("c.yaml", []byte(cfg))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = p.Config.Notes
			if len(first) != 3 {
				t.Fatalf("notes %q, want 3", first)
			}
			// On one line, by name.
			for j, name := range []string{"treaty.failure_cost", "treaty.standing_buildup", "us.treaty_stickiness"} {
				if !strings.HasPrefix(first[j], "c.yaml:5: params."+name+":") {
					t.Fatalf("note %d is %q, want params.%s's", j, first[j], name)
				}
			}
			continue
		}
		if !slices.Equal(p.Config.Notes, first) {
			t.Fatalf("parse %d: notes\n%q\nwant\n%q", i, p.Config.Notes, first)
		}
	}
}
