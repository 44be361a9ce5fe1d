package output

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"
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
	Kind          Kind   `json:"kind"`
	ConfigSHA256  string `json:"config_sha256"`
	Seed          int64  `json:"seed"`
	EngineVersion string `json:"engine_version"`
	ModelVersion  string `json:"model_version"`
	GoVersion     string `json:"go_version"`
	// Build is the instruction set the runs were computed for
	// (BuildTarget): a merge, a resume and verify refuse another.
	Build    string           `json:"build"`
	VCS      VCS              `json:"vcs"`
	Started  time.Time        `json:"started"`  // RFC 3339
	Finished time.Time        `json:"finished"` // RFC 3339
	Workers  int              `json:"workers"`
	Shard    *Shard           `json:"shard"` // null when the run is not a shard
	Totals   Totals           `json:"totals"`
	Rows     map[string]int64 `json:"rows"`  // rows per table present; an empty shard's part tables, 0
	Files    []FileSum        `json:"files"` // every data file, sorted by path

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
// sets Kind, Seed, Started, Finished, Workers and Shard, and may set
// GoVersion and VCS (a merge sets its shards'); WriteManifest fills in
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
	if m.GoVersion == "" {
		// A merge sets its shards' (the build that computed the runs).
		m.GoVersion, m.VCS = BuildVersions()
	}
	m.Build = BuildTarget()
	m.Totals = Totals{
		Points:        d.l.NumPoints,
		Replicates:    d.l.Replicates,
		Architectures: len(d.l.Architectures),
		Tasks:         d.Tasks(),
	}
	var err error
	if m.Rows, err = d.countRows(ctx); err != nil {
		return err
	}
	if m.Kind == KindShard {
		// A shard that owns no task (more shards than tasks) writes no
		// part, but its part tables are still its tables, of 0 rows: the
		// manifest says so, as DESIGN's row counts ask, and a reader who
		// sums every shard's rows.runs does not meet a missing key (a
		// review, stop 55).
		for _, t := range d.PartTables() {
			if _, ok := m.Rows[t]; !ok {
				m.Rows[t] = 0
			}
		}
	}
	if m.Files, err = sumFiles(ctx, d.l.Dir); err != nil {
		return err
	}
	// A part recorded in the journal when it became final must still be
	// what was written: the manifest would otherwise vouch for a part
	// damaged since (a flipped byte, a truncation), which --resume would
	// have recomputed. So must every part this Dataset made final, kept
	// or copied, journal or not: the journal leaves with a directory
	// moved or removed under the writer (vouch.go).
	journal, err := d.ReadJournal()
	if err != nil {
		return err
	}
	maps.Copy(journal, d.vouched())
	listed := make(map[string]string, len(m.Files))
	for _, f := range m.Files {
		listed[f.Path] = f.SHA256
	}
	// In path order, so that of several damaged parts the same one is
	// named every time (map order is random).
	for _, rel := range slices.Sorted(maps.Keys(journal)) {
		want := journal[rel]
		if got, ok := listed[rel]; !ok || got != want {
			why := "went missing"
			if ok {
				why = fmt.Sprintf("changed (sha256 %s, recorded %s)", ShortHash(got), ShortHash(want))
			}
			return fmt.Errorf("output: %s %s since it was written: run the command again (--resume for a run)", filepath.Join(d.l.Dir, filepath.FromSlash(rel)), why)
		}
	}
	if err := d.checkCover(m); err != nil {
		return err
	}
	if err := d.writeManifest(ctx, m); err != nil {
		return err
	}
	if m.Kind == KindCalibration {
		if err := d.fs.Remove(filepath.Join(d.l.Dir, filepath.Dir(filepath.FromSlash(TableTrace)), TraceSumsName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("output: %w", err)
		}
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
// cannot be read is returned as is. ctx is checked between files (a
// footer each), and its error returned as is: a directory of a million
// part files took minutes to count, deaf to a SIGINT (a review, stop 51).
func (d *Dataset) CheckRecords(ctx context.Context, m *Manifest) error {
	if err := d.CheckTotals(m); err != nil {
		return err
	}
	mismatch := d.recordMismatch
	rows, err := d.countRows(ctx)
	if err != nil {
		return err
	}
	if err := d.checkArrowConfigs(ctx); err != nil {
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
	emptyShard := m.Kind == KindShard && m.Shard != nil && m.Shard.TaskLo == m.Shard.TaskHi
	for _, t := range tables {
		got, ok := m.Rows[t]
		n, present := rows[t]
		switch {
		case !ok:
			return mismatch("rows."+t, "missing", n)
		case !present && got == 0 && emptyShard && slices.Contains(d.PartTables(), t):
			// A part table of no rows has no part file (an empty
			// shard's, WriteManifest); no other directory records one
			// (a review, stop 55: a calibration's claiming rows.runs 0
			// verified).
		case !present:
			return mismatch("rows."+t, got, "no such table")
		case got != n:
			return mismatch("rows."+t, got, n)
		}
	}
	return nil
}

// CheckTotals is the part of CheckRecords that reads no file: the
// provenance and the plan's totals that m records, which captions and
// the report take (plots.ReadMeta), against the Dataset's.
func (d *Dataset) CheckTotals(m *Manifest) error {
	mismatch := d.recordMismatch
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
	return nil
}

// recordMismatch is the *MismatchError of a field of the manifest that
// differs from what the directory gives.
func (d *Dataset) recordMismatch(field string, got, want any) error {
	return &MismatchError{Msg: fmt.Sprintf("%s: %s is %v; the directory's config and tables give %v", filepath.Join(d.l.Dir, ManifestName), field, got, want)}
}

// otherConfig is a *MismatchError when cfg, the config hash in the footer
// of the part at path, is not d's config: a part copied in from another
// run with its checksums regenerated passed verify when no sampled task
// fell in it, and a merge found it only once it had emptied its output
// (review, stop 29). A footer without a hash is not judged.
func (d *Dataset) otherConfig(path, cfg string) error {
	if config := d.l.Provenance.ConfigSHA256; config != "" && cfg != "" && cfg != config {
		return &MismatchError{Msg: fmt.Sprintf("%s was written for another config (its %s is %s; the directory's config is %s): a part of another run", path, MetaConfigSHA256, ShortHash(cfg), ShortHash(config))}
	}
	return nil
}

// checkArrowConfigs checks the config hash in the footer of every Arrow
// part (otherConfig), as countRows does the Parquet parts'. Only the
// checks of a finished directory (CheckRecords) read them: a writer's
// manifest lists parts it has just written itself. ctx is checked before
// each file.
func (d *Dataset) checkArrowConfigs(ctx context.Context) error {
	for _, table := range []string{TableRuns, TableTrajectories, TableStates} {
		es, err := os.ReadDir(filepath.Join(d.l.Dir, "arrow", table))
		if err != nil {
			continue // no such folder: CheckPartCover says what is missing
		}
		for _, e := range es {
			if _, ok := parsePartFile(e.Name(), ".arrow"); !ok {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			path := filepath.Join(d.l.Dir, "arrow", table, e.Name())
			cfg, err := arrowConfig(path)
			if err == nil {
				err = d.otherConfig(path, cfg)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// countRows returns the rows of every table present in d's directory, from
// the Parquet footers (the Arrow files hold the same rows). A part whose
// footer names another config is a *MismatchError (otherConfig): the
// footer is read anyway. ctx is checked before each file, and its error
// returned as is.
func (d *Dataset) countRows(ctx context.Context) (map[string]int64, error) {
	dir := d.l.Dir
	rows := map[string]int64{}
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
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			path := filepath.Join(dir, table, e.Name())
			k, cfg, err := parquetFooter(path)
			if err == nil {
				err = d.otherConfig(path, cfg)
			}
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
		n, err := parquetRows(path)
		if err != nil {
			return nil, err
		}
		rows[table] = n
	}
	return rows, nil
}

// parquetRows is the row count in the footer of the Parquet file path.
func parquetRows(path string) (int64, error) {
	n, _, err := parquetFooter(path)
	return n, err
}

// arrowConfig is the config hash (pactsim.config_sha256, "" if none) in
// the schema of the Arrow IPC file path.
func arrowConfig(path string) (config string, err error) {
	defer RecoverRead(path, &err)
	f, err := OpenRegular(path)
	if err != nil {
		return "", fmt.Errorf("output: read %s: %w", path, err)
	}
	defer f.Close()
	r, err := NewIPCFileReader(f)
	if err != nil {
		return "", &MismatchError{Msg: fmt.Sprintf("%s: not a readable Arrow IPC file: %v", path, err)}
	}
	defer r.Close()
	if k := r.Schema().Metadata().FindKey(MetaConfigSHA256); k >= 0 {
		config = r.Schema().Metadata().Values()[k]
	}
	return config, nil
}

// parquetFooter is the row count and the config hash (its
// pactsim.config_sha256, "" if none) in the footer of the Parquet file
// path.
func parquetFooter(path string) (n int64, config string, err error) {
	defer RecoverRead(path, &err)
	f, err := OpenRegular(path)
	if err != nil {
		return 0, "", fmt.Errorf("output: read %s: %w", path, err)
	}
	pf, err := parquetReader(f)
	if err != nil {
		return 0, "", fmt.Errorf("output: read %s: %w", path, err)
	}
	defer pf.Close()
	if v := pf.MetaData().KeyValueMetadata().FindValue(MetaConfigSHA256); v != nil {
		config = *v
	}
	return pf.NumRows(), config, nil
}

// MaxManifestBytes bounds the manifest a reader accepts: a manifest lists
// one line per file, so even a million parts stay far below it.
const MaxManifestBytes = 256 << 20

// ManifestEngineVersion returns the engine version dir's manifest names,
// read leniently (every other field ignored), or "" when the manifest is
// not a JSON object with a string engine_version. It tells a manifest
// another version wrote, which ReadManifest may not read, from one this
// version wrote and someone edited.
func ManifestEngineVersion(dir string) string {
	data, err := ReadFileLimited(filepath.Join(dir, ManifestName), MaxManifestBytes)
	if err != nil {
		return ""
	}
	var v struct {
		EngineVersion string `json:"engine_version"`
	}
	if json.Unmarshal(data, &v) != nil {
		return ""
	}
	return v.EngineVersion
}

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
	if _, err := dec.Token(); err != io.EOF {
		// Text or a second object after it, which the decoder left
		// unread: merge took such a manifest, which verify and plot
		// call damaged, and jq reads the second too (a review, stop 51).
		return nil, fmt.Errorf("output: read %s: more after the manifest's JSON object (a manifest is one object)", path)
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
	// A file listed twice is an edited manifest: no writer lists one
	// twice, and verify would count it twice.
	seen := make(map[string]bool, len(m.Files))
	for _, f := range m.Files {
		if seen[f.Path] {
			return nil, fmt.Errorf("output: %s: lists %s twice", path, f.Path)
		}
		seen[f.Path] = true
	}
	return &m, nil
}
