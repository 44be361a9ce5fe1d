package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pactsim/agents/param"
	"pactsim/engine"
)

// TestConfigErrors: a bad config exits 2, names file:line and key, and
// creates no results directory; validate agrees.
func TestConfigErrors(t *testing.T) {
	t.Parallel()
	good := cfg{}.yaml()
	tests := []struct {
		name string
		text string // "" with missing: the file does not exist
		// want are substrings of stderr after "FILE"; line 0 means no line.
		line    int
		want    []string
		missing bool
	}{
		{name: "unknown key", text: good + "colour: red\n", line: 17, want: []string{"colour", "unknown key", "allowed here"}},
		{name: "unknown nested key", text: strings.Replace(good, "  plots:", "  colour: 1\n  plots:", 1), line: 15, want: []string{"output.colour", "unknown key"}},
		{name: "out of range", text: strings.Replace(good, "replicates: 11", "replicates: 0", 1), line: 3, want: []string{"replicates", "out of range", "allowed"}},
		{name: "param out of range", text: good + "params:\n  us.reliability: 1.5\n", line: 18, want: []string{"params.us.reliability", "1.5", "[0, 1]"}},
		{name: "sweep value out of range", text: strings.Replace(good, "[0.5, 0.8]", "[0.5, 1.8]", 1), line: 11, want: []string{"us.reliability", "1.8", "[0, 1]"}},
		{name: "wrong type", text: strings.Replace(good, "replicates: 11", "replicates: many", 1), line: 3, want: []string{"replicates", "integer", `"many"`}},
		{name: "negative seed", text: strings.Replace(good, "seed: 7", "seed: -1", 1), line: 2, want: []string{"seed", "out of range"}},
		// The NaN error names the value but not the key (see the report
		// on experiments.checkFinite).
		{name: "NaN", text: strings.Replace(good, "periods: 20", "periods: .nan", 1), line: 4, want: []string{".nan", "NaN"}},
		{name: "NaN param", text: good + "params:\n  us.reliability: .nan\n", line: 18, want: []string{"NaN"}},
		{name: "Inf", text: strings.Replace(good, "[0.5, 0.8]", "[0.5, .inf]", 1), line: 11, want: []string{"Inf"}},
		{name: "empty file", text: "", want: []string{"empty config"}},
		{name: "comment only", text: "# nothing\n", want: []string{"empty config"}},
		{name: "second document", text: good + "---\nname: other\n", line: 17, want: []string{"second YAML document"}},
		{name: "param in params and sweep", text: good + "params:\n  us.reliability: 0.5\n", want: []string{"us.reliability", "both in params and in sweep"}},
		{name: "unknown parameter", text: good + "params:\n  us.reliabilty: 0.5\n", line: 18, want: []string{"us.reliabilty"}},
		{name: "duplicate architecture", text: strings.Replace(good, "[none, hub_and_spokes, treaty, layered]", "[none, treaty, treaty]", 1), line: 5, want: []string{"architectures"}},
		{name: "bad YAML", text: "name: [unclosed\n", want: []string{"invalid YAML"}},
		{name: "missing file", missing: true, want: []string{"cannot read config"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "bad.yaml")
			if !tc.missing {
				if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "results")
			want := path
			if tc.line > 0 {
				want = path + ":" + strconv.Itoa(tc.line) + ":"
			}
			r := runner(t, nil, "run", path, "-o", out)
			wantExit(t, r, 2, append([]string{want}, tc.want...)...)
			if exists(out) {
				t.Errorf("a bad config created %s", out)
			}
			r = runner(t, nil, "validate", path)
			wantExit(t, r, 2, append([]string{want}, tc.want...)...)
		})
	}
}

// TestUsageErrors: bad flags, arguments and shard choices exit 2 before
// any work, and create nothing.
func TestUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := cfg{}.write(t, dir)
	out := filepath.Join(dir, "results")
	tests := []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"unknown flag", nil, []string{"run", config, "-o", out, "--bogus"}, []string{"unknown flag: --bogus", "run takes --allow-large, --force"}},
		// The flag meant, and the command's flags (hostile review, stop 25).
		{"unknown flag near one", nil, []string{"run", config, "-o", out, "--worker", "1"}, []string{"did you mean --workers?", "`runner run --help`"}},
		{"missing config", nil, []string{"run"}, []string{"accepts 1 arg"}},
		{"extra argument", nil, []string{"run", config, "other.yaml", "-o", out}, []string{"accepts 1 arg"}},
		{"unknown command", nil, []string{"rn", config}, []string{`unknown command "rn"`, `did you mean "run"`}},
		{"no command", nil, nil, []string{"no command given", "commands: analyze, calibrate, describe, merge, plot, run, validate, verify, version"}},
		{"bad flag value", nil, []string{"run", config, "-o", out, "--workers", "many"}, []string{"--workers"}},
		{"negative workers", nil, []string{"run", config, "-o", out, "--workers", "-1"}, []string{"--workers -1"}},
		{"shard out of range", nil, []string{"run", config, "-o", out, "--shard", "3/2"}, []string{`"3/2"`, "0 <= I < N"}},
		{"shard not I/N", nil, []string{"run", config, "-o", out, "--shard", "1"}, []string{`"1"`}},
		// pflag keeps the last of a repeated flag: another slice of the job
		// than the one first written, silently.
		{"shard twice", nil, []string{"run", config, "-o", out, "--shard", "0/2", "--shard", "1/2"}, []string{"--shard given twice", `"0/2", then "1/2"`}},
		// pflag reads -o= as the value "=" (hostile review, stop 25).
		{"out short form empty", nil, []string{"run", config, "-o="}, []string{"--out: empty value", "-o VALUE or --out=VALUE"}},
		{"shard given =", nil, []string{"run", config, "-o", out, "--shard=="}, []string{"--shard: empty value", "give --shard=VALUE"}},
		{"root unknown flag", nil, []string{"--bogus"}, []string{"runner takes -h/--help", "`runner --help`"}},
		{"one-dash long flag", nil, []string{"run", config, "-o", out, "-workers", "1"}, []string{"did you mean --workers?", "-o/--out"}},
		// Said once, without pflag's `invalid argument "..." for "-o,
		// --out" flag:` before it (a hostile review).
		// A duration of the right form too long to hold is out of range,
		// not of the wrong form (a hostile review).
		{"lock-wait too long", nil, []string{"run", config, "-o", out, "--lock-wait", "9999999h"}, []string{`--lock-wait "9999999h": out of range`, "at most 2562047h"}},
		{"lock-wait bad form", nil, []string{"run", config, "-o", out, "--lock-wait", ".h"}, []string{`--lock-wait ".h": want a duration such as 90s`}},
		{"out twice", nil, []string{"run", config, "-o", out, "-o", out + "2"}, []string{"runner: --out given twice"}},
		{"out empty after =, said once", nil, []string{"run", config, "-o="}, []string{"runner: --out: empty value"}},
		{"workers twice", nil, []string{"verify", dir, "--workers", "1", "--workers", "2"}, []string{"--workers given twice"}},
		// A boolean flag repeated with the other value: the last one won,
		// silently (a review, stop 50).
		{"tables both ways", nil, []string{"verify", dir, "--tables=false", "--tables"}, []string{"runner: --tables given twice (false, then true): give it once"}},
		{"force both ways", nil, []string{"run", config, "-o", out + "-forced", "--force", "--force=false"}, []string{"--force given twice (true, then false)"}},
		{"quiet both ways", nil, []string{"merge", "-o", out, dir, "-q", "--quiet=0"}, []string{"--quiet given twice (true, then false)"}},
		// An empty argument: "analyze DIR ''" would drop DIR's stored
		// analysis and recompute the config's.
		{"analyze empty analysis file", nil, []string{"analyze", dir, ""}, []string{"analyze: argument 2 is empty", "runner analyze DIR [ANALYSIS.yaml]"}},
		{"run empty config", nil, []string{"run", "", "-o", out}, []string{"run: argument 1 is empty"}},
		{"verify empty dir", nil, []string{"verify", " "}, []string{"verify: argument 1 is empty"}},
		{"merge empty dir", nil, []string{"merge", "-o", out, dir, ""}, []string{"merge: argument 2 is empty"}},
		{"shard empty", nil, []string{"run", config, "-o", out, "--shard", ""}, []string{"--shard: empty value", "I/N"}},
		{"shard zero count", nil, []string{"run", config, "-o", out, "--shard", "0/0"}, []string{`"0/0"`}},
		{"resume and force", nil, []string{"run", config, "-o", out, "--resume", "--force"}, []string{"--resume and --force"}},
		{"slurm id past count", []string{"SLURM_ARRAY_TASK_ID=5", "SLURM_ARRAY_TASK_COUNT=2"}, []string{"run", config, "-o", out}, []string{"SLURM_ARRAY_TASK_ID", "out of range"}},
		{"slurm without count", []string{"SLURM_ARRAY_TASK_ID=0"}, []string{"run", config, "-o", out}, []string{"SLURM_ARRAY_TASK_COUNT is not set"}},
		{"k8s without shards", []string{"JOB_COMPLETION_INDEX=1"}, []string{"run", config, "-o", out}, []string{"PACTSIM_SHARDS is not set"}},
		{"k8s bad shards", []string{"JOB_COMPLETION_INDEX=1", "PACTSIM_SHARDS=x"}, []string{"run", config, "-o", out}, []string{"PACTSIM_SHARDS"}},
		// A leading zero, which deploy/slurm/pactsim-array.sbatch refuses
		// (bash reads 08 as bad octal): the runner ran it as 4 (a review).
		{"k8s shards leading zero", []string{"JOB_COMPLETION_INDEX=1", "PACTSIM_SHARDS=04"}, []string{"run", config, "-o", out}, []string{`PACTSIM_SHARDS="04"`, "no leading zero"}},
		{"shard leading zero", nil, []string{"validate", config, "--shard", "1/04"}, []string{`"1/04"`, "no leading zero", "e.g. 0/4"}},
		// A space is refused as the scheduler's variables refuse one (a
		// review: "0/2 " was read as 0/2).
		{"shard trailing space", nil, []string{"validate", config, "--shard", "0/2 "}, []string{`"0/2 "`, "no space", "e.g. 0/4"}},
		{"shard leading space", nil, []string{"run", config, "-o", out, "--shard", " 0/2"}, []string{`" 0/2"`, "no space"}},
		{"slurm id spaced", []string{"SLURM_ARRAY_TASK_ID=1 ", "SLURM_ARRAY_TASK_COUNT=2"}, []string{"run", config, "-o", out}, []string{`SLURM_ARRAY_TASK_ID="1 "`, "no space"}},
		{"describe format", nil, []string{"describe", "--format", "xml"}, []string{`"xml"`, "md, json"}},
		// cobra's "unknown command" for a command that takes no argument
		// read as a mistyped subcommand (a hostile review).
		{"describe argument", nil, []string{"describe", "extra"}, []string{`describe: takes no arguments, received 1: "extra"`}},
		{"version argument", nil, []string{"version", "extra"}, []string{`version: takes no arguments, received 1: "extra"`}},
		// The words after -- are arguments: the error names them and says
		// why they were counted (a hostile review).
		{"flags after --", nil, []string{"run", config, "--", "-o", out}, []string{`accepts 1 arg(s), received 3: "` + config + `", "-o", "` + out + `"`, "the 2 words after -- are arguments, not flags", "give flags before it"}},
		{"argument after --", nil, []string{"describe", "--", "--format"}, []string{`received 1: "--format"`, "the word after -- is an argument, not a flag"}},
		{"merge without -o", nil, []string{"merge", dir}, []string{"-o OUT is required"}},
		{"merge with -o empty", nil, []string{"merge", "-o", "", dir}, []string{"merge: -o: empty path", "-o OUT is required"}},
		{"merge without dirs", nil, []string{"merge", "-o", out}, []string{"requires at least 1 arg"}},
		{"plot without dir", nil, []string{"plot"}, []string{"accepts 1 arg"}},
		{"help unknown topic", nil, []string{"help", "frob"}, []string{`unknown help topic "frob"`}},
		// cobra answers the root's --help before the root's Args check:
		// a mistyped command with --help printed the root help, exit 0.
		{"unknown command with --help", nil, []string{"calibrte", "--help"}, []string{`unknown command "calibrte"`, `did you mean "calibrate"`}},
		{"unknown command with -h", nil, []string{"-h", "sweep", config}, []string{`unknown command "sweep"`}},
		// cobra's completion command is not part of the command line.
		{"completion", nil, []string{"completion", "bash"}, []string{`unknown command "completion"`}},
		// Workers from a bad SLURM_CPUS_PER_TASK: an error naming it, not
		// a silent fall-back to every CPU of the node.
		{"slurm cpus not a number", []string{"SLURM_CPUS_PER_TASK=eight"}, []string{"run", config, "-o", out}, []string{`SLURM_CPUS_PER_TASK="eight"`, "positive integer", "--workers"}},
		{"slurm cpus zero", []string{"SLURM_CPUS_PER_TASK=0"}, []string{"validate", config}, []string{`SLURM_CPUS_PER_TASK="0"`, "positive integer"}},
		{"slurm cpus negative", []string{"SLURM_CPUS_PER_TASK=-4"}, []string{"calibrate", config, "-o", out}, []string{`SLURM_CPUS_PER_TASK="-4"`}},
		{"calibrate in a slurm array", []string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=4"}, []string{"calibrate", config, "-o", out}, []string{"SLURM_ARRAY_TASK_ID says this is task 1 of a job array of 4", "not sharded"}},
		// An unreadable array index is refused as run refuses it (a
		// hostile review, stop 37: calibrate ran on).
		{"calibrate with a bad slurm array index", []string{"SLURM_ARRAY_TASK_ID=abc"}, []string{"calibrate", config, "-o", out}, []string{`SLURM_ARRAY_TASK_ID="abc"`, "not written as a shard number"}},
		{"calibrate in an indexed job", []string{"JOB_COMPLETION_INDEX=0", "PACTSIM_SHARDS=2"}, []string{"calibrate", config, "-o", out}, []string{"JOB_COMPLETION_INDEX says this is task 0", "not sharded"}},
		{"slurm cpus for verify", []string{"SLURM_CPUS_PER_TASK=x"}, []string{"verify", dir}, []string{`SLURM_CPUS_PER_TASK="x"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := runner(t, tc.env, tc.args...)
			wantExit(t, r, 2, tc.want...)
			if !strings.HasPrefix(r.stderr, "runner: ") {
				t.Errorf("stderr does not start with \"runner: \": %q", r.stderr)
			}
			if exists(out) {
				t.Fatalf("%s was created", out)
			}
		})
	}
}

// TestBoolFlagRepeated: a boolean flag given twice with one value is
// taken as given once (a review, stop 50, refuses only the contradiction).
func TestBoolFlagRepeated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := cfg{}.write(t, dir)
	wantExit(t, runner(t, nil, "validate", config, "--allow-large", "--allow-large=true"), 0)
}

// TestExistingDir: the directory rules (tested in package experiments)
// reach the user as exit 2 with a message that says what to do, and a
// refused directory is left as it was.
func TestExistingDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := cfg{}.write(t, dir)

	// A user's directory: refused without and with --force, untouched.
	mine := filepath.Join(dir, "mine")
	if err := os.MkdirAll(filepath.Join(mine, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := listFiles(t, mine)
	wantExit(t, runner(t, nil, "run", config, "-o", mine), 2, mine, "pactsim did not write it", "choose another directory")
	wantExit(t, runner(t, nil, "run", config, "-o", mine, "--force"), 2, mine, "refusing")
	wantExit(t, runner(t, nil, "run", config, "-o", mine, "--resume"), 2, mine, "not a pactsim results directory")
	if got := listFiles(t, mine); !slices.Equal(got, before) {
		t.Fatalf("refused directory changed: %v, was %v", got, before)
	}
	if exists(filepath.Join(mine, ".lock")) {
		t.Error("a refused directory got a lock file")
	}

	// A foreign config.yaml is not pactsim's: --force refuses it.
	foreign := filepath.Join(dir, "foreign")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"config.yaml": "name: mine\n", "thesis.tex": "precious"} {
		if err := os.WriteFile(filepath.Join(foreign, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantExit(t, runner(t, nil, "run", config, "-o", foreign, "--force"), 2, "config.yaml is not a pactsim config", "refusing")
	if !exists(filepath.Join(foreign, "thesis.tex")) {
		t.Fatal("--force deleted a foreign directory")
	}

	// A results directory: refused without --force; --force replaces it.
	out := filepath.Join(dir, "out")
	mustRun(t, nil, "run", config, "-o", out, "-q")
	// Refused before the estimate: nothing announces that it is written.
	// So are a --resume with another config, of the complete directory
	// and of an unfinished one, and one with another --shard.
	other := cfg{Seed: 8}.write(t, t.TempDir())
	unfinished := filepath.Join(dir, "unfinished")
	r := runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_PARTS=1:KILL"}, "run", config, "-o", unfinished, "--shard", "0/2", "-q")
	if r.code == 0 {
		t.Fatalf("the test hook did not stop the run:\n%s", r.stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", config, "-o", out}, "not empty"},
		{[]string{"run", other, "-o", out, "--resume"}, "seed: 7 -> 8"},
		{[]string{"run", other, "-o", unfinished, "--resume", "--shard", "0/2"}, "seed: 7 -> 8"},
		{[]string{"run", config, "-o", unfinished, "--resume"}, "begun as shard 0/2"},
	} {
		r := runner(t, nil, tc.args...)
		wantExit(t, r, 2, tc.want)
		if strings.Contains(r.stderr, "writing") || strings.Contains(r.stderr, "estimated") {
			t.Errorf("%v: a refused directory was announced as being written:\n%s", tc.args, r.stderr)
		}
	}
	mustRun(t, nil, "run", config, "-o", out, "--force", "-q")
	sameFiles(t, reference(t, cfg{}), out)

	// DIR is a regular file.
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantExit(t, runner(t, nil, "run", config, "-o", file, "-q"), 2, file, "not a directory")
}

// TestDescribe: both formats list every registered parameter.
func TestDescribe(t *testing.T) {
	t.Parallel()
	all := param.All()
	if len(all) == 0 {
		t.Fatal("no parameters registered")
	}

	r := mustRun(t, nil, "describe", "--format", "json")
	var rows []struct {
		Name, Type, Description, Source string
		Default, Min, Max               float64
	}
	jsonDecode(t, r.stdout, &rows)
	names := map[string]bool{}
	for _, row := range rows {
		names[row.Name] = true
		if row.Description == "" || row.Type == "" {
			t.Errorf("%s: empty description or type", row.Name)
		}
		if row.Min > row.Default || row.Default > row.Max {
			t.Errorf("%s: default %g outside [%g, %g]", row.Name, row.Default, row.Min, row.Max)
		}
	}
	if len(rows) != len(all) {
		t.Errorf("json has %d rows, the registry %d parameters", len(rows), len(all))
	}
	// A default copied from describe is the default, bit for bit (hostile
	// review, stop 30: rounded to 12 digits, a calibrated default copied
	// into a sweep was not the default); so are the allowed bounds.
	for i, row := range rows {
		if i < len(all) && (row.Default != all[i].Default || row.Min != all[i].Min || row.Max != all[i].Max) {
			t.Errorf("%s: describe gives default %v in [%v, %v], the registry %v in [%v, %v]", row.Name, row.Default, row.Min, row.Max, all[i].Default, all[i].Min, all[i].Max)
		}
	}
	for _, p := range all {
		if !names[p.Name] {
			t.Errorf("json lacks %s", p.Name)
		}
	}
	for _, n := range []string{"us.reliability", "adversary.resolve", "mechanisms.treaty.visibility"} {
		if !names[n] {
			t.Errorf("json lacks %s", n)
		}
	}

	// Clean numbers (issue 10, point 11): no floating-point noise such as
	// 0.5599999999999999 in either format.
	noise := regexp.MustCompile(`[0-9]\.[0-9]*(99999|00000)[0-9]`)
	if m := noise.FindString(r.stdout); m != "" {
		t.Errorf("describe --format json prints %s", m)
	}
	for _, args := range [][]string{{"describe"}, {"describe", "--format", "md"}} {
		r := mustRun(t, nil, args...)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if !strings.HasPrefix(lines[0], "| parameter |") {
			t.Errorf("%v: header %q", args, lines[0])
		}
		if len(lines) != len(all)+2 {
			t.Errorf("%v: %d lines for %d parameters", args, len(lines), len(all))
		}
		for _, p := range all {
			// The symbol, as the json format and docs/model.md sec. 14.1
			// give it, follows the name.
			if !strings.Contains(r.stdout, "| `"+p.Name+"` | "+p.Symbol+" |") {
				t.Errorf("%v lacks %s with its symbol %q", args, p.Name, p.Symbol)
			}
		}
		if m := noise.FindString(r.stdout); m != "" {
			t.Errorf("%v prints %s", args, m)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := mustRun(t, nil, "version")
	for _, s := range []string{"pactsim engine " + engine.Version, "model " + engine.ModelVersion, "go1."} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("version output lacks %q: %q", s, r.stdout)
		}
	}
	if r.stderr != "" {
		t.Errorf("version wrote to stderr: %q", r.stderr)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := mustRun(t, nil, "validate", cfg{}.write(t, dir))
	for _, s := range []string{"is valid: runner-test", "points         2", "replicates     11", "tasks          22", "runs rows      88", "swept          us.reliability", "config sha256",
		"parts          5 (10 files)", "estimate       estimated ", "within every limit"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("validate output lacks %q:\n%s", s, r.stdout)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("validate wrote files: %v", entries)
	}
	// The shipped configs validate.
	for _, f := range []string{"quick.yaml", "treaty-vs-layered.yaml", "reliability-autonomy.yaml"} {
		mustRun(t, nil, "validate", filepath.Join("..", "..", "experiments", f))
	}
}

// TestPlot: plot redraws the plots and report of a results directory into
// the bytes the run drew; a directory that is not a results directory is
// refused with exit 2 and the reason.
func TestPlot(t *testing.T) {
	t.Parallel()
	ref := reference(t, cfg{Plots: true})
	dir := filepath.Join(t.TempDir(), "out")
	copyDir(t, ref, dir)
	if err := os.RemoveAll(filepath.Join(dir, "plots")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "report.html")); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, nil, "plot", dir)
	if !strings.Contains(r.stdout, filepath.Join(dir, "report.html")) {
		t.Errorf("plot stdout: %q", r.stdout)
	}
	sameFiles(t, ref, dir)

	empty := t.TempDir()
	wantExit(t, runner(t, nil, "plot", empty), 2, empty, "not a pactsim results directory", "empty")
	mine := t.TempDir()
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	wantExit(t, runner(t, nil, "plot", mine), 2, "not a pactsim results directory")
	wantExit(t, runner(t, nil, "plot", filepath.Join(mine, "missing")), 2, "does not exist")
}

// TestEmptyOut: -o "" (an unset shell variable, say) is a usage error, not
// the default results/NAME, and nothing is written, not even results/.
func TestEmptyOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	config := cfg{}.write(t, dir)
	for _, args := range [][]string{{"run", config, "-o", ""}, {"run", config, "--out="}, {"validate", config, "-o", ""}, {"calibrate", config, "-o", ""}} {
		cmd := exec.Command(runnerBin, args...)
		cmd.Dir = dir
		cmd.Env = cleanEnv()
		var se strings.Builder
		cmd.Stderr = &se
		_ = cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(se.String(), "-o: empty path") {
			t.Errorf("runner %v: exit %d, stderr %q; want exit 2 naming the empty -o", args, code, se.String())
		}
		if exists(filepath.Join(dir, "results")) {
			t.Fatalf("runner %v created results/", args)
		}
	}
}

// TestHelpHasNoCompletion: the root help lists the documented commands
// only; cobra's default completion command is turned off.
func TestHelpHasNoCompletion(t *testing.T) {
	t.Parallel()
	r := mustRun(t, nil, "--help")
	if strings.Contains(r.stdout, "completion") {
		t.Errorf("the help lists cobra's completion command:\n%s", r.stdout)
	}
	for _, c := range []string{"run", "validate", "verify", "merge"} {
		if !strings.Contains(r.stdout, "\n  "+c+" ") {
			t.Errorf("the help does not list %s:\n%s", c, r.stdout)
		}
	}
}

// TestIgnoredKeyNote: a key the config's decoder accepts but ignores
// (samples beside design: grid, as in the results contract's example) is
// named on the terminal by validate and run, with its file and line, and
// not by run -q.
func TestIgnoredKeyNote(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeText(t, dir, "g.yaml", "name: g\nseed: 1\nreplicates: 1\nperiods: 2\narchitectures: [none]\nsweep:\n  design: grid\n  samples: 64\n  parameters:\n    us.reliability: [0.3, 0.5]\noutput:\n  formats: [parquet]\n  plots: false\n")
	want := "runner: note: " + cfg + ":8: sweep.samples: ignored: design grid"
	if r := mustRun(t, nil, "validate", cfg); !strings.Contains(r.stderr, want) {
		t.Errorf("validate: stderr %q lacks %q", r.stderr, want)
	}
	if r := mustRun(t, nil, "run", cfg, "-o", filepath.Join(dir, "out")); !strings.Contains(r.stderr, want) {
		t.Errorf("run: stderr %q lacks %q", r.stderr, want)
	}
	if r := mustRun(t, nil, "run", cfg, "-o", filepath.Join(dir, "quiet"), "-q"); strings.Contains(r.stderr, "note") {
		t.Errorf("run -q: stderr %q", r.stderr)
	}
	// The flag's help says so: -q hides a note that a mechanism never
	// exists as well as the progress bar (a referee at the model's edges
	// ran 520 configs with -q and saw none), and validate still shows them.
	if r := mustRun(t, nil, "run", "--help"); !strings.Contains(r.stdout+r.stderr, "no notes on the config (runner validate CONFIG prints them)") {
		t.Errorf("run --help: %q lacks what -q hides", r.stdout)
	}
}

// TestFlagValueMessages: a flag value its parser refuses is named with what
// the flag takes, not Go's parser (a hostile review, stop 33:
// "strconv.ParseInt: parsing "abc": invalid syntax"), with exit 2.
func TestFlagValueMessages(t *testing.T) {
	t.Run("leading zero is decimal", func(t *testing.T) {
		t.Parallel()
		r := mustRun(t, nil, "validate", filepath.Join("..", "..", "experiments", "quick.yaml"), "--workers", "010")
		if !strings.Contains(r.stdout, "on 10 workers") {
			t.Errorf("--workers 010: stdout %q lacks %q", r.stdout, "on 10 workers")
		}
	})
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "x.yaml", "--workers", "abc"}, `--workers "abc": want an integer`},
		{[]string{"run", "x.yaml", "--workers", "99999999999999999999"}, `--workers "99999999999999999999": out of range (want an integer)`},
		// Digits that overflow before a character that is not one: no
		// integer, not one out of range (a review, stop 51).
		{[]string{"run", "x.yaml", "--workers", "99999999999999999999x"}, `--workers "99999999999999999999x": want an integer`},
		{[]string{"run", "x.yaml", "--workers", "-99999999999999999999"}, `--workers "-99999999999999999999": out of range (want an integer)`},
		// Base 10 only: pflag's int flags read 0x10 as 16 and 010 as 8
		// (a hostile review, stop 38).
		{[]string{"run", "x.yaml", "--workers", "0x10"}, `--workers "0x10": want an integer`},
		{[]string{"verify", "x", "--workers", "0o7"}, `--workers "0o7": want an integer`},
		{[]string{"validate", "x.yaml", "--workers", "1_0"}, `--workers "1_0": want an integer`},
		{[]string{"run", "x.yaml", "--lock-wait", "abc"}, `--lock-wait "abc": want a duration such as 90s, 10m or 1h30m`},
		{[]string{"verify", "x", "--tables=maybe"}, `--tables "maybe": want true or false`},
		// A control character in -o (a hostile review, stop 33).
		{[]string{"run", "x.yaml", "-o", "a\nb"}, `run: -o "a\nb": the path holds a control character`},
		{[]string{"merge", "-o", "a\tb", "x"}, `merge: -o "a\tb": the path holds a control character`},
	} {
		r := runner(t, nil, tc.args...)
		wantExit(t, r, 2, tc.want)
		if strings.Contains(r.stderr, "strconv") || strings.Contains(r.stderr, "time: invalid") {
			t.Errorf("%v: Go's parser named: %q", tc.args, r.stderr)
		}
	}
}

// TestConfigNameControlQuoted: a config path holding a control character
// (here an ESC, which would colour the terminal) is printed quoted in
// run's and validate's messages, as -o paths are, not raw (a review:
// `cfg\x1b[31mred.yaml:5: …`).
func TestConfigNameControlQuoted(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	good := filepath.Join(base, "ok\x1b[31m.yaml")
	if err := os.WriteFile(good, []byte(cfg{Reps: 2}.yaml()), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(base, "bad\x1b[31m.yaml")
	if err := os.WriteFile(bad, []byte(strings.Replace(cfg{Reps: 2}.yaml(), "replicates: 2", "replicates: -2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"validate", "run"} {
		r := runner(t, nil, cmd, bad, "-o", filepath.Join(base, "out"))
		wantExit(t, r, 2, strconv.Quote(bad)+":3: replicates:")
		if strings.Contains(r.stderr, "\x1b") {
			t.Errorf("%s: stderr holds a raw ESC: %q", cmd, r.stderr)
		}
	}
	r := mustRun(t, nil, "validate", good)
	if !strings.Contains(r.stdout, "config "+strconv.Quote(good)+" is valid") || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("validate stdout:\n%q", r.stdout)
	}
}

// TestErrorsTerminalSafe: an error's control characters (but newline and
// tab) and bytes that are not UTF-8 are printed escaped: an error may
// quote what a file holds, a forged part's column name, and an ESC there
// drove the terminal (a hostile review, stop 41: a name that erased the
// line and printed "OK!!").
func TestErrorsTerminalSafe(t *testing.T) {
	t.Parallel()
	if got, want := terminalSafe("a\x1b[2K\rb\nc\td\xff\u2028é"), `a\x1b[2K\rb`+"\nc\td"+`\xff\u2028é`; got != want {
		t.Errorf("terminalSafe = %q, want %q", got, want)
	}
	dir := filepath.Join(t.TempDir(), "x\x1b[2K\rOK!!")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := runner(t, nil, "verify", dir)
	if r.code != 2 || strings.ContainsAny(r.stderr, "\x1b\r") || !strings.Contains(r.stderr, `x\x1b[2K\rOK!!`) {
		t.Errorf("verify of a folder named with an ESC: exit %d, stderr %q; want 2 and the name escaped", r.code, r.stderr)
	}
}

// An empty command word (runner "$CMD" with CMD unset) is refused without
// a suggestion: every command name has "" as a prefix, and cobra's
// suggestions offered analyze (a hostile review).
func TestEmptyCommandWord(t *testing.T) {
	t.Parallel()
	r := runner(t, nil, "")
	wantExit(t, r, 2, `unknown command ""`)
	if strings.Contains(r.stderr, "did you mean") {
		t.Errorf("a suggestion for an empty command word:\n%s", r.stderr)
	}
}

// TestHelpNamesWhatIsWritten: each command's help lists what it writes as
// the README's "What a results directory holds" does (a review, stop 48:
// run's left out an ablation's contributions and break-even tables,
// calibrate's its figures and report, and analyze's said every default of
// the stored analysis.yaml is written out, though peel_to_min_mass is only
// when true; and a review, stop 50: analyze's said ANALYSIS.yaml's only
// key is analysis, though the section's own keys at the top are read too,
// as the README says, "with or without its analysis: key"; and merge's
// named neither the analyses nor an ablation's tables, which it writes as
// a run does; and a review, stop 51: run's and merge's named the figures
// and report.html, which a config of output.plots false does not get, and
// verify's said it writes a calibration's tables and calibrated.yaml
// again, which it does in memory only; and validate's -o gave
// results/NAME as its default, where a calibration config's is
// calibrate's, results/NAME-calibration).
func TestHelpNamesWhatIsWritten(t *testing.T) {
	t.Parallel()
	for cmd, want := range map[string][]string{
		"run":       {"contributions and break-even tables", "plots and report.html (unless\noutput.plots is false)"},
		"merge":     {"(and\nboth by treaty formation)", "the analyses of the config's\nanalysis section", "contributions and break-even tables", "plots and report (unless output.plots is false)"},
		"verify":    {"in memory, and compares them: verify writes nothing in DIR"},
		"validate":  {"(default results/NAME, or results/NAME-calibration for a config with a calibration section, as for calibrate)"},
		"calibrate": {"the figures and report.html (unless output.plots is\nfalse)"},
		"analyze":   {"but peel_to_min_mass, written only when true", "or the section's own keys, quantities,\nsensitivity and discovery, at its top"},
	} {
		r := mustRun(t, nil, cmd, "--help")
		for _, w := range want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%s --help lacks %q:\n%s", cmd, w, r.stdout)
			}
		}
	}
}

// TestOutTilde: an -o that begins with ~, which the shell left unexpanded
// (--out=~/r, or quoted), is a usage error naming the way out, and no
// folder named ~ is made in the working directory (a review, stop 50:
// run, calibrate and merge made ./~/r, which `rm -rf ~` would then remove
// the home folder to clean up).
func TestOutTilde(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	config := cfg{}.write(t, work)
	for _, args := range [][]string{
		{"run", config, "--out=~/r"},
		{"run", config, "-o", "~"},
		{"calibrate", config, "--out=~/c"},
		{"validate", config, "--out=~/v"},
		{"merge", "--out=~/m", work},
	} {
		cmd := exec.Command(runnerBin, args...)
		cmd.Env, cmd.Dir = cleanEnv(), work
		var se bytes.Buffer
		cmd.Stderr = &se
		err := cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(se.String(), "which the shell did not expand") || !strings.Contains(se.String(), "or ./~") {
			t.Errorf("runner %v: want exit 2 saying ~ was not expanded, got exit %d (%v)\n%s", args, code, err, se.String())
		}
		if exists(filepath.Join(work, "~")) {
			t.Fatalf("runner %v made a folder named ~ in the working directory", args)
		}
	}
}
