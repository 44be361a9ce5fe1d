package main

import (
	"strings"
	"testing"
)

// TestReadmeKubernetesImageStep: the manifests ship an image name that is
// a placeholder (deploy/k8s/README.md, step 1), so the project README's
// Kubernetes steps, which a researcher follows as written, say to put the
// pushed image's name in both manifests before applying them, and say
// which settings carry the shard count (a review, stop 53: they said only
// "build and push the image", and the shard count was "completions,
// parallelism's bound and PACTSIM_SHARDS", though parallelism may be
// smaller than it).
func TestReadmeKubernetesImageStep(t *testing.T) {
	t.Parallel()
	text := readme(t)
	start := strings.Index(text, "# Kubernetes Indexed Job")
	if start < 0 {
		t.Fatal(`README.md has no "# Kubernetes Indexed Job" comment`)
	}
	end := strings.Index(text[start:], "\nkubectl ")
	if end < 0 {
		t.Fatal("README.md's Kubernetes comment is followed by no kubectl command")
	}
	comment := strings.Join(strings.Fields(strings.ReplaceAll(text[start:start+end], "#", " ")), " ")
	images := map[string]bool{}
	for _, file := range []string{"indexed-job.yaml", "merge-job.yaml"} {
		images[atString(t, onlyContainer(t, readManifestYAML(t, file)), "image")] = true
	}
	for img := range images {
		if strings.Contains(img, ".example.") && !strings.Contains(comment, "put its name in the image: of both manifests, which ship a placeholder") {
			t.Errorf("the manifests ship the placeholder image %s, and README.md's Kubernetes steps do not say to name the pushed image in both: %q", img, comment)
		}
	}
	for _, want := range []string{"the shard count N is completions and PACTSIM_SHARDS in indexed-job.yaml", "parallelism, how many shards run at once, may be smaller", "(shard-0 .. shard-(N-1)) in merge-job.yaml must match it"} {
		if !strings.Contains(comment, want) {
			t.Errorf("README.md's Kubernetes steps do not say %q: %q", want, comment)
		}
	}
}
