package experiments

import (
	"os"
	"runtime"
	"strconv"
	"strings"
)

// ResolveWorkers returns the number of workers for a --workers flag: the
// flag when it is positive; when it is 0, SLURM_CPUS_PER_TASK when that is
// set (a Slurm job must not use more cores than it was given), else the
// number of CPUs. A SLURM_CPUS_PER_TASK that is set but not a positive
// integer is a usage error naming it, not a silent fall-back to every CPU
// of a shared node. A negative flag is the caller's to refuse.
func ResolveWorkers(flag int) (int, error) { return resolveWorkers(flag, os.Getenv) }

func resolveWorkers(flag int, getenv func(string) string) (int, error) {
	if flag > MaxWorkers {
		return 0, usagef("--workers %d: over the limit of %d (`runner validate --help` lists every limit)", flag, MaxWorkers)
	}
	if flag > 0 {
		return flag, nil
	}
	v := getenv("SLURM_CPUS_PER_TASK")
	if strings.TrimSpace(v) == "" {
		return runtime.NumCPU(), nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 0, usagef("SLURM_CPUS_PER_TASK=%q: want a positive integer (the CPUs per task Slurm gave the job), since --workers is not given; fix or unset the variable, or give --workers N", v)
	}
	if n > MaxWorkers {
		return 0, usagef("SLURM_CPUS_PER_TASK=%q: over the limit of %d workers, since --workers is not given; give --workers N", v, MaxWorkers)
	}
	return n, nil
}
