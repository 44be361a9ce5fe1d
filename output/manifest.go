package output

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/parquet/file"
)

// ManifestFormat names the manifest's layout; it changes when a field's
// meaning does. The kind field was added without a change: no field's
// meaning changed, and a manifest without it is still read (its kind is
// inferred, see Manifest.Kind).
const ManifestFormat = "pactsim-results/1"

// ManifestName is the manifest's file name in a results directory. It is
// written last: its presence marks the directory complete.
const ManifestName = "manifest.json"

// Manifest is a results directory's provenance (README, "What a results directory holds").
// Times are the only place wall-clock time appears in a results directory.
type Manifest struct {
	Format string `json:"format"`
	// Kind says which command wrote the directory (see Kind). A manifest
	// written before kinds were recorded has none; ReadManifest then
	// infers it from the manifest's other fields and sets KindInferred.
	Kind          Kind             `json:"kind"`
	ConfigSHA256  string           `json:"config_sha256"`
	Seed          int64            `json:"seed"`
	EngineVersion string           `json:"engine_version"`
	ModelVersion  string           `json:"model_version"`
	GoVersion     string           `json:"go_version"`
	VCS           VCS              `json:"vcs"`
	Started       time.Time        `json:"started"`  // RFC 3339
	Finished      time.Time        `json:"finished"` // RFC 3339
	Workers       int              `json:"workers"`
	Shard         *Shard           `json:"shard"` // null when the run is not a shard
	Totals        Totals           `json:"totals"`
	Rows          map[string]int64 `json:"rows"`  // rows per table present
	Files         []FileSum        `json:"files"` // every data file, sorted by path

	// KindInferred: the manifest recorded no kind and Kind was inferred
	// (ReadManifest). Not written: a manifest written again records the
	// kind.
	KindInferred bool `json:"-"`
}

// VCS is the version control state of the code that wrote the directory
// (see BuildVersions). Source says where it was read: "buildinfo", "git"
// or "none"; the other fields are null when it is "none".
type VCS struct {
	Source   string  `json:"source"`
	Revision *string `json:"revision"`
	Time     *string `json:"time"`
	Modified *bool   `json:"modified"`
}

// Shard says which share of the tasks a shard's directory holds.
type Shard struct {
	Index  int `json:"index"`
	Count  int `json:"count"`
	TaskLo int `json:"task_lo"`
	TaskHi int `json:"task_hi"`
}

// Totals is the size of the whole plan (not of a shard).
type Totals struct {
	Points        int `json:"points"`
	Replicates    int `json:"replicates"`
	Architectures int `json:"architectures"`
	Tasks         int `json:"tasks"`
}

// FileSum is one data file: its path relative to the results directory
// (slash-separated), its size and its SHA-256.
type FileSum struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// WriteManifest completes m and writes it, atomically and last. The caller
// sets Kind, Seed, Started, Finished, Workers and Shard; WriteManifest fills in
// the rest from the Dataset, the build and the files on disk (rows per
// table from the Parquet footers, and a checksum of every file but the
// manifest itself and temporary files).
//
// Once the manifest is final the journal is removed: the manifest's
// checksums supersede it. ctx is checked between files and while hashing.
func (d *Dataset) WriteManifest(ctx context.Context, m *Manifest) error {
	if !m.Kind.Valid() {
		// Every writer says what it is: a missing kind is the caller's bug.
		return fmt.Errorf("output: WriteManifest: kind %q, want one of %s", m.Kind, KindList(Kinds...))
	}
	m.Format = ManifestFormat
	m.ConfigSHA256 = d.l.Provenance.ConfigSHA256
	m.EngineVersion = d.l.Provenance.EngineVersion
	m.ModelVersion = d.l.Provenance.ModelVersion
	m.GoVersion, m.VCS = BuildVersions()
	m.Totals = Totals{
		Points:        d.l.NumPoints,
		Replicates:    d.l.Replicates,
		Architectures: len(d.l.Architectures),
		Tasks:         d.Tasks(),
	}
	var err error
	if m.Rows, err = countRows(d.l.Dir); err != nil {
		return err
	}
	if m.Files, err = sumFiles(ctx, d.l.Dir); err != nil {
		return err
	}
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
	if err := writeFileAtomic(d.fs, filepath.Join(d.l.Dir, ManifestName), append(data, '\n')); err != nil {
		return err
	}
	return d.RemoveJournal()
}

// CheckRecords checks what a complete directory's manifest m records
// beside its files against the directory and the Dataset: the provenance
// (config hash, engine and model version), the plan's totals and the rows
// of every table, counted again from the Parquet footers. The checksums
// cover the files, not the manifest itself, so without this a manifest
// edited to claim another seed's plan size or other row counts would
// verify. A difference is a *MismatchError naming the field; a file that
// cannot be read is returned as is.
func (d *Dataset) CheckRecords(m *Manifest) error {
	path := filepath.Join(d.l.Dir, ManifestName)
	mismatch := func(field string, got, want any) error {
		return &MismatchError{Msg: fmt.Sprintf("%s: %s is %v; the directory's config and tables give %v", path, field, got, want)}
	}
	p := d.l.Provenance
	switch {
	case m.ConfigSHA256 != p.ConfigSHA256:
		return mismatch("config_sha256", m.ConfigSHA256, p.ConfigSHA256)
	case m.EngineVersion != p.EngineVersion:
		return mismatch("engine_version", m.EngineVersion, p.EngineVersion)
	case m.ModelVersion != p.ModelVersion:
		return mismatch("model_version", m.ModelVersion, p.ModelVersion)
	}
	want := Totals{Points: d.l.NumPoints, Replicates: d.l.Replicates, Architectures: len(d.l.Architectures), Tasks: d.Tasks()}
	if m.Totals != want {
		text := func(t Totals) string {
			return fmt.Sprintf("{points %d, replicates %d, architectures %d, tasks %d}", t.Points, t.Replicates, t.Architectures, t.Tasks)
		}
		return mismatch("totals", text(m.Totals), text(want))
	}
	rows, err := countRows(d.l.Dir)
	if err != nil {
		return err
	}
	tables := make([]string, 0, len(rows)+len(m.Rows))
	for t := range rows {
		tables = append(tables, t)
	}
	for t := range m.Rows {
		if _, ok := rows[t]; !ok {
			tables = append(tables, t)
		}
	}
	slices.Sort(tables)
	for _, t := range tables {
		got, ok := m.Rows[t]
		n, present := rows[t]
		switch {
		case !ok:
			return mismatch("rows."+t, "missing", n)
		case !present:
			return mismatch("rows."+t, got, "no such table")
		case got != n:
			return mismatch("rows."+t, got, n)
		}
	}
	return nil
}

// countRows returns the rows of every table present under dir, from the
// Parquet footers (the Arrow files hold the same rows).
func countRows(dir string) (map[string]int64, error) {
	rows := map[string]int64{}
	count := func(path string) (int64, error) {
		pf, err := file.OpenParquetFile(path, false)
		if err != nil {
			return 0, fmt.Errorf("output: read %s: %w", path, err)
		}
		defer pf.Close()
		return pf.NumRows(), nil
	}
	for _, table := range []string{TableRuns, TableTrajectories, TableStates} {
		es, err := os.ReadDir(filepath.Join(dir, table))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("output: %w", err)
		}
		var n int64
		for _, e := range es {
			if _, ok := parsePartFile(e.Name(), ".parquet"); !ok {
				continue
			}
			k, err := count(filepath.Join(dir, table, e.Name()))
			if err != nil {
				return nil, err
			}
			n += k
		}
		rows[table] = n
	}
	for _, table := range slices.Concat(wholeTableNames, analysisTableNames) {
		path := filepath.Join(dir, filepath.FromSlash(table)+".parquet")
		if _, err := os.Stat(path); err != nil {
			continue
		}
		n, err := count(path)
		if err != nil {
			return nil, err
		}
		rows[table] = n
	}
	return rows, nil
}

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
	err := walkData(dir, func(path, rel string) error {
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
// manifest lists: all but the manifest itself and hidden files and folders.
// rel is slash-separated and relative to dir. Any other entry that is not
// hidden and not a folder (a symbolic link, a named pipe) is a
// *MismatchError: a reader of the directory would follow a link to data
// no manifest covers (a link runs/part-00009.parquet adds its rows to the
// table), and a listed file replaced by a link would verify while the
// directory no longer holds its data.
func walkData(dir string, fn func(path, rel string) error) error {
	return filepath.WalkDir(WalkRoot(dir), func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel != "." && strings.HasPrefix(e.Name(), ".") {
			if e.IsDir() {
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

// WalkRoot is dir as a root for filepath.WalkDir, which does not follow a
// symbolic link at its root: with a trailing separator the link resolves,
// so a results directory reached through a link is walked like any other.
func WalkRoot(dir string) string {
	if strings.HasSuffix(dir, string(filepath.Separator)) {
		return dir
	}
	return dir + string(filepath.Separator)
}

func hashFile(path string) (int64, string, error) {
	return hashFileCtx(context.Background(), path)
}

// hashFileCtx hashes path, checking ctx every few MiB so that a signal
// stops the hashing of a large directory promptly.
func hashFileCtx(ctx context.Context, path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	var n int64
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return 0, "", err
		}
		k, err := io.CopyBuffer(h, io.LimitReader(f, 8<<20), buf)
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

// MaxManifestBytes bounds the manifest a reader accepts: a manifest lists
// one line per file, so even a million parts stay far below it.
const MaxManifestBytes = 256 << 20

// ReadManifest reads dir's manifest. It must be a pactsim manifest (its
// format field names ManifestFormat) whose kind, recorded or inferred, is
// consistent with what it lists (a shard record exactly for a shard,
// parts only where the kind writes them).
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	data, err := ReadFileLimited(path, MaxManifestBytes)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("output: read %s: %w", path, err)
	}
	if m.Format != ManifestFormat {
		return nil, fmt.Errorf("output: %s: format %q, want %q", path, m.Format, ManifestFormat)
	}
	if m.Kind == "" {
		m.Kind, m.KindInferred = inferKind(&m), true
	}
	if err := checkKind(path, &m); err != nil {
		return nil, err
	}
	return &m, nil
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
			return fmt.Errorf("output: %s: file %q is outside the directory", filepath.Join(dir, ManifestName), f.Path)
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		n, sum, err := hashFileCtx(ctx, path)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("output: verify %w", err)
		}
		if n != f.Bytes || sum != f.SHA256 {
			return fmt.Errorf("output: %s does not match its manifest (%d bytes, sha256 %s; manifest says %d bytes, sha256 %s)", path, n, sum, f.Bytes, f.SHA256)
		}
	}
	return nil
}

// UnlistedFiles returns the files under dir, slash-separated and relative,
// that a manifest would list but m does not: a stray file in runs/, a part
// copied in by hand, a figure from another run. The lock, the journal and
// other hidden files are not data and are not reported.
func UnlistedFiles(dir string, m *Manifest) ([]string, error) {
	listed := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	var extra []string
	err := walkData(dir, func(_, rel string) error {
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

// isPartFile reports whether a manifest path is a file of a part:
// TABLE/part-NNNNN.parquet or arrow/TABLE/part-NNNNN.arrow.
func isPartFile(rel string) bool {
	parts := strings.Split(rel, "/")
	table, name, ext := "", "", ".parquet"
	switch {
	case len(parts) == 2:
		table, name = parts[0], parts[1]
	case len(parts) == 3 && parts[0] == "arrow":
		table, name, ext = parts[1], parts[2], ".arrow"
	default:
		return false
	}
	if table != TableRuns && table != TableTrajectories && table != TableStates {
		return false
	}
	_, ok := parsePartFile(name, ext)
	return ok
}

// CheckPartCover checks that the part files m lists make up the tasks
// [lo, hi) of a directory of parts of partTasks tasks: every runs part
// (TABLE/PART.parquet) comes with its files in every table and format the
// Layout chooses and no other part file is listed, and the runs parts,
// ordered by their first task (PartStart), tile [lo, hi) with the rows of
// their tasks (from the Parquet footers). The names need not be those of
// one sharding: a merge's parts are its shards'. A difference is a
// *MismatchError; the checksums say nothing of a part left out of the
// manifest together with its file. The listed files must have been
// checked against m first (VerifyFiles).
func (d *Dataset) CheckPartCover(m *Manifest, partTasks, lo, hi int) error {
	path := filepath.Join(d.l.Dir, ManifestName)
	mismatch := func(format string, a ...any) error {
		return &MismatchError{Msg: path + ": " + fmt.Sprintf(format, a...) + ": its parts do not cover its tasks"}
	}
	type part struct {
		name  string
		start int
	}
	listed := make(map[string]bool)
	var runs []part
	for _, f := range m.Files {
		if !isPartFile(f.Path) {
			continue
		}
		listed[f.Path] = true
		if name, ok := strings.CutPrefix(f.Path, TableRuns+"/"); ok {
			name = strings.TrimSuffix(name, ".parquet")
			start, ok := PartStart(name, partTasks)
			if !ok {
				return mismatch("it lists %s, not a part of %d tasks", f.Path, partTasks)
			}
			runs = append(runs, part{name, start})
		}
	}
	slices.SortFunc(runs, func(a, b part) int { return a.start - b.start })
	for _, p := range runs {
		for _, fp := range d.partPaths(p.name) {
			rel, err := filepath.Rel(d.l.Dir, fp)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if !listed[rel] {
				return mismatch("it lists %s but no %s", TableRuns+"/"+p.name+".parquet", rel)
			}
			delete(listed, rel)
		}
	}
	if len(listed) > 0 {
		extra := slices.Sorted(maps.Keys(listed))
		return mismatch("it lists %s, which belongs to no runs part it lists", extra[0])
	}
	archs := int64(len(d.l.Architectures))
	next := lo
	for k, p := range runs {
		end := hi
		if k+1 < len(runs) {
			end = runs[k+1].start
		}
		if p.start != next {
			if p.start > next {
				return mismatch("tasks [%d, %d) are in no part it lists", next, p.start)
			}
			return mismatch("%s starts at task %d, outside [%d, %d)", p.name, p.start, lo, hi)
		}
		pq := d.ParquetPath(TableRuns, p.name)
		rows, err := parquetRows(pq)
		if err != nil {
			return err
		}
		if archs == 0 || rows%archs != 0 || rows == 0 {
			return mismatch("%s holds %d rows, not a whole number of tasks of %d architectures", pq, rows, archs)
		}
		if stop := int64(p.start) + rows/archs; stop != int64(end) {
			if stop < int64(end) {
				return mismatch("tasks [%d, %d) are in no part it lists (%s ends at task %d)", stop, end, p.name, stop)
			}
			return mismatch("%s holds tasks [%d, %d), past task %d, where the next part or the range ends", p.name, p.start, stop, end)
		}
		next = end
	}
	if len(runs) == 0 && lo != hi {
		return mismatch("it lists no runs part for the tasks [%d, %d)", lo, hi)
	}
	return nil
}

// parquetRows is the row count in the footer of the Parquet file path.
func parquetRows(path string) (int64, error) {
	pf, err := file.OpenParquetFile(path, false)
	if err != nil {
		return 0, fmt.Errorf("output: read %s: %w", path, err)
	}
	defer pf.Close()
	return pf.NumRows(), nil
}

// CopyParts copies every part file that m, the manifest of the shard
// directory src, lists into the Dataset's directory, unchanged, checking
// each file's checksum on the way and writing it atomically. A part already
// present (two shards claiming the same part) is an error naming the path.
// Merge calls it once per shard and then Finalize.
func (d *Dataset) CopyParts(ctx context.Context, src string, m *Manifest) error {
	for _, f := range m.Files {
		if !isPartFile(f.Path) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		from := filepath.Join(src, filepath.FromSlash(f.Path))
		to := filepath.Join(d.l.Dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(to); err == nil {
			return fmt.Errorf("output: %s already exists: two shards hold %s", to, f.Path)
		}
		if err := d.fs.MkdirAll(filepath.Dir(to)); err != nil {
			return fmt.Errorf("output: create %s: %w", filepath.Dir(to), err)
		}
		if err := copyVerified(ctx, d.fs, from, to, f); err != nil {
			return err
		}
	}
	return nil
}

func copyVerified(ctx context.Context, fsys FileSystem, from, to string, want FileSum) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer in.Close()
	out, err := createAtomic(fsys, to)
	if err != nil {
		return err
	}
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			out.Abort()
			return err
		}
		k, err := io.Copy(out, io.LimitReader(in, 8<<20))
		n += k
		if err != nil {
			out.Abort()
			return fmt.Errorf("output: copy %s to %s: %w", from, to, err)
		}
		if k < 8<<20 {
			break
		}
	}
	if sum := out.Sum().SHA256; n != want.Bytes || sum != want.SHA256 {
		out.Abort()
		return fmt.Errorf("output: %s does not match its manifest (%d bytes, sha256 %s; manifest says %d bytes, sha256 %s)", from, n, sum, want.Bytes, want.SHA256)
	}
	return out.Commit()
}
