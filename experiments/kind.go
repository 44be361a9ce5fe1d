package experiments

import (
	"fmt"
	"slices"
	"strings"

	"pactsim/output"
)

// runKind is the kind of directory a run writes: a shard's when it has a
// shard record (N > 1), else a run's.
func runKind(shard *output.Shard) output.Kind {
	if shard != nil {
		return output.KindShard
	}
	return output.KindRun
}

// resumable lists the kinds of complete directory that a writer of kind k
// accepts with --resume (and then reports complete): its own, and, for an
// unsharded run, a merge's, which holds the same tasks, tables and figures
// (Merge's guarantee) and so is this run's complete result.
func resumable(k output.Kind) []output.Kind {
	if k == output.KindRun {
		return []output.Kind{output.KindRun, output.KindMerge}
	}
	return []output.Kind{k}
}

// resumeCommand names the command line that resumes a directory of kind k,
// for messages.
func resumeCommand(k output.Kind) string {
	if k == output.KindCalibration {
		return "runner calibrate --resume"
	}
	return "runner run --resume"
}

// describeKind describes m's kind for a message: the kind, what writes it, and
// whether it was inferred from a manifest that records none.
func describeKind(m *output.Manifest) string {
	s := fmt.Sprintf("kind %q, written by `%s`", m.Kind, m.Kind.Command())
	if m.KindInferred {
		s += "; inferred, since its manifest predates recorded kinds"
	}
	return s
}

// checkKind refuses a complete directory whose manifest's kind is not one
// of want: a usage error naming the command, the directory, the kind found
// and the kinds wanted.
func checkKind(cmd, dir string, m *output.Manifest, want ...output.Kind) error {
	if slices.Contains(want, m.Kind) {
		return nil
	}
	return usagef("%s: %s is a results directory of %s; %s wants kind %s", cmdHead(cmd), dir, describeKind(m), cmd, output.KindList(want...))
}

// cmdHead is cmd ("runner analyze") as the head of an error, which is
// printed after "runner: ".
func cmdHead(cmd string) string { return strings.TrimPrefix(cmd, "runner ") }

// checkUnfinishedKind refuses to resume, as kind k, an unfinished
// directory (no manifest) that another kind of writer began: runs parts
// for a calibration, a calibration's files for a run. One holding neither
// (only config.yaml) may be continued by either, since nothing was done.
func checkUnfinishedKind(dir string, k output.Kind) error {
	runs, cal, err := output.UnfinishedContent(dir)
	if err != nil {
		return err
	}
	cmd := resumeCommand(k)
	switch {
	case k.HoldsRuns() && cal:
		return usagef("%s: %s is an unfinished results directory of kind %q (it holds calibration/, which `runner calibrate` writes); %s wants kind %s: continue it with `runner calibrate --resume`",
			cmdHead(cmd), dir, output.KindCalibration, cmd, output.KindList(k))
	case k == output.KindCalibration && runs:
		return usagef("%s: %s is an unfinished results directory of kind %q (it holds runs parts, which `runner run` writes); %s wants kind %s: continue it with `runner run --resume`",
			cmdHead(cmd), dir, output.KindRun, cmd, output.KindList(k))
	}
	return nil
}

// analyzeKinds and plotKinds are the kinds of directory that analyze and
// plot rewrite.
var (
	analyzeKinds = []output.Kind{output.KindRun, output.KindMerge}
	plotKinds    = []output.Kind{output.KindRun, output.KindMerge, output.KindCalibration}
)

// rewriteKind is checkKind for analyze and plot (cmd "runner analyze" or
// "runner plot"), with what to do instead for a kind they refuse.
func rewriteKind(cmd, dir string, m *output.Manifest) error {
	want, verb := plotKinds, "plot"
	if cmd == "runner analyze" {
		want, verb = analyzeKinds, "analyze"
	}
	err := checkKind(cmd, dir, m, want...)
	switch {
	case err == nil:
		return nil
	case m.Kind == output.KindShard && verb == "plot":
		return fmt.Errorf("%w: a shard has no summary to draw; merge the shards (runner merge) and plot the merged directory", err)
	case m.Kind == output.KindShard:
		return fmt.Errorf("%w: merge the shards (runner merge) and analyze the merged directory", err)
	case m.Kind == output.KindCalibration:
		return fmt.Errorf("%w: a calibration has no design points to analyze", err)
	}
	return err
}

// precheckKind refuses, before analyze or plot takes dir's lock, a
// directory whose manifest names a kind cmd does not rewrite (a shard; a
// calibration for analyze): taking the lock creates DIR/.lock, and a
// refusal must leave the directory as it was (a review: a refused shard
// got a .lock). It only reads the manifest; a manifest it cannot read is
// left to the check under the lock, which names the error.
func precheckKind(cmd, dir string) error {
	m, err := output.ReadManifest(dir)
	if err != nil {
		return nil
	}
	return rewriteKind(cmd, dir, m)
}
