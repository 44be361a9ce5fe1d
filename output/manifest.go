package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/parquet/file"
)

// ManifestFormat names the manifest's layout; it changes when a field's
// meaning does.
const ManifestFormat = "pactsim-results/1"

// ManifestName is the manifest's file name in a results directory. It is
// written last: its presence marks the directory complete.
const ManifestName = "manifest.json"

// Manifest is a results directory's provenance (DESIGN: Results directory).
// Times are the only place wall-clock time appears in a results directory.
type Manifest struct {
	Format        string           `json:"format"`
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
}

// VCS is the version control state of the binary, from its build info.
// Fields are null when the build recorded none (builds with -buildvcs=false).
type VCS struct {
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

// BuildVersions returns the Go version and the VCS state the running binary
// was built with.
func BuildVersions() (goVersion string, vcs VCS) {
	goVersion = runtime.Version()
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return goVersion, vcs
	}
	if bi.GoVersion != "" {
		goVersion = bi.GoVersion
	}
	for _, s := range bi.Settings {
		v := s.Value
		switch s.Key {
		case "vcs.revision":
			vcs.Revision = &v
		case "vcs.time":
			vcs.Time = &v
		case "vcs.modified":
			b := v == "true"
			vcs.Modified = &b
		}
	}
	return goVersion, vcs
}

// WriteManifest completes m and writes it, atomically and last. The caller
// sets Seed, Started, Finished, Workers and Shard; WriteManifest fills in
// the rest from the Dataset, the build and the files on disk (rows per
// table from the Parquet footers, and a checksum of every file but the
// manifest itself and temporary files).
func (d *Dataset) WriteManifest(m *Manifest) error {
	m.Format = ManifestFormat
	m.ConfigSHA256 = d.l.Provenance.ConfigSHA256
	m.EngineVersion = d.l.Provenance.EngineVersion
	m.ModelVersion = d.l.Provenance.ModelVersion
	m.GoVersion, m.VCS = BuildVersions()
	m.Totals = Totals{
		Points:        len(d.l.Points),
		Replicates:    d.l.Replicates,
		Architectures: len(d.l.Architectures),
		Tasks:         d.Tasks(),
	}
	var err error
	if m.Rows, err = countRows(d.l.Dir); err != nil {
		return err
	}
	if m.Files, err = sumFiles(d.l.Dir); err != nil {
		return err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("output: encode manifest: %w", err)
	}
	return writeFileAtomic(d.fs, filepath.Join(d.l.Dir, ManifestName), append(data, '\n'))
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
	for _, table := range []string{TableSummary, TableContrasts, TablePoints} {
		path := filepath.Join(dir, table+".parquet")
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
// or temporary files (.NAME.tmp), sorted by path, with size and SHA-256.
func sumFiles(dir string) ([]FileSum, error) {
	var sums []FileSum
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
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
		if !e.Type().IsRegular() || rel == ManifestName {
			return nil
		}
		n, sum, err := hashFile(path)
		if err != nil {
			return err
		}
		sums = append(sums, FileSum{Path: rel, Bytes: n, SHA256: sum})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("output: checksum %s: %w", dir, err)
	}
	return sums, nil
}

func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// ReadManifest reads dir's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestName)
	data, err := os.ReadFile(path)
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
	return &m, nil
}

// VerifyFiles checks every file m lists against its size and SHA-256, and
// that m's paths stay inside dir. The error names the first file that
// differs.
func VerifyFiles(dir string, m *Manifest) error {
	for _, f := range m.Files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("output: %s: file %q is outside the directory", filepath.Join(dir, ManifestName), f.Path)
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		n, sum, err := hashFile(path)
		if err != nil {
			return fmt.Errorf("output: verify %w", err)
		}
		if n != f.Bytes || sum != f.SHA256 {
			return fmt.Errorf("output: %s does not match its manifest (%d bytes, sha256 %s; manifest says %d bytes, sha256 %s)", path, n, sum, f.Bytes, f.SHA256)
		}
	}
	return nil
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

// CopyParts copies every part file that m, the manifest of the shard
// directory src, lists into the Dataset's directory, unchanged, checking
// each file's checksum on the way and writing it atomically. A part already
// present (two shards claiming the same part) is an error naming the path.
// Merge calls it once per shard and then Finalize.
func (d *Dataset) CopyParts(src string, m *Manifest) error {
	for _, f := range m.Files {
		if !isPartFile(f.Path) {
			continue
		}
		from := filepath.Join(src, filepath.FromSlash(f.Path))
		to := filepath.Join(d.l.Dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(to); err == nil {
			return fmt.Errorf("output: %s already exists: two shards hold %s", to, f.Path)
		}
		if err := d.fs.MkdirAll(filepath.Dir(to)); err != nil {
			return fmt.Errorf("output: create %s: %w", filepath.Dir(to), err)
		}
		if err := copyVerified(d.fs, from, to, f); err != nil {
			return err
		}
	}
	return nil
}

func copyVerified(fsys FileSystem, from, to string, want FileSum) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	defer in.Close()
	out, err := createAtomic(fsys, to)
	if err != nil {
		return err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err != nil {
		out.Abort()
		return fmt.Errorf("output: copy %s to %s: %w", from, to, err)
	}
	if sum := hex.EncodeToString(h.Sum(nil)); n != want.Bytes || sum != want.SHA256 {
		out.Abort()
		return fmt.Errorf("output: %s does not match its manifest (%d bytes, sha256 %s; manifest says %d bytes, sha256 %s)", from, n, sum, want.Bytes, want.SHA256)
	}
	return out.Commit()
}
