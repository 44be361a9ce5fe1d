package experiments

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"pactsim/output"
)

// TestResumeCompleteOtherBuild: --resume of a complete directory whose
// manifest records another build target is refused, as --resume of an
// unfinished one begun by such a runner is, and as verify, analyze and
// merge refuse it. It was taken as complete ("nothing to do", exit 0)
// after checking only the checksums, which no build changes, so an edited
// or foreign build field passed where the engine version would not (a
// review, stop 54).
func TestResumeCompleteOtherBuild(t *testing.T) {
	c := pcfg{Reps: 2}
	plan := c.plan(t)
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, plan, dir, RunOptions{})
	editManifest(t, dir, `"build": "`+output.BuildTarget()+`"`, `"build": "GOARCH=arm64 GOARM64=v8.0"`)
	before, err := os.ReadFile(filepath.Join(dir, output.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	_, err = run(t, plan, dir, RunOptions{Resume: true})
	wantUsage(t, err, dir, "built for GOARCH=arm64 GOARM64=v8.0", "built for "+output.BuildTarget(), "--force")
	if now, _ := os.ReadFile(filepath.Join(dir, output.ManifestName)); !bytes.Equal(now, before) {
		t.Error("a refused --resume rewrote the manifest")
	}
}
