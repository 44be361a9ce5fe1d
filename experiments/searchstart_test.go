package experiments

import (
	"testing"

	"pactsim/agents/param"
)

// TestCalibrationPointIsTheStart: a calibration's one point is the
// search's start, its first evaluation. A founder that every share the
// search reaches gives, but the registry default does not (C4: 2 core
// states at the default share 0.18, 4 at 0.4), made the config refused at
// decode, which built the point at the defaults; with start: center the
// point is the middle of the range. The shipped calibrations start at
// their defaults, inside their ranges, so their point is the defaults as
// before, flag for flag.
func TestCalibrationPointIsTheStart(t *testing.T) {
	const cfg = "name: x\nseed: 1\nreplicates: 1\narchitectures:\n  - none\n  - name: mine\n    mechanisms:\n      - {name: m, preset: treaty, founders: [US, C4]}\npopulation: {roster: synthetic}\ncalibration:\n  parameters:\n    population.share_core: {min: 0.4, max: 0.5}\n  targets:\n    - {name: a, outcome: challenges, architecture: mine, range: [0, 1]}\n"
	for _, c := range []struct {
		start string
		want  float64
	}{{"", 0.4}, {"  optimizer: {start: defaults}\n", 0.4}, {"  optimizer: {start: center}\n", 0.45}} {
		p, err := Parse("c.yaml", []byte(cfg+c.start))
		if err != nil {
			t.Fatalf("%q: %v", c.start, err)
		}
		if got := p.Point(0).Values.Get("population.share_core"); got != c.want {
			t.Errorf("%q: point 0 has population.share_core %v, want the search's start %v", c.start, got, c.want)
		}
		cal, err := p.Calibration(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(cal.Start) != 1 || cal.Start[0] != c.want {
			t.Errorf("%q: the search starts at %v, want [%v]", c.start, cal.Start, c.want)
		}
	}
	for _, f := range []string{"calibrate.yaml", "calibration-set.yaml"} {
		p, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := p.MovedStarts(); len(m) > 0 {
			t.Errorf("%s: %v", f, m)
		}
		v := p.Point(0).Values
		for _, s := range param.All() {
			if v.Get(s.Name) != p.base.Get(s.Name) || v.IsSet(s.Name) != p.base.IsSet(s.Name) {
				t.Errorf("%s: point 0 has %s = %v (set %v), the config's values %v (set %v)", f, s.Name, v.Get(s.Name), v.IsSet(s.Name), p.base.Get(s.Name), p.base.IsSet(s.Name))
			}
		}
	}
}
