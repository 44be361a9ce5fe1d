package output

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// AnalysisName is the file in which `runner analyze DIR FILE` stores the
// analysis FILE gave (resolved, every default written out), so that a
// later reader can tell which analysis produced the tables. It is absent
// when the tables come from the analysis section of DIR/config.yaml.
const AnalysisName = "analysis.yaml"

// IsAnalysisFile reports whether rel (slash-separated, relative to a
// results directory) is a file that `runner analyze` rewrites: the
// analysis tables in every format, the stored analysis file, the
// codebook, the figures and the report. Everything else of a complete
// directory stays as its manifest lists it.
func IsAnalysisFile(rel string) bool {
	switch rel {
	case CodebookName, "report.html", AnalysisName:
		return true
	}
	if strings.HasPrefix(rel, "plots/") {
		return true
	}
	for _, t := range analysisOutputTables {
		if rel == t+".parquet" || rel == t+".csv" || rel == "arrow/"+t+".arrow" {
			return true
		}
	}
	return false
}

// IsFigureFile reports whether rel is a file that `runner plot` rewrites:
// the figures and the report.
func IsFigureFile(rel string) bool {
	return rel == "report.html" || strings.HasPrefix(rel, "plots/")
}

// PendingLeft is what the command that left dir's .pending mark may have
// left unlisted: a plot its figures, an analyze every file it writes;
// nothing without a mark.
func PendingLeft(dir string) func(rel string) bool {
	switch Pending(dir) {
	case "":
		return func(string) bool { return false }
	case "plot":
		return IsFigureFile
	}
	return IsAnalysisFile
}

// CheckBeforeRewrite checks a complete results directory before some of
// its files are rewritten in place (rewritten(rel) true; `runner analyze`
// passes IsAnalysisFile): every other file the manifest lists, parts
// excepted, must match its size and SHA-256, and no file may be there that
// the manifest does not list, unless it is about to be rewritten and an
// interrupted rewrite left it (PendingLeft: the directory carries the
// .pending mark of a command that writes it), or it is one of also, files
// the caller read and means to replace (the analysis file given to
// analyze). A file of a rewritten name that pactsim did not leave is the
// user's: refused, not replaced. So a
// rewritten manifest never vouches for a file that changed after the run.
// Parts of the states and trajectories tables, and Arrow parts, are not
// read (they can be large, and what rewrites the directory does not read
// them): their entries carry over as they are, and `runner verify` still
// checks them; but each must be there, a regular file of the size listed,
// or the rewritten manifest would drop a deleted part's entry and seal the
// loss. The runs table's Parquet parts are hashed like the other files:
// the figures read them (the paired differences), and redrawing removes
// the old figures first, so a part damaged in place (zero-filled after a
// crash, bit rot: the size unchanged) cost a complete directory its
// figures and report, with a message that it verifies without them (a
// hostile review). A failure is classified by ListedMismatch, as verify
// has it: a *MismatchError, ctx's error, or the system's for a file that
// cannot be read (EACCES, EPERM, EIO).
func CheckBeforeRewrite(ctx context.Context, dir string, m *Manifest, rewritten func(rel string) bool, also ...string) error {
	for _, f := range m.Files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return &MismatchError{Msg: listedOutside(dir, f.Path).Error()}
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if rewritten(f.Path) {
			// Its content is replaced, but a folder (or a pipe) of its
			// name is not pactsim's file: removed in its place, it was
			// lost unannounced (a review, stop 50: an analysis.yaml
			// replaced by a folder was removed, and analyze succeeded).
			// Named as verify names it. A link is refused below
			// (UnlistedFiles), in walkData's words, as verify does.
			if fi, err := os.Lstat(p); err == nil && !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
				return &MismatchError{Msg: listedUnreadable(p, notRegular(p, fi.Mode())).Error()}
			}
			continue
		}
		if isPartFile(f.Path) && !isRunsParquetPart(f.Path) {
			switch fi, err := os.Lstat(p); {
			case err != nil:
				// A missing part is a difference; a part in a folder this
				// user may not search, or one that fails to read (EIO), is
				// not: it gets the system's error, as verify and merge give
				// it (ListedMismatch; a review, stop 52: plot called it a
				// mismatch, with the bare "permission denied").
				return ListedMismatch(listedUnreadable(p, err))
			case !fi.Mode().IsRegular():
				return &MismatchError{Msg: listedUnreadable(p, notRegular(p, fi.Mode())).Error()}
			case fi.Size() != f.Bytes:
				return &MismatchError{Msg: listedDiffers(p, fi.Size(), "", f).Error()}
			}
			continue
		}
		if err := checkListedMismatch(ctx, p, f); err != nil {
			return err
		}
	}
	extra, err := UnlistedFiles(dir, m)
	if err != nil {
		return err
	}
	if strangers := slices.DeleteFunc(slices.Clone(extra), rewritten); len(strangers) > 0 {
		return UnlistedError(dir, strangers)
	}
	left := PendingLeft(dir)
	for _, rel := range extra {
		switch {
		case !left(rel) && !slices.Contains(also, rel):
			return &MismatchError{Msg: fmt.Sprintf("%s holds %s, which its manifest does not list and no interrupted rewrite of pactsim's left (no %s mark of a command that writes it): it would be replaced or removed; move it out of the directory first", dir, rel, PendingName)}
		}
	}
	return nil
}

// RewriteManifest writes the manifest of a complete directory again after
// the files rewritten(rel) selects were rewritten (see CheckBeforeRewrite,
// which must have passed): their entries are hashed afresh, a file of
// theirs that is gone is dropped, and every other entry carries over from
// m unchanged. Rows, versions and totals are filled in as WriteManifest
// does; the seed, times, workers, shard, build, go_version and vcs of m
// stay (the build that computed the runs, whichever rewrites the tables). Written
// atomically.
func (d *Dataset) RewriteManifest(ctx context.Context, m *Manifest, rewritten func(rel string) bool) error {
	files, err := rewrittenFiles(ctx, d.l.Dir, m, rewritten)
	if err != nil {
		return err
	}
	m.Format = ManifestFormat
	m.ConfigSHA256 = d.l.Provenance.ConfigSHA256
	m.EngineVersion = d.l.Provenance.EngineVersion
	m.ModelVersion = d.l.Provenance.ModelVersion
	// GoVersion, VCS and Build stay m's: the build that computed the
	// runs, not the one that rewrites the tables.
	m.Totals = Totals{Points: d.l.NumPoints, Replicates: d.l.Replicates, Architectures: len(d.l.Architectures), Tasks: d.Tasks()}
	if m.Rows, err = d.countRows(ctx); err != nil {
		return err
	}
	m.Files = files
	return d.writeManifest(ctx, m)
}

// writeManifest checks m's kind and writes it as the directory's
// manifest, atomically, the last step of Finalize and of a rewrite: not
// at all once ctx is done.
func (d *Dataset) writeManifest(ctx context.Context, m *Manifest) error {
	if err := checkKind(filepath.Join(d.l.Dir, ManifestName), m); err != nil {
		return err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("output: encode manifest: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeFileAtomic(d.fs, filepath.Join(d.l.Dir, ManifestName), append(data, '\n'))
}

// rewrittenFiles lists dir's files for a rewritten manifest: the entries
// of m for files not rewritten, fresh size and SHA-256 for those that are.
func rewrittenFiles(ctx context.Context, dir string, m *Manifest, rewritten func(rel string) bool) ([]FileSum, error) {
	old := make(map[string]FileSum, len(m.Files))
	for _, f := range m.Files {
		old[f.Path] = f
	}
	return listSums(ctx, dir, func(rel string) (FileSum, bool, error) {
		if rewritten(rel) {
			return FileSum{}, false, nil
		}
		f, ok := old[rel]
		if !ok {
			return f, false, fmt.Errorf("%s is not listed in the manifest", filepath.Join(dir, filepath.FromSlash(rel)))
		}
		return f, true, nil
	})
}

// RewriteManifestAt writes the manifest of the complete directory dir
// again after the files rewritten(rel) selects were redrawn (`runner
// plot`; CheckBeforeRewrite must have passed): only the file list
// changes, every other field of m (provenance, rows, times) stays.
func RewriteManifestAt(ctx context.Context, dir string, m *Manifest, rewritten func(rel string) bool) error {
	files, err := rewrittenFiles(ctx, dir, m, rewritten)
	if err != nil {
		return err
	}
	m.Files = files
	if err := checkKind(filepath.Join(dir, ManifestName), m); err != nil {
		return err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("output: encode manifest: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeFileAtomic(OSFileSystem{}, filepath.Join(dir, ManifestName), append(data, '\n'))
}

// isRunsParquetPart reports whether rel, a part file (isPartFile), is one
// of the runs table's Parquet parts, which the figures read.
func isRunsParquetPart(rel string) bool {
	return strings.HasPrefix(rel, TableRuns+"/") && strings.HasSuffix(rel, ".parquet")
}
