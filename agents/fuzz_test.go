package agents

import (
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
)

// FuzzParseRoster feeds arbitrary bytes to the roster CSV parser itself
// (a review, stop 50; FuzzRosterCSV in experiments reaches it only
// through a config): it must not panic, every error must name the roster,
// what the strict parser accepts the stored one accepts as the same
// roster, and an accepted roster holds what the model takes: one patron,
// at least two states, named, with every number in its range.
func FuzzParseRoster(f *testing.F) {
	builtin, err := os.ReadFile("data/indo-pacific.csv")
	if err != nil {
		f.Fatal(err)
	}
	const head = "state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\n"
	for _, s := range []string{
		string(builtin),
		head + "US,patron,1,0.9,0.1,0.5,0.1,1,1,x\nJP,core,0.5,0.8,0.2,0.7,0.3,0.6,0.9,y\n",
		head + "US,patron,1,0.9,0.1,0.5,0.1,1,1,x\rJP,hedger,1e-6,0,0,0,0,0,0,\"a, b\"\rCN,adversary,0.7,,,,,,,\r",
		"# comment\n" + head + "US,patron,1,0.9,0.1,0.5,0.1,1,1,x\n\"J\nP\",core,0.5,0.8,0.2,0.7,0.3,0.6,0.9,y\n",
		"region,non_aligned,defence_gdp," + head + "oceania,1,2.5,US,patron,1,0.9,0.1,0.5,0.1,1,1,x\n,f,0,JP,partner,0.5,0.8,0.2,0.7,0.3,0.6,0.9,y\n",
		head + "US,patron,1,0.9,0.1,0.5,0.1,1,1,x\nus,core,0.5,0.8,0.2,0.7,0.3,0.6,0.9,y\n",
		head + "US,patron,1,0.9,0.1,0.5,0.1,1,1,x\nJ\u200bP,core,0.5,0.8,0.2,0.7,0.3,0.6,0.9,y\n",
		head + " , ,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		strict, err := ParseRoster("fuzz.csv", strings.NewReader(string(data)))
		if err != nil && !strings.HasPrefix(err.Error(), "roster fuzz.csv") {
			t.Fatalf("error does not name the roster: %v", err)
		}
		stored, serr := ParseStoredRoster("fuzz.csv", strings.NewReader(string(data)))
		if serr != nil && !strings.HasPrefix(serr.Error(), "roster fuzz.csv") {
			t.Fatalf("error does not name the roster: %v", serr)
		}
		if err == nil {
			if serr != nil {
				t.Fatalf("the strict parser accepts a roster the stored one refuses: %v", serr)
			}
			if !reflect.DeepEqual(strict, stored) {
				t.Fatalf("the two parsers read different rosters:\n%+v\n%+v", strict, stored)
			}
		}
		if serr != nil {
			return
		}
		r := stored
		if len(r.States) < 2 || r.Patron < 0 || r.Patron >= len(r.States) || r.States[r.Patron].Role != Patron {
			t.Fatalf("accepted a roster of %d states with patron %d", len(r.States), r.Patron)
		}
		if !(r.AdversaryCapability > 0 && r.AdversaryCapability <= 10) || r.Adversary == "" {
			t.Fatalf("accepted adversary %q of capability %g", r.Adversary, r.AdversaryCapability)
		}
		patrons := 0
		for _, s := range r.States {
			if s.Role == Patron {
				patrons++
			}
			if s.Name == "" || s.Name != strings.TrimSpace(s.Name) {
				t.Fatalf("accepted state name %q", s.Name)
			}
			if !(s.Capability >= 1e-6 && s.Capability <= 10) {
				t.Fatalf("accepted capability %g of %q", s.Capability, s.Name)
			}
			for a, x := range s.Attr {
				if !(x >= 0 && x <= 1) || math.IsNaN(x) {
					t.Fatalf("accepted %s %g of %q", attributeColumns[a], x, s.Name)
				}
			}
		}
		if patrons != 1 {
			t.Fatalf("accepted %d patrons", patrons)
		}
	})
}
