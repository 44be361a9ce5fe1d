package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strconv"
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
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm", "pactsim-array.sbatch"))
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "results")
	for _, i := range []string{"2", "3"} {
		mustRun(t, nil, "run", config, "-o", filepath.Join(results, "shard-"+i), "--shard", i+"/4", "--quiet")
	}
	task := func(id, count int, env ...string) result {
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
