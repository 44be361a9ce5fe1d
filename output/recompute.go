package output

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// IsDerivedFile reports whether rel (slash-separated, relative to a results
// directory) is a file computed from the runs parts: by the finalisation
// (Finalize: summary, contrasts, points, the by-formation tables and an
// ablation's contributions and break-even curves) or, from those, by the
// analyses (WriteAnalysis: sensitivity, discovery and its limits), in
// every format, and the codebook, which the last of them writes. `runner
// verify` recomputes these and compares them with the stored ones
// (Recompute, CompareDerived).
func IsDerivedFile(rel string) bool {
	if rel == CodebookName {
		return true
	}
	name, arrowDir := strings.CutPrefix(rel, "arrow/")
	if strings.Contains(name, "/") {
		return false
	}
	base, ext := splitExt(name)
	if !slices.Contains(derivedTables, base) {
		return false
	}
	if arrowDir {
		return ext == ".arrow"
	}
	return ext == ".parquet" || (ext == ".csv" && base != TablePoints)
}

// IsAnalysisTableFile reports whether rel is a file of an analysis table
// (sensitivity, discovery, discovery_limits) in any format.
func IsAnalysisTableFile(rel string) bool {
	return IsAnalysisFile(rel) && IsDerivedFile(rel) && rel != CodebookName
}

// IsWholeTableFile reports whether rel is a derived file that only the
// finalisation writes: IsDerivedFile but neither an analysis table nor the
// codebook, which `runner analyze` rewrites.
func IsWholeTableFile(rel string) bool {
	return IsDerivedFile(rel) && !IsAnalysisFile(rel)
}

// derivedTables are the tables IsDerivedFile covers.
var derivedTables = slices.Concat(wholeTableNames, analysisOutputTables)

// Recompute runs write on a copy of d whose file system keeps nothing:
// every file write would make is hashed instead, and the size and SHA-256
// of each file it would leave in place (created and renamed, and not
// removed since) is returned by slash-separated path relative to the
// directory. Reads go to the directory as usual, so write can be the
// finalisation (Finalize) and the analyses, recomputing the derived files
// from the parts on disk without touching the directory.
func (d *Dataset) Recompute(write func(*Dataset) error) (map[string]FileSum, error) {
	h := &hashFS{open: map[string]*hashedFile{}, done: map[string]FileSum{}}
	c := *d
	c.fs, c.l.FS = h, h
	c.own = nil // it writes nowhere: it vouches for nothing
	if err := write(&c); err != nil {
		return nil, err
	}
	out := make(map[string]FileSum, len(h.done))
	for p, s := range h.done {
		rel, err := filepath.Rel(d.l.Dir, p)
		if err != nil || !filepath.IsLocal(rel) {
			return nil, fmt.Errorf("output: recompute: %s is outside %s", p, d.l.Dir)
		}
		s.Path = filepath.ToSlash(rel)
		out[s.Path] = s
	}
	return out, nil
}

// CompareDerived compares the files that which selects (IsDerivedFile, or
// a subset of it such as IsWholeTableFile) among those m, the manifest of
// dir, lists with those of got, what Recompute returned (its other files
// are ignored): the same files, with the same size and SHA-256. The files
// themselves have been checked against m already, so a difference means
// the manifest vouches for a table the runs do not give: it is a
// *MismatchError naming the first file in path order and from, what the
// files were recomputed from ("the runs parts", "the calibration's
// trace").
func CompareDerived(dir string, m *Manifest, got map[string]FileSum, which func(rel string) bool, from string) error {
	listed := map[string]FileSum{}
	for _, f := range m.Files {
		if which(f.Path) {
			listed[f.Path] = f
		}
	}
	var paths []string
	for p := range listed {
		paths = append(paths, p)
	}
	for p := range got {
		if _, ok := listed[p]; !ok && which(p) {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	for _, p := range paths {
		want, inM := listed[p]
		g, inGot := got[p]
		path := filepath.Join(dir, filepath.FromSlash(p))
		switch {
		case !inGot:
			return &MismatchError{Msg: fmt.Sprintf("%s is listed in the manifest, but recomputing the tables from %s does not write it", path, from)}
		case !inM:
			return &MismatchError{Msg: fmt.Sprintf("%s is missing: recomputing the tables from %s writes it, and the manifest does not list it", path, from)}
		case g.Bytes != want.Bytes || g.SHA256 != want.SHA256:
			// Either file may be the one changed: an edit of the source
			// shows as a difference in what it gives (a hostile review,
			// stop 31: an edited trace.csv was reported as trace.arrow).
			return &MismatchError{Msg: fmt.Sprintf("%s differs from the one recomputed from %s (%d bytes, sha256 %s; recomputed %d bytes, sha256 %s): it, or what it was recomputed from, was changed", path, from, want.Bytes, want.SHA256, g.Bytes, g.SHA256)}
		}
	}
	return nil
}

// hashFS is a FileSystem that stores nothing: a created file is hashed as
// it is written, and a rename records the hash under the final name.
type hashFS struct {
	mu   sync.Mutex
	open map[string]*hashedFile // temporary name -> file being written
	done map[string]FileSum     // final name -> what was written
}

type hashedFile struct {
	h hash.Hash
	n int64
}

func (f *hashedFile) Write(p []byte) (int, error) {
	f.h.Write(p)
	f.n += int64(len(p))
	return len(p), nil
}

func (f *hashedFile) Sync() error  { return nil }
func (f *hashedFile) Close() error { return nil }

// MkdirBelow implements FileSystem.
func (*hashFS) MkdirBelow(string, string) error { return nil }

// Create implements FileSystem.
func (h *hashFS) Create(name string) (File, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f := &hashedFile{h: sha256.New()}
	h.open[name] = f
	return f, nil
}

// Rename implements FileSystem.
func (h *hashFS) Rename(oldpath, newpath string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	f, ok := h.open[oldpath]
	if !ok {
		return fmt.Errorf("output: recompute: rename of %s, which was not written", oldpath)
	}
	delete(h.open, oldpath)
	h.done[newpath] = FileSum{Bytes: f.n, SHA256: hex.EncodeToString(f.h.Sum(nil))}
	return nil
}

// Remove implements FileSystem.
func (h *hashFS) Remove(name string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.open, name)
	delete(h.done, name)
	return nil
}

// CheckCodebook compares the codebook m, the manifest of a run's or
// merge's directory, lists with the one d writes for the tables m lists
// (its part and whole tables, and the analysis tables present), without
// reading any table: a codebook edited and listed again is a
// *MismatchError, and so is one missing from m.
func (d *Dataset) CheckCodebook(m *Manifest) error {
	var t AnalysisTables
	for _, f := range m.Files {
		switch f.Path {
		case TableSensitivity + ".parquet":
			t.HasSensitivity = true
		case TableDiscovery + ".parquet":
			t.HasDiscovery = true
		}
	}
	schemas, err := d.analysisSchemas(&t)
	if err != nil {
		return err
	}
	got, err := d.Recompute(func(r *Dataset) error { return r.writeCodebook(schemas...) })
	if err != nil {
		return err
	}
	return CompareDerived(d.l.Dir, m, got, func(rel string) bool { return rel == CodebookName }, "the config and the tables it lists")
}
