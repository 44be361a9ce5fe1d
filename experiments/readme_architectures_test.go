package experiments

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeNamesMainJobArchitectures checks that the README's opening
// list of the architectures the experiment runs names every architecture
// the main job runs, in the runner's spelling (a review, stop 54: the list
// named 1.1's four and left out `treaty_plus_cells` and
// `layered_then_treaty`, which the main job runs and the primary contrast
// `treaty_plus_cells − layered` needs). The architectures are read from
// the runs table of the main job's config run at two replicates a point.
func TestReadmeNamesMainJobArchitectures(t *testing.T) {
	cfg, err := os.ReadFile("treaty-vs-layered.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The main job as shipped but for its size and figures.
	var lines []string
	for _, l := range strings.Split(string(cfg), "\n") {
		switch {
		case strings.HasPrefix(l, "replicates:"):
			l = "replicates: 2"
		case strings.HasPrefix(strings.TrimSpace(l), "plots:"):
			l = "  plots: false"
		}
		lines = append(lines, l)
	}
	plan, err := Parse("treaty-vs-layered.yaml", []byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, dir, RunOptions{})
	parts, err := filepath.Glob(filepath.Join(dir, "runs", "*.parquet"))
	if err != nil || len(parts) == 0 {
		t.Fatalf("no runs parts (%v)", err)
	}
	ran := map[string]bool{}
	for _, p := range parts {
		for _, r := range readTable(t, p) {
			ran[r["architecture"]] = true
		}
	}
	if len(ran) < 6 {
		t.Fatalf("the main job ran %d architectures, want the six presets: %v", len(ran), ran)
	}
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(b)), " ")
	i := strings.Index(text, "runs every architecture —")
	if i < 0 {
		t.Fatal(`README.md has no "runs every architecture —" list`)
	}
	j := strings.Index(text[i+len("runs every architecture —"):], "—")
	if j < 0 {
		t.Fatal("README.md's architecture list has no closing dash")
	}
	list := text[i : i+len("runs every architecture —")+j]
	for a := range ran {
		if !strings.Contains(list, "`"+a+"`") {
			t.Errorf("README.md's list %q does not name %s, which the main job runs", list, a)
		}
	}
}
