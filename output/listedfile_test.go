package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestListedFileOneMessage: a file the manifest lists that is missing, a
// folder or changed is named in the same words by verify and merge
// (VerifyFiles) as by plot and analyze (CheckBeforeRewrite), and verify's
// error still wraps the cause (a review, stop 49: verify said "output:
// verify open DIR/summary.csv: no such file or directory", plot "DIR/
// summary.csv is listed in the manifest but cannot be read: ...").
func TestListedFileOneMessage(t *testing.T) {
	ctx := context.Background()
	body := []byte("point,architecture\n0,treaty\n")
	sum := sha256.Sum256(body)
	part := "states/part-00000.parquet"
	m := &Manifest{Files: []FileSum{
		{Path: "summary.csv", Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:])},
		{Path: part, Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:])},
	}}
	never := func(string) bool { return false }
	for _, c := range []struct {
		name, path string
		damage     func(p string) error
	}{
		{"missing", "summary.csv", os.Remove},
		{"a folder", "summary.csv", func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Mkdir(p, 0o755)
		}},
		{"changed", "summary.csv", func(p string) error { return os.WriteFile(p, []byte("point\n"), 0o644) }},
		{"a folder for a part", part, func(p string) error {
			if err := os.Remove(p); err != nil {
				return err
			}
			return os.Mkdir(p, 0o755)
		}},
	} {
		dir := t.TempDir()
		for _, f := range m.Files {
			p := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := VerifyFiles(dir, m); err != nil {
			t.Fatalf("intact: %v", err)
		}
		if err := c.damage(filepath.Join(dir, filepath.FromSlash(c.path))); err != nil {
			t.Fatal(err)
		}
		verr := VerifyFiles(dir, m)
		rerr := CheckBeforeRewrite(ctx, dir, m, never)
		var mm *MismatchError
		if verr == nil || !errors.As(rerr, &mm) {
			t.Fatalf("%s: verify %v, plot %v; want both to fail, plot with a mismatch", c.name, verr, rerr)
		}
		if verr.Error() != rerr.Error() {
			t.Errorf("%s: verify says\n  %v\nplot says\n  %v\nwant one message", c.name, verr, rerr)
		}
		if c.name == "missing" && !errors.Is(verr, fs.ErrNotExist) {
			t.Errorf("%s: verify's error %v does not wrap its cause", c.name, verr)
		}
	}
}

// TestListedSizeBeforeSum: a listed file whose size differs from its
// manifest's is refused on its size, before a byte of it is hashed (a
// review, stop 50: a config.yaml replaced by a sparse file of 4 GiB was
// hashed for 39 s by verify, 10 s by plot, before "does not match"). The
// check runs under a context already ended, which stops any hashing: the
// size mismatch must be what both say, in the one wording.
func TestListedSizeBeforeSum(t *testing.T) {
	body := []byte("seed: 1\n")
	sum := sha256.Sum256(body)
	m := &Manifest{Files: []FileSum{{Path: "config.yaml", Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}}}
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 64<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	want := p + " does not match its manifest (67108864 bytes; manifest says 8 bytes)"
	verr := VerifyFilesContext(ctx, dir, m)
	rerr := CheckBeforeRewrite(ctx, dir, m, func(string) bool { return false })
	var mm *MismatchError
	if verr == nil || verr.Error() != want {
		t.Errorf("verify: %v\nwant %s", verr, want)
	}
	if !errors.As(rerr, &mm) || rerr.Error() != want {
		t.Errorf("plot: %v\nwant %s", rerr, want)
	}
}

// TestRewrittenListedFolder: a listed file that analyze or plot rewrites
// (analysis.yaml, a figure), replaced by an empty folder, is refused in
// the words verify uses for it, and the folder stays (a review, stop 50:
// analyze removed an analysis.yaml folder and succeeded).
func TestRewrittenListedFolder(t *testing.T) {
	ctx := context.Background()
	body := []byte("discovery: {}\n")
	sum := sha256.Sum256(body)
	for _, c := range []struct {
		rel       string
		rewritten func(string) bool
	}{
		{AnalysisName, IsAnalysisFile},
		{"plots/summary.svg", IsFigureFile},
	} {
		dir := t.TempDir()
		m := &Manifest{Files: []FileSum{{Path: c.rel, Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}}}
		p := filepath.Join(dir, filepath.FromSlash(c.rel))
		if err := os.MkdirAll(p, 0o755); err != nil { // the folder in the file's place
			t.Fatal(err)
		}
		verr := VerifyFiles(dir, m)
		rerr := CheckBeforeRewrite(ctx, dir, m, c.rewritten)
		var mm *MismatchError
		if verr == nil || !errors.As(rerr, &mm) || rerr.Error() != verr.Error() {
			t.Errorf("%s: verify %v, rewrite %v; want both to refuse it in one message", c.rel, verr, rerr)
		}
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			t.Errorf("%s: the folder is gone: %v", c.rel, err)
		}
	}
}

// TestPartNamedFolderUnlisted: a folder named like a part beside the
// listed parts (runs/part-000000.parquet/, empty), which a reader's glob
// runs/*.parquet takes for a part and fails on, is a stray entry, named
// in UnlistedError's words with a trailing slash, as a stray file in
// runs/ is (a review, stop 50: verify passed it). A folder not named like
// a part (runs/notes/) is not data, and one in a hidden folder at the top
// is not looked at.
func TestPartNamedFolderUnlisted(t *testing.T) {
	body := []byte("PAR1")
	sum := sha256.Sum256(body)
	part := "runs/part-00000.parquet"
	m := &Manifest{Files: []FileSum{{Path: part, Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}}}
	for _, c := range []struct {
		folder string
		want   []string
	}{
		{"runs/part-000000.parquet", []string{"runs/part-000000.parquet/"}},
		{"runs/.x.parquet", []string{"runs/.x.parquet/"}},
		{"summary.csv", []string{"summary.csv/"}},
		{"runs/part-00001.parquet/inner.parquet", []string{"runs/part-00001.parquet/"}},
		{"runs/notes", nil},
		{".stage/runs/part-00001.parquet", nil},
	} {
		dir := t.TempDir()
		p := filepath.Join(dir, filepath.FromSlash(part))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(c.folder)), 0o755); err != nil {
			t.Fatal(err)
		}
		extra, err := UnlistedFiles(dir, m)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(extra, c.want) {
			t.Errorf("%s: unlisted %q, want %q", c.folder, extra, c.want)
		}
		if c.want == nil {
			continue
		}
		want := dir + " holds " + c.want[0] + ", which its manifest does not list: move it out of the results directory and run again"
		if err := CheckBeforeRewrite(context.Background(), dir, m, func(string) bool { return false }); err == nil || err.Error() != want {
			t.Errorf("%s: rewrite %v\nwant %s", c.folder, err, want)
		}
	}
}
