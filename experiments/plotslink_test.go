package experiments

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestFigureFolderReplacedByLink: plots/ itself replaced by a symbolic
// link to a copy of it (the figures moved to a bigger disk) is refused as
// what it is. It was refused as "plots, which pactsim did not draw (its
// manifest does not list it)", false of a folder whose every figure the
// manifest lists (a review, stop 54; stop 48 fixed the same for one
// figure), and once the folder is back plot draws the figures again.
func TestFigureFolderReplacedByLink(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{Plots: true})
	dir := filepath.Join(t.TempDir(), "d")
	copyDir(t, ref, dir)
	plotsDir := filepath.Join(dir, "plots")
	outside := filepath.Join(t.TempDir(), "plots")
	if err := os.Rename(plotsDir, outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, plotsDir); err != nil {
		t.Fatal(err)
	}
	_, err := Plot(context.Background(), dir)
	wantUsage(t, err, "plots, which is a symbolic link, not the folder pactsim draws its figures in")
	notWantedText(t, err, "does not list it")
	if err := os.Remove(plotsDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(outside, plotsDir); err != nil {
		t.Fatal(err)
	}
	if _, err := Plot(context.Background(), dir); err != nil {
		t.Fatalf("with the folder back, plot still refuses: %v", err)
	}
}
