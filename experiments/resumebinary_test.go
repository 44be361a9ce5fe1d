package experiments

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pactsim/output"
)

// TestResumeOtherBinary: a shard begun by one binary and resumed by
// another (another Go version, or another VCS state: deploy/slurm's
// submit.sh run again rebuilds the runner from a checkout that may have
// moved or gained an untracked file) is refused and kept. Resumed, it was
// finished under the second binary's name in its manifest, though the
// first computed some of its parts, and merge then refused it beside the
// shards the first binary finished, after every shard had run.
func TestResumeOtherBinary(t *testing.T) {
	t.Parallel()
	shard := RunOptions{Shard: ShardSpec{I: 1, N: 2, Source: SourceFlag}}
	plan, dir := runStopped(t, pcfg{}, 1, shard)
	tasks := filepath.Join(dir, output.TasksName)
	rec, err := os.ReadFile(tasks)
	if err != nil {
		t.Fatal(err)
	}
	g, v := output.BuildVersions()
	goLine, vcsLine := "\ngo "+g+"\n", "\nvcs "+output.VCSText(v)+"\n"
	for _, line := range []string{goLine, vcsLine} {
		if !strings.Contains(string(rec), line) {
			t.Fatalf("%s does not record %q: %q", tasks, strings.TrimSpace(line), rec)
		}
	}
	before := listFiles(t, dir)
	for _, tc := range []struct{ name, old, new, want string }{
		{"go", goLine, "\ngo go1.0-other\n", "built with go1.0-other, vcs " + output.VCSText(v)},
		{"vcs", vcsLine, "\nvcs {source buildinfo, revision 0123, time null, modified true}\n", "vcs {source buildinfo, revision 0123"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(tasks, []byte(strings.Replace(string(rec), tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			opt := shard
			opt.Resume = true
			_, err := run(t, plan, dir, opt)
			wantUsage(t, err, dir, "begun by a runner built with", tc.want, "this runner is built with "+g, "--force")
			if got := listFiles(t, dir); !slices.Equal(got, before) {
				t.Errorf("a refused --resume by another binary changed the directory: %v, was %v", got, before)
			}
		})
	}
	// A record from before the binary was recorded (tasks and build
	// only) resumes, as it did.
	old, _, _ := strings.Cut(string(rec), goLine)
	if err := os.WriteFile(tasks, []byte(old+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := shard
	opt.Resume = true
	mustRun(t, plan, dir, opt)
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Shard == nil || m.Shard.Index != 1 || m.GoVersion != g || output.VCSText(m.VCS) != output.VCSText(v) {
		t.Errorf("resumed shard's manifest: shard %+v, go %s, vcs %s", m.Shard, m.GoVersion, output.VCSText(m.VCS))
	}
}

// TestResumeDamagedTasks: a task record that does not read as pactsim
// writes it (its bounds in hexadecimal, which fmt.Sscan read) is refused
// by --resume, naming it, and the directory kept, not skipped as if
// absent: it says which shard the directory was begun as (a review,
// stop 50). Written back as it was, the run finishes.
func TestResumeDamagedTasks(t *testing.T) {
	t.Parallel()
	shard := RunOptions{Shard: ShardSpec{I: 1, N: 2, Source: SourceFlag}}
	plan, dir := runStopped(t, pcfg{}, 1, shard)
	tasks := filepath.Join(dir, output.TasksName)
	rec, err := os.ReadFile(tasks)
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(string(rec), "\n")
	f := strings.Fields(first)
	lo, _ := strconv.Atoi(f[1])
	if err := os.WriteFile(tasks, fmt.Appendf(nil, "tasks %#x %s %s\n%s", lo, f[2], strings.Join(f[3:], " "), rest), 0o644); err != nil {
		t.Fatal(err)
	}
	before := listFiles(t, dir)
	shard.Resume = true
	_, err = run(t, plan, dir, shard)
	wantUsage(t, err, tasks+": its first line", "decimal digits", "remove it")
	if got := listFiles(t, dir); !slices.Equal(got, before) {
		t.Errorf("a refused --resume changed the directory: %v, was %v", got, before)
	}
	if err := os.WriteFile(tasks, rec, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, shard)
}
