package experiments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pactsim/analysis"
	"pactsim/engine"
)

const analysisHead = "name: a\nseed: 7\nreplicates: 2\narchitectures: [none, treaty, layered]\n"

// wantConfigError parses yaml and checks the error names the line, the key
// and every fragment.
func wantConfigError(t *testing.T, name, yaml string, line int, key string, frags ...string) {
	t.Helper()
	_, err := Parse("t.yaml", []byte(yaml))
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Errorf("%s: got %v, want a ConfigError\n%s", name, err, yaml)
		return
	}
	if ce.File != "t.yaml" || (line > 0 && ce.Line != line) || ce.Key != key {
		t.Errorf("%s: error %q at line %d key %q, want line %d key %q", name, ce, ce.Line, ce.Key, line, key)
	}
	for _, f := range frags {
		if !strings.Contains(ce.Msg, f) {
			t.Errorf("%s: message %q lacks %q", name, ce.Msg, f)
		}
	}
}

const saltelliSweep = `sweep:
  design: saltelli
  samples: 8
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    adversary.threshold: {min: 0.8, max: 1.3}
`

const morrisSweep = `sweep:
  design: morris
  trajectories: 5
  levels: 4
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    crisis.response_rounds: {min: 2, max: 6}
`

// TestSensitivityDesigns checks the point counts, ranges, determinism and
// defaults of the morris and saltelli designs through a config.
func TestSensitivityDesigns(t *testing.T) {
	m := mustParse(t, analysisHead+morrisSweep)
	if m.NumPoints() != 5*3 {
		t.Errorf("morris: %d points, want r(k+1) = 15", m.NumPoints())
	}
	s := mustParse(t, analysisHead+saltelliSweep)
	if s.NumPoints() != 8*4 {
		t.Errorf("saltelli: %d points, want N(k+2) = 32", s.NumPoints())
	}
	s2 := mustParse(t, analysisHead+strings.Replace(saltelliSweep, "samples: 8\n", "samples: 8\n  second_order: true\n", 1))
	if s2.NumPoints() != 8*6 {
		t.Errorf("saltelli second order: %d points, want N(2k+2) = 48", s2.NumPoints())
	}
	def := mustParse(t, analysisHead+"sweep:\n  design: morris\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n")
	if def.Config.Sweep.Trajectories != DefaultTrajectories || def.Config.Sweep.Levels != DefaultLevels || def.NumPoints() != 40 {
		t.Errorf("morris defaults: r=%d p=%d points=%d", def.Config.Sweep.Trajectories, def.Config.Sweep.Levels, def.NumPoints())
	}
	// The plan's points are the unit design mapped onto the ranges; Morris's
	// top level gives the range's max exactly; integers take whole values.
	u := unitDesign(m.Config.Sweep, m.Config.Seed)
	sawTop := false
	for k := range m.NumPoints() {
		sw := m.Point(k).Swept
		if want := 0.3 + 0.6*u[k*2]; math.Abs(sw[0]-want) > 1e-15 {
			t.Errorf("point %d: us.reliability %v, want %v", k, sw[0], want)
		}
		if u[k*2] == 1 {
			sawTop = true
			if sw[0] != 0.9 {
				t.Errorf("top level maps to %v, want 0.9", sw[0])
			}
		}
		if sw[1] != math.Trunc(sw[1]) || sw[1] < 2 || sw[1] > 6 {
			t.Errorf("point %d: crisis.response_rounds %v not a whole number in [2, 6]", k, sw[1])
		}
	}
	if !sawTop {
		t.Error("no point at the top level in 5 trajectories (seed-dependent; pick another seed if the design changed)")
	}
	again := mustParse(t, analysisHead+saltelliSweep)
	other := mustParse(t, strings.Replace(analysisHead, "seed: 7", "seed: 8", 1)+saltelliSweep)
	if !slices.Equal(s.matrix, again.matrix) || slices.Equal(s.matrix, other.matrix) {
		t.Error("saltelli points: want the same for the same seed and different for another")
	}
	for k := range s.NumPoints() {
		sw := s.Point(k).Swept
		if sw[0] < 0.3 || sw[0] > 0.9 || sw[1] < 0.8 || sw[1] > 1.3 {
			t.Errorf("saltelli point %d %v outside the ranges", k, sw)
		}
	}
}

// TestCRN: with crn points a task's seed depends on the replicate alone;
// the default is points for morris and saltelli and none for the others,
// and the setting is in the canonical config exactly when it must be (old
// configs keep their bytes).
func TestCRN(t *testing.T) {
	cases := []struct {
		name   string
		sweep  string
		points bool
		canon  string // "" means no crn key
	}{
		{"morris default", morrisSweep, true, "crn: points"},
		{"saltelli default", saltelliSweep, true, "crn: points"},
		{"saltelli off", strings.Replace(saltelliSweep, "samples: 8\n", "samples: 8\n  crn: none\n", 1), false, "crn: none"},
		{"grid default", "sweep:\n  parameters:\n    us.reliability: [0.3, 0.9]\n", false, ""},
		{"grid on", "sweep:\n  crn: points\n  parameters:\n    us.reliability: [0.3, 0.9]\n", true, "crn: points"},
		{"lhs off", "sweep:\n  design: lhs\n  samples: 3\n  crn: none\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n", false, ""},
	}
	for _, c := range cases {
		p := mustParse(t, analysisHead+c.sweep)
		if p.CRN() != c.points {
			t.Errorf("%s: CRN %v, want %v", c.name, p.CRN(), c.points)
		}
		same := p.TaskSeed(0, 1) == p.TaskSeed(1, 1)
		if same != c.points {
			t.Errorf("%s: points 0 and 1 share replicate 1's seed: %v, want %v", c.name, same, c.points)
		}
		if p.TaskSeed(1, 0) == p.TaskSeed(1, 1) {
			t.Errorf("%s: replicates share a seed", c.name)
		}
		if !c.points && p.TaskSeed(1, 1) != engine.TaskSeed(7, 1, 1) {
			t.Errorf("%s: without crn the seed must stay engine.TaskSeed(seed, point, replicate)", c.name)
		}
		canon := string(p.Canonical())
		if has := strings.Contains(canon, "crn:"); has != (c.canon != "") || (c.canon != "" && !strings.Contains(canon, c.canon)) {
			t.Errorf("%s: canonical crn line wrong (want %q):\n%s", c.name, c.canon, canon)
		}
		q := mustParse(t, canon)
		if !bytes.Equal(q.Canonical(), p.Canonical()) || q.CRN() != p.CRN() {
			t.Errorf("%s: canonical form does not round-trip", c.name)
		}
	}
}

func TestDesignErrors(t *testing.T) {
	h := analysisHead
	for _, c := range []struct {
		name, yaml string
		line       int
		key        string
		frags      []string
	}{
		{"unknown design", h + "sweep:\n  design: sobol\n  parameters:\n    us.reliability: [0.3]\n", 6, "sweep.design", []string{"grid, zip, random, lhs, halton, morris, saltelli"}},
		{"saltelli not power of two", h + "sweep:\n  design: saltelli\n  samples: 12\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 7, "sweep.samples", []string{"12 is not a power of two"}},
		{"saltelli N = 1", h + "sweep:\n  design: saltelli\n  samples: 1\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 7, "sweep.samples", []string{"1 is out of range", "powers of two 2.."}},
		{"saltelli missing samples", h + "sweep:\n  design: saltelli\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 6, "sweep.samples", []string{"required for design saltelli", "power of two"}},
		{"trajectories on lhs", h + "sweep:\n  design: lhs\n  samples: 4\n  trajectories: 3\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 8, "sweep.trajectories", []string{"only design morris takes trajectories"}},
		{"second_order on morris", h + "sweep:\n  design: morris\n  second_order: true\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 7, "sweep.second_order", []string{"only design saltelli"}},
		// Its N extra points gave no index (hostile review, stop 24).
		{"second_order of one parameter", h + "sweep:\n  design: saltelli\n  samples: 4\n  second_order: true\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 8, "sweep.second_order", []string{"at least two swept parameters", "got 1"}},
		{"odd levels", h + "sweep:\n  design: morris\n  levels: 5\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 7, "sweep.levels", []string{"5 is odd", "even integers 2..1024"}},
		{"samples on morris", h + "sweep:\n  design: morris\n  samples: 4\n  parameters:\n    us.reliability: {min: 0, max: 1}\n", 7, "sweep.samples", []string{"trajectories and levels"}},
		{"unknown crn", h + "sweep:\n  crn: replicates\n  parameters:\n    us.reliability: [0.3]\n", 6, "sweep.crn", []string{`"replicates"`, "points, none"}},
		{"list in morris", h + "sweep:\n  design: morris\n  parameters:\n    us.reliability: [0.3, 0.5]\n", 8, "sweep.parameters.us.reliability", []string{"draws from a range"}},
		{"bool in saltelli", h + "sweep:\n  design: saltelli\n  samples: 4\n  parameters:\n    mechanisms.treaty.founders_bound: {min: 0, max: 1}\n", 9, "sweep.parameters.mechanisms.treaty.founders_bound", []string{"boolean parameter"}},
		{"morris too large", h + "sweep:\n  design: morris\n  trajectories: 4000000\n  parameters:\n    us.reliability: {min: 0, max: 1}\n    adversary.noise: {min: 0, max: 1}\n", 9, "sweep.parameters", []string{"more than 4194304", "fewer trajectories"}},
	} {
		wantConfigError(t, c.name, c.yaml, c.line, c.key, c.frags...)
	}
	// The rule on second_order is advice: a results directory's own
	// config.yaml that an earlier version wrote with it still loads (a
	// review, stop 24: verify of such a directory was told to edit it).
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(h+"sweep:\n  design: saltelli\n  samples: 4\n  second_order: true\n  parameters:\n    us.reliability: {min: 0, max: 1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadStored(path); err != nil {
		t.Errorf("a stored config with second_order of one parameter: %v", err)
	}
}

const analysisSection = `analysis:
  quantities:
    - {outcome: deterrence_success, architecture: treaty}
    - {outcome: deterrence_success, contrast: [layered, treaty]}
  sensitivity: {bootstrap: 200}
  discovery:
    - quantity: {outcome: deterrence_success, contrast: [layered, treaty]}
      condition: {above: 0}
    - quantity: {outcome: deterrence_success, contrast: [layered, treaty]}
      condition: {below: 0, significant: true}
      peel_alpha: 0.1
`

func TestAnalysisSection(t *testing.T) {
	p := mustParse(t, analysisHead+saltelliSweep+analysisSection)
	a := p.Config.Analysis
	if a == nil || len(a.Quantities) != 2 || a.Sensitivity == nil || a.Sensitivity.Bootstrap != 200 || len(a.Discovery) != 2 {
		t.Fatalf("decoded %+v", a)
	}
	d := a.Discovery[1]
	if !d.Below || !d.Significant || d.PeelAlpha != 0.1 || d.PasteAlpha != DefaultPasteAlpha || d.MinMass != DefaultMinMass {
		t.Errorf("discovery %+v", d)
	}
	if got := d.Target(); got != "layered - treaty deterrence_success < 0 (95% CI)" {
		t.Errorf("target text %q", got)
	}
	if !a.Quantities[1].IsContrast() || a.Quantities[0].IsContrast() {
		t.Error("IsContrast")
	}
	canon := p.Canonical()
	q := mustParse(t, string(canon))
	if !bytes.Equal(canon, q.Canonical()) {
		t.Errorf("canonical form with analysis is not a fixed point:\n%s\n---\n%s", canon, q.Canonical())
	}
	for _, want := range []string{"sensitivity: {bootstrap: 200}", "condition: {below: 0, significant: true}", "peel_alpha: 0.1", "paste_alpha: 0.05", "contrast: [layered, treaty]"} {
		if !strings.Contains(string(canon), want) {
			t.Errorf("canonical form lacks %q:\n%s", want, canon)
		}
	}
	// peel_to_min_mass (a numerics audit, stop 37) is decoded, and written
	// to the canonical form only when true, so that earlier configs keep
	// their text and hashes.
	if strings.Contains(string(canon), "peel_to_min_mass") || d.PeelToMinMass {
		t.Errorf("peel_to_min_mass by default: %v\n%s", d.PeelToMinMass, canon)
	}
	patient := mustParse(t, analysisHead+saltelliSweep+"analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 1}, peel_to_min_mass: true}\n")
	if pc := patient.Canonical(); !patient.Config.Analysis.Discovery[0].PeelToMinMass || !strings.Contains(string(pc), "peel_to_min_mass: true") || !mustParse(t, string(pc)).Config.Analysis.Discovery[0].PeelToMinMass {
		t.Errorf("peel_to_min_mass: true decoded as %+v, canonical:\n%s", patient.Config.Analysis.Discovery[0], pc)
	}
	// A single mapping is one search; quantities alone imply sensitivity.
	one := mustParse(t, analysisHead+saltelliSweep+"analysis:\n  quantities: [{outcome: wars, architecture: none}]\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 1}}\n")
	if one.Config.Analysis.Sensitivity == nil || one.Config.Analysis.Sensitivity.Bootstrap != DefaultBootstrap || len(one.Config.Analysis.Discovery) != 1 {
		t.Errorf("defaults: %+v", one.Config.Analysis)
	}
	// A separate analysis file is checked against the plan.
	sep, err := p.ParseAnalysis("an.yaml", []byte("analysis:\n  quantities: [{outcome: wars, architecture: layered}]\n"))
	if err != nil || len(sep.Quantities) != 1 || sep.Sensitivity == nil {
		t.Errorf("ParseAnalysis: %+v, %v", sep, err)
	}
	if _, err := p.ParseAnalysis("an.yaml", []byte("analysis:\n  quantities: [{outcome: wars, architecture: hub}]\n")); err == nil || !strings.Contains(err.Error(), "an.yaml:2") {
		t.Errorf("ParseAnalysis of an unknown architecture: %v", err)
	}
	// A file that is no mapping says what an analysis file is.
	if _, err := p.ParseAnalysis("an.yaml", []byte("- analysis\n")); err == nil || !strings.Contains(err.Error(), "an.yaml:1: an analysis file must be a mapping with the key analysis, got a list") {
		t.Errorf("ParseAnalysis of a list: %v", err)
	}
	// An analysis file for a run without a sweep is refused at its
	// analysis key's line, not the next (a hostile review).
	if _, err := mustParse(t, analysisHead).ParseAnalysis("an.yaml", []byte("# mine\nanalysis:\n  quantities: [{outcome: wars, architecture: layered}]\n")); err == nil || !strings.Contains(err.Error(), "an.yaml:2: analysis: needs a sweep") {
		t.Errorf("ParseAnalysis without a sweep: %v", err)
	}
	if _, err := p.ParseAnalysis("an.yaml", []byte("sweep: {}\n")); err == nil {
		t.Error("ParseAnalysis accepted a file without analysis")
	}
	// An empty file is named as an empty analysis file, not as a config
	// missing a config's keys.
	if _, err := p.ParseAnalysis("an.yaml", []byte("# nothing\n")); err == nil || !strings.Contains(err.Error(), "empty analysis file") || strings.Contains(err.Error(), "replicates") {
		t.Errorf("ParseAnalysis of an empty file: %v", err)
	}
}

func TestAnalysisErrors(t *testing.T) {
	h := analysisHead
	lhs := "sweep:\n  design: lhs\n  samples: 8\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n"
	q := "  quantities: [{outcome: deterrence_success, architecture: treaty}]\n"
	for _, c := range []struct {
		name, yaml string
		line       int
		key        string
		frags      []string
	}{
		// At the key's line, not its first entry's (a hostile review).
		{"no sweep", h + "analysis:\n" + q, 5, "analysis", []string{"needs a sweep"}},
		{"no sweep, a comment between", h + "analysis:\n  # the quantities\n\n" + q, 5, "analysis", []string{"needs a sweep"}},
		{"nothing to analyse", h + lhs + "analysis:\n  # none yet\n  {}\n", 10, "analysis", []string{"nothing to analyse"}},
		{"calibration with a sweep", h + lhs + "calibration:\n  parameters:\n    adversary.capability: {min: 0.1, max: 0.9}\n", 10, "calibration", []string{"drop the sweep section"}},
		{"quantities with lhs", h + lhs + "analysis:\n" + q, 11, "analysis.quantities", []string{"morris or saltelli", "not lhs"}},
		{"discovery with morris", h + morrisSweep + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0}}\n", 13, "analysis.discovery", []string{"random, lhs, halton, saltelli", "not morris"}},
		{"unknown outcome", h + saltelliSweep + "analysis:\n  quantities: [{outcome: deterrence, architecture: treaty}]\n", 12, "analysis.quantities[0].outcome", []string{`unknown outcome "deterrence"`, "deterrence_success"}},
		// Another case names the outcome or architecture meant (a review,
		// stop 50).
		{"outcome in another case", h + saltelliSweep + "analysis:\n  quantities: [{outcome: Severity_Loss, architecture: treaty}]\n", 12, "analysis.quantities[0].outcome", []string{`unknown outcome "Severity_Loss"; did you mean "severity_loss"? (allowed:`}},
		{"architecture in another case", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars, architecture: Treaty}]\n", 12, "analysis.quantities[0].architecture", []string{`unknown architecture "Treaty"; did you mean "treaty"? (allowed:`}},
		{"unknown architecture", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars, architecture: hub}]\n", 12, "analysis.quantities[0].architecture", []string{`"hub"`, "none, treaty, layered"}},
		{"self contrast", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars, contrast: [treaty, treaty]}]\n", 12, "analysis.quantities[0].contrast", []string{"with itself"}},
		{"short contrast", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars, contrast: [treaty]}]\n", 12, "analysis.quantities[0].contrast", []string{"two architectures"}},
		{"both arch and contrast", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars, architecture: none, contrast: [treaty, none]}]\n", 12, "analysis.quantities[0].contrast", []string{"not both"}},
		{"neither", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars}]\n", 12, "analysis.quantities[0]", []string{"architecture", "contrast"}},
		{"duplicate quantity", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars, architecture: none}, {outcome: wars, architecture: none}]\n", 12, "analysis.quantities[1]", []string{"twice"}},
		{"mirrored contrast", h + saltelliSweep + "analysis:\n  quantities: [{outcome: wars, contrast: [treaty, layered]}, {outcome: wars, contrast: [layered, treaty]}]\n", 12, "analysis.quantities[1]", []string{"listed twice", "treaty - layered wars is the same contrast with its sign reversed"}},
		{"above and below", h + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0, below: 1}}\n", 11, "analysis.discovery.condition.below", []string{"not both"}},
		{"no condition", h + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}}\n", 11, "analysis.discovery.condition", []string{"required"}},
		{"search twice", h + lhs + "analysis:\n  discovery:\n    - {quantity: {outcome: wars, architecture: none}, condition: {above: 0}}\n    - {quantity: {outcome: wars, architecture: none}, condition: {above: 0}}\n", 13, "analysis.discovery[1]", []string{"listed twice"}},
		{"search mirrored", h + lhs + "analysis:\n  discovery:\n    - {quantity: {outcome: wars, contrast: [layered, treaty]}, condition: {above: 1}}\n    - {quantity: {outcome: wars, contrast: [treaty, layered]}, condition: {below: -1}}\n", 13, "analysis.discovery[1]", []string{"listed twice", `"layered - treaty wars > 1" picks the same points`}},
		{"peel alpha", h + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0}, peel_alpha: 0.5}\n", 11, "analysis.discovery.peel_alpha", []string{"0.5 is out of range", "(0, 0.5)"}},
		{"peel to min mass", h + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0}, peel_to_min_mass: 1}\n", 11, "analysis.discovery.peel_to_min_mass", []string{"true or false"}},
		{"min mass", h + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0}, min_mass: 0}\n", 11, "analysis.discovery.min_mass", []string{"(0, 1]"}},
		{"bootstrap", h + saltelliSweep + "analysis:\n" + q + "  sensitivity: {bootstrap: -1}\n", 13, "analysis.sensitivity.bootstrap", []string{"0 for no intervals, or integers 40.."}},
		// Review, stop 28: one resample gave an interval of width 0 that
		// left out its own estimate.
		{"one resample", h + saltelliSweep + "analysis:\n" + q + "  sensitivity: {bootstrap: 1}\n", 13, "analysis.sensitivity.bootstrap", []string{"1 resample cannot give a 95% percentile interval", "at least 40"}},
		{"39 resamples", h + saltelliSweep + "analysis:\n" + q + "  sensitivity: {bootstrap: 39}\n", 13, "analysis.sensitivity.bootstrap", []string{"39 resamples cannot"}},
		{"sensitivity without quantities", h + saltelliSweep + "analysis:\n  sensitivity: {bootstrap: 40}\n", 12, "analysis.quantities", []string{"required with sensitivity"}},
		{"unknown key", h + saltelliSweep + "analysis:\n" + q + "  sobol: true\n", 13, "analysis.sobol", []string{"unknown key", "quantities, sensitivity, discovery"}},
		{"significant not bool", h + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0, significant: yes please}}\n", 11, "analysis.discovery.condition.significant", []string{"true or false"}},
		// Fourth review: a 95% interval needs two replicates; without them
		// every point's interval is null and no point could be of interest.
		// Fourth review: a threshold at or beyond the end of the quantity's
		// range can hold nowhere.
		{"above a share's top", h + lhs + "analysis:\n  discovery: {quantity: {outcome: deterrence_success, architecture: none}, condition: {above: 1}}\n", 11, "analysis.discovery.condition.above", []string{"above 1 can hold at no point", "deterrence_success", "[0, 1]"}},
		{"below a count's bottom", h + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {below: 0, significant: true}}\n", 11, "analysis.discovery.condition.below", []string{"below 0 can hold at no point", "[0, +Inf]"}},
		{"above a contrast's top", h + lhs + "analysis:\n  discovery:\n    - quantity: {outcome: deterrence_success, contrast: [layered, treaty]}\n      condition: {above: 1.5}\n", 13, "analysis.discovery[0].condition.above", []string{"the contrast layered − treaty", "[-1, 1]"}},
		{"a flag's share", h + lhs + "analysis:\n  discovery: {quantity: {outcome: treaty_formed, architecture: treaty}, condition: {below: -0.5}}\n", 11, "analysis.discovery.condition.below", []string{"[0, 1]"}},
		// Fourth review: the bootstrap's memory bound, found when the config
		// is read, not after every task has run.
		{"bootstrap over the memory bound", h + strings.Replace(saltelliSweep, "samples: 8\n", "samples: 8\n  second_order: true\n", 1) + "    adversary.noise: {min: 0.1, max: 0.5}\n    burden.strength: {min: 0, max: 1}\n    retribution.strength: {min: 0, max: 1}\n    resistance.strength: {min: 0, max: 1}\n    us.treaty_stickiness: {min: 0, max: 1}\n" + "analysis:\n" + q + "  sensitivity: {bootstrap: 1000000}\n", 19, "analysis.sensitivity.bootstrap", []string{"of 7 parameters with second order (35 values)", "up to 958698", "no second order"}},
		{"bootstrap over the memory bound, morris", h + strings.Replace(morrisSweep, "    crisis.response_rounds: {min: 2, max: 6}\n", "    crisis.response_rounds: {min: 2, max: 6}\n    adversary.threshold: {min: 0.8, max: 1.3}\n    adversary.noise: {min: 0.1, max: 0.5}\n    burden.strength: {min: 0, max: 1}\n    retribution.strength: {min: 0, max: 1}\n    resistance.strength: {min: 0, max: 1}\n    false_security.strength: {min: 0, max: 0.5}\n    us.treaty_stickiness: {min: 0, max: 1}\n    balancing.strength: {min: 0, max: 0.5}\n    domains.trade_support: {min: 0.05, max: 0.4}\n    adversary.spiral: {min: 0.05, max: 0.15}\n", 1) + "analysis:\n" + q + "  sensitivity: {bootstrap: 1000000}\n", 24, "analysis.sensitivity.bootstrap", []string{"Morris statistics (mu, mu*, sigma) of 12 parameters (36 values)", "up to 932067"}},
		{"significant with one replicate", strings.Replace(h, "replicates: 2", "replicates: 1", 1) + lhs + "analysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0, significant: true}}\n", 11, "analysis.discovery.condition.significant", []string{"replicates >= 2", "has 1"}},
	} {
		wantConfigError(t, c.name, c.yaml, c.line, c.key, c.frags...)
	}
}

const calibrationConfig = `name: cal
seed: 11
replicates: 4
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}, adversary.noise: {min: 0.1, max: 0.5}}
  targets:
    - {name: armed-attacks, outcome: challenges_armed, architecture: hub_and_spokes, range: [0, 0.5]}
    - {name: alliance-effect, ratio: {outcome: challenges, a: hub_and_spokes, b: none}, range: [0.65, 0.90]}
    - {name: honour, outcome: honour_rate, architecture: hub_and_spokes, value: 0.65, tolerance: 0.1, weight: 2}
    - {name: ally-effect, table: states, states: [JP, AU, PH, KR, TH], ratio: {outcome: committed, a: hub_and_spokes, b: none}, range: [0.6, 0.9]}
  optimizer: {method: cmaes, evaluations: 300, population: 0, start: defaults}
`

func TestCalibrationSection(t *testing.T) {
	p := mustParse(t, calibrationConfig)
	cs := p.Config.Calibration
	if cs == nil || len(cs.Parameters) != 2 || len(cs.Targets) != 4 || cs.Optimizer.Evaluations != 300 {
		t.Fatalf("decoded %+v", cs)
	}
	h := cs.Targets[2]
	if !h.HasValue || math.Abs(h.Low-0.55) > 1e-12 || math.Abs(h.High-0.75) > 1e-12 || h.Weight != 2 || h.Table != analysis.TableRuns {
		t.Errorf("honour target %+v", h)
	}
	if tg := h.Target(); tg.Wanted != "0.65 ± 0.1" || tg.Of.Outcome != "honour_rate" || tg.Per != nil {
		t.Errorf("honour as analysis.Target %+v", tg)
	}
	ally := cs.Targets[3].Target()
	if ally.Per == nil || ally.Of.Table != analysis.TableStates || len(ally.Of.States) != 5 || ally.Per.Architecture != "none" {
		t.Errorf("ally target %+v", ally)
	}
	canon := p.Canonical()
	q := mustParse(t, string(canon))
	if !bytes.Equal(canon, q.Canonical()) {
		t.Errorf("canonical form with calibration is not a fixed point:\n%s\n---\n%s", canon, q.Canonical())
	}
	model := func(context.Context, []float64) (analysis.Observations, error) { return nil, errors.New("unused") }
	c, err := p.Calibration(model)
	if err != nil {
		t.Fatal(err)
	}
	// start: defaults is each registry default moved into its range: the
	// calibrated threshold 1.8303 is above the range (its top, 1.6), the
	// calibrated noise 0.49259 inside (docs/model.md sec. 17.2).
	if !slices.Equal(c.Lower, []float64{0.6, 0.1}) || !slices.Equal(c.Upper, []float64{1.6, 0.5}) || !slices.Equal(c.Start, []float64{1.6, 0.4925929601316077}) {
		t.Errorf("bounds %v %v start %v", c.Lower, c.Upper, c.Start)
	}
	if c.Evaluations != 300 || c.Population != 0 || c.Src == nil || len(c.Targets) != 4 {
		t.Errorf("calibration %+v", c)
	}
	center := mustParse(t, strings.Replace(calibrationConfig, "start: defaults", "start: center", 1))
	cc, _ := center.Calibration(model)
	if !slices.Equal(cc.Start, []float64{1.1, 0.3}) {
		t.Errorf("start center %v", cc.Start)
	}
	// The calibrated config: the values under params, no calibration, the
	// same task seeds; runner run accepts it as is (it parses).
	w, err := p.WithCalibrated([]float64{0.9, 0.2})
	if err != nil {
		t.Fatal(err)
	}
	out := string(w.Canonical())
	if strings.Contains(out, "calibration:") || !strings.Contains(out, "adversary.threshold: 0.9\n") || !strings.Contains(out, "adversary.noise: 0.2\n") {
		t.Errorf("calibrated config:\n%s", out)
	}
	again := mustParse(t, out)
	if again.TaskSeed(0, 3) != p.TaskSeed(0, 3) || again.Point(0).Values.Get("adversary.threshold") != 0.9 {
		t.Error("the calibrated plan changed the task seeds or lost the value")
	}
	if _, err := p.WithCalibrated([]float64{2, 0.2}); err == nil {
		t.Error("a value outside the search range accepted")
	}
}

func TestCalibrationErrors(t *testing.T) {
	h := "name: cal\nseed: 1\nreplicates: 2\narchitectures: [none, hub_and_spokes]\n"
	p := "  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}\n"
	tg := "  targets: [{name: a, outcome: wars, architecture: none, range: [0, 1]}]\n"
	synth := h + "population: {roster: synthetic}\ncalibration:\n  parameters: {population.share_core: {min: 0.1, max: 0.3}}\n  targets:\n"
	for _, c := range []struct {
		name, yaml string
		line       int
		key        string
		frags      []string
	}{
		{"with sweep", h + "sweep:\n  parameters:\n    us.reliability: [0.3]\ncalibration:\n" + p + tg, 8, "calibration", []string{"drop the sweep"}},
		{"int parameter", h + "calibration:\n  parameters: {crisis.response_rounds: {min: 2, max: 6}}\n" + tg, 6, "calibration.parameters.crisis.response_rounds", []string{"an integer parameter", "real-valued"}},
		{"fixed too", h + "params:\n  adversary.threshold: 1\ncalibration:\n" + p + tg, 8, "calibration.parameters.adversary.threshold", []string{"also fixed"}},
		{"empty range", h + "calibration:\n  parameters: {adversary.threshold: {min: 1, max: 1}}\n" + tg, 6, "calibration.parameters.adversary.threshold", []string{"must be below max"}},
		{"outside registry", h + "calibration:\n  parameters: {adversary.noise: {min: -1, max: 1}}\n" + tg, 6, "calibration.parameters.adversary.noise.min", []string{"allowed"}},
		{"no targets", h + "calibration:\n" + p, 6, "calibration.targets", []string{"required"}},
		// Named as empty, not "want a non-empty list …, got a list" (a
		// hostile review, stop 32).
		{"empty targets", h + "calibration:\n" + p + "  targets: []\n", 7, "calibration.targets", []string{"want a non-empty list of targets, got an empty list"}},
		{"unnamed", h + "calibration:\n" + p + "  targets: [{outcome: wars, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0].name", []string{"required"}},
		{"named twice", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, architecture: none, range: [0, 1]}, {name: a, outcome: wars, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[1].name", []string{"named twice"}},
		{"null by construction", h + "calibration:\n" + p + "  targets: [{name: a, outcome: treaty_formed_period, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0]", []string{"undefined (null) in every run of architecture none"}},
		{"unknown outcome", h + "calibration:\n" + p + "  targets: [{name: a, outcome: war, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0].outcome", []string{`unknown runs outcome "war"`}},
		{"states on runs", h + "calibration:\n" + p + "  targets: [{name: a, states: [JP], outcome: wars, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0].states", []string{"table: states"}},
		{"states missing", h + "calibration:\n" + p + "  targets: [{name: a, table: states, outcome: committed, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0].states", []string{"required with table: states"}},
		{"unknown state", h + "calibration:\n" + p + "  targets: [{name: a, table: states, states: [JP, XX], outcome: committed, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0].states[1]", []string{`unknown state "XX"`, "JP"}},
		// A review, stop 49: no suggestion for a mis-cased state.
		{"mis-cased state", h + "calibration:\n" + p + "  targets: [{name: a, table: states, states: [JP, au], outcome: committed, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0].states[1]", []string{`unknown state "au"`, `; did you mean "AU"? (names are case-sensitive)`}},
		{"mis-cased synthetic state", synth + "    - {name: a, table: states, states: [c1], outcome: economic_loss, architecture: none, range: [0, 1]}\n", 9, "calibration.targets[0].states[0]", []string{`unknown state "c1"; did you mean "C1"?`}},
		{"state outcome on runs", h + "calibration:\n" + p + "  targets: [{name: a, outcome: committed, architecture: none, range: [0, 1]}]\n", 7, "calibration.targets[0].outcome", []string{`unknown runs outcome "committed"`}},
		{"ratio and outcome", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, ratio: {outcome: wars, a: none, b: hub_and_spokes}, range: [0, 1]}]\n", 7, "calibration.targets[0].ratio", []string{"drop outcome"}},
		{"ratio same", h + "calibration:\n" + p + "  targets: [{name: a, ratio: {outcome: wars, a: none, b: none}, range: [0, 1]}]\n", 7, "calibration.targets[0].ratio", []string{"both \"none\""}},
		{"range and value", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, architecture: none, range: [0, 1], value: 0.5}]\n", 7, "calibration.targets[0].value", []string{"not both"}},
		{"tolerance alone", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, architecture: none, range: [0, 1], tolerance: 0.1}]\n", 7, "calibration.targets[0].tolerance", []string{"goes with value"}},
		{"reversed range", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, architecture: none, range: [1, 0]}]\n", 7, "calibration.targets[0].range", []string{"above high"}},
		{"zero weight", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, architecture: none, range: [0, 1], weight: 0}]\n", 7, "calibration.targets[0].weight", []string{"> 0"}},
		// Fifth review: a range the quantity can never reach.
		{"share beyond 1", h + "calibration:\n" + p + "  targets: [{name: a, outcome: deterrence_success, architecture: hub_and_spokes, range: [2, 3]}]\n", 7, "calibration.targets[0].range", []string{"can be met at no point", "deterrence_success (hub_and_spokes) lies in [0, 1]"}},
		{"count below 0", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, architecture: none, value: -2, tolerance: 1}]\n", 7, "calibration.targets[0].value", []string{"[-3, -1] can be met at no point"}},
		{"negative ratio", h + "calibration:\n" + p + "  targets: [{name: a, ratio: {outcome: wars, a: none, b: hub_and_spokes}, range: [-2, -1]}]\n", 7, "calibration.targets[0].range", []string{"a ratio of two means of wars"}},
		// Stop 27: the same on the states table, a sum over the states named.
		{"states count below 0", h + "calibration:\n" + p + "  targets: [{name: a, table: states, states: [JP], outcome: challenges_received_armed, architecture: hub_and_spokes, range: [-5, -1]}]\n", 7, "calibration.targets[0].range", []string{"can be met at no point", "challenges_received_armed summed over 1 state (hub_and_spokes), each in [0, +Inf]"}},
		// Stop 35: what a target suffers, on the patron alone, above 0.
		{"patron never a target", h + "calibration:\n" + p + "  targets: [{name: a, table: states, states: [US], outcome: challenges_received, architecture: hub_and_spokes, range: [1, 3]}]\n", 7, "calibration.targets[0].range", []string{"can be met at no point", "US is the patron", "challenges_received is 0 in every run"}},
		{"patron economic loss", h + "calibration:\n" + p + "  targets: [{name: a, table: states, states: [US], outcome: economic_loss, architecture: none, value: 0.1, tolerance: 0.05}]\n", 7, "calibration.targets[0].value", []string{"US is the patron"}},
		{"states flags beyond their number", h + "calibration:\n" + p + "  targets: [{name: a, table: states, states: [JP, AU], outcome: treaty_member, architecture: hub_and_spokes, range: [2.5, 3]}]\n", 7, "calibration.targets[0].range", []string{"lies in [0, 2]"}},
		// Stop 28: a range wider than the largest number hung the targets
		// figure (its width, +Inf, made every position NaN).
		{"tolerance too wide", h + "calibration:\n" + p + "  targets: [{name: a, outcome: wars, architecture: none, value: 0, tolerance: 1e308}]\n", 7, "calibration.targets[0].tolerance", []string{"wider than the largest number", "width high − low is finite"}},
		{"range too wide", h + "calibration:\n" + p + "  targets: [{name: a, outcome: severity_loss, architecture: none, range: [-1e308, 1e308]}]\n", 7, "calibration.targets[0].range", []string{"wider than the largest number"}},
		// A review, stop 54: two targets on one quantity with disjoint
		// ranges were accepted; no point meets both, so the search ran
		// its whole budget and fitted neither.
		{"conflicting targets", h + "calibration:\n" + p + "  targets:\n    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: none, range: [0.4, 0.5]}\n", 9, "calibration.targets[1].range", []string{"target b wants wars of none in [0.4, 0.5]", "target a (calibration.targets[0]) wants the same quantity in [0, 0.3]", "no point meets both"}},
		{"conflicting value", h + "calibration:\n" + p + "  targets:\n    - {name: a, ratio: {outcome: wars, a: none, b: hub_and_spokes}, range: [0.6, 0.9]}\n    - {name: b, ratio: {outcome: wars, a: none, b: hub_and_spokes}, value: 1.5, tolerance: 0.1}\n", 9, "calibration.targets[1].value", []string{"the ratio of wars, none over hub_and_spokes", "no point meets both"}},
		{"conflicting states in another order", h + "calibration:\n" + p + "  targets:\n    - {name: a, table: states, states: [JP, AU], outcome: committed, architecture: none, range: [0, 0.5]}\n    - {name: b, table: states, states: [AU, JP], outcome: committed, architecture: none, range: [1, 2]}\n", 9, "calibration.targets[1].range", []string{"summed over AU, JP", "no point meets both"}},
		{"population 1", h + "calibration:\n" + p + tg + "  optimizer: {population: 1}\n", 8, "calibration.optimizer.population", []string{"2..10000"}},
		{"method", h + "calibration:\n" + p + tg + "  optimizer: {method: nelder-mead}\n", 8, "calibration.optimizer.method", []string{"cmaes"}},
		{"start", h + "calibration:\n" + p + tg + "  optimizer: {start: random}\n", 8, "calibration.optimizer.start", []string{"defaults, center"}},
		{"evaluations", h + "calibration:\n" + p + tg + "  optimizer: {evaluations: 0}\n", 8, "calibration.optimizer.evaluations", []string{"integers 1.."}},
		// Fourth review: with the shares by role calibrated, a synthetic
		// state name that no shares in the search ranges give (12 states:
		// 1-3 cores for share_core in [0.1, 0.3], 4 partners, at most 6
		// hedgers) is refused at load, not at the first evaluation.
		{"synthetic state no shares give", synth + "    - {name: a, table: states, states: [C1, ZZ], outcome: economic_loss, architecture: none, range: [0, 1]}\n", 9, "calibration.targets[0].states[1]", []string{`unknown state "ZZ"`, "US, C1, C2, C3, P1, P2, P3, P4, H1, H2, H3, H4, H5, H6"}},
		{"synthetic state beyond the ranges", synth + "    - {name: a, table: states, states: [C4], outcome: economic_loss, architecture: none, range: [0, 1]}\n", 9, "calibration.targets[0].states[0]", []string{`unknown state "C4"`, "no shares in the search ranges"}},
	} {
		wantConfigError(t, c.name, c.yaml, c.line, c.key, c.frags...)
	}
	mustParse(t, synth+"    - {name: a, table: states, states: [US, C3, P4, H6], outcome: economic_loss, architecture: none, range: [0, 1]}\n")
	mustParse(t, h+"calibration:\n"+p+"  targets: [{name: a, table: states, states: [JP, AU], outcome: committed, architecture: hub_and_spokes, range: [1.5, 2]}]\n")
	// The patron with another state, or a range that holds 0, can be met.
	mustParse(t, h+"calibration:\n"+p+"  targets: [{name: a, table: states, states: [US, PH], outcome: challenges_received, architecture: hub_and_spokes, range: [1, 3]}]\n")
	mustParse(t, h+"calibration:\n"+p+"  targets: [{name: a, table: states, states: [US], outcome: challenges_received, architecture: hub_and_spokes, range: [0, 3]}]\n")
}

// TestPlanSensitivityMorris: for an output linear in the parameters'
// model values, Plan.Sensitivity gives mu* = |coefficient| × range and
// sigma = 0 (tolerance 1e-9: rounding in the grid mapping only).
func TestPlanSensitivityMorris(t *testing.T) {
	p := mustParse(t, analysisHead+strings.Replace(morrisSweep, "crisis.response_rounds: {min: 2, max: 6}", "adversary.threshold: {min: 0.8, max: 1.3}", 1))
	y := make([]float64, p.NumPoints())
	for k := range y {
		v := p.Point(k).Values
		y[k] = 3*v.Get("us.reliability") - 2*v.Get("adversary.threshold")
	}
	rows, err := p.Sensitivity(t.Context(), QuantitySpec{Outcome: "wars", Contrast: [2]string{"layered", "treaty"}}, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 2 parameters × (mu, mu_star, sigma)", len(rows))
	}
	want := map[string]float64{"us.reliability": 3 * 0.6, "adversary.threshold": 2 * 0.5}
	for _, r := range rows {
		if r.Method != "morris" || r.ArchitectureA != "layered" || r.ArchitectureB != "treaty" || r.Outcome != "wars" || r.ParameterB != "" || r.N != 5 {
			t.Errorf("row %+v", r)
		}
		switch r.Index {
		case "mu_star":
			if math.Abs(r.Estimate-want[r.Parameter]) > 1e-9 {
				t.Errorf("%s mu* %v, want %v", r.Parameter, r.Estimate, want[r.Parameter])
			}
		case "sigma":
			if math.Abs(r.Estimate) > 1e-9 {
				t.Errorf("%s sigma %v, want 0", r.Parameter, r.Estimate)
			}
		}
	}
	if rows[0].Parameter != "us.reliability" || rows[0].Index != "mu" || rows[5].Index != "sigma" {
		t.Errorf("row order: %v %v ... %v", rows[0].Parameter, rows[0].Index, rows[5].Index)
	}
	again, _ := p.Sensitivity(t.Context(), QuantitySpec{Outcome: "wars", Contrast: [2]string{"layered", "treaty"}}, y)
	if fmt.Sprint(again) != fmt.Sprint(rows) {
		t.Error("sensitivity rows differ between two calls")
	}
}

// TestPlanSensitivityMorrisInteger: an integer parameter's effects are per
// whole range too. The output is the parameter's value, so every effect is
// max − min whatever step of the grid the bins turn a move into (levels 4:
// a grid step of 2/3 moves [1, 8]'s bins by 5, not by 2/3 of 7), and mu =
// mu* = max − min with sigma 0 (tolerance 1e-9: rounding only).
func TestPlanSensitivityMorrisInteger(t *testing.T) {
	for _, c := range []struct {
		name     string
		min, max float64
	}{{"accession.review_period", 1, 8}, {"crisis.response_rounds", 2, 6}, {"adversary.channels", 1, 2}} {
		sweep := fmt.Sprintf("sweep:\n  design: morris\n  trajectories: 20\n  levels: 4\n  parameters:\n    us.reliability: {min: 0.3, max: 0.9}\n    %s: {min: %v, max: %v}\n", c.name, c.min, c.max)
		p := mustParse(t, analysisHead+sweep)
		y := make([]float64, p.NumPoints())
		for k := range y {
			y[k] = p.Point(k).Values.Get(c.name)
		}
		rows, err := p.Sensitivity(t.Context(), QuantitySpec{Outcome: "wars", Contrast: [2]string{"layered", "treaty"}}, y)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			want := 0.0
			if r.Parameter == c.name && r.Index != "sigma" {
				want = c.max - c.min
			}
			if math.Abs(r.Estimate-want) > 1e-9 {
				t.Errorf("%s: %s %s = %v, want %v", c.name, r.Parameter, r.Index, r.Estimate, want)
			}
		}
	}
}

// TestUnreadParameterCRN runs the engine on a Saltelli design over
// us.reliability and mechanisms.cell.obligation and analyses the 'none'
// architecture's deterrence, which never reads a cell's obligation. Under
// common random numbers (the saltelli default) the points that differ
// only in that parameter give identical outputs, so its ST is exactly 0
// and its interval covers 0 — the unread-parameter check at the
// library level; without them the same parameter picks up replicate noise.
func TestUnreadParameterCRN(t *testing.T) {
	const sweep = `sweep:
  design: saltelli
  samples: 16
  crn: %s
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    mechanisms.cell.obligation: {min: 0.2, max: 0.6}
`
	st := map[string]analysis.Estimate{}
	for _, crn := range []string{"points", "none"} {
		p := mustParse(t, "name: u\nseed: 3\nreplicates: 3\nperiods: 20\narchitectures: [none, layered]\n"+fmt.Sprintf(sweep, crn))
		y := make([]float64, p.NumPoints())
		run := engine.NewRunner()
		out := make([]engine.Outcome, 2)
		for k := range y {
			sc, err := p.Scenario(k)
			if err != nil {
				t.Fatal(err)
			}
			for r := range p.Replicates() {
				run.Run(sc, p.TaskSeed(k, r), out, nil)
				// Model 2.0: changes of control are rare, so deterrence_success
				// is often constant in these short runs; the severity-weighted
				// loss varies with the replicate.
				v, _ := out[0].Get(engine.SeverityLoss)
				y[k] += v / float64(p.Replicates())
			}
		}
		rows, err := p.Sensitivity(t.Context(), QuantitySpec{Outcome: "severity_loss", Architecture: "none"}, y)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Parameter == "mechanisms.cell.obligation" && r.Index == "ST" {
				st[crn] = analysis.Estimate{Value: r.Estimate, CILow: r.CILow, CIHigh: r.CIHigh, N: r.N}
			}
		}
	}
	if e := st["points"]; e.Value != 0 || !(e.CILow <= 0 && 0 <= e.CIHigh) {
		t.Errorf("crn points: ST of the unread parameter %+v, want 0 with an interval covering 0", e)
	}
	if e := st["none"]; e.Value == 0 {
		t.Errorf("crn none: ST of the unread parameter is exactly 0 (%+v); replicate noise should show", e)
	}
}

// TestPlanDiscover plants a region in an LHS design (points of interest
// where us.reliability > 0.6 and adversary.threshold < 1.0) and checks the
// selected box and the table rows.
func TestPlanDiscover(t *testing.T) {
	p := mustParse(t, analysisHead+`sweep:
  design: lhs
  samples: 2000
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    adversary.threshold: {min: 0.8, max: 1.3}
    adversary.noise: {min: 0.1, max: 0.4}
`)
	n := p.NumPoints()
	mean, lo, hi := make([]float64, n), make([]float64, n), make([]float64, n)
	for k := range n {
		sw := p.Point(k).Swept
		if sw[0] > 0.6 && sw[1] < 1.0 {
			mean[k] = 1
		} else {
			mean[k] = -1
		}
		lo[k], hi[k] = mean[k]-0.5, mean[k]+0.5
	}
	mean[0] = math.NaN() // an undefined point is never of interest
	d := DiscoverySpec{Quantity: QuantitySpec{Outcome: "deterrence_success", Contrast: [2]string{"layered", "treaty"}},
		Threshold: 0, Significant: true, PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05}
	boxes, limits, err := p.Discover(t.Context(), d, mean, lo, hi)
	if err != nil {
		t.Fatal(err)
	}
	if len(limits) != 3*len(boxes) {
		t.Fatalf("%d limit rows for %d boxes × 3 parameters", len(limits), len(boxes))
	}
	sel := -1
	for _, b := range boxes {
		if b.Selected {
			if sel >= 0 {
				t.Fatal("two boxes selected")
			}
			sel = b.Box
		}
		if b.Target != "layered - treaty deterrence_success > 0 (95% CI)" {
			t.Fatalf("target %q", b.Target)
		}
	}
	got := map[string][2]float64{}
	for _, l := range limits {
		if l.Box == sel {
			got[l.Parameter] = [2]float64{l.Low, l.High}
			if l.Parameter == "adversary.noise" && (l.Restricted || l.Low != 0.1 || l.High != 0.4) {
				t.Errorf("free parameter limits %+v, want its design range unrestricted", l)
			}
		}
		if l.Box == 0 && l.Restricted {
			t.Errorf("box 0 restricts %s", l.Parameter)
		}
	}
	want := map[string][2]float64{"us.reliability": {0.6, 0.9}, "adversary.threshold": {0.8, 1.0}}
	for name, w := range want {
		g := got[name]
		// 0.05 of each range: about 2.5 peels.
		tol := 0.05 * map[string]float64{"us.reliability": 0.6, "adversary.threshold": 0.5}[name]
		if math.Abs(g[0]-w[0]) > tol || math.Abs(g[1]-w[1]) > tol {
			t.Errorf("%s: selected [%v, %v], planted [%v, %v] (tolerance %v)", name, g[0], g[1], w[0], w[1], tol)
		}
	}
	if _, _, err := p.Discover(t.Context(), d, mean[:10], lo, hi); err == nil {
		t.Error("short input accepted")
	}
	// No point of interest: coverage is 0/0, NaN here and null in the
	// table (a review, stop 24: it read 0, which DESIGN's "null where a
	// value is undefined" rules out); density and mass stay numbers.
	none, nlo, nhi := make([]float64, n), make([]float64, n), make([]float64, n)
	for k := range none {
		none[k], nlo[k], nhi[k] = -1, -1.5, -0.5
	}
	boxes, _, err = p.Discover(t.Context(), d, none, nlo, nhi)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range boxes {
		if !math.IsNaN(b.Coverage) || math.IsNaN(b.Density) || math.IsNaN(b.Mass) {
			t.Errorf("no point of interest: box %d coverage %v, density %v, mass %v; want coverage NaN only", b.Box, b.Coverage, b.Density, b.Mass)
		}
	}
	if !boxes[0].Selected {
		t.Error("no point of interest: box 0 is not selected")
	}
	if boxes, _, _ = p.Discover(t.Context(), d, mean, lo, hi); math.IsNaN(boxes[0].Coverage) {
		t.Error("coverage NaN with points of interest")
	}
}

// engineObs is Observations over the runs-table outcomes of one point.
type engineObs map[string][]float64

func (o engineObs) Replicates(q analysis.Quantity) ([]float64, error) {
	v, ok := o[q.Outcome+"|"+q.Architecture]
	if !ok || q.Table == analysis.TableStates {
		return nil, fmt.Errorf("no quantity %s", q)
	}
	return v, nil
}

// engineModel evaluates a calibration by running the engine on the plan
// with the calibrated values, every evaluation on the same task seeds.
func engineModel(p *Plan) (analysis.Model, *int) {
	calls := 0
	return func(_ context.Context, x []float64) (analysis.Observations, error) {
		calls++
		q, err := p.WithCalibrated(x)
		if err != nil {
			return nil, err
		}
		sc, err := q.Scenario(0)
		if err != nil {
			return nil, err
		}
		archs := q.ArchitectureNames()
		run := engine.NewRunner()
		out := make([]engine.Outcome, len(archs))
		obs := engineObs{}
		for r := range q.Replicates() {
			run.Run(sc, q.TaskSeed(0, r), out, nil)
			for a, name := range archs {
				for id, spec := range engine.Outcomes {
					v, ok := out[a].Get(engine.OutcomeID(id))
					if !ok {
						v = math.NaN()
					}
					key := spec.Name + "|" + name
					obs[key] = append(obs[key], v)
				}
			}
		}
		return obs, nil
	}, &calls
}

// TestCalibrationRecoversEngine is the recovery test on the model
// itself: targets generated by the engine at adversary.threshold = 1.15
// and adversary.noise = 0.3 (exact values, tolerance 0, so the loss is a
// sum of squared z-scores), the search started at the registry defaults
// (1.07, 0.25), 150 evaluations. The targets are challenges under two
// architectures, whose different expected utilities separate the logistic
// decision's threshold from its noise. Recovered within 0.05 of each (5% of
// the threshold's search range, 12.5% of the noise's): challenge counts
// move in whole crises, so with common random numbers the loss has small
// plateaus, and over config seeds 5-10 the worst error was 0.039.
func TestCalibrationRecoversEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the engine 150 times")
	}
	const cfg = `name: cal
seed: 5
replicates: 40
periods: 30
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.8, max: 1.8}, adversary.noise: {min: 0.1, max: 0.5}}
  targets:
    - {name: challenges-none, outcome: challenges, architecture: none, value: 0}
    - {name: challenges-hub, outcome: challenges, architecture: hub_and_spokes, value: 0}
    - {name: grey-zone-hub, outcome: challenges_grey_zone, architecture: hub_and_spokes, value: 0}
  optimizer: {evaluations: 150}
`
	p := mustParse(t, cfg)
	model, calls := engineModel(p)
	c, err := p.Calibration(model)
	if err != nil {
		t.Fatal(err)
	}
	truth := []float64{1.15, 0.3}
	at, err := c.Evaluate(context.Background(), truth)
	if err != nil {
		t.Fatal(err)
	}
	for k := range c.Targets {
		c.Targets[k].Low, c.Targets[k].High = at.Targets[k].Value, at.Targets[k].Value
	}
	*calls = 0
	res, err := analysis.Calibrate(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("recovered threshold %.4f noise %.4f (truth %v) at evaluation %d of %d, loss %.3g; targets at truth %+v",
		res.Best.X[0], res.Best.X[1], truth, res.Best.Evaluation, res.Evaluations, res.Best.Loss, at.Targets)
	for j := range truth {
		if e := math.Abs(res.Best.X[j] - truth[j]); e > 0.05 {
			t.Errorf("parameter %d: recovered %.4f, truth %v", j, res.Best.X[j], truth[j])
		}
	}
	if *calls != res.Evaluations-res.Reused {
		t.Errorf("%d model runs for %d evaluations (%d reused)", *calls, res.Evaluations, res.Reused)
	}
}

// FuzzAnalysisSections is FuzzLoad seeded with the new designs and
// sections: the decoder must not panic, must fail only with a
// *ConfigError, and what it accepts must have a canonical fixed point.
func FuzzAnalysisSections(f *testing.F) {
	for _, s := range []string{
		analysisHead + saltelliSweep + analysisSection,
		analysisHead + morrisSweep + "analysis:\n  quantities: [{outcome: wars, architecture: none}]\n",
		analysisHead + "sweep:\n  design: lhs\n  samples: 4\n  crn: points\n  parameters:\n    us.reliability: {min: 0, max: 1}\nanalysis:\n  discovery: {quantity: {outcome: wars, architecture: none}, condition: {above: 0}}\n",
		calibrationConfig,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(loadsToFixedPoint)
}

// TestStructurallyUndefinedQuantity (review defect 6): a sensitivity
// quantity that is null in every run (a treaty outcome of an architecture
// without a treaty) is refused when the config is read, naming the line
// and key, not after every task has run; with a treaty it is accepted.
// Discovery tolerates nulls at some points, but not at every point (fourth
// review): a search whose quantity is structurally null could find no
// point of interest, so it is refused too.
func TestStructurallyUndefinedQuantity(t *testing.T) {
	t.Parallel()
	for _, q := range []string{
		"{outcome: treaty_formed, architecture: none}",
		"{outcome: treaty_formed_period, contrast: [treaty, layered]}",
	} {
		yaml := analysisHead + saltelliSweep + "analysis:\n  quantities:\n    - " + q + "\n"
		wantConfigError(t, q, yaml, 13, "analysis.quantities[0]", "undefined", "has no treaty")
	}
	mustParse(t, analysisHead+saltelliSweep+"analysis:\n  quantities:\n    - {outcome: treaty_formed, architecture: treaty}\n")
	wantConfigError(t, "discovery", analysisHead+saltelliSweep+"analysis:\n  discovery:\n    quantity: {outcome: treaty_formed, architecture: none}\n    condition: {above: 0}\n", 13, "analysis.discovery.quantity", "undefined", "has no treaty", "no point could be of interest")
	wantConfigError(t, "discovery of a contrast", analysisHead+saltelliSweep+"analysis:\n  discovery:\n    - quantity: {outcome: treaty_formed_period, contrast: [treaty, none]}\n      condition: {below: 0}\n", 13, "analysis.discovery[0].quantity", "undefined", "architecture none")
	mustParse(t, analysisHead+saltelliSweep+"analysis:\n  discovery:\n    quantity: {outcome: treaty_formed, architecture: treaty}\n    condition: {above: 0}\n")
}

// TestNameStaysInResults (review defect 18): the name is the default
// results directory results/NAME, so it cannot climb out of results/.
func TestNameStaysInResults(t *testing.T) {
	t.Parallel()
	for _, name := range []string{`"../../escape"`, `".."`, `"."`, `"a/b"`, `"a\\b"`} {
		wantConfigError(t, name, "name: "+name+"\nseed: 7\nreplicates: 2\narchitectures: [none]\n", 1, "name", "inside results/")
	}
	mustParse(t, "name: \"inline: open core\"\nseed: 7\nreplicates: 2\narchitectures: [none]\n")
}

// TestPlanDiscoverRareNoise: points of interest at 1% and unrelated to the
// design; Discover's test takes PRIM's proposal back to box 0 on an LHS
// without common random numbers, and leaves PRIM's own proposal with
// crn: points, where the shuffles are no null (review, this stop). Under
// this null a test at 5% keeps a box with probability 0.05 (one seed in
// eleven tried, 5, did); the seed is fixed, so the outcome is too.
func TestPlanDiscoverRareNoise(t *testing.T) {
	for _, crn := range []string{"none", "points"} {
		p := mustParse(t, analysisHead+`sweep:
  design: lhs
  samples: 2048
  crn: `+crn+`
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    adversary.threshold: {min: 0.8, max: 1.3}
    adversary.noise: {min: 0.1, max: 0.4}
    population.autonomy_shift: {min: -0.4, max: 0.4}
`)
		n := p.NumPoints()
		rng := rand.New(rand.NewPCG(1, 6))
		mean, lo, hi := make([]float64, n), make([]float64, n), make([]float64, n)
		for k := range n {
			mean[k] = -1
			if rng.Float64() < 0.01 {
				mean[k] = 1
			}
			lo[k], hi[k] = mean[k]-0.5, mean[k]+0.5
		}
		d := DiscoverySpec{Quantity: QuantitySpec{Outcome: "deterrence_success", Contrast: [2]string{"layered", "treaty"}},
			Threshold: 0, Significant: true, PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05}
		boxes, _, err := p.Discover(t.Context(), d, mean, lo, hi)
		if err != nil {
			t.Fatal(err)
		}
		best, bestScore, sel := 0, -1.0, -1
		for _, b := range boxes {
			if s := b.Coverage * b.Density; s > bestScore {
				best, bestScore = b.Box, s
			}
			if b.Selected {
				sel = b.Box
			}
		}
		t.Logf("crn %s: PRIM's proposal box %d, selected %d", crn, best, sel)
		if best == 0 {
			t.Fatalf("crn %s: PRIM alone proposes box 0; the case does not test the selection", crn)
		}
		if want := map[string]int{"none": 0, "points": best}[crn]; sel != want {
			t.Errorf("crn %s: selected box %d, want %d", crn, sel, want)
		}
	}
}

// TestDiscoverySpellings: "layered − treaty < 0" and "treaty − layered > 0"
// pick the same points, so they must give the same trajectory and the same
// selected box. The shuffle test's stream was named by the target as
// written, and a borderline box was kept under one spelling and dropped
// under the other (a review, stop 25). The data are a weak planted region
// (points of interest at rate 0.25 inside, 0.2 outside), where the test's
// p-values spread across 0.05; thirty data seeds, fixed, of which two
// selected differently under the two spellings before.
func TestDiscoverySpellings(t *testing.T) {
	p := mustParse(t, analysisHead+`sweep:
  design: lhs
  samples: 400
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    adversary.threshold: {min: 0.8, max: 1.3}
`)
	table := DiscoverySpec{Quantity: QuantitySpec{Outcome: "deterrence_success", Contrast: [2]string{"layered", "treaty"}},
		Below: true, Significant: true, PeelAlpha: 0.05, PasteAlpha: 0.05, MinMass: 0.05}
	rev := table
	rev.Quantity.Contrast, rev.Below = [2]string{"treaty", "layered"}, false
	if got := rev.tableOriented(p.ArchitectureNames()); got != table {
		t.Fatalf("tableOriented(%s) = %s, want %s", rev.Target(), got.Target(), table.Target())
	}
	if got := table.tableOriented(p.ArchitectureNames()); got != table {
		t.Fatalf("tableOriented moved %s to %s", table.Target(), got.Target())
	}
	shifted := rev
	shifted.Threshold = 0.25
	if got := shifted.tableOriented(p.ArchitectureNames()).Target(); got != "layered - treaty deterrence_success < -0.25 (95% CI)" {
		t.Errorf("tableOriented(%s) = %s", shifted.Target(), got)
	}
	n := p.NumPoints()
	kept := map[bool]bool{} // whether a seed's selection is a box other than 0
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 25))
		mean, lo, hi := make([]float64, n), make([]float64, n), make([]float64, n)
		for k := range n {
			rate := 0.2
			if p.Point(k).Swept[0] > 0.6 {
				rate = 0.25
			}
			mean[k] = 1
			if rng.Float64() < rate {
				mean[k] = -1
			}
			lo[k], hi[k] = mean[k]-0.5, mean[k]+0.5
		}
		// The reversed contrast's mean and interval are the table's negated.
		rmean, rlo, rhi := make([]float64, n), make([]float64, n), make([]float64, n)
		for k := range n {
			rmean[k], rlo[k], rhi[k] = -mean[k], -hi[k], -lo[k]
		}
		a, al, err := p.Discover(t.Context(), table, mean, lo, hi)
		if err != nil {
			t.Fatal(err)
		}
		b, bl, err := p.Discover(t.Context(), rev, rmean, rlo, rhi)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) || len(al) != len(bl) {
			t.Fatalf("seed %d: %d and %d boxes", seed, len(a), len(b))
		}
		for i := range a {
			x, y := a[i], b[i]
			y.Target = x.Target
			if x != y {
				t.Errorf("seed %d, box %d: %+v under %s, %+v under %s", seed, i, a[i], table.Target(), b[i], rev.Target())
			}
			if x.Selected {
				kept[x.Box > 0] = true
			}
		}
	}
	// The case tests the test only if it keeps a box for some seeds and
	// drops it for others.
	if !kept[true] || !kept[false] {
		t.Errorf("over the seeds a box is kept %v, dropped %v: the case does not test the selection", kept[true], kept[false])
	}
}

// TestSensitivitySpellings: a − b and b − a carry the same information, so
// their sensitivity tables agree: Sobol's S1 and ST, and Morris's μ* and
// σ, estimates and intervals alike, bit for bit; Morris's μ is mirrored
// (its interval up to rounding). The bootstrap
// stream is named by the contrasts table's orientation; named by the
// spelling, the intervals differed.
func TestSensitivitySpellings(t *testing.T) {
	table := QuantitySpec{Outcome: "severity_loss", Contrast: [2]string{"layered", "treaty"}}
	rev := QuantitySpec{Outcome: "severity_loss", Contrast: [2]string{"treaty", "layered"}}
	for _, sweep := range []string{saltelliSweep, morrisSweep} {
		p := mustParse(t, analysisHead+sweep)
		if got, reversed := rev.tableOriented(p.ArchitectureNames()); got != table || !reversed {
			t.Fatalf("tableOriented(%s) = %s, %v; want %s, true", rev, got, reversed, table)
		}
		n := p.NumPoints()
		rng := rand.New(rand.NewPCG(3, 9))
		y, ry := make([]float64, n), make([]float64, n)
		for k := range n {
			pt := p.Point(k).Swept
			y[k] = 2*pt[0] + pt[1]*pt[1] + 0.3*rng.NormFloat64()
			ry[k] = -y[k]
		}
		a, err := p.Sensitivity(t.Context(), table, y)
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.Sensitivity(t.Context(), rev, ry)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%d and %d rows", len(a), len(b))
		}
		for i := range a {
			x, z := a[i], b[i]
			if x.Index == "mu" {
				// Mirrored: the estimate exactly, the interval's ends up to
				// the rounding of the percentiles' interpolation, which
				// -q(1-p) and q(p) of the negated values do not share.
				near := func(u, v float64) bool { return math.Abs(u-v) <= 1e-12*math.Max(1, math.Abs(u)) }
				if x.Estimate != -z.Estimate || !near(x.CILow, -z.CIHigh) || !near(x.CIHigh, -z.CILow) {
					t.Errorf("mu of %s: %v [%v, %v] as %s, %v [%v, %v] as %s", x.Parameter, x.Estimate, x.CILow, x.CIHigh, table, z.Estimate, z.CILow, z.CIHigh, rev)
				}
				continue
			}
			if x.Estimate != z.Estimate || x.CILow != z.CILow || x.CIHigh != z.CIHigh || x.N != z.N {
				t.Errorf("%s %s of %s: %v [%v, %v] as %s, %v [%v, %v] as %s", x.Method, x.Index, x.Parameter,
					x.Estimate, x.CILow, x.CIHigh, table, b[i].Estimate, b[i].CILow, b[i].CIHigh, rev)
			}
		}
	}
}

// TestCalibrationTargetsOneQuantityAccepted: targets on one quantity whose
// ranges overlap, or on different quantities (another architecture, other
// states) with disjoint ranges, can all be met and stay accepted beside
// the refusal of disjoint ranges on one quantity (a review, stop 54).
func TestCalibrationTargetsOneQuantityAccepted(t *testing.T) {
	h := "name: cal\nseed: 1\nreplicates: 2\narchitectures: [none, hub_and_spokes]\ncalibration:\n  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}\n  targets:\n"
	for name, tg := range map[string]string{
		"overlapping":        "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: none, range: [0.3, 0.5], weight: 2}\n",
		"other architecture": "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, outcome: wars, architecture: hub_and_spokes, range: [0.4, 0.5]}\n",
		"other states":       "    - {name: a, table: states, states: [JP], outcome: committed, architecture: none, range: [0, 0.5]}\n    - {name: b, table: states, states: [JP, AU], outcome: committed, architecture: none, range: [1, 2]}\n",
		"other table":        "    - {name: a, outcome: wars, architecture: none, range: [0, 0.3]}\n    - {name: b, table: states, states: [JP], outcome: committed, architecture: none, range: [0.4, 0.5]}\n",
	} {
		p, err := Parse("t.yaml", []byte(h+tg))
		if err != nil {
			t.Errorf("%s: refused: %v", name, err)
			continue
		}
		if n := len(p.Config.Calibration.Targets); n != 2 {
			t.Errorf("%s: %d targets decoded, want 2", name, n)
		}
	}
}
