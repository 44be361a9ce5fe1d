package plots

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/bits"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"pactsim/output"
)

// Meta is the provenance that every figure caption and the report name.
//
// The runner passes it to Draw and Report while a run finishes (before
// manifest.json exists, since the manifest is written last and lists the
// plots' checksums); `runner plot DIR` gets it from ReadMeta. Zero fields are
// filled from the tables where they can be: Points and Architectures from
// summary.parquet.
type Meta struct {
	Name          string // config name
	Seed          int64  // master seed
	Replicates    int    // replicates per design point
	ConfigSHA256  string // SHA-256 of the resolved config, hex; "" when unknown
	Points        int    // design points of the plan
	Architectures int    // architectures of the plan
	// SharedWorlds: the design shares each replicate's world across its
	// points (sweep.crn: points), so pooled intervals are withheld
	// (results.shared).
	SharedWorlds bool
	// FreshReplicates: the design draws each point's replicates anew
	// (a sweep without crn: points), so the difference of two points' means carries
	// Monte Carlo noise (the report's sensitivity note says so).
	FreshReplicates bool
}

// ReadMeta reads Meta from DIR/config.yaml (name, seed, replicates) and,
// where present, DIR/manifest.json through output.ReadManifest
// (config_sha256, seed and totals, which take precedence). A missing
// manifest is not an error (a run that has not finished); a missing or
// malformed config.yaml is, and so is a manifest that is not a pactsim
// manifest.
func ReadMeta(dir string) (Meta, error) {
	var m Meta
	cpath := filepath.Join(dir, "config.yaml")
	// The limit every other reader of a config applies: read whole, a
	// larger one took some eleven times its size in memory, in a
	// directory verify refuses.
	raw, err := output.ReadFileLimited(cpath, output.MaxConfigBytes)
	if err != nil {
		return m, fmt.Errorf("plots: %w", err)
	}
	var cfg struct {
		Name       string `yaml:"name"`
		Seed       int64  `yaml:"seed"`
		Replicates int    `yaml:"replicates"`
		Sweep      *struct {
			CRN string `yaml:"crn"` // the resolved config writes it when it is points
		} `yaml:"sweep"`
	}
	// Not strict: config.yaml has many keys that plots does not need; the
	// experiments package validates it.
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		return m, fmt.Errorf("plots: %s: %w", cpath, err)
	}
	if cfg.Name == "" {
		return m, fmt.Errorf("plots: %s: missing key %q", cpath, "name")
	}
	m.Name, m.Seed, m.Replicates = cfg.Name, cfg.Seed, cfg.Replicates
	if cfg.Sweep != nil {
		m.SharedWorlds = cfg.Sweep.CRN == "points"
		m.FreshReplicates = !m.SharedWorlds
	}

	man, err := output.ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	// A report counts Points × Replicates × Architectures runs: totals
	// that overflow it (or are negative) are no plan's (a review, stop
	// 51: such a manifest, edited by hand, reported "= 0 runs").
	if t := man.Totals; !productFits(t.Points, t.Replicates, t.Architectures) {
		return m, fmt.Errorf("plots: %s: totals {points %d, replicates %d, architectures %d} are no plan's: their product of runs overflows, or one is negative (`runner verify %s` checks the manifest)", filepath.Join(dir, output.ManifestName), t.Points, t.Replicates, t.Architectures, dir)
	}
	m.ConfigSHA256, m.Seed = man.ConfigSHA256, man.Seed
	if man.Totals.Replicates > 0 {
		m.Replicates = man.Totals.Replicates
	}
	m.Points, m.Architectures = man.Totals.Points, man.Totals.Architectures
	return m, nil
}

// productFits reports whether the factors are not negative and their
// product fits an int.
func productFits(factors ...int) bool {
	p := uint64(1)
	for _, f := range factors {
		if f < 0 {
			return false
		}
		hi, lo := bits.Mul64(p, uint64(f))
		if hi != 0 || lo > math.MaxInt {
			return false
		}
		p = lo
	}
	return true
}

// complete fills zero plan sizes from the loaded tables.
func (m Meta) complete(r *results) Meta {
	if m.Points == 0 {
		m.Points = len(r.points)
	}
	if m.Architectures == 0 {
		m.Architectures = len(r.architectures)
	}
	return m
}

// caption is the provenance line under every figure.
func (m Meta) caption() string {
	return m.captionWith("point")
}

// calibrationCaption is the caption of a calibration's figures: each
// evaluation runs the replicates of the config's one point.
func (m Meta) calibrationCaption() string {
	return m.captionWith("evaluation")
}

func (m Meta) captionWith(per string) string {
	// The name between plain quotes: %q would show Go's escapes (\") in
	// a figure (hostile review, stop 25); names are single-line.
	s := fmt.Sprintf("pactsim · config \"%s\" · seed %d · %d %s per %s", m.Name, m.Seed, m.Replicates, output.Plural(m.Replicates, "replicate"), per)
	if m.ConfigSHA256 != "" {
		h := m.ConfigSHA256
		if len(h) > 12 {
			h = h[:12]
		}
		s += " · config sha256 " + h
	}
	return s
}
