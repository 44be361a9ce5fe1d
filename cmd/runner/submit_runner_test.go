package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSubmitChecksGivenRunner (a review, stop 51): submit.sh -r RUNNER is
// checked before RESULTS is made or anything submitted. A missing runner
// was named without its folder ("runner /runner is not executable", after
// bash's own cd error) and left RESULTS/bin and RESULTS/logs behind; a
// folder failed with bash's "Is a directory", exit 126; and a program that
// is not a pactsim runner (one that exits 0, as true does) passed the
// config check, which printed nothing, and the array and merge were
// submitted with it. Each is exit 2, naming -r and the path given.
func TestSubmitChecksGivenRunner(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	other := filepath.Join(work, "other")
	writeExec(t, other, "#!/usr/bin/env bash\nexit 0\n")
	for _, r := range []string{filepath.Join(work, "nowhere", "runner"), filepath.Join(work, "runner-missing"), work, other} {
		wantExit(t, runSubmit(work, bin, submit, "-r", r, "-n", "2", "-c", "1", config, "res"), 2, "-r "+r)
		if exists(filepath.Join(work, "res")) {
			t.Fatalf("-r %s: RESULTS was made for a refused submission", r)
		}
	}
	if exists(log) {
		b, _ := os.ReadFile(log)
		t.Fatalf("sbatch called for a refused submission:\n%s", b)
	}
	wantExit(t, runSubmit(work, bin, submit, "-r", runnerBin, "-n", "2", "-c", "1", config, "res"), 0)
}

// TestSubmitGivenRunnerKeepsShardsRunner (a review, stop 51): submit.sh -r
// RUNNER over a RESULTS whose shards were begun by RESULTS/bin/runner (a
// submission that built it) is the rebuild that submit.sh refuses,
// brought in by hand: another runner with the same version line
// ("revision R (modified)") was submitted, and the unfinished shards
// resumed under other code, which neither resume nor merge can tell. It
// stops before sbatch, as a build does; -r RESULTS/bin/runner, or a copy
// of it, submits.
func TestSubmitGivenRunnerKeepsShardsRunner(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	version := "pactsim engine 0.4.17, model 2.0, go1.26.8, revision aaaa (modified)"
	runnerText := func(code string) string {
		return "#!/bin/sh\n# " + code + "\nif [ \"$1\" = version ]; then echo \"" + version + "\"; fi\nexit 0\n"
	}
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "res")
	for _, d := range []string{"bin", "shard-0"} {
		if err := os.MkdirAll(filepath.Join(results, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	began := filepath.Join(results, "bin", "runner")
	writeExec(t, began, runnerText("first edit"))
	other, same := filepath.Join(work, "other"), filepath.Join(work, "same")
	writeExec(t, other, runnerText("second edit"))
	writeExec(t, same, runnerText("first edit"))
	wantExit(t, runSubmit(work, bin, submit, "-r", other, "-n", "2", config, results), 2, "holds shards begun by", "-r "+other, "pass -r "+began)
	if exists(log) {
		b, _ := os.ReadFile(log)
		t.Fatalf("sbatch called for a refused submission:\n%s", b)
	}
	for _, r := range []string{began, same} {
		wantExit(t, runSubmit(work, bin, submit, "-r", r, "-n", "2", config, results), 0)
		if !exists(log) {
			t.Fatalf("-r %s: the runner that began the shards was not submitted", r)
		}
		os.Remove(log)
	}
}

// TestSubmitRecordsGivenRunner (a review, stop 52): submit.sh -r RUNNER
// copies the runner into RESULTS/bin/runner, which the jobs run and a
// later submission is checked against. A submission with -r alone left no
// RESULTS/bin/runner, so a second one with -r another runner of the same
// version line ("revision R (modified)", other bytes), or one without -r
// (a build from a checkout edited since), was submitted, and the shards
// the first began resumed under other code. Both now stop before sbatch;
// the first runner submits again.
func TestSubmitRecordsGivenRunner(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	version := "pactsim engine 0.4.17, model 2.0, go1.26.8, revision aaaa (modified)"
	runnerText := func(code string) string {
		return "#!/bin/sh\n# " + code + "\nif [ \"$1\" = version ]; then echo \"" + version + "\"; fi\nexit 0\n"
	}
	// The stand-in go "builds" the second edit's runner at -o.
	writeExec(t, filepath.Join(bin, "go"), "#!/usr/bin/env bash\nwhile [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then out=$2; fi; shift; done\n"+
		"cat >\"$out\" <<'END'\n"+runnerText("second edit")+"END\nchmod +x \"$out\"\n")
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "res")
	first, other := filepath.Join(work, "first"), filepath.Join(work, "other")
	writeExec(t, first, runnerText("first edit"))
	writeExec(t, other, runnerText("second edit"))
	wantExit(t, runSubmit(work, bin, submit, "-r", first, "-n", "2", config, results), 0)
	if b, err := os.ReadFile(filepath.Join(results, "bin", "runner")); err != nil || string(b) != runnerText("first edit") {
		t.Fatalf("-r %s left no copy of itself in RESULTS/bin/runner (%v)", first, err)
	}
	if exists(filepath.Join(results, "bin", ".runner.tmp")) {
		t.Fatal("a half-copied runner was left behind")
	}
	os.Remove(log)
	// Array task 0 began its shard.
	if err := os.MkdirAll(filepath.Join(results, "shard-0"), 0o755); err != nil {
		t.Fatal(err)
	}
	began := filepath.Join(results, "bin", "runner")
	wantExit(t, runSubmit(work, bin, submit, "-r", other, "-n", "2", config, results), 2, "holds shards begun by", "pass -r "+began)
	wantExit(t, runSubmit(work, bin, submit, "-n", "2", config, results), 2, "holds shards begun by", "pass -r "+began)
	if exists(log) {
		b, _ := os.ReadFile(log)
		t.Fatalf("sbatch called for a refused submission:\n%s", b)
	}
	if b, _ := os.ReadFile(began); string(b) != runnerText("first edit") {
		t.Fatal("a refused submission replaced the runner that began the shards")
	}
	for _, r := range []string{first, began} {
		wantExit(t, runSubmit(work, bin, submit, "-r", r, "-n", "2", config, results), 0)
		if !exists(log) {
			t.Fatalf("-r %s: the runner that began the shards was not submitted", r)
		}
		os.Remove(log)
	}
}

// TestSubmitWithoutGoLeavesNothing (a review, stop 52): submit.sh without
// -r and without go on the path stops (exit 2, saying to install Go or
// pass -r) before it makes RESULTS; it left RESULTS/bin and RESULTS/logs
// behind, as a refused -r did before stop 51.
func TestSubmitWithoutGoLeavesNothing(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	path := bin + string(os.PathListSeparator) + "/usr/bin" + string(os.PathListSeparator) + "/bin"
	cmd := exec.Command("bash", "-c", "command -v go")
	cmd.Env = []string{"PATH=" + path}
	if cmd.Run() == nil {
		t.Skip("go is in /usr/bin or /bin")
	}
	config := cfg{}.write(t, work)
	cmd = exec.Command("bash", submit, "-n", "2", config, "res")
	cmd.Dir = work
	cmd.Env = append(cleanEnv(), "PATH="+path)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	wantExit(t, result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}, 2, "go not found", "-r")
	if exists(filepath.Join(work, "res")) {
		t.Error("RESULTS was made for a refused submission")
	}
	if exists(log) {
		t.Error("sbatch called for a refused submission")
	}
}
