package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"pactsim/engine"
)

// The deploy/k8s manifests are data that no cluster checks before a user
// applies them; these tests read them as Kubernetes would and play them
// here with the real binary.

// k8sDir is deploy/k8s, from this package's folder.
var k8sDir = filepath.Join("..", "..", "deploy", "k8s")

// obj is a decoded YAML mapping.
type obj = map[string]any

// readManifestYAML decodes one Kubernetes object from deploy/k8s/name.
func readManifestYAML(t *testing.T, name string) obj {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(k8sDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var o obj
	if err := yaml.Unmarshal(data, &o); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return o
}

// at walks o along keys (mapping keys, or list indices as ints) and fails
// the test when the path is not there.
func at(t *testing.T, o any, keys ...any) any {
	t.Helper()
	cur := o
	for k, key := range keys {
		switch key := key.(type) {
		case string:
			m, ok := cur.(obj)
			if !ok {
				t.Fatalf("%v: not a mapping at %v", keys, keys[:k])
			}
			if cur, ok = m[key]; !ok {
				t.Fatalf("%v: no key %q", keys, key)
			}
		case int:
			l, ok := cur.([]any)
			if !ok || key >= len(l) {
				t.Fatalf("%v: no item %d", keys, key)
			}
			cur = l[key]
		}
	}
	return cur
}

// atAs is at's value as a T (string, int, []any), failing the test when it
// is not one.
func atAs[T any](t *testing.T, o any, keys ...any) T {
	t.Helper()
	v, ok := at(t, o, keys...).(T)
	if !ok {
		t.Fatalf("%v: not a %T: %v", keys, v, at(t, o, keys...))
	}
	return v
}

var (
	atString = atAs[string]
	atInt    = atAs[int]
	atList   = atAs[[]any]
)

// strs converts a YAML list of strings.
func strs(t *testing.T, l []any) []string {
	t.Helper()
	out := make([]string, len(l))
	for k, v := range l {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("list item %d is not a string: %v", k, v)
		}
		out[k] = s
	}
	return out
}

// onlyContainer is the pod template's single container.
func onlyContainer(t *testing.T, job obj) obj {
	t.Helper()
	cs := atList(t, job, "spec", "template", "spec", "containers")
	if len(cs) != 1 {
		t.Fatalf("%s: %d containers, want 1", atString(t, job, "metadata", "name"), len(cs))
	}
	return cs[0].(obj)
}

// podEnv is the environment Kubernetes gives pod index of job's container:
// literal values, the completion index from the downward API, and the
// container's CPU limit (rounded up, as divisor 1 does).
func podEnv(t *testing.T, c obj, index int) map[string]string {
	t.Helper()
	env := map[string]string{}
	for _, item := range atList(t, c, "env") {
		e := item.(obj)
		name := atString(t, e, "name")
		if v, ok := e["value"]; ok {
			env[name] = fmt.Sprint(v)
			continue
		}
		from := at(t, e, "valueFrom").(obj)
		switch {
		case from["fieldRef"] != nil:
			path := atString(t, from, "fieldRef", "fieldPath")
			if path != "metadata.annotations['batch.kubernetes.io/job-completion-index']" &&
				path != "metadata.labels['batch.kubernetes.io/job-completion-index']" {
				t.Fatalf("env %s: fieldPath %s is not the completion index", name, path)
			}
			env[name] = strconv.Itoa(index)
		case from["resourceFieldRef"] != nil:
			ref := at(t, from, "resourceFieldRef")
			if cn := atString(t, ref, "containerName"); cn != atString(t, c, "name") {
				t.Errorf("env %s: resourceFieldRef names container %q, not %q", name, cn, atString(t, c, "name"))
			}
			if r := atString(t, ref, "resource"); r != "limits.cpu" {
				t.Fatalf("env %s: resource %s, want limits.cpu", name, r)
			}
			if d := atString(t, ref, "divisor"); d != "1" {
				t.Fatalf("env %s: divisor %s, want 1 (whole CPUs)", name, d)
			}
			cpu, err := strconv.ParseFloat(atString(t, c, "resources", "limits", "cpu"), 64)
			if err != nil {
				t.Fatalf("limits.cpu: %v (a plain number of CPUs is expected)", err)
			}
			env[name] = strconv.Itoa(int(math.Ceil(cpu)))
		default:
			t.Fatalf("env %s: unknown valueFrom %v", name, from)
		}
	}
	return env
}

var varRef = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)

// expandArgs expands $(VAR) in args as the kubelet does, failing on a
// reference to a variable the container does not define (the kubelet
// would pass it on literally).
func expandArgs(t *testing.T, args []string, env map[string]string) []string {
	t.Helper()
	out := make([]string, len(args))
	for k, a := range args {
		out[k] = varRef.ReplaceAllStringFunc(a, func(ref string) string {
			v, ok := env[varRef.FindStringSubmatch(ref)[1]]
			if !ok {
				t.Fatalf("arg %q: %s is not defined in the container's env", a, ref)
			}
			return v
		})
	}
	return out
}

// localPaths maps the container's mount points to folders here.
func localPaths(args []string, mounts map[string]string) []string {
	out := make([]string, len(args))
	for k, a := range args {
		out[k] = a
		for mp, local := range mounts {
			if a == mp || strings.HasPrefix(a, mp+"/") {
				out[k] = local + strings.TrimPrefix(a, mp)
			}
		}
	}
	return out
}

// mountPaths is the mount path of each named volume of job's container.
func mountPaths(t *testing.T, c obj) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, item := range atList(t, c, "volumeMounts") {
		m[atString(t, item, "name")] = atString(t, item, "mountPath")
	}
	return m
}

// TestKubernetesManifests: deploy/k8s does what its README and the
// project README say. Statically: the shard count N agrees in its three
// places (completions, PACTSIM_SHARDS, the merge Job's shard list), the
// Job is Indexed, both Jobs run the same image on the claim pvc.yaml
// defines, and the names that tie fields together (container, volume,
// ConfigMap key) match. Then it plays the Jobs here with the real binary:
// pod I gets the environment Kubernetes would give it and the args with
// $(VAR) expanded, /config and /results mapped to temporary folders; every
// pod runs twice (a replaced pod resumes, a finished shard verifies and
// exits 0), then the merge Job runs twice (it is re-applied with --force).
// The merged directory must equal an unsharded run of the same config:
// every file but the parts and the manifest byte for byte, and the runs
// rows through verify --sample all.
func TestKubernetesManifests(t *testing.T) {
	t.Parallel()
	job := readManifestYAML(t, "indexed-job.yaml")
	merge := readManifestYAML(t, "merge-job.yaml")
	pvc := readManifestYAML(t, "pvc.yaml")

	// The Indexed Job.
	if k := atString(t, job, "kind"); k != "Job" {
		t.Fatalf("indexed-job.yaml is a %s", k)
	}
	if m := atString(t, job, "spec", "completionMode"); m != "Indexed" {
		t.Errorf("completionMode %s, want Indexed", m)
	}
	n := atInt(t, job, "spec", "completions")
	if p := atInt(t, job, "spec", "parallelism"); p < 1 || p > n {
		t.Errorf("parallelism %d outside 1..completions (%d)", p, n)
	}
	c := onlyContainer(t, job)
	env0 := podEnv(t, c, 0)
	if s := env0["PACTSIM_SHARDS"]; s != strconv.Itoa(n) {
		t.Errorf("PACTSIM_SHARDS %q, completions %d: they must agree", s, n)
	}
	failsJobOnUsage(t, "indexed-job.yaml", job)
	failsJobOnUsage(t, "merge-job.yaml", merge)

	// The merge Job and the claim.
	mc := onlyContainer(t, merge)
	if a, b := atString(t, c, "image"), atString(t, mc, "image"); a != b {
		t.Errorf("the shards run %s and the merge %s: merge refuses another engine version", a, b)
	}
	// The tag names the engine version the image holds, so an operator
	// reads which engine ran the shards from the manifests.
	if img := atString(t, c, "image"); !strings.HasSuffix(img, ":"+engine.Version) {
		t.Errorf("image %s: its tag is not the engine version %s", img, engine.Version)
	}
	for _, f := range []string{"README.md", "Dockerfile"} {
		b, err := os.ReadFile(filepath.Join(k8sDir, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`pactsim/runner:(\S+?)[\s`+"`"+`]`).FindAllStringSubmatch(string(b), -1) {
			if m[1] != engine.Version {
				t.Errorf("deploy/k8s/%s builds or names the image tagged %s, not the engine version %s", f, m[1], engine.Version)
			}
		}
	}
	claim := atString(t, pvc, "metadata", "name")
	if !slices.Contains(strs(t, atList(t, pvc, "spec", "accessModes")), "ReadWriteMany") {
		t.Error("pvc.yaml is not ReadWriteMany: shard pods on several nodes and the merge share it")
	}
	volumes := func(j obj) map[string]obj {
		vs := map[string]obj{}
		for _, v := range atList(t, j, "spec", "template", "spec", "volumes") {
			vs[atString(t, v, "name")] = v.(obj)
		}
		return vs
	}
	jv, mv := volumes(job), volumes(merge)
	jm, mm := mountPaths(t, c), mountPaths(t, mc)
	resultsVol := func(vs map[string]obj, mounts map[string]string, what string) string {
		for name, v := range vs {
			if pc, ok := v["persistentVolumeClaim"]; ok {
				if cn := atString(t, pc, "claimName"); cn != claim {
					t.Errorf("%s mounts claim %s, pvc.yaml defines %s", what, cn, claim)
				}
				mp, ok := mounts[name]
				if !ok {
					t.Fatalf("%s does not mount volume %s", what, name)
				}
				return mp
			}
		}
		t.Fatalf("%s has no persistentVolumeClaim volume", what)
		return ""
	}
	jobResults, mergeResults := resultsVol(jv, jm, "indexed-job.yaml"), resultsVol(mv, mm, "merge-job.yaml")
	configMount := ""
	for name, v := range jv {
		if cm, ok := v["configMap"]; ok {
			if atString(t, cm, "name") != "pactsim-config" {
				t.Errorf("configMap %s; the README creates pactsim-config", atString(t, cm, "name"))
			}
			configMount = jm[name]
		}
	}
	if configMount == "" {
		t.Fatal("indexed-job.yaml mounts no configMap")
	}

	// The config the README puts in the ConfigMap (experiment.yaml), small.
	cf := cfg{Plots: true}
	ref := reference(t, cf)
	root := t.TempDir()
	configDir, resultsDir := filepath.Join(root, "config"), filepath.Join(root, "results")
	for _, d := range []string{configDir, resultsDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(configDir, "experiment.yaml"), []byte(cf.yaml()), 0o644); err != nil {
		t.Fatal(err)
	}
	jobMounts := map[string]string{configMount: configDir, jobResults: resultsDir}
	mergeMounts := map[string]string{mergeResults: resultsDir}

	// The shard pods, each run twice.
	args := strs(t, atList(t, c, "args"))
	if len(args) == 0 || args[0] != "run" {
		t.Fatalf("indexed-job.yaml args %v do not start with run", args)
	}
	var shardDirs []string
	for i := range n {
		env := podEnv(t, c, i)
		pod := localPaths(expandArgs(t, args, env), jobMounts)
		var kv []string
		for k, v := range env {
			kv = append(kv, k+"="+v)
		}
		for try := range 2 {
			r := mustRun(t, kv, pod...)
			if try == 0 && !strings.Contains(r.stderr, fmt.Sprintf("shard %d/%d (from JOB_COMPLETION_INDEX)", i, n)) {
				t.Errorf("pod %d: stderr does not name shard %d/%d from JOB_COMPLETION_INDEX:\n%s", i, i, n, r.stderr)
			}
			if try == 1 && !strings.Contains(r.stderr, "nothing to do") {
				t.Errorf("pod %d again: a finished shard should verify and exit at once:\n%s", i, r.stderr)
			}
		}
		shardDirs = append(shardDirs, filepath.Join(resultsDir, fmt.Sprintf("shard-%d", i)))
		if m := readManifest(t, shardDirs[i]); m.Shard == nil || m.Shard.Index != i || m.Shard.Count != n {
			t.Errorf("pod %d wrote shard %+v, want %d/%d", i, m.Shard, i, n)
		}
	}

	// The merge Job: its shard list must be exactly the pods' directories.
	margs := localPaths(strs(t, atList(t, mc, "args")), mergeMounts)
	if len(margs) < 3 || margs[0] != "merge" || margs[1] != "-o" {
		t.Fatalf("merge-job.yaml args %v are not merge -o OUT ...", margs)
	}
	out := margs[2]
	var listed []string
	for _, a := range margs[3:] {
		if !strings.HasPrefix(a, "-") {
			listed = append(listed, a)
		}
	}
	if !slices.Equal(listed, shardDirs) {
		t.Fatalf("merge-job.yaml merges %v; the %d pods wrote %v", listed, n, shardDirs)
	}
	mustRun(t, nil, margs...)
	first := map[string][]byte{}
	for _, f := range listFiles(t, out) {
		first[f], _ = os.ReadFile(filepath.Join(out, f))
	}
	mustRun(t, nil, margs...) // applied again
	for f, b := range sameAsUnsharded(t, ref, out) {
		if !bytes.Equal(b, first[f]) {
			t.Errorf("merging again changed %s", f)
		}
	}
	mustRun(t, nil, "verify", out, "--sample", "all")
}

// TestReadmeShardsByHand runs the README's "Scale out" example "# by hand"
// as written, in a scratch directory: the run line for every shard its
// comment names ("... through 3/4"), then the merge line with its glob
// expanded as a shell would. The merge must succeed and verify. Review 4:
// the example merged into results/x, the directory holding the shards,
// which merge refused (exit 2) with and without --force.
func TestReadmeShardsByHand(t *testing.T) {
	t.Parallel()
	_, block, ok := strings.Cut(readme(t), "\n# by hand\n")
	if !ok {
		t.Fatal(`README.md has no "# by hand" example`)
	}
	block, _, _ = strings.Cut(block, "\n\n")
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if len(lines) != 2 {
		t.Fatalf("the by-hand example has %d lines, want a run and a merge:\n%s", len(lines), block)
	}
	shardArg := regexp.MustCompile(`--shard 0/(\d+)`)
	m := shardArg.FindStringSubmatch(lines[0])
	if m == nil || !strings.Contains(lines[0], "shard-0") {
		t.Fatalf("run line %q: no --shard 0/N into a shard-0 directory", lines[0])
	}
	n, _ := strconv.Atoi(m[1])
	work := t.TempDir()
	config := cfg{}.write(t, work)
	// fields is a README command line as arguments: the comment dropped,
	// ./runner and CONFIG replaced, globs expanded in work.
	fields := func(line string) []string {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "./runner" {
			t.Fatalf("%q does not run ./runner", line)
		}
		var args []string
		for _, a := range f[1:] {
			switch {
			case a == "CONFIG":
				args = append(args, config)
			case strings.ContainsAny(a, "*?["):
				ms, err := filepath.Glob(filepath.Join(work, a))
				if err != nil || len(ms) == 0 {
					t.Fatalf("%s matches nothing", a)
				}
				for _, m := range ms {
					rel, _ := filepath.Rel(work, m)
					args = append(args, rel)
				}
			default:
				args = append(args, a)
			}
		}
		return args
	}
	inWork := func(args ...string) result {
		t.Helper()
		cmd := exec.Command(runnerBin, args...)
		cmd.Dir, cmd.Env = work, cleanEnv()
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	}
	for i := range n {
		line := strings.ReplaceAll(lines[0], "shard-0", fmt.Sprintf("shard-%d", i))
		line = shardArg.ReplaceAllString(line, fmt.Sprintf("--shard %d/%d", i, n))
		if r := inWork(fields(line)...); r.code != 0 {
			t.Fatalf("%s: %s", line, r)
		}
	}
	args := fields(lines[1])
	if r := inWork(args...); r.code != 0 {
		t.Fatalf("%s: %s", lines[1], r)
	}
	out := ""
	for k, a := range args {
		if a == "-o" && k+1 < len(args) {
			out = args[k+1]
		}
	}
	if r := inWork("verify", out, "--sample", "all"); r.code != 0 {
		t.Fatalf("verify %s: %s", out, r)
	}
}

// TestSlurmScripts plays deploy/slurm's sbatch scripts without Slurm: each
// array task gets the environment sbatch gives it (submit.sh exports
// PACTSIM_SHARDS and PACTSIM_RUNNER; a stray JOB_COMPLETION_INDEX must not
// matter), then one task is re-run alone as deploy/slurm/README.md shows
// (PACTSIM_SHARDS=N sbatch --array=1 ...), then the merge script runs twice
// (the second time over its own earlier output). The merged directory must
// equal an unsharded run. .ci/slurm-e2e.sh drives a real Slurm through
// submit.sh, but only a whole 0-(N-1) array.
func TestSlurmScripts(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	scripts, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm"))
	if err != nil {
		t.Fatal(err)
	}
	cf := cfg{Plots: true}
	ref := reference(t, cf)
	work := t.TempDir()
	config := cf.write(t, work)
	const n = 3
	sbatch := func(env []string, script string, args ...string) result {
		t.Helper()
		cmd := exec.Command("bash", append([]string{filepath.Join(scripts, script)}, args...)...)
		cmd.Dir = t.TempDir() // Slurm runs a copy of the script from its spool
		cmd.Env = append(cleanEnv(), append([]string{"SLURM_SUBMIT_DIR=" + work, "PACTSIM_RUNNER=" + runnerBin}, env...)...)
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	}
	task := func(id, lo, hi int) result {
		return sbatch([]string{
			"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(id), "SLURM_ARRAY_TASK_MIN=" + strconv.Itoa(lo),
			"SLURM_ARRAY_TASK_MAX=" + strconv.Itoa(hi), "SLURM_ARRAY_TASK_COUNT=" + strconv.Itoa(hi-lo+1),
			"SLURM_CPUS_PER_TASK=1", "PACTSIM_SHARDS=" + strconv.Itoa(n), "JOB_COMPLETION_INDEX=7",
		}, "pactsim-array.sbatch", config, "results")
	}
	for i := range n {
		r := task(i, 0, n-1)
		wantExit(t, r, 0, fmt.Sprintf("shard %d/%d (from SLURM_ARRAY_TASK_ID)", i, n))
	}
	// A submit directory not mounted on the node (Slurm then starts the job
	// in /tmp) fails only a task given relative paths (a deploy review,
	// stop 37: every task failed at its cd).
	gone := []string{"SLURM_SUBMIT_DIR=" + filepath.Join(work, "not-mounted"), "SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_COUNT=" + strconv.Itoa(n), "SLURM_CPUS_PER_TASK=1", "PACTSIM_SHARDS=" + strconv.Itoa(n)}
	wantExit(t, sbatch(gone, "pactsim-array.sbatch", config, filepath.Join(work, "results")), 0, fmt.Sprintf("shard 0/%d", n))
	r := sbatch(gone, "pactsim-array.sbatch", config, "results")
	if r.code == 0 || !strings.Contains(r.stderr, "cannot enter the submit directory") {
		t.Errorf("relative paths with the submit directory missing: exit %d, %s", r.code, r.stderr)
	}
	// Task 1 failed: remove its shard and run it again alone.
	if err := os.RemoveAll(filepath.Join(work, "results", "shard-1")); err != nil {
		t.Fatal(err)
	}
	wantExit(t, task(1, 1, 1), 0, fmt.Sprintf("shard 1/%d (from --shard)", n))
	out := filepath.Join(work, "results", "merged")
	for range 2 {
		wantExit(t, sbatch(nil, "pactsim-merge.sbatch", "results", strconv.Itoa(n)), 0, fmt.Sprintf("merged %d shards", n))
	}
	sameAsUnsharded(t, ref, out)
	mustRun(t, nil, "verify", out, "--sample", "all")
	// submit.sh -L (PACTSIM_ALLOW_LARGE=1) ran the shards with
	// --allow-large; the merge, which applies the part-file limit to every
	// shard's part files, gets it too (a scale-out review: it did not, and
	// refused the shards -L had let through). A stand-in runner records
	// its arguments.
	args := filepath.Join(work, "merge-args")
	stand := filepath.Join(work, "stand-in")
	if err := os.WriteFile(stand, []byte("#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >>"+args+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, allow := range []string{"0", "1"} {
		wantExit(t, sbatch([]string{"PACTSIM_RUNNER=" + stand, "PACTSIM_ALLOW_LARGE=" + allow}, "pactsim-merge.sbatch", "results", strconv.Itoa(n)), 0)
	}
	b, err := os.ReadFile(args)
	if calls := strings.Split(strings.TrimSpace(string(b)), "\n"); err != nil || len(calls) != 2 ||
		strings.Contains(calls[0], "--allow-large") || !strings.Contains(calls[1], "merge -o ") || !strings.Contains(calls[1], " --allow-large ") {
		t.Errorf("merge calls without and with PACTSIM_ALLOW_LARGE=1 (%v):\n%s", err, b)
	}
}

// TestSlurmArrayBadVariables: pactsim-array.sbatch given array variables
// that are not whole numbers, or too large for bash's arithmetic, exits 2
// naming the variable, before the runner starts (a scale-out review, stop
// 46: a non-numeric SLURM_ARRAY_TASK_ID or SLURM_ARRAY_TASK_MAX gave bash's
// "unbound variable" with exit 1, a huge PACTSIM_SHARDS an "integer
// expression expected" and a garbled range).
func TestSlurmArrayBadVariables(t *testing.T) {
	t.Parallel()
	script := arrayScript(t)
	work := t.TempDir()
	config := cfg{}.write(t, work)
	good := map[string]string{"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "2", "SLURM_ARRAY_TASK_COUNT": "3"}
	for _, c := range []struct{ name, value string }{
		{"SLURM_ARRAY_TASK_ID", "abc"},
		{"SLURM_ARRAY_TASK_ID", "-1"},
		{"SLURM_ARRAY_TASK_MAX", "x2"},
		{"SLURM_ARRAY_TASK_MIN", "08"},
		{"SLURM_ARRAY_TASK_COUNT", "1e3"},
		{"SLURM_ARRAY_TASK_MAX", "99999999999999999999999"},
		{"PACTSIM_SHARDS", "99999999999999999999999"},
		// Refused by the runner too (TestUsageErrors): the two agree.
		{"PACTSIM_SHARDS", "04"},
		// A hostile review, stop 48: read as 0 without a word, or passed
		// on as the runner's --workers "4x", naming no variable.
		{"PACTSIM_ALLOW_LARGE", "true"},
		{"PACTSIM_ALLOW_LARGE", "yes"},
		{"SLURM_CPUS_PER_TASK", "4x"},
	} {
		env := append(cleanEnv(), "SLURM_SUBMIT_DIR="+work, "PACTSIM_RUNNER="+runnerBin, "SLURM_CPUS_PER_TASK=1")
		for k, v := range good {
			if k != c.name {
				env = append(env, k+"="+v)
			}
		}
		env = append(env, c.name+"="+c.value)
		cmd := exec.Command("bash", script, config, filepath.Join(work, "results"))
		cmd.Dir, cmd.Env = t.TempDir(), env
		var se bytes.Buffer
		cmd.Stderr = &se
		_ = cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(se.String(), c.name+"="+c.value) {
			t.Errorf("%s=%s: exit %d, want 2 naming it:\n%s", c.name, c.value, code, se.String())
		}
		for _, bad := range []string{"unbound variable", "integer expression", "syntax error", "value too great"} {
			if strings.Contains(se.String(), bad) {
				t.Errorf("%s=%s: bash's own error %q:\n%s", c.name, c.value, bad, se.String())
			}
		}
	}
	if exists(filepath.Join(work, "results")) {
		t.Errorf("a refused task made its results directory")
	}
	// The merge script: a shard count beyond any Slurm array is refused
	// at once, not listed shard by shard without end.
	merge := filepath.Join(filepath.Dir(script), "pactsim-merge.sbatch")
	for _, n := range []string{"4000002", "99999999999999999999999"} {
		// A guard against the old script's endless listing, not a
		// measure of speed: the refusal is immediate.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", merge, filepath.Join(work, "results"), n)
		cmd.Dir, cmd.Env = t.TempDir(), append(cleanEnv(), "SLURM_SUBMIT_DIR="+work, "PACTSIM_RUNNER="+runnerBin)
		var se bytes.Buffer
		cmd.Stderr = &se
		_ = cmd.Run()
		cancel()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(se.String(), "shard count "+n+" is more than a Slurm array holds") {
			t.Errorf("merge script with %s shards: exit %d, want 2:\n%s", n, code, se.String())
		}
	}
	// PACTSIM_ALLOW_LARGE other than 0 or 1 is refused by the merge too,
	// not read as 0 (a hostile review, stop 48).
	for _, v := range []string{"true", "yes", " 1"} {
		cmd := exec.Command("bash", merge, filepath.Join(work, "results"), "2")
		cmd.Dir, cmd.Env = t.TempDir(), append(cleanEnv(), "SLURM_SUBMIT_DIR="+work, "PACTSIM_RUNNER="+runnerBin, "PACTSIM_ALLOW_LARGE="+v)
		var se bytes.Buffer
		cmd.Stderr = &se
		_ = cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(se.String(), "PACTSIM_ALLOW_LARGE="+v+": want 1") {
			t.Errorf("merge script with PACTSIM_ALLOW_LARGE=%q: exit %d, want 2 naming it:\n%s", v, code, se.String())
		}
	}
}

// TestSubmitChecksOneShard plays deploy/slurm/submit.sh with a stand-in
// sbatch that records its arguments: a plan too long for one machine but
// whose shards are not (review 6: submit.sh validated the whole plan and
// refused exactly the sweeps Slurm is for) is checked as its shard 0 and
// submitted; -L passes --allow-large on to the shards (PACTSIM_ALLOW_LARGE).
func TestSubmitChecksOneShard(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := filepath.Join(work, "sbatch.log")
	fake := "#!/usr/bin/env bash\nprintf '%s\\n' \"$* PACTSIM_ALLOW_LARGE=$PACTSIM_ALLOW_LARGE\" >>" + log + "\necho 4242\n"
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(work, "huge.yaml")
	// 1e11 tasks in parts of 1e8: 1,000 parts; 400,000 shards of 250,000
	// tasks merge into 400,000 parts, 800,000 files, within the limit.
	text := strings.Replace(strings.Replace(strings.Replace(cfg{}.yaml(), "replicates: 11", "replicates: 20000000", 1),
		"us.reliability: [0.5, 0.8]", "us.reliability: {min: 0, max: 1, steps: 5000}", 1), "part_tasks: 5", "part_tasks: 100000000", 1)
	if err := os.WriteFile(config, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	play := func(args ...string) result {
		cmd := exec.Command("bash", append([]string{submit}, args...)...)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	}
	// A leading zero: bash reads 010 as octal 8, and 8 tasks would run
	// shards of 10 (a review, stop 24). Refused before any sbatch call.
	wantExit(t, play("-r", runnerBin, "-n", "010", config, "res"), 2, "without leading zeros")
	// RESULTS that is a results directory (the README's earlier command
	// wrote one there): bin/ and shard-* would break it (a review, stop
	// 25). Refused before any sbatch call.
	done := filepath.Join(work, "done")
	if err := os.MkdirAll(done, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(done, "config.yaml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	wantExit(t, play("-r", runnerBin, "-n", "2", config, done), 2, "is a results directory", "choose another")
	if exists(filepath.Join(done, "bin")) {
		t.Error("submit.sh wrote into a results directory")
	}
	// RESULTS inside a results directory, complete (the merged one of an
	// earlier submission) or unfinished: the logs would break it, and
	// every array task would be refused (review, stop 29). Refused before
	// any mkdir.
	merged := filepath.Join(work, "merged")
	mustRun(t, nil, "run", cfg{}.write(t, t.TempDir()), "-o", merged, "-q")
	for _, inside := range []string{filepath.Join(merged, "slurm"), filepath.Join(merged, "a", "b")} {
		wantExit(t, play("-r", runnerBin, "-n", "2", config, inside), 2, "lies inside the results directory "+merged)
		wantExit(t, runner(t, nil, "validate", config, "-o", inside), 2, "lies inside the results directory "+merged)
		if exists(filepath.Join(merged, "slurm")) || exists(filepath.Join(merged, "a")) {
			t.Errorf("submit.sh made %s inside a results directory", inside)
		}
	}
	// A RESULTS whose bin/runner is not pactsim's (RESULTS=$HOME and
	// ~/bin/runner, review, stop 28): refused before the build, the
	// file kept.
	home := filepath.Join(work, "home")
	mine := "#!/bin/sh\necho mine\n"
	if err := os.MkdirAll(filepath.Join(home, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, "bin", "runner"), []byte(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	wantExit(t, play("-n", "2", config, home), 2, "is not a pactsim runner", "refusing to replace it")
	if b, _ := os.ReadFile(filepath.Join(home, "bin", "runner")); string(b) != mine {
		t.Error("submit.sh replaced a runner that is not pactsim's")
	}
	wantExit(t, play("-r", runnerBin, "-n", "2", config, "res"), 2, "too large", "--allow-large")
	wantExit(t, play("-r", runnerBin, "-n", "400000", "-c", "1", config, "res"), 0, "shard          0/400000: tasks [0, 250000)", "within every limit")
	wantExit(t, play("-L", "-r", runnerBin, "-n", "2", config, "res"), 0, "accepted by --allow-large")
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	calls := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(calls) != 4 || !strings.Contains(calls[0], "PACTSIM_ALLOW_LARGE=0") || !strings.Contains(calls[2], "PACTSIM_ALLOW_LARGE=1") || !strings.Contains(calls[0], "--array=0-399999") {
		t.Errorf("sbatch calls:\n%s", b)
	}
	// More shards than the cluster's MaxArraySize: refused before sbatch,
	// which would say only "Invalid job array specification" (a deploy
	// review, stop 37).
	if err := os.WriteFile(filepath.Join(bin, "scontrol"), []byte("#!/usr/bin/env bash\necho 'MaxArraySize            = 1001'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	wantExit(t, play("-r", runnerBin, "-n", "2000", "-c", "1", config, "res"), 2, "MaxArraySize is 1001")
	if b2, _ := os.ReadFile(log); !bytes.Equal(b, b2) {
		t.Error("sbatch was called for an array larger than MaxArraySize")
	}
}

// TestReadmeConfigExample: the README's "Writing a config" example, every
// key with a comment, is a config `runner validate` accepts (it is written
// beside no roster file: its roster is built in).
func TestReadmeConfigExample(t *testing.T) {
	t.Parallel()
	_, sec, ok := strings.Cut(readme(t), "\n## Writing a config\n")
	if !ok {
		t.Fatal(`README.md has no "Writing a config" section`)
	}
	_, block, ok := strings.Cut(sec, "```yaml\n")
	if !ok {
		t.Fatal("the section has no YAML example")
	}
	block, _, _ = strings.Cut(block, "```")
	for _, key := range []string{"name:", "seed:", "replicates:", "periods:", "architectures:", "population:", "params:", "sweep:", "output:", "analysis:", "calibration:"} {
		if !strings.Contains(block, key) {
			t.Errorf("the example does not show %s", key)
		}
	}
	path := writeText(t, t.TempDir(), "example.yaml", block)
	r := mustRun(t, nil, "validate", path)
	if !strings.Contains(r.stdout, "is valid: my-study") {
		t.Errorf("validate of the README's example:\n%s", r.stdout)
	}
	// periods, which `runner describe` lists, is refused under params: the
	// example's params comment says so (a review, stop 50: it said "any
	// parameter `runner describe` lists").
	fixed := strings.Replace(block, "  us.reliability: 0.7", "  periods: 20", 1)
	wantExit(t, runner(t, nil, "validate", writeText(t, t.TempDir(), "periods.yaml", fixed)), 2, "params.periods", "top-level key periods")
	_, params, _ := strings.Cut(block, "\nparams:")
	params, _, _ = strings.Cut(params, "\nsweep:")
	if !strings.Contains(params, "lists but\n") || !strings.Contains(params, "#   periods,") {
		t.Errorf("the example's params comment does not except periods:\nparams:%s", params)
	}
}

// readme returns the repository's README.md.
func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestRelativeOutThroughLinkedWorkdir: in a working directory the shell
// reached through a symbolic link ($PWD the link), `-o ../out` goes up
// from the real directory, as the system resolves it, and is taken (a
// review, stop 24: the ".."-after-a-link check read $PWD as part of the
// path typed and refused it).
func TestRelativeOutThroughLinkedWorkdir(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	work := t.TempDir()
	sub := filepath.Join(work, "real", "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	config := cfg{}.write(t, sub)
	lnk := filepath.Join(work, "lnk")
	if err := os.Symlink(sub, lnk); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", "-c", `cd "$1" && exec "$2" run "$3" -o ../out --workers 1 -q`, "bash", lnk, runnerBin, filepath.Base(config))
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("run from a linked working directory: %v\n%s", err, out)
	}
	if !exists(filepath.Join(work, "real", "out", "manifest.json")) {
		t.Errorf("no results in %s (the real parent of the working directory)", filepath.Join(work, "real", "out"))
	}
}

// TestCitationVersion: every engine version CITATION.cff names is the
// engine's (review, stop 26: its identifier still named 0.4.1 after the
// version field had moved to 0.4.3).
func TestCitationVersion(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "CITATION.cff"))
	if err != nil {
		t.Fatal(err)
	}
	// The version field, the abstract's "Engine version X" and the
	// identifier's "pactsim engine X" (not cff-version, the format's).
	found := regexp.MustCompile(`(?m)(?:^version: "|[Ee]ngine (?:version )?)(\d+\.\d+\.\d+)`).FindAllStringSubmatch(string(b), -1)
	if len(found) < 3 {
		t.Fatalf("CITATION.cff names %d engine versions, want the version, the abstract's and the identifier's: %q", len(found), found)
	}
	for _, m := range found {
		if v := m[1]; v != engine.Version {
			t.Errorf("CITATION.cff names %s; the engine is %s", v, engine.Version)
		}
	}
}

// failsJobOnUsage: job's pod failure policy fails the whole Job when its
// runner exits 2 (bad usage, a bad config, shards that disagree: a retried
// pod would meet the same refusal, backoffLimit times over) and its
// restartPolicy is Never, which podFailurePolicy requires.
func failsJobOnUsage(t *testing.T, file string, job obj) {
	t.Helper()
	if rp := atString(t, job, "spec", "template", "spec", "restartPolicy"); rp != "Never" {
		t.Errorf("%s: restartPolicy %s: podFailurePolicy needs Never", file, rp)
	}
	cname := atString(t, onlyContainer(t, job), "name")
	failsOn2 := false
	for _, r := range atList(t, job, "spec", "podFailurePolicy", "rules") {
		rule := r.(obj)
		if rule["onExitCodes"] == nil {
			continue
		}
		if cn := atString(t, rule, "onExitCodes", "containerName"); cn != cname {
			t.Errorf("%s: podFailurePolicy names container %q, not %q", file, cn, cname)
		}
		codes := atList(t, rule, "onExitCodes", "values")
		if atString(t, rule, "action") == "FailJob" && atString(t, rule, "onExitCodes", "operator") == "In" && slices.Contains(codes, any(2)) {
			failsOn2 = true
		}
	}
	if !failsOn2 {
		t.Errorf("%s: podFailurePolicy does not fail the Job on exit 2 (bad usage or input: retrying cannot help)", file)
	}
}

// TestSubmitKeepsShardsRunner plays deploy/slurm/submit.sh over a RESULTS
// that holds shards begun by a runner other than the one the checkout now
// builds (a stand-in go that "builds" a runner of another version): it
// stops before sbatch, keeps the runner that began the shards, leaves no
// half-built binary, and says to pass -r (a scale-out review, stop 43: it
// replaced the runner, so every unfinished shard was refused or finished
// under another binary's name, which merge refuses). With the same
// version it builds and submits.
func TestSubmitKeepsShardsRunner(t *testing.T) {
	t.Parallel()
	submit, work, bin := submitScript(t)
	log := fakeSbatch(t, work, bin)
	// The stand-in go writes, at -o, a runner that reports $NEWVERSION and
	// accepts validate.
	writeExec(t, filepath.Join(bin, "go"), `#!/usr/bin/env bash
while [ $# -gt 0 ]; do if [ "$1" = -o ]; then out=$2; fi; shift; done
printf '#!/bin/sh\nif [ "$1" = version ]; then echo "%s"; fi\nexit 0\n' "$NEWVERSION" >"$out"
chmod +x "$out"
`)
	config := cfg{}.write(t, work)
	results := filepath.Join(work, "res")
	old := "pactsim engine 0.4.12, model 2.0, go1.26.8, revision aaaa"
	oldRunner := "#!/bin/sh\nif [ \"$1\" = version ]; then echo \"" + old + "\"; fi\nexit 0\n"
	for _, d := range []string{"bin", "shard-0"} {
		if err := os.MkdirAll(filepath.Join(results, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeExec(t, filepath.Join(results, "bin", "runner"), oldRunner)
	play := func(version string) result {
		cmd := exec.Command("bash", submit, "-n", "2", config, results)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "NEWVERSION="+version)
		var so, se bytes.Buffer
		cmd.Stdout, cmd.Stderr = &so, &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
	}
	wantExit(t, play("pactsim engine 0.4.12, model 2.0, go1.26.8, revision bbbb"), 2,
		"holds shards begun by", "pass -r "+filepath.Join(results, "bin", "runner"))
	if b, _ := os.ReadFile(filepath.Join(results, "bin", "runner")); string(b) != oldRunner {
		t.Error("submit.sh replaced the runner that began the shards")
	}
	if exists(filepath.Join(results, "bin", ".runner.tmp")) || exists(log) {
		t.Error("submit.sh left a half-built runner or called sbatch")
	}
	wantExit(t, play(old), 0)
	if !exists(log) {
		t.Error("with the same runner, submit.sh did not submit")
	}
}

// submitScript returns deploy/slurm/submit.sh's absolute path, a work
// folder and a bin folder in it for stand-ins of the commands it calls
// (sbatch, scontrol, go); it skips the test where there is no bash.
func submitScript(t *testing.T) (submit, work, bin string) {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	submit, err := filepath.Abs(filepath.Join("..", "..", "deploy", "slurm", "submit.sh"))
	if err != nil {
		t.Fatal(err)
	}
	work = t.TempDir()
	bin = filepath.Join(work, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	return submit, work, bin
}

// fakeSbatch puts on bin a stand-in sbatch that appends its arguments, a
// line a call, to the file it returns and answers job id 4242.
func fakeSbatch(t *testing.T, work, bin string) (log string) {
	t.Helper()
	log = filepath.Join(work, "sbatch.log")
	writeExec(t, filepath.Join(bin, "sbatch"), "#!/usr/bin/env bash\necho \"$*\" >>"+log+"\necho 4242\n")
	return log
}

// writeExec writes text to path as an executable file.
func writeExec(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestMergeJobExitCodesAsDocumented (a scale-out review, stop 46): the
// merge Job's failure policy fails the Job at once on exit 2, and its
// comment and the Kubernetes README said that a shard whose files fail
// their checksums is exit 2 too; merge exits 1 there, as verify reports
// that damage, so the pod is retried. The codes are checked on the
// binary, and the documents must say exit 1 of the checksums, never
// list them under exit 2.
func TestMergeJobExitCodesAsDocumented(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	c := cfg{Seed: 5, Reps: 3, PartTasks: 2}
	shards := runShards(t, c.write(t, work), filepath.Join(work, "a"), 2)
	other := cfg{Seed: 6, Reps: 3, PartTasks: 2}
	otherDir := filepath.Join(work, "other")
	if err := os.Mkdir(otherDir, 0o755); err != nil {
		t.Fatal(err)
	}
	foreign := runShards(t, other.write(t, otherDir), filepath.Join(work, "b"), 2)

	// Shards that disagree: exit 2, which fails the Job at once.
	wantExit(t, runner(t, nil, "merge", "-o", filepath.Join(work, "m1"), shards[0], foreign[1]), 2, "different resolved configs")
	// A missing shard: exit 2.
	wantExit(t, runner(t, nil, "merge", "-o", filepath.Join(work, "m2"), shards[0]), 2, "missing shard")
	// A shard whose part fails its checksum: exit 1, as verify says.
	damaged := filepath.Join(work, "damaged")
	copyDir(t, shards[1], damaged)
	parts, err := filepath.Glob(filepath.Join(damaged, "runs", "*.parquet"))
	if err != nil || len(parts) == 0 {
		t.Fatalf("no runs parts in %s: %v", damaged, err)
	}
	flipByte(t, parts[0])
	wantExit(t, runner(t, nil, "verify", damaged), 1, "does not match its manifest")
	wantExit(t, runner(t, nil, "merge", "-o", filepath.Join(work, "m3"), shards[0], damaged), 1, "does not verify", "does not match its manifest")

	yamlText, err := os.ReadFile(filepath.Join(k8sDir, "merge-job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var comments []string
	for _, line := range strings.Split(string(yamlText), "\n") {
		if _, c, ok := strings.Cut(line, "#"); ok {
			comments = append(comments, c)
		}
	}
	readmeText, err := os.ReadFile(filepath.Join(k8sDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	under2 := regexp.MustCompile(`exit 2 \([^)]*checksum|checksum[^()]*\(exit 2\)`)
	is1 := regexp.MustCompile(`checksums? (is|are) exit 1`)
	for name, text := range map[string]string{
		"merge-job.yaml": strings.Join(comments, " "),
		"README.md":      string(readmeText),
	} {
		text = strings.Join(strings.Fields(text), " ")
		if m := under2.FindString(text); m != "" {
			t.Errorf("deploy/k8s/%s lists a checksum failure under exit 2 (%q); merge exits 1 there", name, m)
		}
		if !is1.MatchString(text) {
			t.Errorf("deploy/k8s/%s does not say that a shard failing its checksums is exit 1", name)
		}
	}
}

// TestKubernetesPullsOneImage (a review, stop 49): the image's tag is the
// engine version, which stays the same from one build to the next, and an
// image built without .git records no revision, so merge cannot tell
// shards of two builds of one tag apart. With a tag and no pull policy,
// Kubernetes pulls IfNotPresent: after a rebuild pushed under the same
// tag, nodes that hold the old image run it beside nodes that pull the
// new one. Each Job's container must pull Always, or name the image by
// digest.
func TestKubernetesPullsOneImage(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"indexed-job.yaml", "merge-job.yaml"} {
		c := onlyContainer(t, readManifestYAML(t, file))
		img := atString(t, c, "image")
		if strings.Contains(img, "@sha256:") {
			continue
		}
		if p, _ := c["imagePullPolicy"].(string); p != "Always" {
			t.Errorf("%s: image %s by tag with imagePullPolicy %q: a node holding an older image of that tag runs it; want Always, or the image by digest", file, img, p)
		}
	}
}
