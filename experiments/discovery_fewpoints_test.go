package experiments

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestDiscoveryFewPoints: scenario discovery on a sampled design of fewer
// than MinDiscoveryPoints points is a config error at analysis.discovery
// that names the allowed samples, for every sampled design and crn
// setting; 6 points are accepted, and a results directory's own config
// (decoder.stored) keeps what an older version accepted (a review, stop
// 53: 1 to 3 points were accepted and reported box 0).
func TestDiscoveryFewPoints(t *testing.T) {
	cfg := func(design string, n int, crn string) string {
		return fmt.Sprintf(`name: few
seed: 1
replicates: 2
architectures: [treaty, layered]
sweep:
  design: %s
  samples: %d%s
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
analysis:
  discovery: {quantity: {outcome: wars, contrast: [layered, treaty]}, condition: {above: 0}}
`, design, n, crn)
	}
	for _, design := range []string{"random", "lhs", "halton"} {
		for _, crn := range []string{"", "\n  crn: points"} {
			for n := 1; n < MinDiscoveryPoints; n++ {
				text := cfg(design, n, crn)
				line := 11 + strings.Count(crn, "\n")
				_, err := Parse("few.yaml", []byte(text))
				var ce *ConfigError
				if !errors.As(err, &ce) || ce.Key != "analysis.discovery" || ce.Line != line || !strings.Contains(ce.Msg, fmt.Sprintf("sweep.samples gives %d", n)) || !strings.Contains(ce.Msg, "6..") {
					t.Errorf("%s, %d points%s: %v; want an error at line %d, analysis.discovery, allowed 6..", design, n, crn, err, line)
				}
				if _, err := parse(&decoder{file: "few.yaml", stored: true}, []byte(text)); err != nil {
					t.Errorf("%s, %d points, stored: %v", design, n, err)
				}
			}
			if _, err := Parse("few.yaml", []byte(cfg(design, MinDiscoveryPoints, crn))); err != nil {
				t.Errorf("%s, %d points%s: %v", design, MinDiscoveryPoints, crn, err)
			}
		}
	}
	if got := maxLabellings(MinDiscoveryPoints); got != 20 {
		t.Errorf("C(6, 3) = %d, want 20", got)
	}
	if got := maxLabellings(MinDiscoveryPoints - 1); got >= 20 {
		t.Errorf("C(5, 2) = %d, want under 20", got)
	}
}

// TestDiscoveryFewPointsAnalysisFile: in an analysis file (runner analyze
// DIR FILE) the refusal of discovery on too few points says the points
// are the directory's, from its config's sweep.samples, and that a new run
// is what adds them; it offers no sweep.samples range as if the file could
// set the key, which an analysis file refuses (a review, stop 54).
func TestDiscoveryFewPointsAnalysisFile(t *testing.T) {
	const cfg = `name: few
seed: 1
replicates: 2
architectures: [treaty, layered]
sweep:
  design: lhs
  samples: 4
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
`
	p, err := Parse("few.yaml", []byte(cfg))
	if err != nil {
		t.Fatal(err)
	}
	file := "analysis:\n  discovery: {quantity: {outcome: wars, contrast: [layered, treaty]}, condition: {above: 0}}\n"
	_, err = p.ParseAnalysis("an.yaml", []byte(file))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.File != "an.yaml" || ce.Key != "analysis.discovery" || ce.Line != 2 {
		t.Fatalf("%v; want an error at an.yaml:2, analysis.discovery", err)
	}
	for _, want := range []string{"run on 4", "config.yaml's sweep.samples", "an analysis file cannot add points", "run the config again with sweep.samples 6.."} {
		if !strings.Contains(ce.Msg, want) {
			t.Errorf("%q does not say %q", ce.Msg, want)
		}
	}
	if strings.Contains(ce.Msg, "sweep.samples gives") || strings.Contains(ce.Msg, "allowed: sweep.samples") {
		t.Errorf("%q offers sweep.samples as a key of the analysis file", ce.Msg)
	}
	// The key itself is refused in an analysis file: the hint must not
	// send the user to write it there.
	if _, err := p.ParseAnalysis("an.yaml", []byte("sweep:\n  samples: 6\n"+file)); err == nil {
		t.Error("an analysis file with sweep.samples was accepted")
	}
}
