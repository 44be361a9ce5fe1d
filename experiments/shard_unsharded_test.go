package experiments

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestResolveUnsharded: ResolveUnsharded resolves the scheduler's
// variables as ResolveShard does without --shard (the same shard, an error
// where it errs), and its errors offer no way out that only a sharded
// command takes: --shard I/N, a contiguous Slurm array, a PACTSIM_SHARDS
// that agrees. Its wording is that of the old runner calibrate, which cut
// those tips out of ResolveShard's text with a regular expression and a
// replacer (a code review, stop 47: at the wrong depth, and silent when a
// message changed); oldUnsharded below is that code, the reference, over
// 30,000 random environments of the variables' values.
func TestResolveUnsharded(t *testing.T) {
	names := []string{"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX", "PACTSIM_SHARDS"}
	values := []string{"", "", "", " ", "0", "1", "2", "3", "4", "9", "04", "-1", "abc", "99999999999999999999"}
	rng := rand.New(rand.NewPCG(47, 1))
	errs := 0
	for range 30000 {
		m := map[string]string{}
		for _, n := range names {
			if rng.IntN(2) == 0 {
				m[n] = values[rng.IntN(len(values))]
			}
		}
		getenv := func(k string) string { return m[k] }
		want, werr := ResolveShard("", getenv)
		got, gerr := ResolveUnsharded(getenv)
		if got != want || (werr == nil) != (gerr == nil) {
			t.Fatalf("%v: ResolveUnsharded %v, %v; ResolveShard %v, %v", m, got, gerr, want, werr)
		}
		if werr == nil {
			continue
		}
		errs++
		if old := oldUnsharded(werr.Error()); gerr.Error() != old {
			t.Fatalf("%v:\n got %s\nwant %s", m, gerr, old)
		}
		for _, tip := range []string{"--shard", "contiguous array", "--array=", "make them agree", "completionMode"} {
			if strings.Contains(gerr.Error(), tip) {
				t.Fatalf("%v: %s offers %q", m, gerr, tip)
			}
		}
	}
	if errs < 5000 {
		t.Errorf("only %d of the environments were refused: the test reaches few errors", errs)
	}
}

// oldUnsharded is runner calibrate's rewording of ResolveShard's error
// text until stop 48, kept as the reference of TestResolveUnsharded.
func oldUnsharded(msg string) string {
	contiguousTip := regexp.MustCompile(`; use a contiguous array such as --array=0-\d+, without a step| \(use a contiguous array such as --array=0-\d+, without a step\)`)
	withoutShardTip := strings.NewReplacer(
		"unset PACTSIM_SHARDS or make them agree", "unset PACTSIM_SHARDS",
		"run as a Kubernetes Job with completionMode: Indexed, unset PACTSIM_SHARDS, or pass --shard I/N", "unset PACTSIM_SHARDS",
		// stop 50: JOB_COMPLETION_INDEX without PACTSIM_SHARDS says what
		// to set; a command that is not sharded, what to unset.
		"set PACTSIM_SHARDS to the Job's completions, the shard count N (deploy/k8s/indexed-job.yaml sets both), or pass --shard I/N", "unset JOB_COMPLETION_INDEX",
		"; pass --shard I/N", "",
		", or pass --shard I/N", "",
		" (to re-run some tasks of a Slurm array of N shards, pass --shard I/N, as deploy/slurm/pactsim-array.sbatch does)", "",
	)
	return contiguousTip.ReplaceAllString(withoutShardTip.Replace(msg), "")
}

// TestSlurmArrayCountZero: a Slurm array task whose SLURM_ARRAY_TASK_COUNT
// is 0, with a span, was called not contiguous, "so its tasks do not
// number the shards 0..-1", and advised --array=0--1; a count below 1 is
// out of range, whatever the span.
func TestSlurmArrayCountZero(t *testing.T) {
	for _, env := range []map[string]string{
		{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MAX": "2", "SLURM_ARRAY_TASK_COUNT": "0"},
		{"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "0"},
	} {
		_, err := ResolveShard("", func(k string) string { return env[k] })
		if err == nil || !strings.Contains(err.Error(), "shard 0/0 from SLURM_ARRAY_TASK_ID is out of range") || strings.Contains(err.Error(), "-1") {
			t.Errorf("%v: %v, want shard 0/0 out of range, with no -1", env, err)
		}
	}
}
