package experiments

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

// TestResolveWorkers: --workers wins; else SLURM_CPUS_PER_TASK when set,
// which must be a positive integer (a usage error naming it otherwise);
// else the number of CPUs.
func TestResolveWorkers(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "SLURM_CPUS_PER_TASK" {
				return v
			}
			return ""
		}
	}
	for _, c := range []struct {
		flag int
		env  string
		want int
	}{
		{3, "x", 3}, {0, "6", 6}, {0, " 6\n", 6}, {0, "", runtime.NumCPU()}, {0, "  ", runtime.NumCPU()},
	} {
		got, err := resolveWorkers(c.flag, env(c.env))
		if err != nil || got != c.want {
			t.Errorf("flag %d, SLURM_CPUS_PER_TASK=%q: got %d, %v; want %d", c.flag, c.env, got, err, c.want)
		}
	}
	// Over MaxWorkers, from the flag or the variable: a usage error naming
	// the limit (a value near 2⁶¹ overflowed the executor's window and
	// panicked after the results directory was made).
	for _, c := range []struct {
		flag int
		env  string
	}{{MaxWorkers + 1, ""}, {1 << 61, ""}, {0, "9223372036854775807"}, {0, "65537"}} {
		_, err := resolveWorkers(c.flag, env(c.env))
		if err == nil || !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "limit of 65536") {
			t.Errorf("flag %d, SLURM_CPUS_PER_TASK=%q: got %v, want a usage error naming the limit", c.flag, c.env, err)
		}
	}
	if got, err := resolveWorkers(MaxWorkers, env("")); err != nil || got != MaxWorkers {
		t.Errorf("flag at the limit: %d, %v", got, err)
	}
	for _, v := range []string{"x", "0", "-2", "2.5", "99999999999999999999"} {
		_, err := resolveWorkers(0, env(v))
		if err == nil || !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), `SLURM_CPUS_PER_TASK="`+v+`"`) || !strings.Contains(err.Error(), "positive integer") {
			t.Errorf("SLURM_CPUS_PER_TASK=%q: got %v, want a usage error naming the variable and its value", v, err)
		}
	}
}
