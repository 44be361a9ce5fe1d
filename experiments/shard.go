package experiments

import (
	"errors"
	"fmt"
	"math/bits"
	"os"
	"runtime"
	"strconv"
	"strings"

	"pactsim/output"
)

// Shard returns the task range [lo, hi) that shard i of n owns among total
// tasks: [floor(i·total/n), floor((i+1)·total/n)). Consecutive shards tile
// [0, total) exactly; a shard may be empty when n > total. The products are
// formed in 128 bits so that no plan size overflows. It panics unless
// 0 <= i < n and total >= 0: callers validate user input with ParseShard.
func Shard(i, n, total int) (lo, hi int) {
	if n <= 0 || i < 0 || i >= n || total < 0 {
		panic(fmt.Sprintf("experiments: Shard(%d, %d, %d) out of range", i, n, total))
	}
	return mulDiv(i, total, n), mulDiv(i+1, total, n)
}

// mulDiv is floor(a·b/c) for non-negative a, b and positive c with a <= c.
func mulDiv(a, b, c int) int {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int(q)
}

// Shard is the task range of shard i of n of this plan.
func (p *Plan) Shard(i, n int) (lo, hi int) { return Shard(i, n, p.NumTasks()) }

// Part is one output part: a contiguous task range written as one file per
// format.
type Part struct {
	Lo, Hi int    // task range [Lo, Hi)
	Name   string // file name without extension, e.g. "part-00003" (see PartName)
}

// PartName names the part whose first task is lo (output.PartName).
func PartName(lo, partTasks int) string { return output.PartName(lo, partTasks) }

// Parts cuts the task range [lo, hi) at the global multiples of partTasks:
// the parts of an unsharded run are [k·P, (k+1)·P), and a shard's range cuts
// at its own ends too. An empty range has no parts.
func Parts(lo, hi, partTasks int) []Part {
	if partTasks < 1 || lo < 0 || hi < lo {
		panic(fmt.Sprintf("experiments: Parts(%d, %d, %d) out of range", lo, hi, partTasks))
	}
	var out []Part
	for a := lo; a < hi; {
		b := partEnd(a, hi, partTasks)
		out = append(out, Part{Lo: a, Hi: b, Name: PartName(a, partTasks)})
		a = b
	}
	return out
}

// Parts lists the parts of the task range [lo, hi) of this plan. The run
// itself never builds this list (it grows with the plan); it uses
// NumParts, PartAt and PartIndex.
func (p *Plan) Parts(lo, hi int) []Part { return Parts(lo, hi, p.Config.Output.PartTasks) }

// NumParts is len(Parts(lo, hi, partTasks)), computed without the list;
// 0 for hi ≤ lo. It panics, as Parts does, unless partTasks ≥ 1 and lo ≥ 0.
func NumParts(lo, hi, partTasks int) int {
	if partTasks < 1 || lo < 0 {
		// As Parts: a part size below 1 divided by zero, or gave a
		// negative count (-8 for [0, 10) at -1) (a review, stop 51).
		panic(fmt.Sprintf("experiments: NumParts(%d, %d, %d) out of range", lo, hi, partTasks))
	}
	if hi <= lo {
		return 0
	}
	return (hi-1)/partTasks - lo/partTasks + 1
}

// PartAt is Parts(lo, hi, partTasks)[j], computed without the list.
func PartAt(lo, hi, partTasks, j int) Part {
	if j < 0 || j >= NumParts(lo, hi, partTasks) {
		panic(fmt.Sprintf("experiments: PartAt(%d, %d, %d, %d) out of range", lo, hi, partTasks, j))
	}
	a := lo
	if j > 0 {
		a = (lo/partTasks + j) * partTasks
	}
	return Part{Lo: a, Hi: partEnd(a, hi, partTasks), Name: PartName(a, partTasks)}
}

// partEnd is min(hi, the first multiple of partTasks above a), for
// 0 <= a < hi, computed without forming that multiple when it lies beyond
// hi: near the largest int, (a/partTasks+1)*partTasks wrapped negative, and
// Parts looped forever (a review, stop 49).
func partEnd(a, hi, partTasks int) int {
	if step := partTasks - a%partTasks; step < hi-a {
		return a + step
	}
	return hi
}

// PartIndex is the index j of the part of [lo, ...) that holds task. It
// panics, as Parts does, unless partTasks ≥ 1 and 0 ≤ lo ≤ task: a part
// size of 0 divided by zero, and a task before lo gave a negative index
// (a review, stop 53). The config's output.part_tasks is at least 1.
func PartIndex(lo, partTasks, task int) int {
	if partTasks < 1 || lo < 0 || task < lo {
		panic(fmt.Sprintf("experiments: PartIndex(%d, %d, %d) out of range", lo, partTasks, task))
	}
	return task/partTasks - lo/partTasks
}

// ShardSpec is the shard a run computes and where that choice came from.
type ShardSpec struct {
	I, N   int
	Source string // one of the Source* constants
}

// Where a shard choice comes from (printed by the command line).
const (
	SourceNone  = "none"                 // no flag and no scheduler: the whole plan
	SourceFlag  = "--shard"              // the --shard I/N flag
	SourceSlurm = "SLURM_ARRAY_TASK_ID"  // a Slurm job array
	SourceK8s   = "JOB_COMPLETION_INDEX" // a Kubernetes Indexed Job, N from PACTSIM_SHARDS
)

// Sharded reports whether the spec selects a proper part of the plan.
func (s ShardSpec) Sharded() bool { return s.N > 1 }

func (s ShardSpec) String() string {
	if !s.Sharded() {
		if s.Source == SourceNone || s.Source == "" {
			return "all tasks"
		}
		return "all tasks (" + s.Source + ")"
	}
	return fmt.Sprintf("shard %d/%d (from %s)", s.I, s.N, s.Source)
}

// ErrBadShard marks a bad --shard flag or scheduler environment: a usage
// error (exit code 2; errors.Is(err, ErrUsage) holds too).
var ErrBadShard error = &output.UsageError{Err: errors.New("bad shard")}

// ParseShard parses "I/N" with 0 <= I < N, each number written as
// shardNumber reads it.
func ParseShard(s string) (i, n int, err error) {
	// A space around either number is refused as a sign is, and as the
	// scheduler's variables refuse one: " 1/3" was read as 1/3 while
	// "1/ 3" was refused (a hostile review, stop 32), and then both were
	// read, where deploy/slurm's scripts refuse SLURM_ARRAY_TASK_ID=" 1"
	// (a review).
	a, b, ok := strings.Cut(s, "/")
	if ok {
		i, err1 := shardNumber(a)
		n, err2 := shardNumber(b)
		if err1 == nil && err2 == nil && n >= 1 && i < n {
			return i, n, nil
		}
		for _, err := range []error{err1, err2} {
			if errors.Is(err, strconv.ErrRange) {
				return 0, 0, fmt.Errorf("%w: %q: %s is out of range (want I/N with 0 <= I < N < 2^63, e.g. 0/4)", ErrBadShard, s, err.(*strconv.NumError).Num)
			}
		}
	}
	return 0, 0, fmt.Errorf("%w: %q: want I/N with 0 <= I < N, in decimal digits (no space, no sign, no leading zero), e.g. 0/4", ErrBadShard, s)
}

// shardNumber reads a number of a shard, --shard's I and N and the
// scheduler's variables alike: plain decimal digits, with no space, no
// sign and no leading zero (0 itself is one), as deploy/slurm's scripts
// read them: bash's arithmetic reads 08 as bad octal, and the runner read
// PACTSIM_SHARDS=04 as 4 where pactsim-array.sbatch refused it (a
// review). Its error is errShardSyntax, or strconv's out of range.
func shardNumber(x string) (int, error) {
	if x == "" || strings.Trim(x, "0123456789") != "" || len(x) > 1 && x[0] == '0' {
		return 0, errShardSyntax
	}
	return strconv.Atoi(x)
}

// errShardSyntax is shardNumber's error for what is not plain decimal
// digits without a leading zero (a space and a sign are not digits).
var errShardSyntax = errors.New("not decimal digits without a space, a sign or a leading zero")

// shardWant says in errors what a scheduler's variable must hold.
const shardWant = "decimal digits: no space, no sign, no leading zero, below 2^63"

// ResolveShard picks the shard: the --shard flag when given ("0/1" turns
// sharding off, ignoring the environment); else a Slurm array task
// (I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN, N = SLURM_ARRAY_TASK_COUNT);
// else a Kubernetes Indexed Job (I = JOB_COMPLETION_INDEX, N = PACTSIM_SHARDS);
// else the whole plan. A Slurm array that is not contiguous (a step, or
// SLURM_ARRAY_TASK_MAX − SLURM_ARRAY_TASK_MIN + 1 ≠ SLURM_ARRAY_TASK_COUNT)
// and PACTSIM_SHARDS without JOB_COMPLETION_INDEX are refused, and so is a
// PACTSIM_SHARDS that disagrees with the N of --shard (but 0/1) or of the
// Slurm array. getenv is os.Getenv outside tests.
func ResolveShard(flag string, getenv func(string) string) (ShardSpec, error) {
	return resolveShardTips(flag, getenv, tipsSharded)
}

// ResolveUnsharded is ResolveShard for a command that is not sharded
// (runner calibrate, and validate of its config): it resolves the
// scheduler's variables alike, and its errors offer only what a single
// job does (unset a variable), not --shard I/N, a contiguous Slurm array
// or a PACTSIM_SHARDS that agrees, which would run the whole command in
// every task of an array (a scale-out review).
func ResolveUnsharded(getenv func(string) string) (ShardSpec, error) {
	return resolveShardTips("", getenv, tipsUnsharded)
}

// shardTips says which ways out resolveShard's errors offer: those of a
// sharded command (run, validate), or those of one that is not sharded.
type shardTips bool

const (
	tipsSharded   shardTips = true
	tipsUnsharded shardTips = false
)

// or is tip for a sharded command, and "" for one that is not.
func (t shardTips) or(tip string) string {
	if t == tipsSharded {
		return tip
	}
	return ""
}

func resolveShardTips(flag string, getenv func(string) string, tips shardTips) (ShardSpec, error) {
	s, err := resolveShard(flag, getenv, tips)
	if err != nil || s.Source == SourceK8s || s.Source == SourceNone || s.Source == SourceFlag && s.N == 1 {
		return s, err
	}
	// PACTSIM_SHARDS names the plan's shard count; a flag or a Slurm
	// array of another count would run a shard of another plan into a
	// fresh directory, found only at the merge (a review, stop 24).
	// Set to blanks it is ignored, as it is without JOB_COMPLETION_INDEX
	// (resolveShard), not refused beside --shard alone (a review).
	if v := getenv("PACTSIM_SHARDS"); strings.TrimSpace(v) != "" {
		n, err := shardNumber(v)
		if err != nil {
			return ShardSpec{}, fmt.Errorf("%w: PACTSIM_SHARDS=%q is not written as a shard number (%s)", ErrBadShard, v, shardWant)
		}
		if n != s.N {
			return ShardSpec{}, fmt.Errorf("%w: PACTSIM_SHARDS=%q but %s says %d shards: unset PACTSIM_SHARDS%s", ErrBadShard, v, s, s.N, tips.or(" or make them agree (to re-run some tasks of a Slurm array of N shards, pass --shard I/N, as deploy/slurm/pactsim-array.sbatch does)"))
		}
	}
	return s, nil
}

func resolveShard(flag string, getenv func(string) string, tips shardTips) (ShardSpec, error) {
	if flag != "" {
		i, n, err := ParseShard(flag)
		return ShardSpec{I: i, N: n, Source: SourceFlag}, err
	}
	envInt := func(name string, required bool) (int, error) {
		raw := getenv(name)
		v := strings.TrimSpace(raw)
		switch {
		case raw != "" && v == "":
			// Set, but to spaces: not the variable left unset.
			return 0, fmt.Errorf("%w: %s=%q is blank: want a non-negative integer (%s)", ErrBadShard, name, raw, shardWant)
		case v == "" && required:
			return 0, fmt.Errorf("%w: %s is not set", ErrBadShard, name)
		case v == "":
			return 0, nil
		}
		x, err := shardNumber(raw)
		if err != nil {
			return 0, fmt.Errorf("%w: %s=%q is not written as a shard number (%s)", ErrBadShard, name, raw, shardWant)
		}
		return x, nil
	}
	check := func(s ShardSpec, hint string) (ShardSpec, error) {
		if s.N < 1 || s.I < 0 || s.I >= s.N {
			if hint != "" {
				hint = " (" + hint + ")"
			}
			return ShardSpec{}, fmt.Errorf("%w: shard %d/%d from %s is out of range%s%s", ErrBadShard, s.I, s.N, s.Source, hint, tips.or("; pass --shard I/N"))
		}
		return s, nil
	}
	if slurm, k8s := strings.TrimSpace(getenv("SLURM_ARRAY_TASK_ID")), strings.TrimSpace(getenv("JOB_COMPLETION_INDEX")); slurm != "" && k8s != "" {
		// Both schedulers' indices: which one numbers this shard is a
		// guess, and a wrong guess runs one shard twice and another never.
		return ShardSpec{}, fmt.Errorf("%w: both SLURM_ARRAY_TASK_ID=%q (a Slurm array task) and JOB_COMPLETION_INDEX=%q (a Kubernetes Indexed Job) are set, so which shard this is is ambiguous: unset the one that is not this job's%s", ErrBadShard, slurm, k8s, tips.or(", or pass --shard I/N"))
	}
	if getenv("SLURM_ARRAY_TASK_ID") != "" {
		id, err := envInt("SLURM_ARRAY_TASK_ID", true)
		if err != nil {
			return ShardSpec{}, err
		}
		lo, err := envInt("SLURM_ARRAY_TASK_MIN", false)
		if err != nil {
			return ShardSpec{}, err
		}
		n, err := envInt("SLURM_ARRAY_TASK_COUNT", true)
		if err != nil {
			return ShardSpec{}, err
		}
		// Only a contiguous array numbers every shard: with a step or a
		// list (--array=0-6:2, --array=1,3,5), some tasks would run shards
		// I/N in range while the others were never run.
		step, err := envInt("SLURM_ARRAY_TASK_STEP", false)
		if err != nil {
			return ShardSpec{}, err
		}
		hi, err := envInt("SLURM_ARRAY_TASK_MAX", false)
		if err != nil {
			return ShardSpec{}, err
		}
		// A count below 1 is out of range whatever the span (check): "has
		// 0 tasks ... the shards 0..-1; use --array=0--1" said nothing
		// useful (a review, stop 48).
		if n >= 1 && (step > 1 || getenv("SLURM_ARRAY_TASK_MAX") != "" && hi-lo+1 != n) {
			span := fmt.Sprintf("%d-%d", lo, hi)
			if getenv("SLURM_ARRAY_TASK_MAX") == "" {
				span = fmt.Sprintf("from %d", lo)
			}
			return ShardSpec{}, fmt.Errorf("%w: the Slurm array %s (step %d) has %d tasks: not a contiguous range, so its tasks do not number the shards 0..%d%s", ErrBadShard, span, max(step, 1), n, n-1, tips.or(fmt.Sprintf("; use a contiguous array such as --array=0-%d, without a step, or pass --shard I/N", n-1)))
		}
		// The hint names this array's own range: an array task outside
		// 0..N-1 (a task ID below SLURM_ARRAY_TASK_MIN, or beyond the count)
		// is fixed by resubmitting as --array=0-(N-1).
		hint := tips.or("use a contiguous array such as --array=0-3, without a step")
		if n >= 1 {
			hint = tips.or(fmt.Sprintf("use a contiguous array such as --array=0-%d, without a step", n-1))
		}
		if id < lo {
			below := fmt.Sprintf("SLURM_ARRAY_TASK_ID %d is below SLURM_ARRAY_TASK_MIN %d", id, lo)
			if hint != "" {
				below += "; " + hint
			}
			hint = below
		}
		return check(ShardSpec{I: id - lo, N: n, Source: SourceSlurm}, hint)
	}
	if strings.TrimSpace(getenv("JOB_COMPLETION_INDEX")) == "" && strings.TrimSpace(getenv("PACTSIM_SHARDS")) != "" {
		// A Job that is not Indexed (or a pod spec that reads the index
		// from an annotation that is not there) would run the whole plan
		// in every pod.
		way := "unset PACTSIM_SHARDS"
		if tips == tipsSharded {
			way = "run as a Kubernetes Job with completionMode: Indexed, unset PACTSIM_SHARDS, or pass --shard I/N"
		}
		if raw := getenv("JOB_COMPLETION_INDEX"); raw != "" {
			return ShardSpec{}, fmt.Errorf("%w: PACTSIM_SHARDS=%q is set but JOB_COMPLETION_INDEX=%q is blank: %s", ErrBadShard, getenv("PACTSIM_SHARDS"), raw, way)
		}
		return ShardSpec{}, fmt.Errorf("%w: PACTSIM_SHARDS=%q is set but JOB_COMPLETION_INDEX is not: %s", ErrBadShard, getenv("PACTSIM_SHARDS"), way)
	}
	if getenv("JOB_COMPLETION_INDEX") != "" {
		id, err := envInt("JOB_COMPLETION_INDEX", true)
		if err != nil {
			return ShardSpec{}, err
		}
		if getenv("PACTSIM_SHARDS") == "" {
			// Say what it must hold, as check does (a review, stop 50:
			// "PACTSIM_SHARDS is not set" left the value to a guess).
			way := "unset JOB_COMPLETION_INDEX"
			if tips == tipsSharded {
				way = "set PACTSIM_SHARDS to the Job's completions, the shard count N (deploy/k8s/indexed-job.yaml sets both), or pass --shard I/N"
			}
			return ShardSpec{}, fmt.Errorf("%w: JOB_COMPLETION_INDEX=%q is set (a Kubernetes Indexed Job) but PACTSIM_SHARDS is not set: %s", ErrBadShard, getenv("JOB_COMPLETION_INDEX"), way)
		}
		n, err := envInt("PACTSIM_SHARDS", true)
		if err != nil {
			return ShardSpec{}, err
		}
		return check(ShardSpec{I: id, N: n, Source: SourceK8s}, "set PACTSIM_SHARDS to the Job's completions")
	}
	return ShardSpec{I: 0, N: 1, Source: SourceNone}, nil
}

// beganAsTip says how to resume a directory begun as what (its .tasks
// record: "shard I/N", or all tasks): with that --shard, or, from a
// scheduler, with the shard count it was begun with (a review, stop 50: a
// Slurm array task or an Indexed Job pod, which passes no --shard, was
// told only of --shard, and of --force, which starts the shard over).
func beganAsTip(what string) string {
	spec, ok := strings.CutPrefix(what, "shard ")
	_, n, found := strings.Cut(spec, "/")
	if !ok || !found {
		return "resume it with the --shard it was begun with (none: it holds all tasks)"
	}
	return fmt.Sprintf("resume it with the --shard it was begun with (--shard %s; a Slurm array task or a Kubernetes Indexed Job pod: PACTSIM_SHARDS=%s, the shard count it was begun with, as deploy/slurm/README.md and deploy/k8s/README.md say)", spec, n)
}

// DefaultWorkers is the default of --workers for library callers that
// give none: ResolveWorkers' choice, with the number of CPUs where
// SLURM_CPUS_PER_TASK is unusable (the command line refuses that case
// before it gets here, by ResolveWorkers).
func DefaultWorkers() int { return defaultWorkers(os.Getenv) }

func defaultWorkers(getenv func(string) string) int {
	n, err := resolveWorkers(0, getenv)
	if err != nil {
		return runtime.NumCPU()
	}
	return n
}
