package experiments

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// fitBands are the one-at-a-time intervals of docs/model.md sec. 17.2
// ("How far the targets pin each constant"; scripts/calibration-band.sh):
// each fitted constant moved alone, the others at the fit, meets every fit
// target from the first value to the second. C_war, G_e and s_e meet them
// over their whole scans; O_b's upper end is the scan's.
var fitBands = map[string][2]float64{
	"adversary.threshold":                {1.70, 1.92},
	"adversary.noise":                    {0.42, 0.56},
	"adversary.denial_scale":             {0.029, 0.048},
	"adversary.war_aversion":             {0, 10},
	"crisis.grey_zone.gain":              {2.20, 2.55},
	"crisis.grey_zone.cost":              {0.78, 1.12},
	"crisis.grey_zone.severity":          {0.066, 0.084},
	"crisis.economic_coercion.gain":      {0.05, 0.6},
	"crisis.economic_coercion.severity":  {0.5, 1.5},
	"crisis.blockade.opprobrium":         {1.1, 6},
	"crisis.armed_attack.opprobrium":     {1.05, 1.25},
	"crisis.grey_zone.territorial_share": {0.013, 0.025},
}

// TestFitBandEnds: every fitted constant of experiments/calibrate.yaml,
// moved alone to either end of its one-at-a-time band (the others at
// their fitted values), still meets every fit target, measured as the
// calibration measures them (its targets, replicates and task seeds: a
// calibration of that constant over a range 1e-9 wide, one evaluation),
// as docs/model.md sec. 17.2 says. Deterministic: the same seeds give the
// same targets.
func TestFitBandEnds(t *testing.T) {
	if testing.Short() {
		t.Skip("48,000 architecture-runs")
	}
	src, err := os.ReadFile("calibrate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	head := text[:strings.Index(text, "calibration:")]
	targets := text[strings.Index(text, "  targets:"):strings.Index(text, "  optimizer:")]
	base, err := Parse("calibrate.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(fitBands) != len(base.Config.Calibration.Parameters) {
		t.Fatalf("%d bands for %d calibrated constants", len(fitBands), len(base.Config.Calibration.Parameters))
	}
	for _, cp := range base.Config.Calibration.Parameters {
		band, ok := fitBands[cp.Name]
		if !ok {
			t.Fatalf("no band for %s", cp.Name)
		}
		for _, v := range band {
			cfg := fmt.Sprintf("%scalibration:\n  parameters:\n    %s: {min: %v, max: %v}\n%s  optimizer: {method: cmaes, evaluations: 1, start: center}\noutput:\n  formats: [parquet]\n  plots: false\n",
				head, cp.Name, v, v+1e-9, targets)
			c, rec := evaluateStart(t, "pinned.yaml", []byte(cfg))
			for k, tg := range c.Targets {
				if !tg.Met(rec.Targets[k]) {
					t.Errorf("%s = %v (band %v): %s at %v, wanted %s", cp.Name, v, band, tg.Name, rec.Targets[k].Value, tg.WantedText())
				}
			}
		}
	}
}
