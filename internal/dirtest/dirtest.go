// Package dirtest holds the checks on results directories that the tests
// of several packages share (experiments, cmd/runner): listing a
// directory's files, comparing two directories byte for byte, and the
// damage the recovery tests do to them. It is imported by tests only.
package dirtest

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"pactsim/output"
)

// ReadManifest reads dir's manifest, failing the test on error.
func ReadManifest(t testing.TB, dir string) *output.Manifest {
	t.Helper()
	m, err := output.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// ListFiles returns every regular file under dir, relative and
// slash-separated, sorted; the lock and the journal (bookkeeping, not
// data) are left out.
func ListFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && d.Name() != output.LockName && d.Name() != output.JournalName {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// SameFiles checks that got holds exactly want's files (but the manifest,
// whose times and worker count differ) with the same bytes, and that both
// manifests list the same files with the same checksums, seed, totals and
// rows.
func SameFiles(t testing.TB, want, got string) {
	t.Helper()
	wf, gf := ListFiles(t, want), ListFiles(t, got)
	if !slices.Equal(wf, gf) {
		t.Fatalf("files differ:\n%s: %v\n%s: %v", want, wf, got, gf)
	}
	for _, f := range wf {
		if f == output.ManifestName {
			continue
		}
		a, err1 := os.ReadFile(filepath.Join(want, f))
		b, err2 := os.ReadFile(filepath.Join(got, f))
		if err := errors.Join(err1, err2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs (%d and %d bytes)", f, len(a), len(b))
		}
	}
	mw, mg := ReadManifest(t, want), ReadManifest(t, got)
	if !slices.Equal(mw.Files, mg.Files) {
		t.Errorf("manifest file lists differ")
	}
	if mw.ConfigSHA256 != mg.ConfigSHA256 || mw.Seed != mg.Seed || mw.Totals != mg.Totals || !maps.Equal(mw.Rows, mg.Rows) {
		t.Errorf("manifests differ: %+v vs %+v", mw, mg)
	}
}

// TmpFiles lists the temporary files (.NAME.RANDOM.tmp) left under dir.
func TmpFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	for _, f := range ListFiles(t, dir) {
		if output.IsTempName(filepath.Base(f)) {
			out = append(out, f)
		}
	}
	return out
}

// Exists reports whether path exists (a link counts, not its target).
func Exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// CopyDir copies the regular files of src (ListFiles) into dst.
func CopyDir(t testing.TB, src, dst string) {
	t.Helper()
	for _, f := range ListFiles(t, src) {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dst, f)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FlipByte changes one bit of the byte in the middle of path.
func FlipByte(t testing.TB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
