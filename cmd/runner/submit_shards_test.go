package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
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
	log := filepath.Join(work, "sbatch.log")
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte("#!/usr/bin/env bash\necho \"$*\" >>"+log+"\necho 4242\n"), 0o755); err != nil {
		t.Fatal(err)
	}
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
