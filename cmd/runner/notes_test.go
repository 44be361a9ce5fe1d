package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiscoveryUndefinedNote: a discovery whose quantity is undefined at
// some design points (the treaty's formation period where it never forms
// in any replicate) says on the terminal how many there are and that they
// count as not of interest, for run and for analyze (a review, stop 34:
// PRIM dropped them without a word); the count is the summary's.
func TestDiscoveryUndefinedNote(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := writeText(t, base, "d.yaml", `name: d
seed: 5
replicates: 2
periods: 12
architectures: [treaty, layered]
sweep:
  design: lhs
  samples: 24
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    population.autonomy_shift: {min: -0.4, max: 0.4}
analysis:
  discovery:
    - quantity: {outcome: treaty_formed_period, architecture: treaty}
      condition: {below: 5}
output:
  formats: [parquet]
  tables: [runs, summary, contrasts]
  plots: false
`)
	dir := filepath.Join(base, "out")
	mustRun(t, nil, "run", config, "-o", dir, "-q")
	// The summary's undefined means of the quantity.
	undefined := 0
	for _, row := range readCSVFile(t, filepath.Join(dir, "summary.csv")) {
		if row["architecture"] == "treaty" && row["outcome"] == "treaty_formed_period" && (row["mean"] == "" || row["mean"] == fmt.Sprint(math.NaN())) {
			undefined++
		}
	}
	if undefined == 0 || undefined == 24 {
		t.Fatalf("%d of 24 points undefined: the test needs some, not all", undefined)
	}
	want := fmt.Sprintf("runner: note: discovery: treaty treaty_formed_period < 5: %d of 24 points have no value (the mean is undefined there) and count as not of interest", undefined)
	for _, args := range [][]string{{"run", config, "-o", dir, "--force"}, {"analyze", dir}} {
		r := mustRun(t, nil, args...)
		if !strings.Contains(r.stderr, want) {
			t.Errorf("runner %s: stderr lacks %q:\n%s", args[0], want, r.stderr)
		}
	}
}

// TestCalibrateLHSSummary: a design calibration's summary counts the
// evaluations that meet every target, with the verb agreeing, and says
// plainly when none does (a review, stop 34: "0 of 5 evaluations meet
// every target: the rows ... are the constants ..." read as a finding).
func TestCalibrateLHSSummary(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	cfg := func(name, rng string) string {
		return writeText(t, base, name+".yaml", `name: `+name+`
seed: 3
replicates: 4
periods: 12
architectures: [hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
    - {name: c, outcome: challenges, architecture: hub_and_spokes, range: `+rng+`}
  optimizer: {method: lhs, evaluations: 5}
output:
  formats: [parquet]
  plots: false
`)
	}
	r := mustRun(t, nil, "calibrate", cfg("none", "[1000, 2000]"), "-o", filepath.Join(base, "none"))
	if !strings.Contains(r.stderr, "runner: none of the 5 evaluations meets every target: the targets rule out every point of the design") {
		t.Errorf("no evaluation met, but:\n%s", r.stderr)
	}
	r = mustRun(t, nil, "calibrate", cfg("all", "[0, 1000]"), "-o", filepath.Join(base, "all"))
	if !strings.Contains(r.stderr, "runner: 5 of 5 evaluations meet every target") {
		t.Errorf("every evaluation met, but:\n%s", r.stderr)
	}
}

// TestQuietKeepsResultNotes: -q hides the progress and the notes on the
// config, which validate prints, but not the notes on the results, which
// nothing else prints: run, merge and calibrate said nothing with -q of
// an analysis quantity undefined at some points, of a calibration target
// undefined at the best evaluation or of a target read from the states
// table that calibrated.yaml's run does not write (a review, stop 48).
func TestQuietKeepsResultNotes(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	config := writeText(t, base, "d.yaml", `name: d
seed: 5
replicates: 2
periods: 12
architectures: [treaty, layered]
sweep:
  design: lhs
  samples: 24
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    population.autonomy_shift: {min: -0.4, max: 0.4}
analysis:
  discovery:
    - quantity: {outcome: treaty_formed_period, architecture: treaty}
      condition: {below: 5}
output:
  formats: [parquet]
  plots: false
`)
	const discovery = "runner: note: discovery: treaty treaty_formed_period < 5: "
	dir := filepath.Join(base, "out")
	if r := mustRun(t, nil, "run", config, "-o", dir, "-q"); !strings.Contains(r.stderr, discovery) {
		t.Errorf("run -q: stderr lacks %q:\n%s", discovery, r.stderr)
	}
	if r := mustRun(t, nil, "merge", "-q", "-o", filepath.Join(base, "merged"), dir); !strings.Contains(r.stderr, discovery) {
		t.Errorf("merge -q: stderr lacks %q:\n%s", discovery, r.stderr)
	}
	cal := writeText(t, base, "c.yaml", `name: both
seed: 11
replicates: 2
periods: 4
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
    - {name: honour, outcome: honour_rate, architecture: hub_and_spokes, value: 0.65, tolerance: 0.1}
    - {name: few, outcome: challenges, architecture: none, range: [0, 0.5]}
    - {name: ph-grey, table: states, states: [PH], outcome: challenges_received_grey_zone, architecture: hub_and_spokes, range: [0, 100]}
  optimizer: {evaluations: 2}
output:
  formats: [parquet]
  plots: false
`)
	r := mustRun(t, nil, "calibrate", cal, "-o", filepath.Join(base, "cal"), "-q")
	for _, want := range []string{
		"runner: note: at the best evaluation target honour is undefined",
		"runner: note: ph-grey read the states table, which calibrated.yaml does not write",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("calibrate -q: stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "evaluation 1/") || strings.Contains(r.stderr, "runner: done") {
		t.Errorf("calibrate -q printed its progress:\n%s", r.stderr)
	}
}

// TestCalibrateTerminalSingular (a review, stop 50): calibrate's terminal
// put a count of one in the plural: "0 of 1 targets met", "none of the 1
// evaluation meets", and of one undefined target beside one other "each
// counts as unmet ... fits the other 1 target (it meets 0 of them)".
func TestCalibrateTerminalSingular(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	cfg := func(name, optimizer, targets string) string {
		return writeText(t, base, name+".yaml", `name: `+name+`
seed: 11
replicates: 2
periods: 4
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
`+targets+`  optimizer: `+optimizer+`
output:
  formats: [parquet]
  plots: false
`)
	}
	missed := "    - {name: few, outcome: challenges, architecture: none, range: [0, 0.01]}\n"
	r := mustRun(t, nil, "calibrate", cfg("one", "{method: lhs, evaluations: 1}", missed), "-o", filepath.Join(base, "one"))
	for _, want := range []string{"runner: the one evaluation does not meet every target: the targets rule out", "runner: 0 of 1 target met\n"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("one target, one evaluation: stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	honour := "    - {name: honour, outcome: honour_rate, architecture: hub_and_spokes, value: 0.65, tolerance: 0.1}\n"
	r = mustRun(t, nil, "calibrate", cfg("both", "{evaluations: 2}", honour+missed), "-o", filepath.Join(base, "both"))
	for _, want := range []string{"; it counts as unmet, a miss of", "fits the other 1 target (it does not meet it)", "runner: 0 of 2 targets met\n"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("one undefined target and one missed: stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

// TestCalibrateHeaderSingular (a review, stop 50): calibrate's first line
// read "up to 1 evaluation of 1 replicates × 1 architectures", where run's
// header puts a count of one in the singular.
func TestCalibrateHeaderSingular(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	cfg := writeText(t, base, "w1.yaml", `name: w1
seed: 11
replicates: 1
periods: 4
architectures: [none]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
    - {name: few, outcome: challenges, architecture: none, range: [0, 0.01]}
  optimizer: {evaluations: 1}
output:
  formats: [parquet]
  plots: false
`)
	r := mustRun(t, nil, "calibrate", cfg, "-o", filepath.Join(base, "out"), "--workers", "1")
	if want := "runner: w1: calibrating adversary.threshold to 1 target; up to 1 evaluation of 1 replicate × 1 architecture; 1 worker; writing "; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
}

// TestCalibrateFailedOneEvaluation (a review, stop 50): a failed
// calibration of one evaluation said "at the best of them" of it.
func TestCalibrateFailedOneEvaluation(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	cfg := writeText(t, base, "und1.yaml", `name: und1
seed: 11
replicates: 2
periods: 4
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
    - {name: honour, outcome: honour_rate, architecture: hub_and_spokes, value: 0.65, tolerance: 0.1}
  optimizer: {evaluations: 1}
output:
  formats: [parquet]
  plots: false
`)
	r := runner(t, nil, "calibrate", cfg, "-o", filepath.Join(base, "out"), "-q")
	wantExit(t, r, 1, "no evaluation gave every target a value (at the one evaluation, target honour is undefined")
}

// TestCalibrateHeaderShort (a review, stop 51): calibrate's first line
// named every calibrated parameter, so the shipped calibrate.yaml's 12
// made a line of 476 characters in a batch log, and more parameters a
// longer one. It names the first few and counts the rest; every stderr
// line of the calibration, its paths aside, stays under 300 characters.
func TestCalibrateHeaderShort(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile(filepath.Join("..", "..", "experiments", "calibrate.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.NewReplacer("replicates: 1000", "replicates: 2", "evaluations: 600", "evaluations: 1", "plots: true", "plots: false").Replace(string(text))
	base := t.TempDir()
	path := writeText(t, base, "cal.yaml", cfg)
	r := mustRun(t, nil, "calibrate", path, "-o", filepath.Join(base, "out"), "--workers", "1")
	want := "runner: calibrate: calibrating 12 parameters (adversary.threshold, adversary.noise, adversary.denial_scale, adversary.war_aversion and 8 more) to 9 targets; up to 1 evaluation of 2 replicates × 2 architectures; 1 worker; writing "
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	// Paths are the test's own (its temporary folder's length), not the
	// runner's: counted as one character.
	for _, line := range strings.Split(strings.ReplaceAll(r.stderr, base, "B"), "\n") {
		if len(line) > 300 {
			t.Errorf("a stderr line of %d characters: %s", len(line), line)
		}
	}
}

// TestCalibrateDoneLast (a review, stop 51): calibrate's notes on a fit
// held by its box and on targets read from a states table it does not
// write came after its "done" line, so a batch log's last line was a note,
// not where the results are, as run's is.
func TestCalibrateDoneLast(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	cfg := writeText(t, base, "edge.yaml", `name: edge
seed: 11
replicates: 4
periods: 8
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 0.7}}
  targets:
    - {name: few, outcome: challenges, architecture: none, range: [0, 0.0001]}
    - {name: ally, table: states, states: [JP, AU], ratio: {outcome: committed, a: hub_and_spokes, b: none}, range: [0.6, 0.9]}
  optimizer: {evaluations: 8}
output:
  formats: [parquet]
  plots: false
`)
	out := filepath.Join(base, "out")
	r := mustRun(t, nil, "calibrate", cfg, "-o", out, "--workers", "1")
	for _, want := range []string{"at the upper end of its search range", "ally read the states table"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks the note %q:\n%s", want, r.stderr)
		}
	}
	lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "runner: done: "+out+"; run it with: ") {
		t.Errorf("stderr's last line is %q, want the done line naming %s:\n%s", last, out, r.stderr)
	}
}

// TestCalibrateMovedStartsLines (a review, stop 51): the starts that
// start: defaults moved into their search ranges were joined on one line,
// so four made a line of 409 characters in a batch log; each has a line
// of its own, as the best evaluation's values do.
func TestCalibrateMovedStartsLines(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	cfg := writeText(t, base, "moved.yaml", `name: moved
seed: 11
replicates: 1
periods: 4
architectures: [none, hub_and_spokes]
calibration:
  parameters:
    adversary.threshold: {min: 0.6, max: 0.7}
    adversary.noise: {min: 0.01, max: 0.02}
    adversary.denial_scale: {min: 0.5, max: 0.6}
    adversary.war_aversion: {min: 0.1, max: 0.2}
  targets:
    - {name: few, outcome: challenges, architecture: none, range: [0, 100]}
  optimizer: {evaluations: 1}
output:
  formats: [parquet]
  plots: false
`)
	r := mustRun(t, nil, "calibrate", cfg, "-o", filepath.Join(base, "out"), "--workers", "1")
	moved := 0
	for _, line := range strings.Split(strings.ReplaceAll(r.stderr, base, "B"), "\n") {
		if strings.HasPrefix(line, "runner: start: defaults: ") {
			moved++
		}
		if len(line) > 300 {
			t.Errorf("a stderr line of %d characters: %s", len(line), line)
		}
	}
	if moved != 4 {
		t.Errorf("%d lines of moved starts, want one for each of the 4 parameters:\n%s", moved, r.stderr)
	}
}
