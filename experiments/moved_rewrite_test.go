package experiments

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestRewriteDirectoryMoved: a results directory moved or removed while
// `runner plot` or `runner analyze` redraws it (`mv`, `rm -rf`) is a
// failure naming it (exit 1), and no manifest is written where it was,
// though a write has made the path again; moved, the command run again
// where it now is completes it, and it verifies. Without the check the
// manifest was rewritten into the new, near-empty folder. Not parallel:
// it sets beforeRewrite.
func TestRewriteDirectoryMoved(t *testing.T) {
	ctx := context.Background()
	ref := reference(t, pcfg{})
	saRef := filepath.Join(t.TempDir(), "sa")
	mustRun(t, saPlan(t, saCfg), saRef, RunOptions{})
	for _, cmd := range []struct {
		name string
		what string
		ref  string
		do   func(dir string) error
	}{
		{"plot", "the plot", ref, func(dir string) error { _, err := Plot(ctx, dir); return err }},
		{"analyze", "the analysis", saRef, func(dir string) error { _, err := Analyze(ctx, dir, ""); return err }},
	} {
		for _, removed := range []bool{false, true} {
			t.Run(cmd.name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "out")
				copyDir(t, cmd.ref, dir)
				moved := dir + ".moved"
				beforeRewrite = func(d string) {
					var err error
					if removed {
						err = os.RemoveAll(d)
					} else {
						err = os.Rename(d, moved)
					}
					if err == nil {
						// What a later write did: the path made again.
						err = os.MkdirAll(filepath.Join(d, "plots"), 0o755)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				err := cmd.do(dir)
				beforeRewrite = nil
				var me *output.MovedError
				if !errors.As(err, &me) {
					t.Fatalf("want a *output.MovedError, got %v", err)
				}
				wantFailure(t, err, dir, "was moved or removed while "+cmd.what, "runner "+cmd.name+"` run again")
				if exists(filepath.Join(dir, output.ManifestName)) {
					t.Fatal("a manifest was written into the directory made again")
				}
				if removed {
					return
				}
				if err := cmd.do(moved); err != nil {
					t.Fatalf("%s where the directory now is: %v", cmd.name, err)
				}
				if _, err := Verify(ctx, moved, VerifyOptions{Sample: 2}); err != nil {
					t.Errorf("verify after %s: %v", cmd.name, err)
				}
			})
		}
	}
}

// TestRewriteMovedBeforeCheck: a results directory moved while `runner
// plot` or `runner analyze` checks the files it keeps, before it writes
// anything, is named as moved (exit 1), with the advice to run the command
// again where it now is, which works; it was named as a part "listed in
// the manifest but cannot be read", as if a file were lost (a review, stop
// 50). Not parallel: it sets beforeCheck.
func TestRewriteMovedBeforeCheck(t *testing.T) {
	ctx := context.Background()
	ref := reference(t, pcfg{})
	saRef := filepath.Join(t.TempDir(), "sa")
	mustRun(t, saPlan(t, saCfg), saRef, RunOptions{})
	for _, cmd := range []struct {
		name string
		what string
		ref  string
		do   func(dir string) error
	}{
		{"plot", "the plot", ref, func(dir string) error { _, err := Plot(ctx, dir); return err }},
		{"analyze", "the analysis", saRef, func(dir string) error { _, err := Analyze(ctx, dir, ""); return err }},
	} {
		t.Run(cmd.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			copyDir(t, cmd.ref, dir)
			moved := dir + ".moved"
			beforeCheck = func(d string) {
				if err := os.Rename(d, moved); err != nil {
					t.Fatal(err)
				}
			}
			err := cmd.do(dir)
			beforeCheck = nil
			var me *output.MovedError
			if !errors.As(err, &me) {
				t.Fatalf("want a *output.MovedError, got %v", err)
			}
			wantFailure(t, err, dir, "was moved or removed while "+cmd.what, "runner "+cmd.name+"` run again")
			if _, err := Verify(ctx, moved, VerifyOptions{Sample: 2}); err != nil {
				t.Fatalf("the moved directory does not verify: %v", err)
			}
			if err := cmd.do(moved); err != nil {
				t.Fatalf("%s where the directory now is: %v", cmd.name, err)
			}
			if _, err := Verify(ctx, moved, VerifyOptions{Sample: 2}); err != nil {
				t.Errorf("verify after %s: %v", cmd.name, err)
			}
		})
	}
}
