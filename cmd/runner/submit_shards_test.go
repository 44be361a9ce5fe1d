package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSubmitRefusesOtherShards plays deploy/slurm/submit.sh over a RESULTS
// that already holds shards of another shard count or another config,
// complete or interrupted: every array task would wait in the queue only
// to exit 2 (--resume refuses them) and the merge be cancelled, so it
// stops before sbatch, naming the shard and what differs (a scale-out
// review). The same count and config are submitted. PACTSIM_SHARDS left
// in the environment with another count than -n is named.
func TestSubmitRefusesOtherShards(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{PartTasks: 1}.write(t, work)
	otherDir := filepath.Join(work, "other")
	if err := os.MkdirAll(otherDir, 0o755); err != nil {
		t.Fatal(err)
	}
	other := cfg{PartTasks: 1, Seed: 9}.write(t, otherDir)
	play := func(n, config, results string, env ...string) result {
		cmd := exec.Command("bash", submit, "-r", runnerBin, "-n", n, "-c", "1", config, results)
		cmd.Dir = work
		cmd.Env = append(append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH")), env...)
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	}
	submitted := func() bool {
		_, err := os.Stat(log)
		os.Remove(log)
		return err == nil
	}

	// PACTSIM_SHARDS left in the environment, of another count than -n:
	// named as such, not as a --shard the user never passed.
	r := play("3", config, filepath.Join(work, "env"), "PACTSIM_SHARDS=16")
	wantExit(t, r, 2, "PACTSIM_SHARDS=16 is set in the environment, and the shard count (-n) is 3")
	wantExit(t, play("16", config, filepath.Join(work, "env"), "PACTSIM_SHARDS=16"), 0)
	if !submitted() {
		t.Error("-n 16 with PACTSIM_SHARDS=16 was not submitted")
	}

	// Complete shards of 3.
	res := filepath.Join(work, "res")
	for i, d := range []string{"0/3", "1/3", "2/3"} {
		mustRun(t, nil, "run", config, "-o", filepath.Join(res, "shard-"+string(rune('0'+i))), "--shard", d, "-q")
	}
	// refusesOthers: submit.sh over res, whose shard is complete or begun
	// as one of 3, refuses count n and the other config, and submits the
	// same count and config.
	refusesOthers := func(res, shard, n string) {
		t.Helper()
		wantExit(t, play(n, config, res), 2, shard+" is a shard of 3", "-n "+n)
		wantExit(t, play("3", other, res), 2, shard+" was begun with another resolved config")
		if submitted() {
			t.Error("sbatch was called for a RESULTS of another count or config")
		}
		wantExit(t, play("3", config, res), 0)
		if !submitted() {
			t.Error("the same count and config were not submitted")
		}
	}
	refusesOthers(res, "shard-0", "2")

	// An interrupted shard 1 of 3 (no manifest, its journal).
	res2 := filepath.Join(work, "res2")
	r = runner(t, []string{"PACTSIM_TEST_SIGNAL_AFTER_PARTS=1:TERM"}, "run", config, "-o", filepath.Join(res2, "shard-1"), "--shard", "1/3", "-q")
	if r.code != 143 || exists(filepath.Join(res2, "shard-1", "manifest.json")) {
		t.Fatalf("the interrupted shard: %s", r)
	}
	refusesOthers(res2, "shard-1", "4")
}

// TestSubmitKeepsShardsRunnerSameVersionLine (a review, stop 49): a
// checkout modified before the first submission and edited again builds
// a runner whose version line is the same ("revision R (modified)"), as
// is one built under another GOAMD64. submit.sh compared only the version
// lines, replaced the runner that began the shards and submitted, so the
// unfinished shards resumed under other code, which neither resume nor
// merge can tell. It must compare the binaries: other bytes stop it
// before sbatch, keeping the old runner; the same bytes submit.
func TestSubmitKeepsShardsRunnerSameVersionLine(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	version := "pactsim engine 0.4.17, model 2.0, go1.26.8, revision aaaa (modified)"
	// runnerText is a stand-in runner that reports version and accepts
	// validate; code stands for what it was built from.
	runnerText := func(code string) string {
		return "#!/bin/sh\n# " + code + "\nif [ \"$1\" = version ]; then echo \"" + version + "\"; fi\nexit 0\n"
	}
	// The stand-in go writes, at -o, the runner of $CODE.
	writeExec(t, filepath.Join(bin, "go"), `#!/usr/bin/env bash
while [ $# -gt 0 ]; do if [ "$1" = -o ]; then out=$2; fi; shift; done
printf '#!/bin/sh\n# %s\nif [ "$1" = version ]; then echo "%s"; fi\nexit 0\n' "$CODE" "`+version+`" >"$out"
chmod +x "$out"
`)
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "res")
	for _, d := range []string{"bin", "shard-0"} {
		if err := os.MkdirAll(filepath.Join(results, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	oldRunner := runnerText("first edit")
	writeExec(t, filepath.Join(results, "bin", "runner"), oldRunner)
	play := func(code string) result {
		cmd := exec.Command("bash", submit, "-n", "2", config, results)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "CODE="+code)
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	}
	wantExit(t, play("second edit"), 2, "holds shards begun by", "other bytes", "pass -r "+filepath.Join(results, "bin", "runner"))
	if b, _ := os.ReadFile(filepath.Join(results, "bin", "runner")); string(b) != oldRunner {
		t.Error("submit.sh replaced the runner that began the shards with another of the same version line")
	}
	if exists(filepath.Join(results, "bin", ".runner.tmp")) || exists(log) {
		t.Error("submit.sh left a half-built runner or called sbatch")
	}
	wantExit(t, play("first edit"), 0)
	if !exists(log) {
		t.Error("with the same runner, submit.sh did not submit")
	}
}

// TestSubmitDashPaths (a review, stop 49): a RESULTS, CONFIG or -r RUNNER
// path that begins with '-' was read as an option by dirname, mkdir and
// cd, so submit.sh failed (exit 1, "dirname: invalid option") before
// anything was submitted. They are paths like any other: the shards and
// the merge are submitted, into RESULTS.
func TestSubmitDashPaths(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	if err := os.Rename(cfg{PartTasks: 1}.write(t, work), filepath.Join(work, "-exp.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(runnerBin, filepath.Join(work, "-runner")); err != nil {
		t.Fatal(err)
	}
	for _, results := range []string{"-res", "-made"} {
		if results == "-made" {
			if err := os.Mkdir(filepath.Join(work, results), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("bash", submit, "-r", "-runner", "-n", "2", "-c", "1", "--", "-exp.yaml", results)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		wantExit(t, result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}, 0)
		b, err := os.ReadFile(log)
		if err != nil {
			t.Fatalf("RESULTS %s: sbatch was not called", results)
		}
		os.Remove(log)
		abs := filepath.Join(work, results)
		if !bytes.Contains(b, []byte(abs+"/logs/shard-%a.out")) || !bytes.Contains(b, []byte(filepath.Join(work, "-exp.yaml")+" "+abs)) {
			t.Errorf("RESULTS %s: sbatch got\n%s\nwant the logs and shards under %s and the config %s", results, b, abs, filepath.Join(work, "-exp.yaml"))
		}
		if !exists(filepath.Join(abs, "logs")) {
			t.Errorf("RESULTS %s: no logs folder in it", results)
		}
	}
}

// TestSubmitOptionTwice (a review, stop 54): submit.sh took the last of
// an option given twice without a word, so -n 2 ... -n 3 submitted 3
// shards and -r A -r B ran B. It refuses each option with a value given
// twice, naming both values, before it makes RESULTS or calls sbatch, as
// the runner refuses its own flags given twice; the same options once
// are submitted.
func TestSubmitOptionTwice(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	res := filepath.Join(work, "res")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-n", "2", "-c", "1", "-n", "3"}, `-n given twice ("2", then "3")`},
		{[]string{"-n", "2", "-c", "1", "-c", "2"}, `-c given twice ("1", then "2")`},
		{[]string{"-r", runnerBin, "-n", "2", "-c", "1", "-r", runnerBin}, `-r given twice ("` + runnerBin + `", then "` + runnerBin + `")`},
		{[]string{"-n", "2", "-c", "1", "-m", "1", "-m", "2"}, `-m given twice ("1", then "2")`},
		{[]string{"-n", "2", "-c", "1", "-t", "1:00:00", "-t", "2:00:00"}, `-t given twice ("1:00:00", then "2:00:00")`},
		{[]string{"-n", "2", "-c", "1", "-p", "a", "-p", "b"}, `-p given twice ("a", then "b")`},
	} {
		r := runSubmit(work, bin, append(append([]string{submit}, tc.args...), config, res)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || !strings.Contains(r.stderr, "give it once") {
			t.Errorf("submit.sh %v: %s; want exit 2 saying %s", tc.args, r, tc.want)
		}
		if exists(log) || exists(res) {
			t.Errorf("submit.sh %v called sbatch or made %s", tc.args, res)
		}
	}
	if r := runSubmit(work, bin, submit, "-r", runnerBin, "-n", "2", "-c", "1", config, res); r.code != 0 || !exists(log) {
		t.Errorf("submit.sh with each option once: %s; want it submitted", r)
	}
}

// TestSubmitResultsNotAFolder (a review, stop 55): a RESULTS that is a
// file, lies below a file, or is a link to nothing passed every check and
// then failed in mkdir, exit 1 with mkdir's "Not a directory" (twice) or
// "File exists". It is bad usage: exit 2 naming the path in the way,
// before sbatch is called, and the file or link is left as it was.
func TestSubmitResultsNotAFolder(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	file := filepath.Join(work, "afile")
	if err := os.WriteFile(file, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(work, "dangling")
	if err := os.Symlink(filepath.Join(work, "nowhere"), link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ results, want string }{
		{file, file + " is there and is not a folder"},
		{filepath.Join(file, "sub"), file + " is there and is not a folder"},
		{link, link + " is a symbolic link to " + filepath.Join(work, "nowhere") + ", which is not there"},
		{filepath.Join(link, "sub"), link + " is a symbolic link to"},
	} {
		r := runSubmit(work, bin, submit, "-r", runnerBin, "-n", "2", "-c", "1", config, tc.results)
		wantExit(t, r, 2, tc.want)
		if strings.Contains(r.stderr, "mkdir") {
			t.Errorf("RESULTS %s: %s; want no mkdir error", tc.results, r)
		}
		if exists(log) {
			t.Errorf("RESULTS %s: sbatch was called", tc.results)
		}
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "mine\n" {
		t.Errorf("the file in RESULTS' way now holds %q (%v)", b, err)
	}
	if _, err := os.Lstat(filepath.Join(work, "nowhere")); err == nil {
		t.Errorf("the link's target was made")
	}
}

// TestSubmitEmptyOptionValue (a review, stop 55): an option given an
// empty value, as an unset variable gives (-r "$RUNNER", -m "$MAX"), was
// taken as the option left out: -r "" built a runner from the checkout
// instead of the one meant, -p "" submitted to the default partition and
// -m "" ran every shard at once, exit 0 without a word. Each is refused,
// exit 2 naming the option, before RESULTS is made or sbatch is called.
func TestSubmitEmptyOptionValue(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	config := cfg{}.write(t, work)
	res := filepath.Join(work, "res")
	for _, opt := range []string{"-n", "-c", "-t", "-p", "-r", "-m"} {
		args := []string{submit, "-r", runnerBin, "-n", "2", "-c", "1"}
		for i := 1; i < len(args); i += 2 {
			if args[i] == opt {
				args = append(args[:i], args[i+2:]...)
				break
			}
		}
		args = append(args, opt, "", config, res)
		r := runSubmit(work, bin, args...)
		wantExit(t, r, 2, opt+` "": an empty value`)
		if exists(log) || exists(res) {
			t.Errorf("submit.sh %s \"\" called sbatch or made %s", opt, res)
		}
	}
	if r := runSubmit(work, bin, submit, "-r", runnerBin, "-n", "2", "-c", "1", "-t", "1:00:00", "-p", "debug", "-m", "1", config, res); r.code != 0 || !exists(log) {
		t.Errorf("submit.sh with every option given a value: %s; want it submitted", r)
	}
	if b, err := os.ReadFile(log); err != nil || !bytes.Contains(b, []byte("--partition=debug")) || !bytes.Contains(b, []byte("--array=0-1%1")) {
		t.Errorf("sbatch got %q (%v); want the partition and the throttle", b, err)
	}
}

// TestSubmitEmptyPositional (a review, stop 55): submit.sh CONFIG
// "$RESULTS" with RESULTS unset made /logs at the root of the file system
// (as root; exit 1 there otherwise) and then took the working directory
// for RESULTS, since cd "" stays put. An empty CONFIG or RESULTS is
// refused, exit 2 naming it, before anything is made: a stand-in mkdir
// records any call, and makes nothing.
func TestSubmitEmptyPositional(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	made := filepath.Join(work, "mkdir-calls")
	writeExec(t, filepath.Join(bin, "mkdir"), "#!/usr/bin/env bash\necho \"$*\" >>"+made+"\nexit 1\n")
	config := cfg{}.write(t, work)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{config, ""}, "RESULTS is empty"},
		{[]string{"", filepath.Join(work, "res")}, "CONFIG is empty"},
	} {
		r := runSubmit(work, bin, append([]string{submit, "-r", runnerBin, "-n", "2", "-c", "1"}, tc.args...)...)
		wantExit(t, r, 2, tc.want)
		if b, err := os.ReadFile(made); err == nil {
			t.Errorf("submit.sh %q called mkdir %s", tc.args, b)
			os.Remove(made)
		}
		if exists(log) {
			t.Errorf("submit.sh %q called sbatch", tc.args)
		}
	}
}
