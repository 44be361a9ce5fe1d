package experiments

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestConfigNameControlQuoted: a config or roster path holding a control
// character (an ESC, a newline) is printed quoted in its errors'
// "file:line:" prefix and in the system's error that names it, so that it
// can neither drive the terminal nor split the line; it was printed raw
// (a review: `cfg\x1b[31mred.yaml:5: …` coloured the message). A plain
// name, spaces included, is printed as it is.
func TestConfigNameControlQuoted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := "name: x\nseed: 1\nreplicates: -3\narchitectures: [none]\n"
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	esc := write("cfg\x1b[31mred.yaml", bad)
	write("r\x1bx.csv", "state,role\nUS,patron\n")
	rosterFile := write("roster.yaml", "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\npopulation:\n  roster: \"r\\ex.csv\"\n")
	embedded := write("embedded\x1b.yaml", "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\npopulation:\n  roster: \"b\\ead.csv\"\n  roster_csv: \"state,role\\nUS,patron\\n\"\n")
	noRoster := write("noroster.yaml", "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\npopulation:\n  roster: \"n\\eope.csv\"\n")
	missing := filepath.Join(dir, "no\npe.yaml")
	plain := write("plain cfg.yaml", bad)
	load := func(path string) string {
		_, err := Load(path)
		if err == nil {
			t.Fatalf("%q loaded", path)
		}
		return err.Error()
	}
	for _, tc := range []struct {
		name string
		msg  string
		want []string
	}{
		{"ESC in the config's name", load(esc), []string{strconv.Quote(esc) + ":3: replicates:"}},
		{"newline in a missing config's name", load(missing), []string{strconv.Quote(missing) + ": cannot read config: no such file or directory"}},
		{"ESC in a roster file's name", load(rosterFile), []string{"population.roster: roster " + strconv.Quote("r\x1bx.csv") + ":1: missing column"}},
		{"ESC in a missing roster file's name", load(noRoster), []string{"population.roster: stat " + strconv.Quote(filepath.Join(dir, "n\x1bope.csv")) + ": no such file"}},
		{"ESC in an embedded roster's name", load(embedded), []string{strconv.Quote(embedded) + ":7: population.roster_csv: the embedded roster's line 1"}},
		{"plain name", load(plain), []string{plain + ":3: replicates:"}},
	} {
		if strings.ContainsAny(tc.msg, "\x1b\n") {
			t.Errorf("%s: the message holds a raw control character: %q", tc.name, tc.msg)
		}
		for _, w := range tc.want {
			if !strings.Contains(tc.msg, w) {
				t.Errorf("%s: message\n%s\nlacks %s", tc.name, tc.msg, w)
			}
		}
	}
}
