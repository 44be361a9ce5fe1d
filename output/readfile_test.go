package output

import "testing"

// TestPlural: the counts in messages agree with their nouns; review 5
// found "1 shards check out" and "1 files match the manifest".
func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		n          int
		noun, want string
	}{{0, "shard", "shards"}, {1, "shard", "shard"}, {2, "file", "files"}, {1, "task", "task"}} {
		if got := Plural(tc.n, tc.noun); got != tc.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}
