package output

// The files a manifest lists: walking a results directory, summing its
// files, and checking them against a manifest.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// sumFiles lists every regular file under dir but the manifest and hidden
// files (the lock, the journal, temporary files .NAME.RANDOM.tmp), sorted by
// path, with size and SHA-256.
func sumFiles(ctx context.Context, dir string) ([]FileSum, error) {
	return listSums(ctx, dir, func(rel string) (FileSum, bool, error) {
		if !IsResultsFile(rel) {
			// The callers refuse such a directory before they write;
			// this is the last guard against sealing a stranger into
			// the results as if pactsim had written it.
			return FileSum{}, false, fmt.Errorf("%s is not a file pactsim writes; refusing to list it in the manifest", rel)
		}
		return FileSum{}, false, nil
	})
}

// listSums lists the files of dir that a manifest lists (walkData), each
// with the sum known(rel) gives, or, where it knows none, its size and
// SHA-256 read afresh.
func listSums(ctx context.Context, dir string, known func(rel string) (FileSum, bool, error)) ([]FileSum, error) {
	var sums []FileSum
	err := walkData(dir, nil, func(path, rel string) error {
		f, ok, err := known(rel)
		if err != nil {
			return err
		}
		if !ok {
			n, sum, err := hashFileCtx(ctx, path)
			if err != nil {
				return err
			}
			f = FileSum{Path: rel, Bytes: n, SHA256: sum}
		}
		sums = append(sums, f)
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("output: checksum %s: %w", dir, err)
	}
	return sums, nil
}

// walkData calls fn, in path order, for every regular file under dir that a
// manifest lists: all but the manifest itself and hidden files and folders
// (HiddenRel).
// rel is slash-separated and relative to dir. Any other entry that is not
// hidden and not a folder (a symbolic link, a named pipe) is a
// *MismatchError: a reader of the directory would follow a link to data
// no manifest covers (a link runs/part-00009.parquet adds its rows to the
// table), and a listed file replaced by a link would verify while the
// directory no longer holds its data.
// folder, where not nil, is called for every folder named like a table's
// part (partNamed: runs/part-00000.parquet/, empty or not), but in a
// hidden folder at the top, which is skipped; its contents are skipped: a
// reader's glob (DuckDB's read_parquet('runs/*.parquet'), pyarrow's
// dataset) takes it for a part and fails on it, so it is a stray entry
// as a file would be (a review, stop 50: verify passed such a folder).
func walkData(dir string, folder func(rel string) error, fn func(path, rel string) error) error {
	root := WalkRoot(dir)
	return filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return UnsearchableParent(root, path, err)
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if folder != nil && rel != "." && e.IsDir() && !SkipHiddenDir(rel) && partNamed(e.Name()) {
			if err := folder(rel); err != nil {
				return err
			}
			return filepath.SkipDir
		}
		if rel != "." && HiddenRel(rel, e.IsDir()) {
			if e.IsDir() && SkipHiddenDir(rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		if !e.Type().IsRegular() {
			what := "is not a regular file"
			if e.Type()&fs.ModeSymlink != 0 {
				what = "is a symbolic link"
			}
			return &MismatchError{Msg: fmt.Sprintf("%s %s: a results directory holds only the files pactsim wrote (replace a link by the file it points to, or remove it)", filepath.Join(dir, filepath.FromSlash(rel)), what)}
		}
		if rel == ManifestName {
			return nil
		}
		return fn(path, rel)
	})
}

// UnsearchableParent is err, a walk's failure at path below root, naming
// the folder that holds path where this user may list that folder but not
// search it (r, no x): the walk lists path there, and then cannot open it.
// The bare error named path itself, a folder that may be fine, not the one
// to give access to (a review, stop 53).
func UnsearchableParent(root, path string, err error) error {
	if path == root || !errors.Is(err, fs.ErrPermission) {
		return err
	}
	if _, lerr := os.Lstat(path); !errors.Is(lerr, fs.ErrPermission) {
		return err // path itself is the one it may not read
	}
	return NotSearchable(filepath.Dir(path), err)
}

// NotSearchable is err, the failure to open a file in folder dir that
// this user may not search (no x: r alone, or nothing), naming dir, the
// folder to give access to. Every command says it so, and only so: the
// command line adds the one advice on access (this user, its uid, what to
// run). Three wordings, each before that advice and each with its own
// "this user may not", said it before (a review, stop 54).
func NotSearchable(dir string, err error) error {
	return fmt.Errorf("folder %s: the files it holds cannot be opened (search permission, x, denied): %w", dir, err)
}

// Hidden reports whether a results directory's entry called name (a
// folder when dir) is one its manifest never lists: a folder or a file
// whose name starts with a dot (the lock, the journal, temporary files, a
// desktop's .DS_Store), but not a file named like a table's part (.parquet,
// .arrow, .csv): readers that glob, such as DuckDB or polars, take
// runs/*.parquet to include runs/.x.parquet, so such a file is data, and a
// verify that passed it over would vouch for rows it never checked.
func Hidden(name string, dir bool) bool {
	if !strings.HasPrefix(name, ".") {
		return false
	}
	return dir || !partNamed(name)
}

// partNamed reports whether a file's name ends like a table's part, which
// readers that glob take for data.
func partNamed(name string) bool {
	switch filepath.Ext(name) {
	case ".parquet", ".arrow", ".csv":
		return true
	}
	return false
}

// HiddenRel reports whether a manifest never lists the entry at rel, a
// slash-separated path relative to a results directory (a folder when
// dir): an entry Hidden by its own name; everything under a hidden folder
// at the top (the lock's, merge's stages, an editor's); and, under a
// hidden folder further down (runs/.x/), every file not named like a
// table's part. Such a part is data: a reader's recursive glob
// (runs/**/*.parquet) may take it in, so a verify that passed it over
// would vouch for rows it never checked (a hostile review, stop 37).
// Walkers skip a hidden folder whole only at the top (SkipHiddenDir).
func HiddenRel(rel string, dir bool) bool {
	els := strings.Split(rel, "/")
	base := els[len(els)-1]
	if SkipHiddenDir(els[0]) && (dir || len(els) > 1) || Hidden(base, dir) {
		return true
	}
	if dir || len(els) < 3 {
		return false
	}
	for _, el := range els[1 : len(els)-1] {
		if strings.HasPrefix(el, ".") {
			return !partNamed(base) // under a hidden folder: only part-named files count
		}
	}
	return false
}

// SkipHiddenDir reports whether the folder at rel, slash-separated and
// relative to a results directory, is a hidden one at its top, which
// walkers skip whole (HiddenRel).
func SkipHiddenDir(rel string) bool {
	return !strings.Contains(rel, "/") && strings.HasPrefix(rel, ".")
}

// WalkRoot is dir as a root for filepath.WalkDir, which does not follow a
// symbolic link at its root: with a trailing separator the link resolves,
// so a results directory reached through a link is walked like any other.
func WalkRoot(dir string) string {
	if strings.HasSuffix(dir, string(filepath.Separator)) {
		return dir
	}
	return dir + string(filepath.Separator)
}

// hashFileCtx hashes path, checking ctx every few MiB so that a signal
// stops the hashing of a large directory promptly.
func hashFileCtx(ctx context.Context, path string) (int64, string, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	return hashOpen(ctx, f)
}

// hashSource is what hashOpen reads of an open file: the file itself; a
// test swaps it for a reader that fails as a disk does (EIO).
var hashSource = func(f *os.File) io.Reader { return f }

// hashBufSize is the read buffer hashOpen needs for f: 1 MiB, or what is
// left of a smaller regular file, plus one byte to read its end, at
// least 4 KiB. Most files hashed are a few KiB (tables of a small run, a
// manifest, a config), and a fresh 1 MiB buffer for each, zeroed and
// then returned to the system, was most of the test suite's hashing time
// (a review, stop 56: 8% of an analyze-and-verify loop's processor time
// in hashOpen's buffer, 9% more in the scavenger returning it). A file
// that grows while hashed is still read whole: the buffer only sets the
// size of each read.
func hashBufSize(f *os.File) int {
	const most, least = 1 << 20, 4 << 10
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return most
	}
	left := fi.Size()
	if at, err := f.Seek(0, io.SeekCurrent); err == nil && at <= left {
		left -= at
	}
	return int(min(most, max(least, left+1)))
}

// hashOpen hashes the open file f from where it stands, as hashFileCtx.
func hashOpen(ctx context.Context, f *os.File) (int64, string, error) {
	h := sha256.New()
	var n int64
	buf := make([]byte, hashBufSize(f))
	src := hashSource(f)
	for {
		if err := ctx.Err(); err != nil {
			return 0, "", err
		}
		k, err := io.CopyBuffer(h, io.LimitReader(src, 8<<20), buf)
		n += k
		if err != nil {
			return 0, "", err
		}
		if k < 8<<20 {
			break
		}
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// VerifyFiles checks every file m lists against its size and SHA-256, and
// that m's paths stay inside dir. The error names the first file that
// differs.
func VerifyFiles(dir string, m *Manifest) error {
	return VerifyFilesContext(context.Background(), dir, m)
}

// VerifyFilesContext is VerifyFiles, stopped by ctx.
func VerifyFilesContext(ctx context.Context, dir string, m *Manifest) error {
	for _, f := range m.Files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return listedOutside(dir, f.Path)
		}
		if err := checkListed(ctx, filepath.Join(dir, filepath.FromSlash(f.Path)), f); err != nil {
			return err
		}
	}
	return nil
}

// CheckListed checks dir's file rel against m's entry for it, if m lists
// it, as VerifyFiles does (size first): a command that reads the file
// before it checks the rest (analyze reads config.yaml) names a changed
// one as verify does. A failure is classified by ListedMismatch, as
// verify has it.
func CheckListed(ctx context.Context, dir string, m *Manifest, rel string) error {
	for _, f := range m.Files {
		if f.Path != rel {
			continue
		}
		return checkListedMismatch(ctx, filepath.Join(dir, filepath.FromSlash(rel)), f)
	}
	return nil
}

// checkListedMismatch is checkListed with its failure in the form of
// ListedMismatch: the form the commands that check before they rewrite
// return.
func checkListedMismatch(ctx context.Context, path string, f FileSum) error {
	// Not a difference: a file this user may not read gets the advice on
	// access, not that of a changed file (a review, stop 52), and one
	// that fails to read (EIO) is the system's error, as verify has it.
	return ListedMismatch(checkListed(ctx, path, f))
}

// ListedMismatch is err, a failure of checking the files a manifest lists
// (VerifyFiles, CheckListed, CheckBeforeRewrite), in the form every
// command returns it: a difference (a file changed, missing, not a
// regular file, or listed outside the directory) is a *MismatchError,
// exit 1 with verify's verdict; a file that cannot be read (EACCES,
// EPERM, EIO: an *fs.PathError other than a missing file's) stays the
// system's error, with the advice on access where it is one; a
// cancelled context's error is returned as it is. verify, merge,
// --resume, plot and analyze all classify by this one rule (a review,
// stop 53: plot and analyze called an EIO while hashing a part a
// mismatch, where verify, merge and --resume kept it the system's).
func ListedMismatch(err error) error {
	var pe *fs.PathError
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded), errors.As(err, new(*MismatchError)):
		return err
	case errors.As(err, &pe) && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	return &MismatchError{Msg: err.Error()}
}

// checkListed checks the file at path, listed as f, against f: its size
// first, from the open file, and only where that agrees its SHA-256, so
// that a listed file grown huge (a config.yaml replaced by a sparse file
// of 4 GiB took 39 s to hash before "does not match"; a review, stop 50)
// is refused at once. The error is ctx's where ctx ended, else one of the
// listed* words.
func checkListed(ctx context.Context, path string, f FileSum) error {
	r, err := OpenRegular(path)
	if err != nil {
		return listedUnreadable(path, err)
	}
	defer r.Close()
	fi, err := r.Stat()
	if err != nil {
		return listedUnreadable(path, err)
	}
	if fi.Size() != f.Bytes {
		return listedDiffers(path, fi.Size(), "", f)
	}
	n, sum, err := hashOpen(ctx, r)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return listedUnreadable(path, err)
	}
	if n != f.Bytes || sum != f.SHA256 {
		return listedDiffers(path, n, sum, f)
	}
	return nil
}

// The words for a file that a manifest lists and that is not there as
// listed, from this one piece of code: verify, merge, --resume, plot and
// analyze all name such a file alike (a review, stop 49: verify said
// "output: verify open DIR/F: ...", plot and analyze "DIR/F is listed in
// the manifest but cannot be read: ...").

// listedOutside is the error for a manifest of dir that lists rel, a path
// outside dir.
func listedOutside(dir, rel string) error {
	return fmt.Errorf("%s: file %q is outside the directory", filepath.Join(dir, ManifestName), rel)
}

// listedUnreadable is the error for the file at path, listed, that cannot
// be read (err: missing, a folder, a pipe); it wraps err.
func listedUnreadable(path string, err error) error {
	return fmt.Errorf("%s is listed in the manifest but cannot be read: %w", path, err)
}

// listedDiffers is the error for the file at path, listed as f, that holds
// n bytes of SHA-256 sum (sum is "" where only the size was read).
func listedDiffers(path string, n int64, sum string, f FileSum) error {
	if sum == "" {
		return fmt.Errorf("%s does not match its manifest (%d bytes; manifest says %d bytes)", path, n, f.Bytes)
	}
	return fmt.Errorf("%s does not match its manifest (%d bytes, sha256 %s; manifest says %d bytes, sha256 %s)", path, n, sum, f.Bytes, f.SHA256)
}

// UnlistedError is the refusal of a complete results directory dir that
// holds extra (not empty), files its manifest does not list: it names
// them, says that the manifest does not list them, and says what to do.
// verify, merge, plot, analyze and --resume refuse such a directory in
// these words, as a mismatch (exit 1: the directory no longer matches its
// manifest, verify's contract). A review, stop 49: at the top of DIR they
// said only "DIR holds [notes.txt], which its manifest does not list", and
// --resume "remove its", where a stranger in plots/ got advice.
func UnlistedError(dir string, extra []string) *MismatchError {
	them := "it"
	if len(extra) > 1 {
		them = "them"
	}
	return &MismatchError{Msg: fmt.Sprintf("%s holds %s, which its manifest does not list: move %s out of the results directory and run again", dir, FileList(extra), them)}
}

// FileList lists paths for a message: "a", "a and b", "a, b and c", and
// past five "a, b, c, d, e and 3 more".
func FileList(paths []string) string {
	const most = 5
	if len(paths) > most {
		return strings.Join(paths[:most], ", ") + fmt.Sprintf(" and %d more", len(paths)-most)
	}
	if len(paths) < 2 {
		return strings.Join(paths, "")
	}
	return strings.Join(paths[:len(paths)-1], ", ") + " and " + paths[len(paths)-1]
}

// UnlistedFiles returns the files under dir, slash-separated and relative,
// that a manifest would list but m does not: a stray file in runs/, a part
// copied in by hand, a figure from another run; and every folder named
// like a part (walkData), with a trailing slash. The lock, the journal and
// other hidden files are not data and are not reported.
func UnlistedFiles(dir string, m *Manifest) ([]string, error) {
	listed := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	var extra []string
	// A folder named like a part is named with a slash: runs/x.parquet/.
	stray := func(rel string) error {
		extra = append(extra, rel+"/")
		return nil
	}
	err := walkData(dir, stray, func(_, rel string) error {
		if !listed[rel] {
			extra = append(extra, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return extra, nil
}
