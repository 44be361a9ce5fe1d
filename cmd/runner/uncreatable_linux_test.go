package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUncreatableOutAgrees (a hostile review, stop 55): a results
// directory that cannot be made (-o /proc/x, on the kernel's proc file
// system; a folder under one this user may not write) was refused by
// validate in its own words, before anything ran, while run and calibrate
// first announced "writing /proc/x", timed tasks for their estimate, and
// then refused with the bare "mkdir /proc/x: no such file or directory",
// which names no cause (merge likewise). Each now refuses it as validate
// does, exit 2, before any announcement or estimate, and creates nothing.
func TestUncreatableOutAgrees(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	bin, cred := asNobody(t, base)
	if err := os.Chmod(base, 0o777); err != nil {
		t.Fatal(err)
	}
	config := writeText(t, base, "exp.yaml", cfg{Reps: 2}.yaml())
	cal := writeText(t, base, "cal.yaml", calCLI)
	done := filepath.Join(base, "done")
	copyDir(t, reference(t, cfg{}), done)
	closed := filepath.Join(base, "closed")
	if err := os.Mkdir(closed, 0o555); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{"/proc/pactsim-out", filepath.Join(closed, "out")} {
		v := runAs(t, bin, cred, "validate", config, "-o", out)
		want := strings.TrimSpace(v.stderr)
		if v.code != 2 || !strings.HasPrefix(want, "runner: cannot create results directory "+out+" (") || strings.Count(want, "\n") != 0 {
			t.Fatalf("validate -o %s: %s\nwant exit 2 with one line of refusal", out, v)
		}
		for _, args := range [][]string{
			{"run", config, "-o", out},
			{"calibrate", cal, "-o", out},
			{"merge", "-o", out, done},
		} {
			r := runAs(t, bin, cred, args...)
			if r.code != 2 || strings.TrimSpace(r.stderr) != want {
				t.Errorf("runner %s: %s\nwant exit 2 with validate's refusal alone:\n%s", strings.Join(args, " "), r, want)
			}
			if _, err := os.Lstat(out); !os.IsNotExist(err) {
				t.Errorf("runner %s created %s (%v)", strings.Join(args, " "), out, err)
			}
		}
	}
}
