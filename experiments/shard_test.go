package experiments

import (
	"errors"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestShardsTileTasks(t *testing.T) {
	for _, total := range []int{0, 1, 2, 3, 7, 10, 100, 1000, 12345} {
		for _, n := range []int{1, 2, 3, 4, 7, 16, 100, 1001, 5000} {
			next := 0
			for i := range n {
				lo, hi := Shard(i, n, total)
				if lo != next || hi < lo {
					t.Fatalf("T=%d N=%d shard %d: [%d, %d), want to start at %d", total, n, i, lo, hi, next)
				}
				// Sizes differ by at most one: no shard idles while another
				// holds twice its share.
				if size := hi - lo; size < total/n || size > total/n+1 {
					t.Fatalf("T=%d N=%d shard %d has %d tasks", total, n, i, size)
				}
				next = hi
			}
			if next != total {
				t.Fatalf("T=%d N=%d: shards end at %d", total, n, next)
			}
		}
	}
	// No overflow for plans near the task limit.
	if lo, hi := Shard(999, 1000, MaxTasks); hi != MaxTasks || lo != MaxTasks/1000*999+(MaxTasks%1000*999)/1000 {
		t.Errorf("large plan: [%d, %d)", lo, hi)
	}
}

func TestPartsOfShardsCoverAndNeverCollide(t *testing.T) {
	for _, c := range []struct{ total, p, n int }{{12000, 8192, 2}, {100, 7, 3}, {100, 10, 10}, {5, 3, 9}, {1, 1, 1}, {0, 4, 2}, {50, 100, 4}} {
		seen := map[string]bool{}
		var names []string
		next := 0
		for i := range c.n {
			lo, hi := Shard(i, c.n, c.total)
			for _, part := range Parts(lo, hi, c.p) {
				if part.Lo != next || part.Hi <= part.Lo {
					t.Fatalf("%+v: part %+v, want it to start at %d", c, part, next)
				}
				if part.Hi-part.Lo > c.p || (part.Lo/c.p != (part.Hi-1)/c.p) {
					t.Fatalf("%+v: part %+v crosses a multiple of part_tasks", c, part)
				}
				if seen[part.Name] {
					t.Fatalf("%+v: part name %s used twice", c, part.Name)
				}
				seen[part.Name] = true
				names = append(names, part.Name+".parquet")
				next = part.Hi
			}
		}
		if next != c.total {
			t.Fatalf("%+v: parts end at %d", c, next)
		}
		if !sort.StringsAreSorted(names) {
			t.Errorf("%+v: file names not in task order: %v", c, names)
		}
	}
}

func TestPartNames(t *testing.T) {
	lo, hi := Shard(1, 2, 12000)
	var got []Part
	got = append(got, Parts(0, 6000, 8192)...)
	got = append(got, Parts(lo, hi, 8192)...)
	want := []Part{{0, 6000, "part-00000"}, {6000, 8192, "part-00000_6000"}, {8192, 12000, "part-00001"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := PartName(3*10+4, 10); got != "part-00003_4" {
		t.Errorf("PartName(34, 10) = %s", got)
	}
	if got := len(Parts(0, 0, 5)); got != 0 {
		t.Errorf("empty range has %d parts", got)
	}
}

func TestResolveShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for k := 0; k < len(kv); k += 2 {
			m[kv[k]] = kv[k+1]
		}
		return func(s string) string { return m[s] }
	}
	tests := []struct {
		name string
		flag string
		env  func(string) string
		want ShardSpec
		bad  bool
	}{
		{"nothing", "", env(), ShardSpec{0, 1, SourceNone}, false},
		{"flag", "2/5", env("SLURM_ARRAY_TASK_ID", "1"), ShardSpec{2, 5, SourceFlag}, false},
		{"flag turns off", "0/1", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "4"), ShardSpec{0, 1, SourceFlag}, false},
		{"flag bad", "5/5", env(), ShardSpec{}, true},
		{"flag junk", "a/b", env(), ShardSpec{}, true},
		{"flag zero shards", "0/0", env(), ShardSpec{}, true},
		// A space around either number is refused alike, as a sign is (a
		// hostile review, stop 32: " 1/3" was read, "1/ 3" refused), and as
		// the scheduler's variables and deploy/slurm's scripts refuse one
		// (a review: "0/2 " was read as 0/2).
		{"flag spaces", " 1 / 3 ", env(), ShardSpec{}, true},
		{"flag trailing space", "0/2 ", env(), ShardSpec{}, true},
		{"flag leading space", " 0/2", env(), ShardSpec{}, true},
		{"flag space before /", "1 /3", env(), ShardSpec{}, true},
		{"flag tab", "1/3\t", env(), ShardSpec{}, true},
		{"flag with PACTSIM_SHARDS spaced", "1/3", env("PACTSIM_SHARDS", "3 "), ShardSpec{}, true},
		// Blank, it is ignored beside --shard as it is without
		// JOB_COMPLETION_INDEX (a review: refused beside --shard alone).
		{"flag with PACTSIM_SHARDS blank", "1/4", env("PACTSIM_SHARDS", " "), ShardSpec{1, 4, SourceFlag}, false},
		{"nothing but PACTSIM_SHARDS blank", "", env("PACTSIM_SHARDS", " "), ShardSpec{0, 1, SourceNone}, false},
		{"slurm id spaced", "", env("SLURM_ARRAY_TASK_ID", " 1", "SLURM_ARRAY_TASK_COUNT", "3"), ShardSpec{}, true},
		{"slurm count spaced", "", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "3\n"), ShardSpec{}, true},
		{"k8s shards spaced", "", env("JOB_COMPLETION_INDEX", "1", "PACTSIM_SHARDS", "3 "), ShardSpec{}, true},
		{"flag plus", "+1/3", env(), ShardSpec{}, true},
		{"flag plus n", "1/+3", env(), ShardSpec{}, true},
		{"flag minus zero", "-0/3", env(), ShardSpec{}, true},
		// No leading zero, as in the scheduler's variables (a review).
		{"flag leading zero", "01/4", env(), ShardSpec{}, true},
		{"flag leading zero n", "1/04", env(), ShardSpec{}, true},
		{"flag zeros", "00/4", env(), ShardSpec{}, true},
		{"flag ten", "0/10", env(), ShardSpec{0, 10, SourceFlag}, false},
		{"flag with PACTSIM_SHARDS leading zero", "1/4", env("PACTSIM_SHARDS", "04"), ShardSpec{}, true},
		{"slurm", "", env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "5", "SLURM_ARRAY_TASK_COUNT", "4"), ShardSpec{2, 4, SourceSlurm}, false},
		{"slurm no min", "", env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "4"), ShardSpec{3, 4, SourceSlurm}, false},
		{"slurm no count", "", env("SLURM_ARRAY_TASK_ID", "3"), ShardSpec{}, true},
		{"slurm stepped array", "", env("SLURM_ARRAY_TASK_ID", "8", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "4"), ShardSpec{}, true},
		{"slurm contiguous", "", env("SLURM_ARRAY_TASK_ID", "6", "SLURM_ARRAY_TASK_MIN", "5", "SLURM_ARRAY_TASK_MAX", "8", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_STEP", "1"), ShardSpec{1, 4, SourceSlurm}, false},
		// Task 2 of --array=0-6:2 is in range of 4 shards, but shards 1
		// and 3 would never run (review 3).
		{"slurm step in range", "", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "6", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_STEP", "2"), ShardSpec{}, true},
		{"slurm step alone", "", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_STEP", "2"), ShardSpec{}, true},
		{"slurm list", "", env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "5", "SLURM_ARRAY_TASK_COUNT", "3"), ShardSpec{}, true},
		{"slurm bad max", "", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MAX", "x", "SLURM_ARRAY_TASK_COUNT", "3"), ShardSpec{}, true},
		{"k8s", "", env("JOB_COMPLETION_INDEX", "2", "PACTSIM_SHARDS", "3"), ShardSpec{2, 3, SourceK8s}, false},
		// A Job that is not Indexed: every pod would run the whole plan.
		{"k8s no index", "", env("PACTSIM_SHARDS", "3"), ShardSpec{}, true},
		{"k8s empty index", "", env("JOB_COMPLETION_INDEX", " ", "PACTSIM_SHARDS", "3"), ShardSpec{}, true},
		{"k8s no index, flag", "0/1", env("PACTSIM_SHARDS", "3"), ShardSpec{0, 1, SourceFlag}, false},
		{"k8s no shards", "", env("JOB_COMPLETION_INDEX", "2"), ShardSpec{}, true},
		{"k8s index too big", "", env("JOB_COMPLETION_INDEX", "3", "PACTSIM_SHARDS", "3"), ShardSpec{}, true},
		// Both schedulers' indices: refused (Slurm silently won, so a
		// stray JOB_COMPLETION_INDEX could run one shard twice).
		{"slurm and k8s", "", env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "2", "JOB_COMPLETION_INDEX", "1", "PACTSIM_SHARDS", "2"), ShardSpec{}, true},
		{"flag over slurm and k8s", "1/2", env("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_COUNT", "2", "JOB_COMPLETION_INDEX", "1", "PACTSIM_SHARDS", "2"), ShardSpec{1, 2, SourceFlag}, false},
		// A PACTSIM_SHARDS the flag's or the array's N contradicts (a
		// review, stop 24: ignored, a shard of another plan ran).
		{"flag against PACTSIM_SHARDS", "1/3", env("PACTSIM_SHARDS", "4"), ShardSpec{}, true},
		{"flag with PACTSIM_SHARDS", "3/4", env("PACTSIM_SHARDS", "4", "SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "1"), ShardSpec{3, 4, SourceFlag}, false},
		{"slurm subset against PACTSIM_SHARDS", "", env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "3", "SLURM_ARRAY_TASK_MAX", "4", "SLURM_ARRAY_TASK_COUNT", "2", "PACTSIM_SHARDS", "16"), ShardSpec{}, true},
		{"slurm with PACTSIM_SHARDS", "", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "2", "PACTSIM_SHARDS", "2"), ShardSpec{1, 2, SourceSlurm}, false},
		{"PACTSIM_SHARDS junk", "1/2", env("PACTSIM_SHARDS", "two"), ShardSpec{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveShard(tt.flag, tt.env)
			if tt.bad {
				if !errors.Is(err, ErrBadShard) {
					t.Fatalf("got %+v, %v; want ErrBadShard", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

// TestResolveShardOutOfRangeHint checks that a Slurm array task outside
// 0..N-1 is told the array of its own count (--array=0-7 for 8 tasks), not
// a fixed example of another size.
func TestResolveShardOutOfRangeHint(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for k := 0; k < len(kv); k += 2 {
			m[kv[k]] = kv[k+1]
		}
		return func(s string) string { return m[s] }
	}
	for _, tt := range []struct {
		name string
		env  func(string) string
		want []string
	}{
		{"beyond the count", env("SLURM_ARRAY_TASK_ID", "9", "SLURM_ARRAY_TASK_COUNT", "8"), []string{"--array=0-7"}},
		{"one task", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "1"), []string{"--array=0-0"}},
		{"below the minimum", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "2", "SLURM_ARRAY_TASK_COUNT", "4"), []string{"below SLURM_ARRAY_TASK_MIN 2", "--array=0-3"}},
		// An index without the count says what the count must be (a
		// review, stop 50: "PACTSIM_SHARDS is not set").
		{"index without count", env("JOB_COMPLETION_INDEX", "1"), []string{`JOB_COMPLETION_INDEX="1"`, "PACTSIM_SHARDS is not set", "set PACTSIM_SHARDS to the Job's completions", "--shard I/N"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ResolveShard("", tt.env)
			if !errors.Is(err, ErrBadShard) {
				t.Fatalf("got %v; want ErrBadShard", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestDefaultWorkers(t *testing.T) {
	if got := defaultWorkers(func(string) string { return "6" }); got != 6 {
		t.Errorf("SLURM_CPUS_PER_TASK=6 gives %d workers", got)
	}
	for _, v := range []string{"", "0", "x"} {
		if got := defaultWorkers(func(string) string { return v }); got != runtime.NumCPU() {
			t.Errorf("SLURM_CPUS_PER_TASK=%q gives %d workers, want NumCPU %d", v, got, runtime.NumCPU())
		}
	}
	t.Setenv("SLURM_CPUS_PER_TASK", "3")
	if got := DefaultWorkers(); got != 3 {
		t.Errorf("DefaultWorkers with SLURM_CPUS_PER_TASK=3: %d", got)
	}
}

// TestResolveShardBlankAndSigns (a review): a scheduler variable set to
// spaces is said to be blank, not "not set"; and the variables take the
// syntax --shard takes, plain decimal digits: "+3" and "-0" are refused
// as the flag refuses them.
func TestResolveShardBlankAndSigns(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for k := 0; k < len(kv); k += 2 {
			m[kv[k]] = kv[k+1]
		}
		return func(s string) string { return m[s] }
	}
	for _, tc := range []struct {
		name string
		env  func(string) string
		want []string
	}{
		{"slurm blank id", env("SLURM_ARRAY_TASK_ID", "  ", "SLURM_ARRAY_TASK_COUNT", "4"), []string{`SLURM_ARRAY_TASK_ID="  " is blank`}},
		{"slurm blank count", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", " "), []string{`SLURM_ARRAY_TASK_COUNT=" " is blank`}},
		{"k8s blank index", env("JOB_COMPLETION_INDEX", " \t"), []string{`JOB_COMPLETION_INDEX=" \t" is blank`}},
		{"k8s blank index with shards", env("JOB_COMPLETION_INDEX", " ", "PACTSIM_SHARDS", "3"), []string{`JOB_COMPLETION_INDEX=" " is blank`}},
		{"slurm plus id", env("SLURM_ARRAY_TASK_ID", "+3", "SLURM_ARRAY_TASK_COUNT", "4"), []string{`SLURM_ARRAY_TASK_ID="+3"`, "no sign"}},
		{"slurm minus zero min", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "-0", "SLURM_ARRAY_TASK_COUNT", "4"), []string{`SLURM_ARRAY_TASK_MIN="-0"`, "no sign"}},
		{"k8s plus index", env("JOB_COMPLETION_INDEX", "+1", "PACTSIM_SHARDS", "3"), []string{`JOB_COMPLETION_INDEX="+1"`, "no sign"}},
		{"k8s plus shards", env("JOB_COMPLETION_INDEX", "1", "PACTSIM_SHARDS", "+3"), []string{`PACTSIM_SHARDS="+3"`, "no sign"}},
		{"slurm against PACTSIM_SHARDS plus", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "3", "PACTSIM_SHARDS", "+3"), []string{`PACTSIM_SHARDS="+3"`}},
		// A leading zero, which deploy/slurm's scripts refuse (bash reads
		// 08 as bad octal): the runner read PACTSIM_SHARDS=04 as 4 (a
		// review).
		{"k8s shards leading zero", env("JOB_COMPLETION_INDEX", "1", "PACTSIM_SHARDS", "04"), []string{`PACTSIM_SHARDS="04"`, "no leading zero"}},
		{"k8s index leading zero", env("JOB_COMPLETION_INDEX", "01", "PACTSIM_SHARDS", "4"), []string{`JOB_COMPLETION_INDEX="01"`, "no leading zero"}},
		{"slurm id leading zero", env("SLURM_ARRAY_TASK_ID", "07", "SLURM_ARRAY_TASK_COUNT", "8"), []string{`SLURM_ARRAY_TASK_ID="07"`, "no leading zero"}},
		{"slurm min leading zero", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "00", "SLURM_ARRAY_TASK_COUNT", "4"), []string{`SLURM_ARRAY_TASK_MIN="00"`, "no leading zero"}},
		{"slurm against PACTSIM_SHARDS leading zero", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_COUNT", "4", "PACTSIM_SHARDS", "04"), []string{`PACTSIM_SHARDS="04"`, "no leading zero"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ResolveShard("", tc.env)
			if !errors.Is(err, ErrBadShard) {
				t.Fatalf("got %+v, %v; want ErrBadShard", got, err)
			}
			wantText(t, err, tc.want...)
			if strings.Contains(err.Error(), "not set") {
				t.Errorf("a variable that is set is said not to be: %v", err)
			}
		})
	}
}

// TestShardNumberWording: a variable of digits with a leading zero is a
// non-negative integer, so the refusal says how a shard number must be
// written, not that it is no integer (a review: "PACTSIM_SHARDS="04" is
// not a non-negative integer").
func TestShardNumberWording(t *testing.T) {
	for _, kv := range [][2]string{{"PACTSIM_SHARDS", "04"}, {"JOB_COMPLETION_INDEX", "01"}} {
		m := map[string]string{"JOB_COMPLETION_INDEX": "1", "PACTSIM_SHARDS": "4"}
		m[kv[0]] = kv[1]
		_, err := ResolveShard("", func(s string) string { return m[s] })
		if err == nil || !strings.Contains(err.Error(), "is not written as a shard number") || strings.Contains(err.Error(), "not a non-negative integer") {
			t.Errorf("%s=%s: %v, want it refused as not written as a shard number", kv[0], kv[1], err)
		}
	}
}
