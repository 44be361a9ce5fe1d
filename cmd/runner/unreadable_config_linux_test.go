package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestUnreadableInputs (a hostile review, stop 55): a config this user
// may not read (mode 000), one in a folder it may not search, and a
// roster file it may not read were "cannot read config: permission
// denied" (the roster's with the list of built-in rosters, as if its name
// were misspelt), exit 2, without the advice on access that a results
// directory's files get. Each now says what this user may not do, to the
// file or to the folder, which it names, and what to do; still exit 2 (an
// input the user gave), for validate, run and calibrate alike, and
// nothing is created.
func TestUnreadableInputs(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	closed := writeText(t, base, "closed.yaml", cfg{}.yaml())
	if err := os.Chmod(closed, 0); err != nil {
		t.Fatal(err)
	}
	nox := filepath.Join(base, "nox")
	if err := os.Mkdir(nox, 0o755); err != nil {
		t.Fatal(err)
	}
	inNox := writeText(t, nox, "exp.yaml", cfg{}.yaml())
	if err := os.Chmod(nox, 0o644); err != nil { // r, no x
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(nox, 0o755) })
	roster := writeText(t, base, "roster.csv", "name\n")
	if err := os.Chmod(roster, 0); err != nil {
		t.Fatal(err)
	}
	withRoster := writeText(t, base, "roster.yaml", strings.Replace(cfg{}.yaml(), "roster: indo-pacific", "roster: roster.csv", 1))
	fileAdvice := "may not read that file: give it access (chmod a+r, chown), or copy it where this user may read it"
	for _, c := range []struct {
		config string
		want   []string
	}{
		{closed, []string{closed + ": cannot read config: permission denied (", fileAdvice}},
		{inNox, []string{inNox + ": cannot read config: folder " + nox + ": the files it holds cannot be opened (search permission, x, denied): permission denied (", "may not search that folder: give it access (chmod a+x, chown)"}},
		{withRoster, []string{"population.roster: open " + roster + ": permission denied (", fileAdvice}},
	} {
		for _, command := range []string{"validate", "run", "calibrate"} {
			out := filepath.Join(base, "out")
			args := []string{command, c.config}
			if command != "validate" {
				args = append(args, "-o", out)
			}
			r := runAs(t, bin, cred, args...)
			ok := r.code == 2 && !strings.Contains(r.stderr, "built-in rosters")
			for _, w := range c.want {
				ok = ok && strings.Contains(r.stderr, w)
			}
			if cred != nil {
				ok = ok && strings.Contains(r.stderr, "(this user, uid 65534, may not ")
			}
			if !ok {
				t.Errorf("runner %s: %s\nwant exit 2 with %q", strings.Join(args, " "), r, c.want)
			}
			if _, err := os.Lstat(out); !os.IsNotExist(err) {
				t.Errorf("runner %s created %s (%v)", strings.Join(args, " "), out, err)
				os.RemoveAll(out)
			}
		}
	}
	// An analysis file, the same.
	dir := filepath.Join(base, "done")
	copyDir(t, reference(t, cfg{}), dir)
	chownTree(t, cred, dir)
	r := runAs(t, bin, cred, "analyze", dir, closed)
	if r.code != 2 || !strings.Contains(r.stderr, closed+": cannot read analysis file: permission denied (") || !strings.Contains(r.stderr, fileAdvice) {
		t.Errorf("runner analyze DIR %s: %s\nwant exit 2 with the advice on access", closed, r)
	}
	if _, err := os.Lstat(filepath.Join(dir, "analysis")); !os.IsNotExist(err) {
		t.Errorf("runner analyze DIR %s left %s/analysis (%v)", closed, dir, err)
	}
}

// runAs runs bin with args under cred (nil: as this user).
func runAs(t *testing.T, bin string, cred *syscall.Credential, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callLimit(t))
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv()
	cmd.Dir = filepath.Dir(bin)
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	return result{code: cmd.ProcessState.ExitCode(), stdout: so.String(), stderr: se.String(), err: err}
}
