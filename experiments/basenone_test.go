package experiments

import (
	"bytes"
	"testing"
)

// TestBaseNoneIsTheDefault: an inline architecture's base is none when
// omitted (README, "Writing a config"), and every other default written
// out gives the config the hash of the config that leaves it out; base:
// none written gave another hash, so a --resume or a merge of shards run
// from the two spellings of one experiment was refused as "changed:
// architectures[1].base: none -> (absent)" (a hostile review, stop 53).
// A results directory's config.yaml that holds base: none, as an earlier
// version wrote it, still reads back to its own bytes.
func TestBaseNoneIsTheDefault(t *testing.T) {
	t.Parallel()
	const head = "name: x\nseed: 1\nreplicates: 1\narchitectures:\n  - none\n  - name: w\n"
	const tail = "    mechanisms: [{name: treaty, preset: treaty, founders: [US, JP, AU]}]\n"
	a, err := Parse("a.yaml", []byte(head+tail))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.yaml", []byte(head+"    base: none\n"+tail))
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash() != b.Hash() || !bytes.Equal(a.Canonical(), b.Canonical()) {
		t.Errorf("base: none written: hash %s, omitted: %s\n%s", b.Hash(), a.Hash(), b.Canonical())
	}
	old := bytes.Replace(a.Canonical(), []byte("  - name: w\n"), []byte("  - name: w\n    base: none\n"), 1)
	if bytes.Equal(old, a.Canonical()) {
		t.Fatal("no architecture w in the canonical form")
	}
	s, err := parseStored("config.yaml", old)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s.Canonical(), old) {
		t.Errorf("a stored config.yaml with base: none reads back as\n%s\nnot\n%s", s.Canonical(), old)
	}
}
