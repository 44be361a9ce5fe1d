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
