package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// eioReader fails every read as a disk's I/O error does.
type eioReader struct{ path string }

func (r eioReader) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: r.path, Err: syscall.EIO}
}

// TestListedReadErrorOneRule: a listed file that fails to read (EIO) is
// the system's error for plot and analyze (CheckBeforeRewrite,
// CheckListed) as for verify, merge and --resume (ListedMismatch of
// VerifyFiles' error), in one message; a changed or missing file is a
// mismatch for all of them (a review, stop 53: plot and analyze called
// an EIO a mismatch). Not parallel: it swaps hashSource.
func TestListedReadErrorOneRule(t *testing.T) {
	ctx := context.Background()
	body := []byte("point,architecture\n0,treaty\n")
	sum := sha256.Sum256(body)
	for _, rel := range []string{"summary.csv", "runs/part-00000.parquet"} {
		m := &Manifest{Files: []FileSum{{Path: rel, Bytes: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}}}
		dir := t.TempDir()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		hashSource = func(f *os.File) io.Reader { return eioReader{f.Name()} }
		verr := ListedMismatch(VerifyFilesContext(ctx, dir, m))
		rerr := CheckBeforeRewrite(ctx, dir, m, func(string) bool { return false })
		lerr := CheckListed(ctx, dir, m, rel)
		hashSource = func(f *os.File) io.Reader { return f }
		for what, err := range map[string]error{"verify": verr, "plot": rerr, "analyze (config.yaml)": lerr} {
			var mm *MismatchError
			if !errors.Is(err, syscall.EIO) || errors.As(err, &mm) {
				t.Errorf("%s, %s failing with EIO: %v (%T); want the system's error, not a mismatch", rel, what, err, err)
			}
		}
		if verr != nil && rerr != nil && verr.Error() != rerr.Error() {
			t.Errorf("%s: verify says\n  %v\nplot says\n  %v\nwant one message", rel, verr, rerr)
		}
		if err := os.WriteFile(p, []byte("point\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		for what, err := range map[string]error{"verify": ListedMismatch(VerifyFilesContext(ctx, dir, m)), "plot": CheckBeforeRewrite(ctx, dir, m, func(string) bool { return false })} {
			var mm *MismatchError
			if !errors.As(err, &mm) {
				t.Errorf("%s changed, %s: %v; want a mismatch", rel, what, err)
			}
		}
	}
	if err := ListedMismatch(nil); err != nil {
		t.Errorf("ListedMismatch(nil) = %v", err)
	}
	if err := ListedMismatch(context.Canceled); err != context.Canceled {
		t.Errorf("ListedMismatch(context.Canceled) = %v; want it as it is", err)
	}
}
