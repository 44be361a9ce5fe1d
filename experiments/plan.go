package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"pactsim/agents"
	"pactsim/agents/param"
	"pactsim/engine"
	"pactsim/output"
)

// Plan is a validated, resolved experiment: the design points, the
// replicates, the architectures, and the task numbering. It is immutable
// after Load and safe for concurrent use.
type Plan struct {
	Config *Config
	// SweptNames are the swept parameters in sweep order (nil without a sweep).
	SweptNames []string

	file      string
	roster    *agents.Roster // nil for synthetic populations: built per point
	base      param.Values   // defaults plus params and periods
	matrix    []float64      // swept values, row-major (see designMatrix)
	points    int
	canonical []byte
	hash      string
}

// Point is one design point.
type Point struct {
	Index  int
	Swept  []float64    // values of Plan.SweptNames, in sweep order
	Values param.Values // every parameter at this point
}

// Load reads, validates and resolves the config at path. Every error a user
// can fix is a *ConfigError. A roster CSV path is taken relative to the
// config's directory. It reads the config and the roster and nothing else.
//
// The config and the roster must be regular files of at most
// MaxConfigBytes and MaxRosterBytes: a device (/dev/zero), a FIFO or a huge
// file is refused before it is read (see the limits table, limits.go).
func Load(path string) (*Plan, error) {
	if path == "" {
		// Usually an unset shell variable: say so, not "stat : ...".
		return nil, &ConfigError{File: "(config)", Msg: "the config path is empty: give the path of a YAML config, such as experiments/quick.yaml"}
	}
	data, err := output.ReadFileLimited(path, MaxConfigBytes)
	if path == "-" && errors.Is(err, fs.ErrNotExist) {
		// The Unix habit for standard input: say that a file is read,
		// not "stat -: no such file or directory" (a hostile review).
		return nil, &ConfigError{File: path, Msg: "a config is read from a file, not from standard input (\"-\"): give the path of a YAML config, such as experiments/quick.yaml"}
	}
	if err != nil {
		return nil, &ConfigError{File: path, Msg: "cannot read config: " + unreadable(err, path)}
	}
	return Parse(path, data)
}

// unreadable is why the config file at path cannot be read (err, from
// output.ReadFileLimited), without its path: the message names the file
// already ("x.yaml: cannot read config: stat x.yaml: no such file or
// directory" named it twice; a review, stop 50).
func unreadable(err error, path string) string {
	if msg, ok := noAccess(err, path); ok {
		return msg
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == path {
		return pe.Err.Error()
	}
	if rest, ok := strings.CutPrefix(err.Error(), path+" "); ok {
		return "it " + rest // "it is not a regular file ...", "it is 20 MiB, larger than ..."
	}
	return agents.ShowNameIn(err, path).Error()
}

// Parse is Load for a config already in memory; file names it in errors and
// its directory anchors a roster path.
func Parse(file string, data []byte) (*Plan, error) {
	return parse(&decoder{file: file}, data)
}

// loadStored loads a results directory's own config.yaml (decoder.stored):
// every rule a run needs, none that only advises a new config.
func loadStored(path string) (*Plan, error) {
	data, err := readStored(path)
	if err != nil {
		return nil, err
	}
	return parseStored(path, data)
}

// readStored reads a results directory's config.yaml at path.
func readStored(path string) ([]byte, error) {
	data, err := output.ReadFileLimited(path, MaxConfigBytes)
	if err != nil {
		return nil, &ConfigError{File: path, Msg: "cannot read config: " + unreadable(err, path)}
	}
	return data, nil
}

// parseStored is loadStored of data, read from path.
func parseStored(path string, data []byte) (*Plan, error) {
	return parse(&decoder{file: path, stored: true}, data)
}

func parse(d *decoder, data []byte) (*Plan, error) {
	file := d.file
	d.config = true
	root, err := d.parseDocument(data)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(file)
	readFile := func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		data, err := output.ReadFileLimited(p, MaxRosterBytes)
		return data, agents.ShowNameIn(err, p)
	}
	c, err := d.decodeConfig(root, readFile)
	if err != nil {
		return nil, err
	}
	return resolve(d, c, root.Line)
}

// loadRoster parses the config's roster, inline or named; nil for a
// synthetic population, which is drawn per task. stored says the config
// is a results directory's own (decoder.stored), whose embedded roster
// was accepted when it was written.
func (c *Config) loadRoster(stored bool) (*agents.Roster, error) {
	switch {
	case c.Population.Roster == Synthetic:
		return nil, nil
	case c.Population.RosterCSV != "" && stored:
		return agents.ParseStoredRoster(c.Population.Roster, strings.NewReader(c.Population.RosterCSV))
	case c.Population.RosterCSV != "":
		return agents.ParseRoster(c.Population.Roster, strings.NewReader(c.Population.RosterCSV))
	}
	return agents.LoadRoster(c.Population.Roster)
}

// rosterError places an error of the roster's parser: at the roster key,
// or, when the CSV is written in the config under roster_csv, at the
// config line of the CSV line it names (a literal block's lines are the
// config's), keyed population.roster_csv. A config.yaml written by a run
// embeds the roster so: an edit there is not blamed on a roster file that
// need not exist.
func (ps *PopulationSpec) rosterError(file string, err error) error {
	if ps.csvLine == 0 {
		return &ConfigError{File: file, Line: ps.line, Key: "population.roster", Msg: err.Error()}
	}
	msg, line := err.Error(), ps.csvLine
	if rest, ok := strings.CutPrefix(msg, "roster "+agents.ShowName(ps.Roster)); ok {
		msg = "the embedded roster" + rest
		if m := rosterLine.FindStringSubmatch(rest); m != nil {
			msg = "the embedded roster's line " + m[1] + ":" + rest[len(m[0]):]
			if n, err := strconv.Atoi(m[1]); err == nil && ps.csvBlock {
				line += n - 1
			}
		}
	}
	return &ConfigError{File: file, Line: line, Key: "population.roster_csv", Msg: msg}
}

// rosterLine matches the ":LINE" or ":LINE:COLUMN" after the roster's name
// in a roster parser's message, and what follows it.
var rosterLine = regexp.MustCompile(`^:(\d+)(?::\d+)?:`)

// resolve checks what needs the roster and the registry together, and
// builds the design.
func resolve(d *decoder, c *Config, line int) (*Plan, error) {
	p := &Plan{Config: c, file: d.file, base: param.Defaults()}
	for _, s := range param.All() {
		if x, ok := c.Fixed[s.Name]; ok {
			if err := p.base.Set(s.Name, x); err != nil {
				panic("experiments: value checked at decode fails Set: " + err.Error())
			}
		}
	}
	if c.Sweep != nil {
		for _, sp := range c.Sweep.Parameters {
			p.SweptNames = append(p.SweptNames, sp.Name)
		}
	}
	p.matrix, p.points = designMatrix(c.Sweep, c.Seed)
	if p.points > MaxTasks/c.Replicates {
		return nil, d.errf(d.replicates, "replicates", "%d points × %d replicates exceeds the limit of %d tasks (allowed: at most %d replicates for these points; `runner validate --help` lists every limit)", p.points, c.Replicates, int64(MaxTasks), MaxTasks/p.points)
	}
	r, err := c.loadRoster(d.stored)
	if err != nil {
		return nil, c.Population.rosterError(d.file, err)
	}
	p.roster = r
	if p.roster != nil {
		if err := checkStates(d.file, c.Population.line, p.roster); err != nil {
			return nil, err
		}
	}
	// Build every point's architectures when they can differ in structure
	// (a synthetic roster whose size or shares are swept); otherwise the
	// first point stands for all, because swept numbers were range-checked
	// one by one at decode time.
	check := 1
	if p.roster == nil && sweepsPopulation(p.SweptNames) {
		check = p.points
	}
	type shape struct{ size, core, partner float64 }
	seen := map[shape]bool{}
	for k := range check {
		if check > 1 {
			// Only the synthetic roster's shape changes the structure.
			v := p.Point(k).Values
			s := shape{v.Get("population.size"), v.Get("population.share_core"), v.Get("population.share_partner")}
			if seen[s] {
				continue
			}
			seen[s] = true
		}
		if _, err := p.scenario(k); err != nil {
			if ce, ok := err.(*ConfigError); ok {
				return nil, p.firstPointError(k, ce)
			}
			return nil, &ConfigError{File: d.file, Line: line, Msg: err.Error()}
		}
	}
	if err := p.checkPoints(); err != nil {
		return nil, err
	}
	if !d.stored {
		if err := p.checkMechanisms(); err != nil {
			return nil, err
		}
		if err := p.checkSweptMechanisms(); err != nil {
			return nil, err
		}
		if err := p.checkCalibratedReads(); err != nil {
			return nil, err
		}
		if err := p.checkCalibratedShapes(); err != nil {
			return nil, err
		}
		p.noteFixedReads()
		at0 := p.buildPoint0()
		if at0 != nil {
			p.noteShadowedMoves(at0)
		}
		p.notePresets()
		p.noteNeverExists()
		if at0 != nil {
			p.noteBorrowedAsk(at0)
			p.noteLoneTreaty(at0)
		}
	}
	canon, err := p.encodeCanonical()
	if err != nil {
		return nil, fmt.Errorf("experiments: writing canonical config: %w", err)
	}
	if !d.stored {
		if err := checkCanonical(d.file, c, canon); err != nil {
			return nil, err
		}
	}
	p.canonical = canon
	sum := sha256.Sum256(canon)
	p.hash = hex.EncodeToString(sum[:])
	return p, nil
}

// checkCanonical refuses a config whose resolved form, the results
// directory's config.yaml, would be over the config limits, which Load
// applies to it when verify, --resume or a re-run reads it back: the roster
// is embedded there, so a roster within its own limit (or with one very
// long field) could make a config.yaml that nothing can read.
func checkCanonical(file string, c *Config, canon []byte) error {
	what, max, n := "", 0, 0
	switch {
	case len(canon) > MaxConfigBytes:
		what, max, n = "bytes", MaxConfigBytes, len(canon)
	case yamlItems(canon) > MaxConfigItems:
		what, max, n = "YAML items", MaxConfigItems, yamlItems(canon)
	default:
		return nil
	}
	e := &ConfigError{File: file, Msg: fmt.Sprintf("the resolved config a results directory keeps (DIR/config.yaml, every parameter written out) would be %d %s, over the limit of %d that verify, --resume and a re-run read it with (`runner validate --help` lists every limit)", n, what, max)}
	if c.Population.RosterCSV != "" {
		e.Key = "population.roster"
		e.Msg += fmt.Sprintf("; it embeds roster %s (%d bytes): shorten the roster file (long notes in a column such as source)", c.Population.Roster, len(c.Population.RosterCSV))
	}
	return e
}

func sweepsPopulation(names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, "population.") {
			return true
		}
	}
	return false
}

// File is the config path the plan was loaded from.
func (p *Plan) File() string { return p.file }

// rosterFile is the path of the roster CSV the config read, or "" when it
// read none (a built-in roster, a synthetic population, a roster embedded
// under roster_csv).
func (p *Plan) rosterFile() string {
	r := p.Config.Population
	if r.Roster == Synthetic || slices.Contains(agents.BuiltinRosters(), r.Roster) || r.csvLine != 0 || r.Roster == "" {
		return ""
	}
	if filepath.IsAbs(r.Roster) {
		return r.Roster
	}
	return filepath.Join(filepath.Dir(p.file), r.Roster)
}

// Name is the experiment's name.
func (p *Plan) Name() string { return p.Config.Name }

// Seed is the master seed.
func (p *Plan) Seed() int64 { return p.Config.Seed }

// Replicates is the number of replicates per point.
func (p *Plan) Replicates() int { return p.Config.Replicates }

// NumPoints is the number of design points (1 without a sweep).
func (p *Plan) NumPoints() int { return p.points }

// NumTasks is NumPoints × Replicates.
func (p *Plan) NumTasks() int { return p.points * p.Config.Replicates }

// ArchitectureNames lists the architectures in config order, which is the
// order of each task's outcomes.
func (p *Plan) ArchitectureNames() []string {
	out := make([]string, len(p.Config.Architectures))
	for k, a := range p.Config.Architectures {
		out[k] = a.Name
	}
	return out
}

// TaskIndex is the index of task (point, replicate): tasks run point-major.
func (p *Plan) TaskIndex(point, replicate int) int { return point*p.Config.Replicates + replicate }

// Task is the inverse of TaskIndex.
func (p *Plan) Task(index int) (point, replicate int) {
	return index / p.Config.Replicates, index % p.Config.Replicates
}

// TaskSeed is the seed of task (point, replicate), from the config seed alone.
// With sweep.crn: points it ignores the point, so replicate r of every point
// draws the same population and shocks (common random numbers).
func (p *Plan) TaskSeed(point, replicate int) int64 {
	if p.CRN() {
		point = 0
	}
	return engine.TaskSeed(p.Config.Seed, point, replicate)
}

// Swept returns the swept values of point k in sweep order. The slice
// aliases the plan's design; do not modify it.
func (p *Plan) Swept(k int) []float64 {
	d := len(p.SweptNames)
	return p.matrix[k*d : (k+1)*d : (k+1)*d]
}

// Point returns design point k (0 <= k < NumPoints) with every parameter
// resolved. Points are built on demand so that a large design costs memory
// for its swept values only. A calibration's one point is the search's
// start (searchStart): its first evaluation, which decode's checks judge
// and runner run runs. At the registry default a calibrated parameter's
// default outside its search range made a config refused (a founder
// that the default shares do not give, where every share the search
// reaches gives it) or run where the search never goes.
func (p *Plan) Point(k int) Point {
	if k < 0 || k >= p.points {
		panic(fmt.Sprintf("experiments: point %d out of range [0, %d)", k, p.points))
	}
	v := p.base.Clone()
	if cs := p.Config.Calibration; cs != nil {
		for j, x := range p.searchStart() {
			// Only where it moves: a start at the config's values
			// leaves the point as it was, flag for flag (Values.IsSet).
			if name := cs.Parameters[j].Name; x != v.Get(name) {
				if err := v.Set(name, x); err != nil {
					panic("experiments: search start fails Set: " + err.Error())
				}
			}
		}
	}
	sw := p.Swept(k)
	for j, name := range p.SweptNames {
		if err := v.Set(name, sw[j]); err != nil {
			panic("experiments: design value fails Set: " + err.Error())
		}
	}
	return Point{Index: k, Swept: sw, Values: v}
}

// searchStart returns the calibration's start, in the order of
// calibration.parameters: with start: defaults each parameter's value in
// the config (the registry default) moved into its range, the nearer end
// where it lies outside (MovedStarts); with start: center the middle of
// each range.
func (p *Plan) searchStart() []float64 {
	cs := p.Config.Calibration
	start := make([]float64, len(cs.Parameters))
	for j, cp := range cs.Parameters {
		start[j] = (cp.Min + cp.Max) / 2
		if cs.Optimizer.Start == StartDefaults {
			start[j] = max(cp.Min, min(cp.Max, p.base.Get(cp.Name)))
		}
	}
	return start
}

// Roster returns the roster of point k: the config's roster, or a synthetic
// one built from the point's parameters.
func (p *Plan) Roster(pt Point) (*agents.Roster, error) {
	if p.roster != nil {
		return p.roster, nil
	}
	return agents.SyntheticRoster(pt.Values)
}

// Architectures builds the architectures of point pt in config order.
func (p *Plan) Architectures(pt Point, r *agents.Roster) ([]agents.Architecture, error) {
	out := make([]agents.Architecture, 0, len(p.Config.Architectures))
	for k, a := range p.Config.Architectures {
		if err := p.checkStateNames(k, a, r); err != nil {
			return nil, err
		}
		arch, err := a.Build(pt.Values, r)
		if err == nil {
			err = arch.Validate(r)
		}
		if err != nil {
			line, key := a.fieldAt(k, err)
			return nil, &ConfigError{File: p.file, Line: line, Key: key, Msg: err.Error()}
		}
		out = append(out, arch)
	}
	return out, nil
}

// Scenario prepares design point k for the engine. Each call builds a new
// Scenario; callers running many tasks of one point should keep it.
func (p *Plan) Scenario(k int) (*engine.Scenario, error) { return p.scenario(k) }

// shapeKey is where a synthetic roster's shape that msg (its error) names
// was written: the last line of the population.* parameters msg names,
// swept or fixed under params, with its key; 0 when none of them was
// written (the error is then the roster key's). A hostile review, stop 33:
// shares that sum over 1 were reported at the roster's line.
func (p *Plan) shapeKey(msg string) (int, string) {
	line, key := 0, ""
	for _, name := range []string{"population.size", "population.share_core", "population.share_partner"} {
		if !strings.Contains(msg, name) {
			continue
		}
		if s := p.Config.Sweep; s != nil {
			if j := slices.IndexFunc(s.Parameters, func(sp SweepParam) bool { return sp.Name == name }); j >= 0 && s.Parameters[j].line > line {
				line, key = s.Parameters[j].line, "sweep.parameters."+name
				continue
			}
		}
		if l := p.Config.fixedLines[name]; l > line {
			line, key = l, "params."+name
		}
	}
	return line, key
}

func (p *Plan) scenario(k int) (*engine.Scenario, error) {
	pt := p.Point(k)
	r, err := p.Roster(pt)
	if err != nil {
		ce := &ConfigError{File: p.file, Line: p.Config.Population.line, Key: "population", Msg: err.Error()}
		if line, key := p.shapeKey(err.Error()); line > 0 {
			ce.Line, ce.Key = line, key
		}
		if p.Config.Sweep != nil {
			ce.Msg = fmt.Sprintf("point %d: %s", k, ce.Msg)
		}
		return nil, ce
	}
	archs, err := p.Architectures(pt, r)
	if err != nil {
		return nil, err
	}
	sc, err := engine.NewScenario(pt.Values, r, archs)
	if err != nil {
		// The architecture that fails alone is the one to name, with its
		// line; a rule of the parameters fails with the first.
		ce := &ConfigError{File: p.file, Key: "architectures", Msg: err.Error()}
		for i := range archs {
			if _, e := engine.NewScenario(pt.Values, r, archs[i:i+1]); e != nil {
				ce.Line, ce.Key = p.Config.Architectures[i].fieldAt(i, e)
				break
			}
		}
		if p.Config.Sweep != nil {
			ce.Msg = fmt.Sprintf("point %d: %s", k, ce.Msg)
		}
		return nil, ce
	}
	return sc, nil
}

// Canonical returns the resolved config as canonical YAML (see doc.go).
// Loading it again gives the same plan and the same bytes.
func (p *Plan) Canonical() []byte { return append([]byte(nil), p.canonical...) }

// Hash is the hex SHA-256 of Canonical: the identity of the experiment in
// manifests, shard merges and resumes.
func (p *Plan) Hash() string { return p.hash }
