package agents

import (
	"fmt"
	"strings"
	"testing"
)

// TestRosterIndentedComment: a line whose # follows blank space is no
// comment to encoding/csv; a commented-out row so indented ran as a state
// named "#VN" (a hostile review, stop 53). It is refused, naming the line;
// a # as the line's first character still comments it out, a state named
// by a quoted "#VN" is still a state, and a stored roster keeps what an
// earlier version accepted.
func TestRosterIndentedComment(t *testing.T) {
	t.Parallel()
	rows := "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\nJP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n"
	for _, tc := range []struct{ name, csv, want string }{
		{"spaces before a commented row", header + rows + "  #VN,partner,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n", "r.csv:4: the line begins with blank space and then #, which is no comment"},
		{"a tab before a commented row", header + rows + "\t# VN,partner,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n", "r.csv:4: the line begins with blank space and then #"},
		{"spaces before a note", header + rows + "  # to do: add VN\n", "r.csv:4: the line begins with blank space and then #"},
		{"spaces before a note above the header", " # my roster\n" + header + rows, "r.csv:1: the line begins with blank space and then #"},
	} {
		_, err := ParseRoster("r.csv", strings.NewReader(tc.csv))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "remove the blank space before #") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	r, err := ParseRoster("r.csv", strings.NewReader("# my roster\n"+header+rows+"#VN,partner,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n\"#KR\",partner,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n"))
	if err != nil || len(r.States) != 3 || r.Index("#KR") != 2 {
		t.Errorf("comments and a quoted #KR: %v, states %v", err, r)
	}
	r, err = ParseStoredRoster("r.csv", strings.NewReader(header+rows+"  #VN,partner,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n"))
	if err != nil || r.Index("#VN") != 2 {
		t.Errorf("stored roster with an indented #VN: %v", err)
	}
}

// TestRosterHeaderForm: a header that is one field of the column names
// separated by semicolons or tabs (a spreadsheet in a locale whose
// decimal mark is a comma, a tab-separated export), or that ends in an
// empty column, was refused as an unknown column that listed every
// allowed one and said nothing of the file's form (a hostile review, stop
// 53). The error names the separator, or the empty column.
func TestRosterHeaderForm(t *testing.T) {
	t.Parallel()
	row := "US,patron,0.8,0.9,0.1,0.7,0.3,0.1,0.9,x\n"
	for _, tc := range []struct{ name, csv, want string }{
		{"semicolons", strings.ReplaceAll(header, ",", ";") + "US;patron;0,8;0,9;0,1;0,7;0,3;0,1;0,9;x\n", "separated by semicolons: a roster is comma-separated, with a point as the decimal mark"},
		{"tabs", strings.ReplaceAll(header, ",", "\t") + strings.ReplaceAll(row, ",", "\t"), "separated by tabs: a roster is comma-separated"},
		{"semicolons, columns in another order", "source;state;role\n", "separated by semicolons"},
		{"trailing comma", strings.TrimSuffix(header, "\n") + ",\n" + strings.TrimSuffix(row, "\n") + ",\n", `r.csv:1: unknown column "" (columns: `},
		{"trailing comma named", strings.TrimSuffix(header, "\n") + ",,\n", "an empty column name: remove the trailing comma or empty column"},
	} {
		_, err := ParseRoster("r.csv", strings.NewReader(tc.csv))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// A misspelt column among commas gets no word on separators.
	_, err := ParseRoster("r.csv", strings.NewReader("state;role,capability\n"))
	if err == nil || strings.Contains(err.Error(), "separated by") {
		t.Errorf("a column with a semicolon among commas: %v", err)
	}
}

// TestLongRosterMessages: on a roster of 1,000 states (the runner's cap)
// the note on the presets' founders and the list of the states a config
// may name ran to some 7,000 characters each (a hostile review, stop 53);
// they list 20 names and count them all. A roster of up to 20 states is
// listed whole, as before.
func TestLongRosterMessages(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(header)
	for k := range 1000 {
		role := "partner"
		if k == 0 {
			role = "patron"
		}
		fmt.Fprintf(&b, "S%04d,%s,0.1,0.5,0.5,0.5,0.5,0.5,0.5,x\n", k, role)
	}
	r, err := ParseRoster("r.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.StateList(); len(got) > 300 || !strings.HasPrefix(got, "S0000, S0001, ") || !strings.HasSuffix(got, "S0019, ... (1000 in all)") {
		t.Errorf("state list of %d characters: %.400s", len(got), got)
	}
	if note := PresetNote(r); len(note) > 1000 || !strings.Contains(note, "with S0001, S0002, ") || !strings.Contains(note, "S0020, ... (999 in all)") {
		t.Errorf("preset note of %d characters: %.1200s", len(note), note)
	}
	small, err := LoadRoster("indo-pacific")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := small.StateList(), strings.Join(small.StateNames(), ", "); got != want {
		t.Errorf("indo-pacific's list %q, want %q", got, want)
	}
}

// TestRosterHeaderOnly: a roster of a header alone (or with comments and
// blank lines) was refused as having no patron, which sent the user to
// the role column of rows that are not there (a hostile review, stop
// 53). It says there are no rows.
func TestRosterHeaderOnly(t *testing.T) {
	t.Parallel()
	for _, csv := range []string{header, "# states to come\n" + header + "\n# none yet\n"} {
		_, err := ParseRoster("r.csv", strings.NewReader(csv))
		if err == nil || !strings.Contains(err.Error(), "roster r.csv: no states: no row follows the header") || strings.Contains(err.Error(), "no patron") {
			t.Errorf("%q: %v", csv, err)
		}
	}
	// Rows without a patron still say so.
	_, err := ParseRoster("r.csv", strings.NewReader(header+"JP,core,0.4,0.6,0.2,0.8,0.5,0.7,0.7,y\n"))
	if err == nil || !strings.Contains(err.Error(), "no patron") {
		t.Errorf("rows without a patron: %v", err)
	}
}
