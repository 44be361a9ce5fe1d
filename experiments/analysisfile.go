package experiments

// The analysis file of `runner analyze DIR FILE` and the stored config and
// analysis section a complete directory holds.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"pactsim/engine"
	"pactsim/output"
)

// canonicalAnalysisFile renders spec as an analysis file of p: a YAML
// document whose only key is analysis, in the canonical form config.yaml
// uses for the section (every default written out), so that
// ParseAnalysis reads it back to spec and the bytes depend on spec alone.
func (p *Plan) canonicalAnalysisFile(spec *AnalysisSpec) ([]byte, error) {
	top := newMap()
	canonicalAnalysis(top, &Config{Analysis: spec})
	top.n.HeadComment = "The analysis `runner analyze DIR FILE` was given, resolved by pactsim: the\n" +
		"analysis tables of this directory are its. `runner analyze DIR DIR/" + output.AnalysisName + "`\n" +
		"recomputes them."
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(top.n); err != nil {
		return nil, fmt.Errorf("experiments: encode the analysis: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("experiments: encode the analysis: %w", err)
	}
	return buf.Bytes(), nil
}

// precheckAnalysisFile reads and decodes the analysis file of `runner
// analyze DIR FILE` against DIR's config, under a shared lock that
// creates nothing, so that a bad file is refused (a *ConfigError) with
// DIR untouched. Anything wrong with DIR itself is left to Analyze, which
// checks it under the exclusive lock and reports it in its own order; so
// is DIR/analysis.yaml given back, which is read in its stored form.
// Without FILE it checks that DIR's config has an analysis section (a
// hostile review, h1: the refusal came under the lock, and made DIR/.lock
// in a directory that had none).
func precheckAnalysisFile(dir, file string) error {
	if file != "" && samePath(file, filepath.Join(dir, output.AnalysisName)) {
		return nil
	}
	lock, err := output.LockDirShared(dir)
	if err != nil {
		return nil
	}
	defer lock.Unlock()
	m, err := output.ReadManifest(dir)
	if err != nil || (m.Kind != output.KindRun && m.Kind != output.KindMerge) ||
		m.EngineVersion != engine.Version || output.OtherBuild(m.Build) != "" {
		return nil
	}
	plan, err := loadStoredPlan(dir, m)
	if err != nil {
		return nil
	}
	if file == "" {
		if plan.Config.Analysis == nil {
			return noAnalysisSection(dir)
		}
		return nil
	}
	data, err := readAnalysisFile(file)
	if err != nil {
		return err
	}
	_, err = plan.ParseAnalysis(file, data)
	return err
}

// noAnalysisSection refuses `runner analyze DIR` of a directory whose
// config has no analysis section.
func noAnalysisSection(dir string) error {
	return usagef("analyze: %s's config.yaml has no analysis section: give an analysis file (runner analyze DIR ANALYSIS.yaml)", dir)
}

// readAnalysisFile reads the analysis file of `runner analyze DIR FILE`,
// up to a config's size; failing that, a *ConfigError naming it.
func readAnalysisFile(file string) ([]byte, error) {
	data, err := output.ReadFileLimited(file, MaxConfigBytes)
	if file == "-" && errors.Is(err, fs.ErrNotExist) {
		// As Load says it of a config (a hostile review).
		return nil, &ConfigError{File: file, Msg: "an analysis file is read from a file, not from standard input (\"-\"): give the path of a YAML file"}
	}
	if msg, ok := noAccess(err, file); ok {
		return nil, &ConfigError{File: file, Msg: "cannot read analysis file: " + msg}
	}
	if err != nil {
		return nil, &ConfigError{File: file, Msg: fmt.Sprintf("cannot read analysis file: %v", err)}
	}
	return data, nil
}

// loadStoredPlan loads a complete directory's config.yaml and checks that
// it is the config its manifest m records; a difference is a
// *output.MismatchError.
func loadStoredPlan(dir string, m *output.Manifest) (*Plan, error) {
	path := filepath.Join(dir, "config.yaml")
	// config.yaml is the resolved config byte for byte (keepConfig), its
	// SHA-256 the manifest's config hash: an edit that leaves what it
	// resolves to alone (a comment, its header) still makes it another
	// file than the one the results came from (a hostile review, stop
	// 41), and a damaged one is an edited results directory, not a
	// config error of the user's.
	data, err := readStored(path)
	if err != nil {
		return nil, err
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != m.ConfigSHA256 {
		return nil, &output.MismatchError{Msg: fmt.Sprintf("%s was edited: its SHA-256 is %s, the manifest's config hash %s (the file is the resolved config, byte for byte)", path, output.ShortHash(hex.EncodeToString(sum[:])), output.ShortHash(m.ConfigSHA256))}
	}
	plan, err := parseStored(path, data)
	if err != nil {
		return nil, err
	}
	if plan.Hash() != m.ConfigSHA256 {
		return nil, &output.MismatchError{Msg: fmt.Sprintf("%s: config.yaml resolves to sha256 %s, the manifest says %s", dir, output.ShortHash(plan.Hash()), output.ShortHash(m.ConfigSHA256))}
	}
	return plan, nil
}

// checkStoredAnalysis checks dir's analysis.yaml, when it has one (its
// bytes already match the manifest): it must be an analysis of plan in
// the canonical form Analyze writes, so that it says exactly which
// analysis produced the tables. It returns that analysis, nil when dir
// has none; a difference is a *output.MismatchError.
func checkStoredAnalysis(plan *Plan, dir string) (*AnalysisSpec, error) {
	path := filepath.Join(dir, output.AnalysisName)
	data, err := output.ReadFileLimited(path, MaxConfigBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	spec, resolved, err := plan.storedAnalysis(path, data)
	var ce *ConfigError
	if errors.As(err, &ce) {
		return nil, &output.MismatchError{Msg: fmt.Sprintf("%s is not an analysis of this directory's config: %v", path, err)}
	}
	if err != nil {
		return nil, err
	}
	if !resolved {
		return nil, &output.MismatchError{Msg: fmt.Sprintf("%s is not in the resolved form `runner analyze` writes: it was edited", path)}
	}
	return spec, nil
}

// storedAnalysis parses data, read from path, as a results directory's own
// analysis file (decoder.stored; a *ConfigError if it does not parse), and
// reports whether data is in the resolved form analyze writes.
func (p *Plan) storedAnalysis(path string, data []byte) (spec *AnalysisSpec, resolved bool, err error) {
	if spec, err = p.parseAnalysis(path, data, true); err != nil {
		return nil, false, err
	}
	canon, err := p.canonicalAnalysisFile(spec)
	if err != nil {
		return nil, false, err
	}
	return spec, bytes.Equal(canon, data), nil
}

// wholeConfig refuses as an analysis file a whole config, a document
// with every key a config requires (name, seed, replicates and
// architectures): `runner analyze DIR DIR/config.yaml` said only "name:
// unknown key (allowed here: analysis)" (a review, stop 50), as if the
// file were an analysis file with a typo. The error names the first of
// the config's keys, where the file reads as a config.
func (d *decoder) wholeConfig(root *yaml.Node) error {
	n := deref(root)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var first *yaml.Node
	var keys []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := deref(n.Content[i])
		if k.Kind != yaml.ScalarNode || !slices.Contains(topKeys, k.Value) {
			continue
		}
		if first == nil && k.Value != "analysis" {
			first = k
		}
		keys = append(keys, k.Value)
	}
	for _, req := range []string{"name", "seed", "replicates", "architectures"} {
		if !slices.Contains(keys, req) {
			return nil
		}
	}
	return d.errf(first, first.Value, "an analysis file holds one top-level key, analysis: (allowed here: analysis), and %s is a whole config (its top-level keys: %s): give a file that holds its analysis section alone; `runner analyze DIR` without a file recomputes the analysis section of DIR/config.yaml",
		d.file, strings.Join(keys, ", "))
}
