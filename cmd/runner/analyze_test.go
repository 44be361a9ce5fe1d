package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeText writes text to dir/name and returns the path.
func writeText(t testing.TB, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readCSVFile reads a CSV file into rows keyed by its header.
func readCSVFile(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for k, name := range recs[0] {
			m[name] = r[k]
		}
		rows = append(rows, m)
	}
	return rows
}

// unreadCfg is a saltelli run over a parameter the `none` architecture
// never reads (a cell's obligation: none has no cells) and one it does
// (the adversary's threshold), with the sensitivity of none's deterrence.
const unreadCfg = `name: unread
seed: 3
replicates: 4
periods: 20
architectures: [none, layered]
sweep:
  design: saltelli
  samples: 32
  parameters:
    mechanisms.cell.obligation: {min: 0.2, max: 0.6}
    adversary.threshold: {min: 0.8, max: 1.3}
analysis:
  quantities:
    - {outcome: deterrence_success, architecture: none}
    - {outcome: deterrence_success, contrast: [layered, none]}
  sensitivity: {bootstrap: 200}
output:
  formats: [parquet]
  plots: false
`

// TestUnreadParameterCLI is the check through the command line: a
// parameter the analysed architecture never reads gets a total index ST
// whose interval covers 0 (common random numbers, the saltelli default,
// make it exactly 0), while one it reads gets an interval above 0, and a
// parameter that matters for the contrast (layered has cells) too.
func TestUnreadParameterCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "unread.yaml", unreadCfg)
	out := filepath.Join(dir, "out")
	mustRun(t, nil, "run", cfgPath, "-o", out, "--workers", "2", "-q")
	st := map[string][3]float64{}
	for _, r := range readCSVFile(t, filepath.Join(out, "sensitivity.csv")) {
		if r["index"] != "ST" {
			continue
		}
		var v [3]float64
		for k, c := range []string{"estimate", "ci_low", "ci_high"} {
			x, err := strconv.ParseFloat(r[c], 64)
			if err != nil {
				t.Fatalf("%s %s: %q", r["parameter"], c, r[c])
			}
			v[k] = x
		}
		st[r["architecture_a"]+"-"+r["architecture_b"]+" "+r["parameter"]] = v
	}
	if v := st["none- mechanisms.cell.obligation"]; !(v[1] <= 0 && 0 <= v[2]) {
		t.Errorf("none: ST of the cell obligation %v; want an interval covering 0", v)
	}
	if v := st["none- adversary.threshold"]; !(v[1] > 0.05) {
		t.Errorf("none: ST of the threshold %v; want an interval well above 0", v)
	}
	if v, ok := st["layered-none mechanisms.cell.obligation"]; !ok || v[0] == 0 {
		t.Errorf("layered − none: ST of the cell obligation %v; layered reads it", v)
	}
}

// TestAnalyzeCLI: `runner analyze` recomputes the bytes the run wrote at
// its end, the directory still verifies, and bad input exits 2 naming
// file:line: key.
func TestAnalyzeCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "unread.yaml", unreadCfg)
	ref := filepath.Join(dir, "ref")
	mustRun(t, nil, "run", cfgPath, "-o", ref, "--workers", "2", "-q")
	again := filepath.Join(dir, "again")
	mustRun(t, nil, "run", cfgPath, "-o", again, "--workers", "1", "-q")
	sameFiles(t, ref, again) // the analysis tables whatever --workers
	for _, f := range []string{"sensitivity.parquet", "sensitivity.csv"} {
		if err := os.Remove(filepath.Join(again, f)); err != nil {
			t.Fatal(err)
		}
	}
	r := mustRun(t, nil, "analyze", again)
	if !strings.Contains(r.stdout, "sensitivity (8 rows)") {
		t.Errorf("analyze says %q", r.stdout)
	}
	// N = 32 is below the size the intervals were checked at, and small
	// enough for rough estimates: both are said (an analysis review, stop
	// 33: N = 2 gave S1 intervals of [−48, 0] without a word).
	for _, want := range []string{"runner: note: sensitivity: with a base sample of N = 32 (below 4096) the 95% intervals cover less than 95%", "the indices themselves are rough"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("analyze of N = 32 does not say %q: %q", want, r.stderr)
		}
	}
	sameFiles(t, ref, again)
	mustRun(t, nil, "verify", again, "--sample", "3")
	// A sample beyond int64 is more than the plan's tasks: all of them
	// (hostile review, stop 25: "want a positive number").
	if r := mustRun(t, nil, "verify", again, "--sample", "99999999999999999999"); !strings.Contains(r.stdout, "analyses recomputed from the runs match") {
		t.Errorf("verify --sample 99999999999999999999 says %q", r.stdout)
	}

	// A separate analysis file, bad: file:line: key.
	bad := writeText(t, dir, "bad.yaml", "analysis:\n  quantities:\n    - {outcome: deterrence_success, architecture: treaty}\n")
	r = runner(t, nil, "analyze", again, bad)
	wantExit(t, r, 2, bad+":3:", "analysis.quantities[0].architecture", `unknown architecture "treaty"`)
	// Not a results directory; too many arguments.
	wantExit(t, runner(t, nil, "analyze", dir), 2, "not a pactsim results directory")
	wantExit(t, runner(t, nil, "analyze", filepath.Join(dir, "nothing")), 2, "does not exist")
	wantExit(t, runner(t, nil, "analyze", again, bad, "x"), 2, "usage: runner analyze DIR [ANALYSIS.yaml]")
	// An empty ANALYSIS.yaml (an unset shell variable) is refused, not
	// read as "no file", which would drop the stored analysis file.
	good := writeText(t, dir, "good.yaml", "analysis:\n  quantities:\n    - {outcome: deterrence_success, architecture: layered}\n  sensitivity: {bootstrap: 0}\n")
	if r := mustRun(t, nil, "analyze", again, good); strings.Contains(r.stderr, "does not vary") || strings.Contains(r.stderr, "intervals cover") || !strings.Contains(r.stderr, "rough") {
		t.Errorf("a quantity that varies is called flat, or intervals that are not computed are named: %q", r.stderr)
	}
	// A quantity that does not vary is named on the terminal: its
	// indices are all null (review, stop 29: a silent table of nulls).
	flat := writeText(t, dir, "flat.yaml", "analysis:\n  quantities:\n    - {outcome: wars, architecture: layered}\n  sensitivity: {bootstrap: 0}\n")
	if r := mustRun(t, nil, "analyze", again, flat); !strings.Contains(r.stderr, "runner: note: sensitivity: wars (layered) does not vary over the design, so every index of it is null") {
		t.Errorf("analyze of a flat quantity says %q on stderr", r.stderr)
	}
	// The section written without its analysis key reads as with it (a
	// contract review, stop 33: "also accepted as a separate file"), and
	// its errors name the section's keys; a stray key beside them is
	// still refused, naming the key the file must have.
	bare := writeText(t, dir, "bare.yaml", "quantities:\n  - {outcome: deterrence_success, architecture: layered}\nsensitivity: {bootstrap: 0}\n")
	mustRun(t, nil, "analyze", again, good)
	wrapped := map[string]string{}
	for _, f := range []string{"sensitivity.csv", "analysis.yaml"} {
		wrapped[f] = readText(t, filepath.Join(again, f))
	}
	mustRun(t, nil, "analyze", again, bare)
	for f, want := range wrapped {
		if got := readText(t, filepath.Join(again, f)); got != want {
			t.Errorf("%s after the bare section differs from after the wrapped one:\n%s\nwant\n%s", f, got, want)
		}
	}
	badBare := writeText(t, dir, "badbare.yaml", "quantities:\n  - {outcome: deterrence_success, architecture: treaty}\n")
	wantExit(t, runner(t, nil, "analyze", again, badBare), 2, badBare+":2:", "analysis.quantities[0].architecture", `unknown architecture "treaty"`)
	stray := writeText(t, dir, "stray.yaml", "quantities:\n  - {outcome: deterrence_success, architecture: layered}\nsensitivty: {bootstrap: 0}\n")
	wantExit(t, runner(t, nil, "analyze", again, stray), 2, stray+":3:", "analysis.sensitivty: unknown key", "allowed here: quantities, sensitivity, discovery")
	other := writeText(t, dir, "other.yaml", "seed: 3\n")
	wantExit(t, runner(t, nil, "analyze", again, other), 2, other+":1:", "allowed here: analysis")
	mustRun(t, nil, "analyze", again, good)
	wantExit(t, runner(t, nil, "analyze", again, ""), 2, "analyze: argument 2 is empty")
	if !exists(filepath.Join(again, "analysis.yaml")) {
		t.Errorf("analyze DIR '' removed the stored analysis.yaml")
	}
	// The directory is untouched by the failed calls.
	mustRun(t, nil, "verify", again, "--sample", "1")

	// A bad analysis section in a config: run and validate exit 2 and
	// create nothing.
	badCfg := writeText(t, dir, "badcfg.yaml", strings.Replace(unreadCfg, "sensitivity: {bootstrap: 200}", "sensitivity: {bootstrap: -1}", 1))
	out := filepath.Join(dir, "never")
	wantExit(t, runner(t, nil, "run", badCfg, "-o", out), 2, badCfg+":16:", "analysis.sensitivity.bootstrap")
	wantExit(t, runner(t, nil, "validate", badCfg), 2, badCfg+":16:", "analysis.sensitivity.bootstrap")
	if exists(out) {
		t.Error("a bad config created its results directory")
	}
}

// calCLI is a small calibration.
const calCLI = `name: cal
seed: 11
replicates: 6
periods: 20
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}, adversary.noise: {min: 0.1, max: 0.5}}
  targets:
    - {name: challenges, outcome: challenges, architecture: hub_and_spokes, range: [3, 4]}
    - {name: alliance-effect, ratio: {outcome: challenges, a: hub_and_spokes, b: none}, value: 0.5, tolerance: 0.05}
  optimizer: {evaluations: 12}
output:
  plots: false
`

// TestCalibrateCLI: byte-identical outputs on 1 and 2 workers; a
// calibration interrupted by SIGINT (test hook after 4 evaluations) exits
// 130 and --resume ends with the same bytes; calibrated.yaml runs as is;
// bad input exits 2.
func TestCalibrateCLI(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "cal.yaml", calCLI)
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	r := mustRun(t, nil, "calibrate", cfgPath, "-o", one, "--workers", "1")
	// The registry's adversary.threshold, 1.8303…, lies above the
	// search range [0.6, 1.6]: the search starts at 1.6, and says so.
	for _, s := range []string{"adversary.threshold =", "target alliance-effect: wanted 0.5 ± 0.05", "runner run " + filepath.Join(one, "calibrated.yaml"),
		"start: defaults: adversary.threshold = 1.8303042289625238 lies outside [0.6, 1.6], so the search starts at 1.6"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("calibrate's messages lack %q:\n%s", s, r.stderr)
		}
	}
	mustRun(t, nil, "calibrate", cfgPath, "-o", two, "--workers", "2", "-q")
	sameFiles(t, one, two)
	for _, f := range []string{"calibration/trace.parquet", "calibration/trace.csv", "calibration/trace.arrow", "calibration/targets.csv", "calibration/targets.parquet", "calibrated.yaml", "codebook.csv", "config.yaml"} {
		if !exists(filepath.Join(one, f)) {
			t.Errorf("no %s", f)
		}
	}
	mustRun(t, nil, "verify", one)

	stopped := filepath.Join(dir, "stopped")
	r = runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_EVALUATIONS=4:INT"}, "calibrate", cfgPath, "-o", stopped, "--workers", "2", "-q")
	wantExit(t, r, 130, "interrupted by SIGINT", "--resume")
	if exists(filepath.Join(stopped, "manifest.json")) {
		t.Fatal("the interrupted calibration wrote its manifest")
	}
	wantExit(t, runner(t, nil, "calibrate", cfgPath, "-o", stopped), 2, "--resume", "--force")
	// Stopped before its directory was made, it says so, not to resume a
	// trace it never wrote (hostile review, stop 25).
	early := filepath.Join(dir, "early")
	r = runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_LOAD=1:TERM"}, "calibrate", cfgPath, "-o", early, "-q")
	wantExit(t, r, 143, "interrupted by SIGTERM; nothing was written")
	if strings.Contains(r.stderr, "--resume") || exists(early) {
		t.Errorf("a calibration stopped before its directory offers --resume, or made it:\n%s", r.stderr)
	}
	r = mustRun(t, nil, "calibrate", cfgPath, "-o", stopped, "--resume", "--workers", "1")
	if !strings.Contains(r.stderr, "4 evaluations taken from the trace") {
		t.Errorf("resume does not say it reused 4 evaluations:\n%s", r.stderr)
	}
	sameFiles(t, one, stopped)

	// calibrated.yaml is a config runner run takes as is, without a note.
	r = mustRun(t, nil, "run", filepath.Join(one, "calibrated.yaml"), "-o", filepath.Join(dir, "calibrated-run"))
	if strings.Contains(r.stderr, "calibration section") {
		t.Errorf("run of calibrated.yaml notes a calibration section:\n%s", r.stderr)
	}
	// run takes the calibration's own config too, but says that it fits
	// nothing (hostile review, stop 24: it ran at the defaults without a
	// word, results one could take for fitted).
	r = mustRun(t, nil, "run", cfgPath, "-o", filepath.Join(dir, "cal-run"))
	if !strings.Contains(r.stderr, "has a calibration section, which run does not search") || !strings.Contains(r.stderr, "runner calibrate "+cfgPath) {
		t.Errorf("run of a calibration's config does not say it fits nothing:\n%s", r.stderr)
	}

	// A loss that saturates in every evaluation ranks nothing: said. (A
	// weight that makes it saturate, 1e308, is refused at load since a
	// hostile review, stop 55; a range far narrower than any miss still
	// makes it.)
	blind := writeText(t, dir, "blind.yaml", strings.Replace(strings.Replace(calCLI, "range: [3, 4]}", "range: [1e-200, 2e-200]}", 1), "evaluations: 12", "evaluations: 2", 1))
	if r := mustRun(t, nil, "calibrate", blind, "-o", filepath.Join(dir, "blind"), "--workers", "2"); !strings.Contains(r.stderr, "every evaluation's loss saturated") {
		t.Errorf("a saturated search is not said to be:\n%s", r.stderr)
	}

	// Bad input.
	plain := cfg{}.write(t, t.TempDir())
	wantExit(t, runner(t, nil, "calibrate", plain, "-o", filepath.Join(dir, "x")), 2, plain+": calibration: required by runner calibrate")
	bad := writeText(t, dir, "bad.yaml", strings.Replace(calCLI, "value: 0.5, tolerance: 0.05", "value: 0.5, tolerance: -1", 1))
	wantExit(t, runner(t, nil, "calibrate", bad, "-o", filepath.Join(dir, "y")), 2, bad+":10:", "calibration.targets[1].tolerance", "negative")
	wantExit(t, runner(t, nil, "calibrate", cfgPath, "--resume", "--force"), 2, "exclude each other")
	// A plan of a million evaluations of 100,000 tasks is months of
	// computing: calibrate and validate refuse it under the run's soft
	// limit (review, this stop: calibrate started it, and validate
	// estimated one evaluation as if it were a run).
	huge := writeText(t, dir, "huge.yaml", strings.Replace(strings.Replace(calCLI, "replicates: 6", "replicates: 100000", 1), "evaluations: 12", "evaluations: 1000000", 1))
	wantExit(t, runner(t, nil, "calibrate", huge, "-o", filepath.Join(dir, "z")), 2, "too large to finish", "for up to 1000000 evaluations", "calibration.optimizer.evaluations", "--allow-large")
	r = runner(t, nil, "validate", huge)
	// The refusal says what sets the size and where (a hostile review,
	// stop 33: it named the limit only).
	wantExit(t, r, 2, "too large to finish", "(the plan's size: replicates 100000 at "+huge+":", "× 1 design point × 2 architectures, for up to 1000000 evaluations")
	if !strings.Contains(r.stdout, "calibration    up to 1000000 evaluations of the 100000 tasks") || strings.Contains(r.stdout, "  runs rows  ") {
		t.Errorf("validate does not describe the calibration's plan:\n%s", r.stdout)
	}
	if exists(filepath.Join(dir, "x")) || exists(filepath.Join(dir, "y")) || exists(filepath.Join(dir, "z")) {
		t.Error("a refused calibration created its directory")
	}
}

// TestCalibrateUndefinedTargets: a calibration whose target is undefined
// at every evaluation (honour_rate of a one-period run with no crisis to
// honour) writes a complete directory that verifies, but exits 1 saying
// that it failed, so that `calibrate && run calibrated.yaml` stops; it
// exited 0.
func TestCalibrateUndefinedTargets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "undef.yaml", `name: undef
seed: 11
replicates: 2
periods: 1
architectures: [none, hub_and_spokes]
params: {adversary.resolve: 0.01}
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
    - {name: honour, outcome: honour_rate, architecture: hub_and_spokes, value: 0.65, tolerance: 0.1}
  optimizer: {method: cmaes, evaluations: 6, population: 0, start: defaults}
`)
	out := filepath.Join(dir, "out")
	wantExit(t, runner(t, nil, "calibrate", cfgPath, "-o", out, "-q"), 1, "calibration failed", "no evaluation gave every target a value",
		"target honour is undefined: honour_rate of hub_and_spokes is null in every replicate", "calibrated.yaml is written for inspection")
	mustRun(t, nil, "verify", out)
	// Resumed once complete, it is still a failed calibration (a retrying
	// script's calibrate --resume && run): it exited 0, "nothing to do".
	for _, q := range []string{"-q", "--workers=1"} {
		wantExit(t, runner(t, nil, "calibrate", cfgPath, "-o", out, "--resume", q), 1, "calibration failed",
			"target honour is undefined: honour_rate of hub_and_spokes is null in every replicate") // a review, stop 24: lost on --resume
	}
	// Stopped and resumed, the evaluations read back from the trace keep
	// their reasons too.
	stopped := filepath.Join(dir, "stopped")
	wantExit(t, runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_EVALUATIONS=3:INT"}, "calibrate", cfgPath, "-o", stopped, "-q"), 130)
	wantExit(t, runner(t, nil, "calibrate", cfgPath, "-o", stopped, "--resume", "-q"), 1, "target honour is undefined: honour_rate of hub_and_spokes is null in every replicate")
	// A ratio whose denominator's mean is 0 says so (hostile review, stop
	// 24: it said the outcome was null), and a defined miss too large for
	// a float64 is a loss, not a failure (it said the target was
	// undefined).
	ratioCfg := `name: ratio
seed: 11
replicates: 2
periods: 4
architectures: [none, hub_and_spokes]
calibration:
  parameters: {adversary.threshold: {min: 0.6, max: 1.6}}
  targets:
    - {name: zd, ratio: {outcome: challenges_blockade, a: hub_and_spokes, b: none}, range: [0.5, 1]}
  optimizer: {evaluations: 2}
`
	ratio := writeText(t, dir, "ratio.yaml", ratioCfg)
	wantExit(t, runner(t, nil, "calibrate", ratio, "-o", filepath.Join(dir, "ratio"), "-q"), 1,
		"target zd is undefined: the mean of its denominator, challenges_blockade of none, is 0")
	huge := writeText(t, dir, "huge.yaml", strings.Replace(strings.Replace(ratioCfg, "name: ratio", "name: huge", 1),
		"{name: zd, ratio: {outcome: challenges_blockade, a: hub_and_spokes, b: none}, range: [0.5, 1]}",
		"{name: w, outcome: challenges, architecture: none, range: [0, 1e-200]}", 1)) // weight 1e307 until a review, stop 55, refused it: the range alone overflows the square
	mustRun(t, nil, "calibrate", huge, "-o", filepath.Join(dir, "huge"), "-q")

	// Beside a target that has values, the undefined one counts as unmet
	// and the calibration fits the other (a contract review, stop 33: the
	// results contract's own example, whose honour_rate target model 2.0
	// leaves null, failed the whole calibration with exit 1).
	both := writeText(t, dir, "both.yaml", strings.Replace(strings.Replace(ratioCfg, "name: ratio", "name: both", 1),
		"    - {name: zd, ratio: {outcome: challenges_blockade, a: hub_and_spokes, b: none}, range: [0.5, 1]}\n",
		"    - {name: honour, outcome: honour_rate, architecture: hub_and_spokes, value: 0.65, tolerance: 0.1}\n    - {name: few, outcome: challenges, architecture: none, range: [0, 0.5]}\n", 1))
	bothOut := filepath.Join(dir, "both")
	r := mustRun(t, nil, "calibrate", both, "-o", bothOut)
	if !strings.Contains(r.stderr, "runner: note: at the best evaluation target honour is undefined") || !strings.Contains(r.stderr, "fits the other 1 target") ||
		!strings.Contains(r.stderr, "a miss of 10000 bands weighed as the heaviest target in the loss") || // a review, stop 50: "10000 times its band" alone
		!strings.Contains(r.stderr, "target honour: wanted 0.65 ± 0.1, achieved undefined (honour_rate of hub_and_spokes is null in every replicate): missed") {
		t.Errorf("a calibration with one undefined target does not say so:\n%s", r.stderr)
	}
	targets := readCSVFile(t, filepath.Join(bothOut, "calibration", "targets.csv"))
	if len(targets) != 2 || targets[0]["name"] != "honour" || targets[0]["met"] != "false" || targets[0]["achieved"] != "" {
		t.Errorf("targets.csv: %v, want honour unmet with no value", targets)
	}
	// The note counts the others met, from the targets table (a review,
	// stop 34: it said "fits" where an extreme weight had swamped them).
	if meets := map[string]string{"true": "it meets it", "false": "it does not meet it"}[targets[1]["met"]]; !strings.Contains(r.stderr, "fits the other 1 target ("+meets+")") {
		t.Errorf("the note does not say whether it meets the other target (%s):\n%s", meets, r.stderr)
	}
	mustRun(t, nil, "verify", bothOut)
}

// TestCalibrateStatesNote (hostile review, stop 32): a calibration with a
// target on the states table whose config writes no states table says
// that calibrated.yaml's run cannot show that target; with states in
// output.tables it says nothing of it.
func TestCalibrateStatesNote(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	states := strings.Replace(strings.Replace(calCLI, "evaluations: 12", "evaluations: 2", 1),
		"    - {name: challenges,", "    - {name: ph-grey, table: states, states: [PH], outcome: challenges_received_grey_zone, architecture: hub_and_spokes, range: [0, 100]}\n    - {name: challenges,", 1)
	const note = "ph-grey read the states table, which calibrated.yaml does not write"
	r := mustRun(t, nil, "calibrate", writeText(t, dir, "s.yaml", states), "-o", filepath.Join(dir, "s"))
	if !strings.Contains(r.stderr, note) {
		t.Errorf("no note that calibrated.yaml lacks the states table:\n%s", r.stderr)
	}
	withStates := strings.Replace(states, "  plots: false\n", "  plots: false\n  tables: [runs, summary, contrasts, states]\n", 1)
	r = mustRun(t, nil, "calibrate", writeText(t, dir, "t.yaml", withStates), "-o", filepath.Join(dir, "t"))
	if strings.Contains(r.stderr, "read the states table") {
		t.Errorf("a note about the states table though the config writes it:\n%s", r.stderr)
	}
}

// readText is the content of path, or the test fails.
func readText(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCalibrationShardVariablesAlike (a scale-out review, stop 46): in a
// job array's environment, validate of a calibration config refuses what
// calibrate refuses (it said valid, exit 0, ignoring the variables), and
// neither tells the user to pass --shard I/N, a flag calibrate does not
// take. Any --shard is refused, as before (deploy/slurm/submit.sh checks a
// config with --shard 0/N). Nothing is written.
func TestCalibrationShardVariablesAlike(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfgPath := writeText(t, dir, "cal.yaml", calCLI)
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=3"}, "not sharded"},
		{[]string{"SLURM_ARRAY_TASK_ID=abc"}, `SLURM_ARRAY_TASK_ID="abc"`},
		{[]string{"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=3", "SLURM_ARRAY_TASK_MAX=5"}, "a Slurm job array of 3"},
		{[]string{"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=1", "PACTSIM_SHARDS=3"}, `PACTSIM_SHARDS="3"`},
		{[]string{"PACTSIM_SHARDS=3"}, "JOB_COMPLETION_INDEX is not"},
		{[]string{"JOB_COMPLETION_INDEX=1", "PACTSIM_SHARDS=2"}, "not sharded"},
	} {
		for _, args := range [][]string{{"validate", cfgPath}, {"calibrate", cfgPath, "-o", out, "-q"}} {
			r := runner(t, tc.env, args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "not sharded") || strings.Contains(r.stderr, "--shard I/N") {
				t.Errorf("%v runner %s: want exit 2 naming %q and that calibrate is not sharded, without --shard I/N; got %s", tc.env, args[0], tc.want, r)
			}
		}
		if exists(out) {
			t.Fatalf("%v: %s was written", tc.env, out)
		}
	}
	mustRun(t, nil, "validate", cfgPath)
	// An array that is not contiguous (a step, a list) or whose task lies
	// outside it is refused with one way out, a single job: not also a
	// contiguous array, which would run the whole search in each of its
	// tasks (a scale-out review: both were advised). A one-task array so
	// refused keeps its diagnosis.
	for _, tc := range []struct {
		env  []string
		want string
	}{
		{[]string{"SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=6", "SLURM_ARRAY_TASK_STEP=2", "SLURM_ARRAY_TASK_COUNT=4"}, "SLURM_ARRAY_TASK_COUNT=4 says this is a task of a Slurm job array of 4"},
		{[]string{"SLURM_ARRAY_TASK_ID=9", "SLURM_ARRAY_TASK_COUNT=3"}, "a Slurm job array of 3"},
		{[]string{"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_MIN=2", "SLURM_ARRAY_TASK_COUNT=1"}, "(SLURM_ARRAY_TASK_ID 0 is below SLURM_ARRAY_TASK_MIN 2)"},
		{[]string{"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_STEP=2", "SLURM_ARRAY_TASK_MAX=0", "SLURM_ARRAY_TASK_COUNT=1"}, "not a contiguous range"},
		{[]string{"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=1", "PACTSIM_SHARDS=3"}, "unset PACTSIM_SHARDS;"},
		// Both schedulers' indices: a single job with neither, not "unset
		// the one that is not this job's", which leaves the other to be
		// refused (a scale-out review: both were advised).
		{[]string{"JOB_COMPLETION_INDEX=1", "SLURM_ARRAY_TASK_ID=1"}, `both SLURM_ARRAY_TASK_ID="1" (a Slurm array task) and JOB_COMPLETION_INDEX="1" (a Kubernetes Indexed Job) are set`},
		{[]string{"JOB_COMPLETION_INDEX=0", "PACTSIM_SHARDS=1", "SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=1"}, "run it as a single job, with neither set"},
		{[]string{"JOB_COMPLETION_INDEX=2", "SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_COUNT=3"}, `JOB_COMPLETION_INDEX="2" (a Kubernetes Indexed Job) are set`},
	} {
		for _, args := range [][]string{{"validate", cfgPath}, {"calibrate", cfgPath, "-o", out, "-q"}} {
			r := runner(t, tc.env, args...)
			wantExit(t, r, 2, tc.want, "single job", "not sharded")
			if strings.Contains(r.stderr, "contiguous array") || strings.Contains(r.stderr, "--array=") || strings.Contains(r.stderr, "make them agree") {
				t.Errorf("%v runner %s advises an array besides a single job:\n%s", tc.env, args[0], r.stderr)
			}
			if strings.Contains(r.stderr, "not this job's") || strings.Contains(r.stderr, "--shard I/N") {
				t.Errorf("%v runner %s advises keeping one job array's variables, or a flag calibrate does not take, besides a single job:\n%s", tc.env, args[0], r.stderr)
			}
		}
		if exists(out) {
			t.Fatalf("%v: %s was written", tc.env, out)
		}
	}
	for _, s := range []string{"0/1", "1/2"} {
		wantExit(t, runner(t, nil, "validate", cfgPath, "--shard", s), 2, "has a calibration section", "not sharded")
	}
}

// TestCalibrationRunNoteSaysMovedOnlyIfMoved (a scale-out review): run of
// a calibration config says its start was moved into its range only where
// a value moved, naming it; with every default inside its range it says
// the defaults, not "moved into its range".
func TestCalibrationRunNoteSaysMovedOnlyIfMoved(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	inside := writeText(t, dir, "inside.yaml", strings.Replace(calCLI, "adversary.threshold: {min: 0.6, max: 1.6}", "adversary.threshold: {min: 0.6, max: 2}", 1))
	r := mustRun(t, nil, "run", inside, "-o", filepath.Join(dir, "inside"))
	if !strings.Contains(r.stderr, "the search's start, each calibrated parameter's registry default, nothing is fitted") || strings.Contains(r.stderr, "moved") {
		t.Errorf("run of a calibration config whose defaults lie in their ranges says a value moved, or not the defaults:\n%s", r.stderr)
	}
	outside := writeText(t, dir, "outside.yaml", calCLI) // the threshold's default, 1.83, lies above 1.6
	r = mustRun(t, nil, "run", outside, "-o", filepath.Join(dir, "outside"))
	if !strings.Contains(r.stderr, "each calibrated parameter's registry default, moved into its range where it lies outside (adversary.threshold = 1.8303042289625238 lies outside [0.6, 1.6], so the search starts at 1.6)") {
		t.Errorf("run of a calibration config whose default lies outside its range does not say it moved:\n%s", r.stderr)
	}
}

// TestAnalyzeWholeConfig (a review, stop 50): `runner analyze DIR
// DIR/config.yaml`, the whole config given as the analysis file, said
// only "name: unknown key (allowed here: analysis)", as of an analysis
// file with a typo. It says what an analysis file holds and that this
// file is a whole config, exits 2 and leaves DIR as it was; a file with a
// stray config key alone is still an unknown key.
func TestAnalyzeWholeConfig(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	cfg := writeText(t, base, "sens.yaml", `name: sens
seed: 3
replicates: 2
periods: 8
architectures: [none, layered]
sweep:
  design: morris
  trajectories: 2
  parameters:
    mechanisms.cell.obligation: {min: 0.2, max: 0.6}
    adversary.threshold: {min: 0.8, max: 1.3}
analysis:
  quantities:
    - {outcome: deterrence_success, architecture: none}
  sensitivity: {bootstrap: 0}
output:
  formats: [parquet]
  plots: false
`)
	dir := filepath.Join(base, "out")
	mustRun(t, nil, "run", cfg, "-o", dir, "-q")
	stored := filepath.Join(dir, "config.yaml")
	for _, file := range []string{stored, cfg} {
		r := runner(t, nil, "analyze", dir, file)
		wantExit(t, r, 2, file+":", ": name: an analysis file holds one top-level key, analysis: (allowed here: analysis), and "+file+" is a whole config",
			"give a file that holds its analysis section alone", "`runner analyze DIR` without a file recomputes the analysis section of DIR/config.yaml")
		if strings.Contains(r.stderr, "unknown key") {
			t.Errorf("a whole config is called an unknown key: %s", r.stderr)
		}
	}
	stray := writeText(t, base, "stray.yaml", "seed: 3\n")
	wantExit(t, runner(t, nil, "analyze", dir, stray), 2, stray+":1: seed: unknown key (allowed here: analysis)")
	mustRun(t, nil, "verify", dir)
}
