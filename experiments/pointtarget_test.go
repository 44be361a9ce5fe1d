package experiments

import (
	"strings"
	"testing"
)

// TestPointTargetNote: a calibration target of width 0 (tolerance 0, or a
// range [x, x]) is accepted, since a count wanted at 0 can be met, but
// named in a note with its line and key, since a mean over replicates
// rarely equals x and the search then spends its whole budget (a hostile
// review, stops 44 and 45: silent). A target of positive width has none.
func TestPointTargetNote(t *testing.T) {
	cases := []struct {
		from, to string
		want     string // the note's start; "" for none
	}{
		{"tolerance: 0.1,", "tolerance: 0,", "c.yaml:10: calibration.targets[2].tolerance: target honour wants exactly 0.65"},
		{"value: 0.65, tolerance: 0.1,", "value: 0.65,", "c.yaml:10: calibration.targets[2].value: target honour wants exactly 0.65"},
		{"range: [0, 0.5]", "range: [0.25, 0.25]", "c.yaml:8: calibration.targets[0].range: target armed-attacks wants exactly 0.25"},
		// A tolerance lost in the value's rounding was told to give one.
		{"value: 0.65, tolerance: 0.1,", "value: 0.65, tolerance: 1e-20,", "c.yaml:10: calibration.targets[2].tolerance: target honour wants exactly 0.65 (a range of width 0): only an estimate of exactly that value meets it, which a mean over replicates rarely is unless the outcome is 0.65 in every run, and the search stops early only when every target is met; tolerance 1e-20 is below the rounding of the value, so give a wider one"},
		{"", "", ""},
	}
	for _, c := range cases {
		p, err := Parse("c.yaml", []byte(strings.Replace(calibrationConfig, c.from, c.to, 1)))
		if err != nil {
			t.Fatalf("%q: %v", c.to, err)
		}
		var got []string
		for _, n := range p.Config.Notes {
			if strings.Contains(n, "wants exactly") {
				got = append(got, n)
			}
		}
		switch {
		case c.want == "" && len(got) != 0:
			t.Errorf("targets of positive width: notes %q", got)
		case c.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], c.want)):
			t.Errorf("%q: notes %q, want one beginning %q", c.to, got, c.want)
		}
	}
}
