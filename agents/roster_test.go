package agents

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinRoster(t *testing.T) {
	r, err := LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.States) != 12 || r.Adversary != "CN" || r.AdversaryCapability != 0.727 {
		t.Fatalf("roster: %d states, adversary %s %v", len(r.States), r.Adversary, r.AdversaryCapability)
	}
	if r.States[r.Patron].Name != "US" {
		t.Errorf("patron is %s", r.States[r.Patron].Name)
	}
	// Spot values from docs/model.md sec. 15 (Lowy API 2024, ISEAS 2025).
	jp := r.States[r.Index("JP")]
	if jp.Capability != 0.389 || jp.Attr[Legal] != 0.7 || jp.Role != Core {
		t.Errorf("JP = %+v", jp)
	}
	ph := r.States[r.Index("PH")]
	if ph.Attr[Belief] != 0.864 || ph.Attr[Autonomy] != 0.272 {
		t.Errorf("PH = %+v", ph)
	}
	roles := map[Role]int{}
	for _, s := range r.States {
		roles[s.Role]++
		if !strings.Contains(s.Source, "Lowy") {
			t.Errorf("%s: source %q does not cite the capability source", s.Name, s.Source)
		}
	}
	if roles[Patron] != 1 || roles[Core] != 2 || roles[Partner] != 4 || roles[Hedger] != 5 {
		t.Errorf("roles = %v", roles)
	}
}

const header = "state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\n"

func TestParseRosterErrors(t *testing.T) {
	tests := []struct {
		name, csv, want string
	}{
		{"empty", "", "empty file"},
		{"missing column", "state,role,capability,belief,autonomy,threat,exposure,legal,source\n", `missing column "interop"`},
		{"unknown column", strings.TrimSuffix(header, "\n") + ",colour\n", `unknown column "colour"`},
		{"out of range", header + "US,patron,0.8,0.9,0.1,0.7,0.3,1.5,0.9,x\n", "r.csv:2: column legal"},
		{"not a number", header + "US,patron,0.8,high,0.1,0.7,0.3,0.1,0.9,x\n", "r.csv:2: column belief"},
		// Numbers Go reads and CSV readers do not (review, this stop).
		{"hexadecimal float", header + "US,patron,0x1p-2,0.9,0.1,0.7,0.3,0.1,0.9,x\n", `r.csv:2: column capability: "0x1p-2" is not a decimal number`},
		{"underflow", header + "US,patron,0.8,0.9,1e-400,0.7,0.3,0.1,0.9,x\n", `r.csv:2: column autonomy: "1e-400" is too small for a 64-bit number`},
		{"digit separator", header + "US,patron,0.8,0.9,0.1,0.7,0.3_1,0.1,0.9,x\n", `r.csv:2: column exposure: "0.3_1" is not a decimal number`},
		{"duplicate state", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:4: column state: duplicate state "JP" (first on line 3)`},
		// A name that prints as another (review, stop 27).
		{"names differing in case", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nus,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:4: column state: state "us" differs only in case from "US" on line 2`},
		// One name in two Unicode encodings (a hostile review, stop 38).
		{"names differing in encoding", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n\u00c5land,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nA\u030aland,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:4: column state: state "A\u030aland" is "\u00c5land" on line 3 in other Unicode code points`},
		{"names differing in encoding and case", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n\u00e5land,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nA\u030aland,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", "differs only in case from \"\u00e5land\" on line 3"},
		{"control character in a name", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJ\x01P,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:3: column state: state name "J\x01P" holds an invisible or control character`},
		{"zero-width space in a name", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP\u200b,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:3: column state: state name "JP\u200b" holds an invisible`},
		{"tab in a name", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nSouth\tKorea,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:3: column state: state name "South\tKorea" holds an invisible`},
		{"no patron", header + "JP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nAU,core,0.3,0.6,0.2,0.8,0.5,0.7,0.7,x\n", "no patron"},
		{"two patrons", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nUK,patron,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", "r.csv:3: column role: a second patron"},
		{"bad role", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,ally,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:3: column role: "ally" (allowed: patron, core, partner, hedger, adversary)`},
		{"short row", header + "US,patron,0.8\n", "r.csv:2:"},
		{"patron alone", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n", "only the patron US: at least 2 states"},
		// It said "1 states" and counted no adversary row (a referee at
		// the model's edges).
		{"patron and adversary alone", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nCN,adversary,0.7,,,,,,,x\n", "only the patron US: at least 2 states (the patron and one other; an adversary row does not count)"},
		// A Latin-1 export: é as the single byte 0xE9.
		{"latin-1 source", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,Lowy \xe9\n", "r.csv:3: column source: \"Lowy \ufffd\" is not UTF-8 text"},
		{"latin-1 header", "state,r\xf4le\n", "r.csv:1: header:"},
		// A quote error in a data row: csv.Reader has no field position
		// after a parse error (FieldPos panicked there).
		{"unterminated quote", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n\"JP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", "r.csv:3:40: extraneous or missing \" in quoted-field"},
		// The open quote swallows the rows after it: the message names
		// the record's first line, not where the parser gave up (a
		// hostile review, stop 37).
		{"open quote before more rows", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n\"JP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nAU,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nKR,partner,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", "r.csv:3: extraneous or missing \" in quoted-field (in the record that starts on this line; the parser stopped at the roster's line 5"},
		{"bare quote", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJ\"P,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:3:2: bare " in non-quoted-field`},
		// A line of spaces read as "1 fields, header has 10", and one of
		// spaces before the header as an unknown column "" (a review,
		// stop 49).
		{"line of spaces", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n   \nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", "r.csv:3: the line is blank (only spaces, tabs or commas): remove it"},
		{"line of a tab and commas", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n\t, ,\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", "r.csv:3: the line is blank"},
		{"line of spaces before the header", "  \n" + header, "r.csv:1: the line is blank"},
		// A mis-cased role or column got no suggestion (a review, stop
		// 49).
		{"mis-cased role", header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,Core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n", `r.csv:3: column role: "Core" (allowed: patron, core, partner, hedger, adversary); did you mean "core"?`},
		{"mis-cased column", strings.Replace(header, "belief", "Belief", 1), `unknown column "Belief" (columns: `},
		{"mis-cased column named", strings.Replace(header, "belief", "Belief", 1), `; did you mean "belief"? (names are case-sensitive)`},
		// The header's line is its own, after comments and blank lines.
		{"header after comments", "# my roster\n\n# v2\n" + strings.TrimSuffix(header, "\n") + ",colour\n", `r.csv:4: unknown column "colour"`},
	}
	for _, tc := range tests {
		_, err := ParseRoster("r.csv", strings.NewReader(tc.csv))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "r.csv") {
			t.Errorf("%s: error %v, want one naming r.csv and containing %q", tc.name, err, tc.want)
		}
	}
	// The plain space and letters beyond ASCII stay allowed in names.
	r, err := ParseRoster("r.csv", strings.NewReader(header+"US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nSouth Korea,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nViệt Nam,hedger,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n"))
	if err != nil || r.Index("South Korea") != 1 || r.Index("Việt Nam") != 2 {
		t.Errorf("names with a space and diacritics: %v", err)
	}
}

func TestLoadRosterFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "two.csv")
	data := header + "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,assumed\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,assumed\nCN,adversary,0.7,,,,,,,assumed\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := LoadRoster(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.States) != 2 || r.AdversaryCapability != 0.7 {
		t.Errorf("roster = %+v", r)
	}
	if _, err := LoadRoster(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "built-in rosters: indo-pacific") {
		t.Errorf("missing file: %v", err)
	}
}

// TestRosterLineEndings: a roster whose lines end with a lone CR reads as
// with LF (a hostile review, stop 33: its header swallowed every row), as
// one with CRLF does; a line beginning with # is a comment.
func TestRosterLineEndings(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("data", "indo-pacific.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ParseRoster("lf", strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"cr":        strings.ReplaceAll(string(data), "\n", "\r"),
		"cr+lf end": strings.ReplaceAll(strings.TrimSuffix(string(data), "\n"), "\n", "\r") + "\n",
		"crlf":      strings.ReplaceAll(string(data), "\n", "\r\n"),
	} {
		got, err := ParseRoster(name, strings.NewReader(text))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(got.States) != len(want.States) || got.StateList() != want.StateList() || got.States[3].Capability != want.States[3].Capability {
			t.Errorf("%s: states %s, want %s", name, got.StateList(), want.StateList())
		}
	}
	commented := strings.Replace(string(data), "\nJP,", "\n#JP,", 1)
	got, err := ParseRoster("comment", strings.NewReader(commented))
	if err != nil || got.Index("JP") >= 0 || len(got.States) != len(want.States)-1 {
		t.Errorf("#JP: %v, states %v", err, got)
	}
}

// TestCaseHint: a name that differs from one of a list only in case is
// suggested; one that matches exactly, none or two is not.
func TestCaseHint(t *testing.T) {
	for _, c := range []struct {
		name  string
		names []string
		want  string
	}{
		{"jp", []string{"US", "JP"}, "JP"},
		{"JP", []string{"US", "JP"}, ""},
		{"uk", []string{"US", "JP"}, ""},
		{"ab", []string{"AB", "Ab"}, ""},
	} {
		if got := CaseMatch(c.name, c.names); got != c.want {
			t.Errorf("CaseMatch(%q, %v) = %q, want %q", c.name, c.names, got, c.want)
		}
	}
	if got := CaseHint("jp", []string{"JP"}); got != `; did you mean "JP"? (names are case-sensitive)` {
		t.Errorf("CaseHint: %q", got)
	}
}

// TestPresetNoteCase: a roster that spells a state the presets name in
// another case ("jp") is told so (a review, stop 49: the note said only
// that it lacks JP).
func TestPresetNoteCase(t *testing.T) {
	r, err := ParseRoster("r.csv", strings.NewReader(header+"US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\njp,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\nAU,core,0.3,0.6,0.2,0.8,0.5,0.7,0.7,x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := PresetNote(r); !strings.Contains(got, "lacks JP (it has jp: names are case-sensitive)") {
		t.Errorf("PresetNote: %s", got)
	}
}

// TestRosterWideEncoding: a roster saved as UTF-16 (with or without a
// byte-order mark) or UTF-32 is refused as such, at line 1 of the file,
// with the advice to save it as UTF-8 (a review, stop 50: UTF-16 without
// a mark read as an unknown column "s\x00t\x00a\x00...").
func TestRosterWideEncoding(t *testing.T) {
	text := "state,role,capability,belief,autonomy,threat,exposure,legal,interop,source\nUS,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,x\n"
	wide := func(le bool, width int, bom bool) string {
		var b []byte
		put := func(r rune) {
			for k := 0; k < width; k++ {
				shift := 8 * k
				if !le {
					shift = 8 * (width - 1 - k)
				}
				b = append(b, byte(r>>shift))
			}
		}
		if bom {
			put(0xfeff)
		}
		for _, r := range text {
			put(r)
		}
		return string(b)
	}
	if _, err := ParseRoster("r.csv", strings.NewReader(text)); err != nil {
		t.Fatalf("as UTF-8: %v", err)
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"UTF-16 LE", wide(true, 2, false), "UTF-16 (little-endian) text without a byte-order mark"},
		{"UTF-16 BE", wide(false, 2, false), "UTF-16 (big-endian) text without a byte-order mark"},
		{"UTF-16 LE with a mark", wide(true, 2, true), "UTF-16 (little-endian) text with a byte-order mark"},
		{"UTF-16 BE with a mark", wide(false, 2, true), "UTF-16 (big-endian) text with a byte-order mark"},
		{"UTF-32 LE", wide(true, 4, false), "UTF-32 (little-endian) text"},
		{"UTF-32 BE with a mark", wide(false, 4, true), "UTF-32 (big-endian) text"},
	} {
		_, err := ParseRoster("r.csv", strings.NewReader(c.data))
		want := "roster r.csv:1: the file is " + c.want + ": a roster is UTF-8 text; save the file as UTF-8"
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v\nwant %s", c.name, err, want)
		}
	}
}
