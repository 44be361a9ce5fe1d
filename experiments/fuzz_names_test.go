package experiments

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"pactsim/output"
)

// FuzzPartStart feeds arbitrary file names and part sizes to
// output.PartStart, which reads a part's first task from its name in a
// results directory (a review, stop 50): it must not panic, and what it
// accepts is a task >= 0 whose part name, as PartName writes it, is the
// name read.
func FuzzPartStart(f *testing.F) {
	for _, s := range []struct {
		name string
		p    int
	}{
		{"part-00000", 8}, {"part-00003_5", 8}, {"part-00003_05", 100}, {"part-00003_5", 100},
		{"part-99999999999999", 1 << 20}, {"part-00000_0", 8}, {"part-1", 8}, {"part-00001_+5", 8},
	} {
		f.Add(s.name, s.p)
	}
	f.Fuzz(func(t *testing.T, name string, p int) {
		start, ok := output.PartStart(name, p)
		if !ok {
			return
		}
		if p < 1 || start < 0 {
			t.Fatalf("PartStart(%q, %d) = %d", name, p, start)
		}
		if back := PartName(start, p); back != name {
			t.Fatalf("PartStart(%q, %d) = %d, whose name is %q", name, p, start, back)
		}
	})
}

// FuzzResolveWorkers feeds arbitrary --workers values and
// SLURM_CPUS_PER_TASK to the worker count's resolver (a review, stop 50):
// it must not panic, must refuse only with a usage error quoting the
// variable, and what it accepts is 1..MaxWorkers.
func FuzzResolveWorkers(f *testing.F) {
	for _, s := range []struct {
		flag int
		env  string
	}{{0, ""}, {0, "4"}, {0, " 8\n"}, {0, "0"}, {0, "-3"}, {0, "4(x2)"}, {0, "99999999999999999999"}, {3, "x"}, {MaxWorkers + 1, ""}} {
		f.Add(s.flag, s.env)
	}
	f.Fuzz(func(t *testing.T, flag int, env string) {
		if flag < 0 {
			return // the caller's to refuse
		}
		n, err := resolveWorkers(flag, func(k string) string {
			if k == "SLURM_CPUS_PER_TASK" {
				return env
			}
			return ""
		})
		if err != nil {
			if !errors.Is(err, output.ErrUsage) {
				t.Fatalf("--workers %d, SLURM_CPUS_PER_TASK=%q: not a usage error: %v", flag, env, err)
			}
			if flag == 0 && !strings.Contains(err.Error(), "SLURM_CPUS_PER_TASK="+strconv.Quote(env)) {
				t.Fatalf("SLURM_CPUS_PER_TASK=%q: the error does not quote it: %v", env, err)
			}
			return
		}
		if n < 1 || n > MaxWorkers {
			t.Fatalf("--workers %d, SLURM_CPUS_PER_TASK=%q: %d workers", flag, env, n)
		}
	})
}

// FuzzCalibrationTargets is FuzzLoad on a calibration config whose
// targets list is the fuzzed text (a review, stop 50): the targets are
// the part of a calibration a user writes most, with ranges, values,
// tolerances, ratios, weights and states; the loader must not panic, must
// fail only with a *ConfigError, and what it accepts must have a
// canonical fixed point.
func FuzzCalibrationTargets(f *testing.F) {
	const head = "name: cal\nseed: 11\nreplicates: 4\narchitectures: [none, hub_and_spokes]\ncalibration:\n" +
		"  parameters: {adversary.threshold: {min: 0.6, max: 1.6}, adversary.noise: {min: 0.1, max: 0.5}}\n" +
		"  optimizer: {method: cmaes, evaluations: 300, population: 0, start: defaults}\n  targets:\n"
	for _, s := range []string{
		"    - {name: armed-attacks, outcome: challenges_armed, architecture: hub_and_spokes, range: [0, 0.5]}\n",
		"    - {name: alliance-effect, ratio: {outcome: challenges, a: hub_and_spokes, b: none}, range: [0.65, 0.90]}\n",
		"    - {name: honour, outcome: honour_rate, architecture: hub_and_spokes, value: 0.65, tolerance: 0.1, weight: 2}\n",
		"    - {name: ally-effect, table: states, states: [JP, AU, PH, KR, TH], ratio: {outcome: committed, a: hub_and_spokes, b: none}, range: [0.6, 0.9]}\n",
		"    - {name: x, outcome: wars, architecture: none, range: [1e-320, .inf]}\n",
		"    - {name: x, outcome: wars, architecture: none, value: -0, tolerance: 0}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, targets string) {
		loadsToFixedPoint(t, []byte(head+targets))
	})
}
