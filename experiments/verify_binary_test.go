package experiments

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"pactsim/output"
)

// TestVerifyOtherBinary: verify says when the manifest's Go version or
// VCS state is not this runner's. Nothing else in a directory records
// them, so an edited revision verified unsaid (a review, stop 54); the
// runner that wrote the directory now names the difference, and says
// nothing of a directory it wrote itself.
func TestVerifyOtherBinary(t *testing.T) {
	t.Parallel()
	ref := reference(t, pcfg{Reps: 2})
	res, err := Verify(context.Background(), ref, VerifyOptions{Sample: 1, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.OtherBinary != "" {
		t.Errorf("a directory this runner wrote: OtherBinary %q", res.OtherBinary)
	}
	m, err := output.ReadManifest(ref)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, old, new, want string }{
		{"go version", `"go_version": "` + m.GoVersion + `"`, `"go_version": "go1.0-edited"`, "built with go1.0-edited"},
		{"vcs source", `"source": "` + m.VCS.Source + `"`, `"source": "edited-source"`, "{source edited-source"},
	} {
		dir := filepath.Join(t.TempDir(), "d")
		copyDir(t, ref, dir)
		editManifest(t, dir, tc.old, tc.new)
		res, err := Verify(context.Background(), dir, VerifyOptions{Sample: 1, Workers: 2})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !strings.Contains(res.OtherBinary, tc.want) || !strings.Contains(res.OtherBinary, "this runner is built with") {
			t.Errorf("%s: OtherBinary %q, want it to name %q and this runner's", tc.name, res.OtherBinary, tc.want)
		}
	}
}
