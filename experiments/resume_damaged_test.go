package experiments

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestResumeTruncatedConfig: an interrupted directory whose config.yaml
// was cut short where what is left still parses (a full disk, a copy cut
// off) is reported by --resume as damaged, with how to recover, not as a
// run begun with another config whose "changes" are its lost lines (a
// hostile review).
func TestResumeTruncatedConfig(t *testing.T) {
	t.Parallel()
	plan, dir := runStopped(t, pcfg{}, 1, RunOptions{})
	path := filepath.Join(dir, "config.yaml")
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(whole, []byte("\noutput:"))
	if cut < 0 {
		t.Fatal("no output: in the resolved config")
	}
	for _, tc := range []struct {
		data []byte
		want []string
	}{
		// A prefix of this config's resolved form, cut at a line's end.
		{whole[:cut+1], []string{"looks truncated", "first " + strconv.Itoa(cut+1) + " of the " + strconv.Itoa(len(whole)) + " bytes", "copy it to " + path}},
		// Another config's resolved form, cut by its last byte (a line's
		// end): no prefix of this one.
		{bytes.Replace(whole[:len(whole)-1], []byte("\nseed: 7\n"), []byte("\nseed: 9\n"), 1), []string{"looks truncated or damaged", "ends mid-line", "seed: 9 -> 7"}},
	} {
		if err := os.WriteFile(path, tc.data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, perr := parse(&decoder{file: path, stored: true}, tc.data); perr != nil {
			t.Fatalf("the cut config does not parse, so it tests nothing here: %v", perr)
		}
		before := listFiles(t, dir)
		_, err := run(t, plan, dir, RunOptions{Resume: true})
		wantUsage(t, err, tc.want...)
		if strings.Contains(err.Error(), "another resolved config") {
			t.Errorf("a cut config.yaml reported as another config: %v", err)
		}
		// Without --resume, and with --force, it is not "pactsim did
		// not write it" either; --force keeps refusing to delete it.
		for _, opt := range []RunOptions{{}, {Force: true}} {
			_, err := run(t, plan, dir, opt)
			wantUsage(t, err, tc.want...)
			if strings.Contains(err.Error(), "did not write") || strings.Contains(err.Error(), "by hand") {
				t.Errorf("force %v: a cut config.yaml reported as not pactsim's: %v", opt.Force, err)
			}
		}
		if got := listFiles(t, dir); !slices.Equal(got, before) {
			t.Errorf("refused directory changed: %v, was %v", got, before)
		}
	}
	// The advice works: the config copied back, --resume finishes.
	if err := os.WriteFile(path, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, plan, dir, RunOptions{Resume: true})
}

// TestDamagedNotAStranger: a results directory whose config.yaml was cut
// where what is left no longer parses (most cuts: mid-line), or whose
// manifest.json was cut, is pactsim's, damaged: run without flags, with
// --force and with --resume say so, with the way out, not that pactsim
// did not write it or that it is not a pactsim results directory (a
// hostile review: the run without flags called a damaged pactsim
// manifest a stranger's, and --resume a cut config.yaml another tool's).
func TestDamagedNotAStranger(t *testing.T) {
	t.Parallel()
	plan, dir := runStopped(t, pcfg{}, 1, RunOptions{})
	path := filepath.Join(dir, "config.yaml")
	whole, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(whole, []byte("\noutput:"))
	if cut < 0 {
		t.Fatal("no output: in the resolved config")
	}
	check := func(what string, want ...string) {
		t.Helper()
		before := listFiles(t, dir)
		for _, opt := range []RunOptions{{}, {Force: true}, {Resume: true}} {
			_, err := run(t, plan, dir, opt)
			wantUsage(t, err, want...)
			if err != nil && (strings.Contains(err.Error(), "did not write") || strings.Contains(err.Error(), "not a pactsim results directory")) {
				t.Errorf("%s, force %v, resume %v: called a stranger's: %v", what, opt.Force, opt.Resume, err)
			}
		}
		if got := listFiles(t, dir); !slices.Equal(got, before) {
			t.Errorf("%s: refused directory changed: %v, was %v", what, got, before)
		}
	}
	// Cut mid-line, inside "output:": no longer YAML of a config.
	data := whole[:cut+4]
	if _, perr := parse(&decoder{file: path, stored: true}, data); perr == nil {
		t.Fatal("the cut config parses, so it tests nothing here")
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	check("a config.yaml cut mid-line", "damaged pactsim results directory", "holds a run's records", "copy the config the run was begun with to "+path)
	// The same config.yaml alone, without the run's records.
	lone := filepath.Join(t.TempDir(), "lone")
	if err := os.Mkdir(lone, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lone, "config.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, opt := range []RunOptions{{}, {Force: true}, {Resume: true}} {
		_, err := run(t, plan, lone, opt)
		wantUsage(t, err, "damaged pactsim results directory", "begins as pactsim's resolved config", "copy the config the run was begun with to "+filepath.Join(lone, "config.yaml"))
	}
	if err := os.WriteFile(path, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	// A finished run whose manifest.json is empty (a crash).
	mustRun(t, plan, dir, RunOptions{Resume: true})
	if err := os.Truncate(filepath.Join(dir, "manifest.json"), 0); err != nil {
		t.Fatal(err)
	}
	check("an empty manifest.json", "damaged pactsim manifest", "remove manifest.json and run again with --resume")
}
