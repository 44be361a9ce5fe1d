package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// asNobody returns the runner binary and the credential to run it as user
// nobody where the test runs as root (who reads every file), as
// TestUnreadablePart does: a copy of the binary in base, and base's
// parents opened to other users where they are the test's own.
func asNobody(t *testing.T, base string) (string, *syscall.Credential) {
	t.Helper()
	if os.Geteuid() != 0 {
		return runnerBin, nil
	}
	bin := filepath.Join(base, "runner")
	data, err := os.ReadFile(runnerBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	for d := base; d != filepath.Dir(d); d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			if d != base && d != filepath.Dir(base) {
				t.Skipf("%s is not open to other users", d)
			}
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	return bin, &syscall.Credential{Uid: 65534, Gid: 65534}
}

// TestUnsearchableResultsDir (a review, stop 53): a complete results
// directory that this user may list but not search (r, no x: its files
// cannot be opened) was "not a pactsim results directory: it holds
// neither a pactsim manifest.json nor a config.yaml" (exit 2) for verify,
// plot and --resume, and for merge, with no x at all too, "not a finished
// shard: its manifest.json cannot be read ...: remove manifest.json", the
// way out of a damaged manifest, for one that is intact. Each now names
// the folder with the advice on access that other permission errors give,
// exit 1.
func TestUnsearchableResultsDir(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	c := cfg{}
	config := c.write(t, base)
	dir := filepath.Join(base, "out")
	copyDir(t, reference(t, c), dir)
	chownTree(t, cred, dir)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	access := "may not read or change that file or folder: give it access"
	call := func(args []string) result {
		ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = cleanEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var se bytes.Buffer
		cmd.Stderr = &se
		err := cmd.Run()
		return result{code: cmd.ProcessState.ExitCode(), stderr: se.String(), err: err}
	}
	for _, tc := range []struct {
		mode os.FileMode
		args []string
	}{
		{0o444, []string{"verify", dir}},
		{0o444, []string{"plot", dir}},
		{0o444, []string{"run", config, "-o", dir, "--resume", "-q"}},
		{0o444, []string{"merge", "-o", filepath.Join(base, "m"), dir}},
		{0o000, []string{"merge", "-o", filepath.Join(base, "m"), dir}},
	} {
		if err := os.Chmod(dir, tc.mode); err != nil {
			t.Fatal(err)
		}
		r := call(tc.args)
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if r.code != 1 || !strings.Contains(r.stderr, dir) || !strings.Contains(r.stderr, "permission denied") || !strings.Contains(r.stderr, access) {
			t.Errorf("%s of a folder of mode %o: %s; want exit 1 naming %s, permission denied and %q", tc.args[0], tc.mode, r, dir, access)
		}
		// One wording, output.NotSearchable's, then the one advice on
		// access: it was said three ways, each with its own "this user
		// may not" before the advice's (a review, stop 54).
		if !strings.Contains(r.stderr, "folder "+dir+": the files it holds cannot be opened (search permission, x, denied): ") || strings.Count(r.stderr, "this user") != 1 {
			t.Errorf("%s of a folder of mode %o: %s; want the folder named once as output.NotSearchable says it, and \"this user\" once, in the advice", tc.args[0], tc.mode, r)
		}
		for _, bad := range []string{"not a pactsim results directory", "remove manifest.json", "not a finished shard"} {
			if strings.Contains(r.stderr, bad) {
				t.Errorf("%s of a folder of mode %o it may not search says %q:\n%s", tc.args[0], tc.mode, bad, r.stderr)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(base, "m")); err == nil {
		t.Errorf("merge left %s", filepath.Join(base, "m"))
	}
}

// TestUnsearchableInnerFolder (a review, stop 53): a folder inside a
// results directory that this user may list but not search (r, no x),
// holding a folder, made verify and plot name that inner folder ("open
// DIR/notes/d: permission denied"), which is fine, not the folder to give
// access to. It now names the folder, with the advice on access.
func TestUnsearchableInnerFolder(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	c := cfg{}
	dir := filepath.Join(base, "out")
	copyDir(t, reference(t, c), dir)
	notes := filepath.Join(dir, "notes")
	if err := os.MkdirAll(filepath.Join(notes, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	chownTree(t, cred, dir)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(notes, 0o444); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(notes, 0o755) })
	for _, command := range []string{"verify", "plot"} {
		ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
		cmd := exec.CommandContext(ctx, bin, command, dir)
		cmd.Env = cleanEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var se bytes.Buffer
		cmd.Stderr = &se
		err := cmd.Run()
		cancel()
		r := result{code: cmd.ProcessState.ExitCode(), stderr: se.String(), err: err}
		if r.code != 1 || !strings.Contains(r.stderr, "folder "+notes+": the files it holds cannot be opened (search permission, x, denied): ") || strings.Count(r.stderr, "this user") != 1 || !strings.Contains(r.stderr, "may not read or change that file or folder: give it access") {
			t.Errorf("%s with %s of mode 444: %s; want exit 1 naming the folder %s with the advice on access", command, notes, r, notes)
		}
	}
}

// TestForceUnsearchableFolder (a review, stop 54): run --force and
// calibrate --force over a complete directory with a folder inside that
// this user may not search. Of mode 0000 the first inspection refused it,
// deleting nothing, and the error ended "finished parts are kept: run
// again with --resume to continue", which would only verify the old run:
// it now says nothing was deleted and to run the same --force again. Of
// mode 0600 (writable, not searchable) the clear deleted the manifest and
// the tables, then stopped at it, exit 1: it is now refused before
// anything is deleted, exit 2.
func TestForceUnsearchableFolder(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	c := cfg{}
	config := c.write(t, base)
	calConfig := writeText(t, base, "cal.yaml", calCLI)
	run, cal := filepath.Join(base, "run"), filepath.Join(base, "cal")
	copyDir(t, reference(t, c), run)
	mustRun(t, nil, "calibrate", calConfig, "-o", cal, "-q")
	chownTree(t, cred, run, cal)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	list := func(dir string) string { return treeList(t, dir) }
	for _, tc := range []struct {
		dir, folder string
		mode        os.FileMode
		code        int
		args        []string
	}{
		{run, "runs", 0o000, 1, []string{"run", config, "-o", run, "--force", "-q"}},
		{run, "runs", 0o600, 2, []string{"run", config, "-o", run, "--force", "-q"}},
		{cal, "calibration", 0o000, 1, []string{"calibrate", calConfig, "-o", cal, "--force", "-q"}},
		{cal, "calibration", 0o600, 2, []string{"calibrate", calConfig, "-o", cal, "--force", "-q"}},
	} {
		folder := filepath.Join(tc.dir, tc.folder)
		before := list(tc.dir)
		if err := os.Chmod(folder, tc.mode); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
		cmd := exec.CommandContext(ctx, bin, tc.args...)
		cmd.Env = cleanEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var se bytes.Buffer
		cmd.Stderr = &se
		err := cmd.Run()
		cancel()
		r := result{code: cmd.ProcessState.ExitCode(), stderr: se.String(), err: err}
		if err := os.Chmod(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		what := fmt.Sprintf("%s --force with %s of mode %o", tc.args[0], folder, tc.mode)
		if after := list(tc.dir); after != before {
			t.Errorf("%s deleted files: before\n%s\nafter\n%s", what, before, after)
		}
		if r.code != tc.code || !strings.Contains(r.stderr, folder) || !strings.Contains(r.stderr, "nothing was deleted") {
			t.Errorf("%s: %s; want exit %d naming %s and saying nothing was deleted", what, r, tc.code, folder)
		}
		if tc.code == 1 && !strings.Contains(r.stderr, "give it access") || tc.code == 1 && !strings.Contains(r.stderr, "run the same --force again") {
			t.Errorf("%s: %s; want the advice on access, then to run the same --force again", what, r)
		}
		for _, bad := range []string{"--resume", "are kept"} {
			if strings.Contains(r.stderr, bad) {
				t.Errorf("%s says %q, of a --force that deleted nothing:\n%s", what, bad, r.stderr)
			}
		}
	}
}

// TestMergeForceUnremovableFolder (a review, stop 54): merge --force over
// a run with a folder inside that this user may write but not search
// (0600), or search but not write (0500), at the top (runs) or deeper
// (arrow/runs). The new merge was put in place, then the removal of the
// old contents failed unreported: "--force replaced", exit 0, and the old
// parts left in OUT/.replaced-RANDOM, which verify called the staging
// folder of a merge killed outright. It is now refused before any work,
// exit 2, naming the folder, with OUT as it was.
func TestMergeForceUnremovableFolder(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	c := cfg{}
	src, out := filepath.Join(base, "src"), filepath.Join(base, "out")
	copyDir(t, reference(t, c), src)
	copyDir(t, reference(t, c), out)
	chownTree(t, cred, src, out)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	list := func() string { return treeList(t, out) }
	before := list()
	for _, folder := range []string{"runs", filepath.Join("arrow", "runs")} {
		for _, mode := range []os.FileMode{0o600, 0o500} {
			p := filepath.Join(out, folder)
			if err := os.Chmod(p, mode); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
			cmd := exec.CommandContext(ctx, bin, "merge", "--force", "-o", out, src, "-q")
			cmd.Env = cleanEnv()
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
			var se bytes.Buffer
			cmd.Stderr = &se
			err := cmd.Run()
			cancel()
			r := result{code: cmd.ProcessState.ExitCode(), stderr: se.String(), err: err}
			if err := os.Chmod(p, 0o755); err != nil {
				t.Fatal(err)
			}
			what := fmt.Sprintf("merge --force over %s with %s of mode %o", out, p, mode)
			if r.code != 2 || !strings.Contains(r.stderr, p+" (permission denied)") || strings.Contains(r.stderr, "replaced") {
				t.Errorf("%s: %s; want exit 2 naming %s, and no replacement", what, r, p)
			}
			if after := list(); after != before {
				t.Errorf("%s changed it: before\n%s\nafter\n%s", what, before, after)
			}
		}
	}
}

// chownTree gives every file and folder under dirs to cred's user (nil
// when the tests do not run as root, and then nothing changes hands).
func chownTree(t *testing.T, cred *syscall.Credential, dirs ...string) {
	t.Helper()
	for _, dir := range dirs {
		if err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err == nil && cred != nil {
				err = os.Chown(p, int(cred.Uid), int(cred.Gid))
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// treeList is every path under dir, one a line in walk order: what a
// refusal that deleted nothing must leave as it found it.
func treeList(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	if err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		names = append(names, p)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return strings.Join(names, "\n")
}
