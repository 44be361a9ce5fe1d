package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSlurmSubsetFromZero: a re-run of some tasks of an N-shard array that
// starts at 0 (--array=0-1 of 4 shards) without PACTSIM_SHARDS is refused
// by pactsim-array.sbatch before it writes anything, naming the shard past
// the array, its count and PACTSIM_SHARDS, as --array=1,3 is, and so is
// one with PACTSIM_SHARDS=2; with PACTSIM_SHARDS=4 it runs shard 0/4. A
// review, stop 50: its tasks ran shards 0/2 and 1/2 into RESULTS/shard-0
// and shard-1, beside shards of 4, and only the merge refused them.
func TestSlurmSubsetFromZero(t *testing.T) {
	t.Parallel()
	script := arrayScript(t)
	work := t.TempDir()
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "results")
	for _, i := range []string{"2", "3"} {
		mustRun(t, nil, "run", config, "-o", filepath.Join(results, "shard-"+i), "--shard", i+"/4", "--quiet")
	}
	task := func(id, count int, env ...string) result {
		t.Helper()
		return runArrayTask(t, script, config, results, work, id, count, env...)
	}
	for id := range 2 {
		wantExit(t, task(id, 2), 2, filepath.Join(results, "shard-2"), "past the 2 shards of this array", "PACTSIM_SHARDS=4")
		// PACTSIM_SHARDS of the subset's size, not RESULTS' count, alike.
		wantExit(t, task(id, 2, "PACTSIM_SHARDS=2"), 2, "past the 2 shards of this array", "PACTSIM_SHARDS=4")
		if exists(filepath.Join(results, "shard-"+strconv.Itoa(id))) {
			t.Fatalf("a refused task made shard-%d", id)
		}
	}
	wantExit(t, task(0, 2, "PACTSIM_SHARDS=4"), 0, "shard 0/4 (from --shard)")
	// The whole array of 4 is no subset: it runs.
	wantExit(t, task(1, 4), 0, "shard 1/4 (from SLURM_ARRAY_TASK_ID)")
}

// TestSubmitThrottle: submit.sh -m K throttles the array
// (--array=0-(N-1)%K) and not the merge, and refuses --array among the
// sbatch arguments in its forms (--array=, --array X, a prefix, -a),
// before any sbatch call. A review, stop 50: `-- --array=0-3%2`, the
// README's throttle, went to the merge job too, which ran as an array of
// four merges, and -w said the merge had failed.
func TestSubmitThrottle(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	play := func(args ...string) result {
		return runSubmit(work, bin, append([]string{submit, "-r", runnerBin, "-n", "4", "-c", "1"}, args...)...)
	}
	for _, extra := range [][]string{{"--array=0-3%2"}, {"--array", "0-3%2"}, {"--arr=0-3%2"}, {"-a", "0-3%2"}, {"--qos=x", "-a0-3%2"}} {
		wantExit(t, play(append([]string{config, "res", "--"}, extra...)...), 2, "among the sbatch arguments", "pass -m K")
	}
	for _, m := range []string{"0", "02", "x", "-1"} {
		wantExit(t, play("-m", m, config, "res"), 2, "-m "+m)
	}
	if exists(log) {
		b, _ := os.ReadFile(log)
		t.Fatalf("sbatch called for a refused submission:\n%s", b)
	}
	wantExit(t, play("-m", "2", config, "res", "--", "--account=a"), 0)
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	calls := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(calls) != 2 || !strings.Contains(calls[0], "--array=0-3%2 ") || !strings.Contains(calls[0], "--account=a") ||
		strings.Contains(calls[1], "--array") || !strings.Contains(calls[1], "pactsim-merge.sbatch") || !strings.Contains(calls[1], "--account=a") {
		t.Errorf("sbatch calls:\n%s", b)
	}
}

// TestSubmitMergeKeepsItsDependency: a --dependency among submit.sh's
// sbatch arguments (for the array to wait on another job) goes to the
// array, and the merge still depends on the array: its own --dependency
// comes last, the one sbatch takes. A review, stop 50: the user's came
// last and replaced it, and the merge ran beside the shards.
func TestSubmitMergeKeepsItsDependency(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	for _, dep := range [][]string{{"--dependency=afterok:17"}, {"-d", "afterok:17"}} {
		if err := os.RemoveAll(log); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", append([]string{submit, "-r", runnerBin, "-n", "2", "-c", "1", config, "res", "--"}, dep...)...)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("submit.sh -- %v: %v\n%s", dep, err, out)
		}
		b, err := os.ReadFile(log)
		if err != nil {
			t.Fatal(err)
		}
		calls := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(calls) != 2 || !strings.Contains(calls[0], strings.Join(dep, " ")) {
			t.Fatalf("sbatch calls for %v:\n%s", dep, b)
		}
		merge := calls[1]
		last := strings.LastIndex(merge, "--dependency=afterok:4242 ")
		if last < 0 || last < strings.LastIndex(merge, strings.Join(dep, " ")) {
			t.Errorf("the merge's own dependency is not its last, for %v:\n%s", dep, merge)
		}
	}
}

// TestCleanEnvInArrayJob: the tests' environment for the runner and the
// scripts drops every SLURM_ARRAY_ and PACTSIM_ variable they read, so
// that go test run as a Slurm array task (SLURM_ARRAY_TASK_MAX and _STEP
// of its own array), or from a shell that exported PACTSIM_RUNNER or
// PACTSIM_ALLOW_LARGE, plays the arrays the tests set. A review, stop 50:
// five tests failed so (the arrays they play called not contiguous).
// Not parallel: t.Setenv.
func TestCleanEnvInArrayJob(t *testing.T) {
	leaked := map[string]string{
		"SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_JOB_ID": "9",
		"PACTSIM_RUNNER": "/nonexistent/runner", "PACTSIM_ALLOW_LARGE": "1", "PACTSIM_TEST_SIGNAL_AFTER_LOAD": "1",
	}
	for k, v := range leaked {
		t.Setenv(k, v)
	}
	for _, kv := range cleanEnv() {
		if k, _, _ := strings.Cut(kv, "="); leaked[k] != "" {
			t.Errorf("cleanEnv keeps %s", kv)
		}
	}
	config := cfg{}.write(t, t.TempDir())
	wantExit(t, runner(t, []string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=3"}, "validate", config), 0)
}

// TestSubmitKeepsExportAndLogs: --export among submit.sh's sbatch arguments
// would replace the --export=ALL that carries PACTSIM_RUNNER, PACTSIM_SHARDS
// and PACTSIM_ALLOW_LARGE to the jobs, and --output (--error) their logs'
// paths, where -w reads the merge's log; they are refused before sbatch, exit 2
// (a review, stop 50). An option that only begins like them (--open-mode,
// --export-file, --exclusive) still goes through.
func TestSubmitKeepsExportAndLogs(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	play := func(extra ...string) result {
		return runSubmit(work, bin, append([]string{submit, "-r", runnerBin, "-n", "2", "-c", "1", config, "res", "--"}, extra...)...)
	}
	for _, extra := range [][]string{{"--export=NONE"}, {"--export", "ALL,X=1"}} {
		wantExit(t, play(extra...), 2, "among the sbatch arguments", "PACTSIM_RUNNER")
	}
	for _, extra := range [][]string{{"--output=o.txt"}, {"--output", "o.txt"}, {"--out=o.txt"}, {"-o", "o.txt"}, {"-oo.txt"}, {"--error=e.txt"}, {"--er", "e.txt"}, {"-e", "e.txt"}} {
		wantExit(t, play(extra...), 2, "among the sbatch arguments", "logs")
	}
	if exists(log) {
		b, _ := os.ReadFile(log)
		t.Fatalf("sbatch called for a refused submission:\n%s", b)
	}
	wantExit(t, play("--open-mode=append", "--export-file=f", "--exclusive"), 0)
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if calls := strings.Split(strings.TrimSpace(string(b)), "\n"); len(calls) != 2 || !strings.Contains(calls[0], "--export=ALL") || !strings.Contains(calls[1], "--open-mode=append") {
		t.Errorf("sbatch calls:\n%s", b)
	}
}

// runSubmit runs bash with args (submit.sh and its arguments) in work,
// with the stand-in sbatch of bin first on the path.
func runSubmit(work, bin string, args ...string) result {
	cmd := exec.Command("bash", args...)
	cmd.Dir = work
	cmd.Env = append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
}

// TestSlurmSubsetRecordedCount (a review, stop 52): a re-run by hand of
// some tasks of a submit.sh array (--array=0-1 of 4) without
// PACTSIM_SHARDS, where no shard directory says the count yet, ran shards
// 0/2 and 1/2, which the merge of 4 then refused. submit.sh records its
// count in RESULTS/bin/shard-count, and pactsim-array.sbatch refuses
// another, before it writes anything; with PACTSIM_SHARDS=4, or as the
// whole array of 4, it runs.
func TestSlurmSubsetRecordedCount(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	fakeSbatch(t, work, bin)
	script := arrayScript(t)
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "results")
	wantExit(t, runSubmit(work, bin, submit, "-r", runnerBin, "-n", "4", "-c", "1", config, results), 0)
	task := func(id, count int, env ...string) result {
		t.Helper()
		return runArrayTask(t, script, config, results, work, id, count, env...)
	}
	for id := range 2 {
		wantExit(t, task(id, 2), 2, "submitted as 4 shards", "this array has 2", "PACTSIM_SHARDS=4")
		wantExit(t, task(id, 2, "PACTSIM_SHARDS=2"), 2, "submitted as 4 shards", "PACTSIM_SHARDS=4")
		if exists(filepath.Join(results, "shard-"+strconv.Itoa(id))) {
			t.Fatalf("a refused task made shard-%d", id)
		}
	}
	wantExit(t, task(0, 2, "PACTSIM_SHARDS=4"), 0, "shard 0/4 (from --shard)")
	wantExit(t, task(1, 4), 0, "shard 1/4 (from SLURM_ARRAY_TASK_ID)")
}

// TestSlurmArrayOtherCountWithin (a review, stop 55): an array of 8 run by
// hand over RESULTS holding shards of 4 (no submit.sh, so no
// bin/shard-count) had its tasks 0-3 refused by the runner and ran shards
// 4/8 to 7/8 to the end, which no merge takes beside those of 4: only a
// shard numbered past the array was checked. pactsim-array.sbatch refuses
// every task while RESULTS holds a shard of another count, naming it and
// its count, before the runner starts; a task of the array of 4 runs.
func TestSlurmArrayOtherCountWithin(t *testing.T) {
	t.Parallel()
	script := arrayScript(t)
	work := t.TempDir()
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "results")
	for _, i := range []string{"0", "1"} {
		mustRun(t, nil, "run", config, "-o", filepath.Join(results, "shard-"+i), "--shard", i+"/4", "--quiet")
	}
	task := func(id, count int) result {
		t.Helper()
		return runArrayTask(t, script, config, results, work, id, count)
	}
	for _, id := range []int{3, 6} {
		r := task(id, 8)
		wantExit(t, r, 2, filepath.Join(results, "shard-0")+", a shard of 4 shards", "this array has 8", "PACTSIM_SHARDS=4")
		if strings.Contains(r.stderr, "runner:") {
			t.Errorf("task %d of 8: the runner started: %s", id, r)
		}
		if exists(filepath.Join(results, "shard-"+strconv.Itoa(id))) {
			t.Errorf("a refused task made shard-%d", id)
		}
	}
	wantExit(t, task(2, 4), 0, "shard 2/4 (from SLURM_ARRAY_TASK_ID)")
}

// TestSlurmScriptsEmptyArguments (a review, stop 55): an empty CONFIG or
// RESULTS, as an unset variable gives, failed pactsim-array.sbatch in
// mkdir (exit 1, mkdir saying it cannot create the empty name, after it
// had looked for shards at the root, /shard-*), and pactsim-merge.sbatch
// took /shard-0 .. for the shards and /merged for its output. Both
// scripts refuse it, exit 2 naming the argument, before the runner
// starts (a stand-in runner that records any call).
func TestSlurmScriptsEmptyArguments(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm"))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	config := cfg{}.write(t, work)
	calls := filepath.Join(work, "calls")
	stand := filepath.Join(work, "stand-in")
	writeExec(t, stand, "#!/usr/bin/env bash\necho \"$*\" >>"+calls+"\n")
	for _, tc := range []struct {
		script string
		args   []string
		want   string
	}{
		{"pactsim-array.sbatch", []string{config, ""}, "RESULTS is empty"},
		{"pactsim-array.sbatch", []string{"", filepath.Join(work, "results")}, "CONFIG is empty"},
		{"pactsim-merge.sbatch", []string{"", "2"}, "RESULTS is empty"},
		{"pactsim-merge.sbatch", []string{""}, "RESULTS is empty"},
	} {
		cmd := exec.Command("bash", append([]string{filepath.Join(dir, tc.script)}, tc.args...)...)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "SLURM_SUBMIT_DIR="+work, "PACTSIM_RUNNER="+stand, "SLURM_CPUS_PER_TASK=1",
			"SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=1", "SLURM_ARRAY_TASK_COUNT=2")
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		wantExit(t, result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}, 2, tc.want)
		if b, err := os.ReadFile(calls); err == nil {
			t.Errorf("%s %q started the runner: %s", tc.script, tc.args, b)
			os.Remove(calls)
		}
	}
}

// arrayScript is the absolute path of pactsim-array.sbatch; the test is
// skipped where there is no bash.
func arrayScript(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm", "pactsim-array.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	return script
}

// runArrayTask runs the array script for CONFIG and RESULTS as task id of
// an array 0..count-1 submitted from work, with the test runner and env
// added to a clean environment.
func runArrayTask(t *testing.T, script, config, results, work string, id, count int, env ...string) result {
	t.Helper()
	cmd := exec.Command("bash", script, config, results)
	cmd.Dir = t.TempDir()
	cmd.Env = append(cleanEnv(), "SLURM_SUBMIT_DIR="+work, "PACTSIM_RUNNER="+runnerBin, "SLURM_CPUS_PER_TASK=1",
		"SLURM_ARRAY_TASK_ID="+strconv.Itoa(id), "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX="+strconv.Itoa(count-1),
		"SLURM_ARRAY_TASK_COUNT="+strconv.Itoa(count), "SLURM_ARRAY_TASK_STEP=1")
	cmd.Env = append(cmd.Env, env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
}
