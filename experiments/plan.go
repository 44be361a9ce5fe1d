package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
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
	if err != nil {
		return nil, &ConfigError{File: path, Msg: fmt.Sprintf("cannot read config: %v", err)}
	}
	return Parse(path, data)
}

// Parse is Load for a config already in memory; file names it in errors and
// its directory anchors a roster path.
func Parse(file string, data []byte) (*Plan, error) {
	return parse(&decoder{file: file}, data)
}

// loadStored loads a results directory's own config.yaml (decoder.stored):
// every rule a run needs, none that only advises a new config.
func loadStored(path string) (*Plan, error) {
	data, err := output.ReadFileLimited(path, MaxConfigBytes)
	if err != nil {
		return nil, &ConfigError{File: path, Msg: fmt.Sprintf("cannot read config: %v", err)}
	}
	return parse(&decoder{file: path, stored: true}, data)
}

func parse(d *decoder, data []byte) (*Plan, error) {
	file := d.file
	root, err := d.parseDocument(data)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(file)
	readFile := func(p string) ([]byte, error) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		return output.ReadFileLimited(p, MaxRosterBytes)
	}
	c, err := d.decodeConfig(root, readFile)
	if err != nil {
		return nil, err
	}
	return resolve(d, c, root.Line)
}

// loadRoster parses the config's roster, inline or named; nil for a
// synthetic population, which is drawn per task.
func (c *Config) loadRoster() (*agents.Roster, error) {
	switch {
	case c.Population.Roster == Synthetic:
		return nil, nil
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
	if rest, ok := strings.CutPrefix(msg, "roster "+ps.Roster); ok {
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
	r, err := c.loadRoster()
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
// for its swept values only.
func (p *Plan) Point(k int) Point {
	if k < 0 || k >= p.points {
		panic(fmt.Sprintf("experiments: point %d out of range [0, %d)", k, p.points))
	}
	v := p.base.Clone()
	sw := p.Swept(k)
	for j, name := range p.SweptNames {
		if err := v.Set(name, sw[j]); err != nil {
			panic("experiments: design value fails Set: " + err.Error())
		}
	}
	return Point{Index: k, Swept: sw, Values: v}
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
			return nil, &ConfigError{File: p.file, Line: a.line, Key: index("architectures", k), Msg: err.Error()}
		}
		out = append(out, arch)
	}
	return out, nil
}

// Scenario prepares design point k for the engine. Each call builds a new
// Scenario; callers running many tasks of one point should keep it.
func (p *Plan) Scenario(k int) (*engine.Scenario, error) { return p.scenario(k) }

func (p *Plan) scenario(k int) (*engine.Scenario, error) {
	pt := p.Point(k)
	r, err := p.Roster(pt)
	if err != nil {
		ce := &ConfigError{File: p.file, Line: p.Config.Population.line, Key: "population", Msg: err.Error()}
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
				ce.Key, ce.Line = index("architectures", i), p.Config.Architectures[i].line
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

// checkSweptMechanisms refuses a swept parameter that no architecture of
// the config reads (checkReads): its design points would differ in name
// only, and the tables would label them with values that never took
// effect.
func (p *Plan) checkSweptMechanisms() error {
	if p.Config.Sweep == nil || p.points == 0 || p.roster == nil && sweepsPopulation(p.SweptNames) {
		// A synthetic roster whose shape is swept may lack, at point 0,
		// the states a template's mechanisms need at other points.
		return nil
	}
	nd := len(p.SweptNames)
	ranges := make([]readRange, len(p.Config.Sweep.Parameters))
	for j, sp := range p.Config.Sweep.Parameters {
		lo, hi := math.Inf(1), math.Inf(-1)
		for k := range p.points {
			x := p.matrix[k*nd+j]
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		ranges[j] = readRange{name: sp.Name, key: "sweep.parameters." + sp.Name, line: sp.line, lo: lo, hi: hi}
		// A review, election or retry period longer than the run at every
		// swept value: none happens after t = 0 (docs/model.md secs. 5.4,
		// 10), so no run reads the value; a formation window as long as
		// the run at every value: the shock lasts the rest of the run at
		// each (sec. 6.4).
		T := float64(p.base.Int("periods"))
		if jp := slices.Index(p.SweptNames, "periods"); jp >= 0 {
			T = 0 // the longest run of the design
			for k := range p.points {
				T = math.Max(T, p.matrix[k*nd+jp])
			}
		}
		what := map[string]string{"accession.review_period": "review", "us.election_period": "election", "treaty.retry_period": "retry of a failed formation attempt"}[sp.Name]
		if what != "" && lo > T {
			return &ConfigError{File: p.file, Line: sp.line, Key: ranges[j].key,
				Msg: fmt.Sprintf("no run reads it: every swept value (the least %s) exceeds periods (%s), so no %s happens after t = 0 at any of them, and its design points would differ in name only (allowed: values up to %s)", fmtNum(lo), fmtNum(T), what, fmtNum(T))}
		}
		if sp.Name == "adversary.formation_window" && lo >= T {
			return &ConfigError{File: p.file, Line: sp.line, Key: ranges[j].key,
				Msg: fmt.Sprintf("every swept value (the least %s) is at least periods (%s), so at each a formation shock lasts the rest of the run, and its design points would differ in name only (allowed: values below %s)", fmtNum(lo), fmtNum(T), fmtNum(T))}
		}
	}
	return p.checkReads(ranges, "its design points would differ in name only")
}

// checkCalibratedReads refuses a calibrated parameter that no architecture
// of the config reads (checkReads): every evaluation would be the same,
// and calibrated.yaml would record as fitted a value that had no effect.
func (p *Plan) checkCalibratedReads() error {
	c := p.Config.Calibration
	if c == nil || p.points == 0 {
		return nil
	}
	for _, cp := range c.Parameters {
		if p.roster == nil && strings.HasPrefix(cp.Name, "population.") {
			// A synthetic roster whose shape is calibrated may hold, at
			// other shares, the states point 0 lacks (as for a sweep).
			return nil
		}
	}
	ranges := make([]readRange, len(c.Parameters))
	for j, cp := range c.Parameters {
		ranges[j] = readRange{name: cp.Name, key: "calibration.parameters." + cp.Name, line: cp.line, lo: cp.Min, hi: cp.Max}
	}
	return p.checkReads(ranges, "every evaluation would be the same, and its fitted value one that had no effect")
}

// readRange is a parameter that a sweep or a calibration moves over
// [lo, hi], with the key and line that name it in messages.
type readRange struct {
	name, key string
	line      int
	lo, hi    float64
}

// checkReads refuses a parameter of ranges that no architecture of the
// config reads, saying so with consequence:
//   - one read only through a kind of mechanism that none of the
//     architectures has at point 0: treaty.* and A's formation shock and
//     the public signal by a treaty (its formation attempts, its
//     invocation), us.treaty_stickiness by a mechanism whose stickiness is
//     not 0, treaty.standing_buildup by a standing structure, and the
//     constants only accession reads by any mechanism at all (docs/model.md
//     secs. 4.5, 5.2, 5.4, 7, 9.1);
//   - one read only by a mechanism of the model that is off: its strength
//     is 0 and neither swept nor calibrated beside it (offSwitch; sec. 19);
//   - a mechanisms.<template>.<field> that every mechanism made from the
//     template sets inline, or that no mechanism is made from. The core
//     template's latency, awareness, integration and noise reduction are
//     exempt where a standing structure exists: it reads them whether or
//     not a core does (sec. 4.5). Each architecture is built at lo and at
//     hi, the rest of point 0 unchanged; a field that moves none of them
//     is unread.
//
// A mechanism field moved beside them could change what point 0 shows,
// so it counts as present.
func (p *Plan) checkReads(ranges []readRange, consequence string) error {
	pt := p.Point(0)
	r, err := p.Roster(pt)
	if err != nil {
		return nil // reported where the roster is built
	}
	var treaty, sticky, standing, joinable bool
	for _, a := range p.Config.Architectures {
		built, err := a.Build(pt.Values, r)
		if err != nil {
			return nil // reported where the architecture is built
		}
		joinable = joinable || len(built.Mechanisms) > 0
		for _, m := range built.Mechanisms {
			treaty = treaty || m.Treaty
			sticky = sticky || m.Stickiness() != 0
			standing = standing || m.StandingStructure() != 0
		}
	}
	for _, rr := range ranges {
		sticky = sticky || strings.HasPrefix(rr.name, "mechanisms.") && strings.HasSuffix(rr.name, ".stickiness")
		standing = standing || strings.HasPrefix(rr.name, "mechanisms.") && strings.HasSuffix(rr.name, ".standing_structure")
	}
	for _, rr := range ranges {
		// unread says why no architecture reads it, and what follows;
		// hint, when given, what to do instead.
		unread := func(why string, hint ...string) error {
			msg := fmt.Sprintf("no architecture of the config reads it: %s, so %s", why, consequence)
			for _, h := range hint {
				msg += " (" + h + ")"
			}
			return &ConfigError{File: p.file, Line: rr.line, Key: rr.key, Msg: msg}
		}
		switch {
		case treatyOnlyParam(rr.name) && !treaty:
			return unread("only a treaty mechanism does (its formation attempts), and none of the config's architectures has one")
		case invocationParam(rr.name) && !treaty:
			return unread("only an invoked treaty does (its public signal), and none of the config's architectures has a treaty")
		case rr.name == "us.treaty_stickiness" && !sticky:
			return unread("only a mechanism whose stickiness is not 0 does, and every mechanism of the config's architectures has stickiness 0")
		case rr.name == "treaty.standing_buildup" && !standing:
			return unread("only a standing structure does, and every mechanism of the config's architectures has standing_structure 0")
		case accessionOnlyParam(rr.name) && !joinable:
			return unread("only a state's decision to join a mechanism does, and none of the config's architectures has a mechanism")
		case offSwitch(rr.name) != "" && pt.Values.Get(offSwitch(rr.name)) == 0 && !slices.ContainsFunc(ranges, func(o readRange) bool { return o.name == offSwitch(rr.name) }):
			return unread(fmt.Sprintf("only its mechanism does, and %s is 0 (the mechanism is off)", offSwitch(rr.name)), "sweep or set "+offSwitch(rr.name)+" above 0 as well")
		}
		rest, isMech := strings.CutPrefix(rr.name, "mechanisms.")
		tmpl, field, ok := strings.Cut(rest, ".")
		if !isMech || !ok || tmpl == "core" && standing && standingReads(field) || !(rr.lo < rr.hi) {
			continue
		}
		vlo, vhi := pt.Values.Clone(), pt.Values.Clone()
		if vlo.Set(rr.name, rr.lo) != nil || vhi.Set(rr.name, rr.hi) != nil {
			continue // not ours to judge
		}
		read := false
		for _, a := range p.Config.Architectures {
			alo, err1 := a.Build(vlo, r)
			ahi, err2 := a.Build(vhi, r)
			if err1 != nil || err2 != nil || !reflect.DeepEqual(alo.Mechanisms, ahi.Mechanisms) {
				read = true
				break
			}
		}
		if !read {
			return unread(fmt.Sprintf("every mechanism made from template %s sets this field inline or has it fixed under params, or none is made from it", tmpl),
				"move a field that some architecture's mechanism takes from its template")
		}
	}
	return nil
}

// offSwitch returns the strength that switches off the mechanism which
// alone reads the parameter (docs/model.md sec. 19: at strength 0 a
// mechanism is off), or "" for a parameter that is no mechanism's.
func offSwitch(name string) string {
	for _, f := range []struct {
		strength string
		reads    []string
	}{
		{"burden.strength", []string{"burden.adjustment_rate", "burden.capability_elasticity", "burden.domestic_cost"}},
		{"retribution.strength", []string{"retribution.learning", "retribution.memory"}},
		{"false_security.strength", []string{"false_security.adjustment_rate"}},
		{"balancing.strength", []string{"balancing.memory"}},
		{"alliance_ban.strength", []string{"alliance_ban.obligation_limit", "alliance_ban.doctrine_cost"}},
		{"constitutional_limit.strength", []string{"constitutional_limit.near", "constitutional_limit.far"}},
		{"adversary.counter_mobilisation.strength", []string{"adversary.counter_mobilisation.rate"}},
		{"coordination.latency.strength", []string{"coordination.latency_noise",
			"coordination.national.grey_zone", "coordination.national.economic_coercion", "coordination.national.blockade", "coordination.national.armed_attack",
			"coordination.adhoc.grey_zone", "coordination.adhoc.economic_coercion", "coordination.adhoc.blockade", "coordination.adhoc.armed_attack"}},
		{"domains.strength", []string{"domains.awareness_base", "domains.trade_support"}},
	} {
		if slices.Contains(f.reads, name) {
			return f.strength
		}
	}
	return ""
}

// accessionOnlyParam reports whether only the states' decisions to join
// a mechanism read the parameter: the benefits and costs of accession
// that the response to a crisis does not share, the reservation on an
// obligation, the accession tastes and the prior over crisis types of
// expected coverage (docs/model.md sec. 5.2). accession.retribution_cost
// and accession.domestic_cost are not among them: a responder meets them
// in a crisis too (sec. 7).
func accessionOnlyParam(name string) bool {
	switch name {
	case "accession.protect_benefit", "accession.capacity_benefit", "accession.autonomy_cost", "accession.entrapment_cost",
		"accession.reservation_strength", "accession.taste_scale", "accession.type_prior_weight", "accession.taste_correlation":
		return true
	}
	return false
}

// invocationParam reports whether only a treaty's invocation reads the
// parameter: the invocation threshold and the public signal's noise
// (docs/model.md sec. 7).
func invocationParam(name string) bool {
	return name == "crisis.invocation_threshold" || name == "crisis.public_noise"
}

// treatyOnlyParam reports whether only a treaty mechanism's formation
// attempts read the parameter (docs/model.md secs. 5.4, 6.4).
func treatyOnlyParam(name string) bool {
	switch name {
	case "treaty.retry_period", "treaty.failure_cost", "treaty.formalise_interop", "treaty.formalise_trust",
		"adversary.formation_shock", "adversary.formation_window":
		return true
	}
	return false
}

// standingReads reports whether a standing structure reads the core
// template's field (docs/model.md sec. 4.5: latency, awareness,
// integration, noise reduction).
func standingReads(field string) bool {
	switch field {
	case "awareness", "integration_rate", "noise_reduction":
		return true
	}
	return strings.HasPrefix(field, "latency.")
}
