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
