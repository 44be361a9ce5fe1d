package experiments

import (
	"strings"
	"testing"
)

// TestNamesReadAsText: an architecture or calibration target name heads
// rows of the CSV copies (summary.csv, contrasts.csv, targets.csv), and a
// name that R's read.csv or pandas's read_csv reads as a missing value, a
// logical or a number is refused (a hostile review, stop 53: an
// architecture named NA came back from contrasts.csv as NA, one named T
// as TRUE and one named 1.50 as the number 1.5, none of them its name).
// Names that merely hold such a word or digits stay allowed, and a
// results directory's own config keeps what an earlier version accepted.
func TestNamesReadAsText(t *testing.T) {
	t.Parallel()
	arch := func(name string) string {
		return "name: x\nseed: 1\nreplicates: 1\narchitectures:\n  - treaty\n  - {name: " + name + ", base: layered}\n"
	}
	for _, name := range []string{"NA", "NaN", "nan", "null", "NULL", "None", "T", "F", "TRUE", "FALSE", "True", "true", "False", "false",
		"Inf", "inf", "INF", "Infinity", "1", "007", "1.", "1.50", "1e5", "1E-5", "1e", "0x1F", "0X1f", "0x1p3", "2i", "2.5i"} {
		wantConfigError(t, name, arch(`"`+name+`"`), 6, "architectures[1].name",
			`"`+name+`" is read by CSV readers`, "not as a name", "summary.csv")
	}
	target := "name: x\nseed: 1\nreplicates: 1\narchitectures: [none]\ncalibration:\n  parameters:\n    adversary.capability: {min: 0.1, max: 0.9}\n  targets:\n    - {name: NAME, outcome: challenges, architecture: none, range: [1, 2]}\n"
	for _, name := range []string{"NA", "T", "1.50"} {
		wantConfigError(t, "target "+name, strings.Replace(target, "NAME", `"`+name+`"`, 1), 9, "calibration.targets[0].name",
			`"`+name+`" is read by CSV readers`, "targets.csv")
	}
	for _, name := range []string{"na", "Na", "NAN", "T2", "t", "f", "yes", "infinite", "nan_core", "2tier", "1_000", "1L", "e5", "x1", "0b101", "1d5"} {
		if _, err := Parse("t.yaml", []byte(arch(`"`+name+`"`))); err != nil {
			t.Errorf("architecture %q: %v", name, err)
		}
		if _, err := Parse("t.yaml", []byte(strings.Replace(target, "NAME", `"`+name+`"`, 1))); err != nil {
			t.Errorf("target %q: %v", name, err)
		}
	}
	// A stored config.yaml written before the rule still loads.
	if _, err := parseStored("config.yaml", []byte(arch(`"T"`))); err != nil {
		t.Errorf("stored config with architecture T: %v", err)
	}
}
