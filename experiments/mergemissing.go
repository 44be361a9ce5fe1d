package experiments

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"pactsim/output"
)

// notRunYet reports whether dir, given to merge as a shard and refused
// with err, was never run: it does not exist, or is empty and not in use
// (a shard that has just begun holds only its lock). Merge reads the
// other shards before it says so, to name the shards missing and how to
// run them.
func notRunYet(dir string, err error) bool {
	var busy *output.BusyError
	if errors.As(err, &busy) {
		return false
	}
	info, ierr := inspectDir(dir)
	return ierr == nil && (info.kind == dirMissing || info.kind == dirEmpty)
}

// neverRun is merge's error when a shard given was never run (absent:
// lockedManifest's errors for those given), said before the others'
// checks read every file: it names the shards of the n that the others'
// manifests do not hold, and how to run them.
func neverRun(shards []shardDir, n int, absent []error) error {
	if len(absent) == 0 {
		return nil
	}
	held := make(map[int]string, len(shards))
	for _, s := range shards {
		switch {
		case s.m.Shard == nil && n == 1:
			held[0] = s.dir
		case s.m.Shard != nil && s.m.Shard.Count == n && s.m.Shard.Index >= 0 && s.m.Shard.Index < n:
			held[s.m.Shard.Index] = s.dir
		}
	}
	return missingShards(shards, held, n, absent)
}

// missingShards is merge's error when shards of the n are missing, or a
// shard given was never run (absent: lockedManifest's errors for them),
// and nil when neither. It names the first few missing shards (n comes
// from a manifest and may be far larger than the shards given: every
// index below len(seen)+10 is looked at, never all n), and says how to
// run them (a review, stop 50: it named them, and a directory given that
// was never run, but not how to run them).
func missingShards(shards []shardDir, seen map[int]string, n int, absent []error) error {
	var missing []int
	for i := 0; i < n && len(missing) < 10; i++ {
		if _, ok := seen[i]; !ok {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		if len(absent) > 0 {
			return usagef("%v; every shard of the %d is given besides it: leave it out", absent[0], n)
		}
		return nil
	}
	more := ""
	if left := n - len(seen) - len(missing); left > 0 {
		more = fmt.Sprintf(" and %d more", left)
	}
	msg := fmt.Sprintf("merge: missing shard(s) %v%s of %d", missing, more, n)
	if len(absent) > 0 {
		msg = fmt.Sprintf("%v; missing shard(s) %v%s of %d", absent[0], missing, more, n)
	}
	return usagef("%s: %s", msg, runMissing(shards, missing, more != "", n))
}

// runMissing says how to run the missing shards: `runner run` of the
// resolved config the given shards ran (SHARD/config.yaml, which resolves
// to that same config) with --shard I/N, into a directory named as the
// given shards are when their names are one prefix and their index
// (RESULTS/shard-I, as deploy/slurm and deploy/k8s write them), else DIR.
func runMissing(shards []shardDir, missing []int, more bool, n int) string {
	cfg := shellWord(filepath.Join(shards[0].dir, "config.yaml"))
	prefix := shardPrefix(shards)
	out := func(i string) string {
		if prefix == "" {
			return "DIR"
		}
		return shellWord(prefix + i)
	}
	var how string
	var notes []string
	if len(missing) == 1 && !more {
		i := strconv.Itoa(missing[0])
		how = fmt.Sprintf("run it with `runner run %s -o %s --shard %s/%d`", cfg, out(i), i, n)
		if prefix == "" {
			notes = append(notes, "DIR a directory of its own")
		}
	} else {
		list := make([]string, len(missing))
		for k, i := range missing {
			list[k] = strconv.Itoa(i)
		}
		each := strings.Join(list, ", ")
		if more {
			each += " and the rest"
		}
		how = fmt.Sprintf("run each with `runner run %s -o %s --shard I/%d`, for I = %s", cfg, out("I"), n, each)
		if prefix == "" {
			notes = append(notes, "DIR a directory of its own for each")
		}
	}
	notes = append(notes, "--resume continues one begun", cfg+" is the config the shards ran, resolved")
	how += fmt.Sprintf(" (%s), then merge all %d", strings.Join(notes, "; "), n)
	// A missing shard whose directory is there, beside the others, was
	// left out of the list (merge-job.yaml's, a glob): it is given, not
	// run again.
	var there []string
	for _, i := range missing {
		if prefix == "" {
			break
		}
		d := prefix + strconv.Itoa(i)
		if info, err := inspectDir(d); err == nil && info.kind != dirMissing && info.kind != dirEmpty {
			there = append(there, d)
		}
	}
	if len(there) > 0 {
		how = fmt.Sprintf("%s %s there but not given: give the merge every shard 0..%d; for any shard not run, %s", strings.Join(there, ", "), map[bool]string{true: "is", false: "are"}[len(there) == 1], n-1, how)
	}
	if strings.HasSuffix(prefix, "shard-") {
		// deploy/slurm's and deploy/k8s's layout: their READMEs say how
		// to run some shards again.
		how += fmt.Sprintf("; from a Slurm array, resubmit those indices with PACTSIM_SHARDS=%d (deploy/slurm/README.md, \"Preemption, time limits and re-runs\"); from a Kubernetes Indexed Job, delete the Job and apply it again (deploy/k8s/README.md, \"Re-running\")", n)
	}
	return how
}

// shardPrefix is the prefix P of the given shards' directories when each
// is P followed by its own index (and P does not end in a digit), else "".
func shardPrefix(shards []shardDir) string {
	prefix := ""
	for k, s := range shards {
		if s.m.Shard == nil {
			return ""
		}
		p, ok := strings.CutSuffix(filepath.Clean(s.dir), strconv.Itoa(s.m.Shard.Index))
		if !ok || p == "" || p[len(p)-1] >= '0' && p[len(p)-1] <= '9' || k > 0 && p != prefix {
			return ""
		}
		prefix = p
	}
	return prefix
}

// shellWord is s as one word of a POSIX shell: as it is when it holds
// only characters no shell reads specially, else in single quotes.
func shellWord(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@%+=,-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// rerunShard is the command that runs shard i of n again from the resolved
// config of the shard in first, into a directory of its own: a way out of
// a merge that refuses a shard of another config or engine (a review,
// stop 51: those refusals named the shards and no way out).
func rerunShard(first string, i, n int) string {
	return fmt.Sprintf("`runner run %s -o NEWDIR --shard %d/%d`", shellWord(filepath.Join(first, "config.yaml")), i, n)
}
