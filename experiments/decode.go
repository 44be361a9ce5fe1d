package experiments

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"pactsim/agents"
	"pactsim/agents/param"
)

// decoder walks the YAML node tree by hand rather than calling Decode into
// structs: Node.Decode ignores KnownFields, and walking nodes lets every
// error carry its line.
type decoder struct {
	file string
	// notes are keys accepted but ignored (Config.Notes).
	notes []string
	// stored: the config is a results directory's own (DIR/config.yaml),
	// read back to verify, resume, analyze or merge what it made. The
	// checks that only advise a new config (a swept or fixed parameter
	// nothing reads) are skipped: an older version may have written it
	// before they existed, and refusing it would strand its results.
	stored bool
	// empty is the message for a file with no YAML document: what the
	// file must hold (a config's required keys by default).
	empty string
	// config: the file is a config (parse), not an analysis file
	// (parseAnalysis), whose bare section names its keys analysis.KEY.
	config bool
	// replicates is the replicates key's value, for the plan's limits.
	replicates *yaml.Node
	// anchorOf maps each node inside an anchored value that an alias uses
	// to the anchored node, and aliasLines each such node to the lines of
	// its aliases: an error in a value used through an alias is reported
	// at the line the value is written on, and says where it was used.
	anchorOf   map[*yaml.Node]*yaml.Node
	aliasLines map[*yaml.Node][]int
}

func (d *decoder) errf(n *yaml.Node, key, format string, args ...any) *ConfigError {
	line := 0
	msg := fmt.Sprintf(format, args...)
	if n != nil {
		line = n.Line
		if a := d.anchorOf[n]; a != nil {
			var at []string
			lines := slices.Compact(slices.Sorted(slices.Values(d.aliasLines[a])))
			for _, l := range lines[:min(len(lines), 3)] {
				at = append(at, strconv.Itoa(l))
			}
			if len(lines) > 3 {
				at = append(at, fmt.Sprintf("and %d more", len(lines)-3))
			}
			msg += fmt.Sprintf(" (in the value anchored as &%s at line %d, used as *%s at line %s)", a.Anchor, a.Line, a.Anchor, strings.Join(at, ", "))
		}
	}
	return &ConfigError{File: d.file, Line: line, Key: key, Msg: msg}
}

// note records that key, at n, is accepted but ignored (Config.Notes).
func (d *decoder) note(n *yaml.Node, key, format string, args ...any) {
	d.notes = append(d.notes, fmt.Sprintf("%s:%d: %s: %s", d.file, n.Line, key, fmt.Sprintf(format, args...)))
}

// parseDocument reads exactly one YAML document. yaml.v3 reports an empty
// input as io.EOF and silently ignores a second document; both are errors
// here, because either is almost certainly not what the user meant.
func (d *decoder) parseDocument(data []byte) (root *yaml.Node, err error) {
	if n := yamlItems(data); n > MaxConfigItems {
		return nil, &ConfigError{File: d.file, Msg: fmt.Sprintf("about %d YAML items (lines, keys and list entries), over the limit of %d: the parser holds each in memory, some 250 bytes apiece; give a long sweep as a range (min, max, steps) or a design (lhs, saltelli, morris) instead of a list (`runner validate --help` lists every limit)", n, MaxConfigItems)}
	}
	if utf16 := bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}); utf16 && !bytes.HasPrefix(data, []byte{0xff, 0xfe, 0, 0}) && !bytes.Contains(data[2:min(len(data), 66)], []byte{0}) {
		// A UTF-16 mark before 8-bit text (an editor's stray mark): the
		// parser reads the text as UTF-16, which a config's ASCII keys
		// make half zero bytes, and says "incomplete UTF-16 character" or
		// finds no keys, with no line or remedy (a hostile review, stop
		// 35). FF FE 00 00 is UTF-32's mark, which yamlError names.
		return nil, &ConfigError{File: d.file, Line: 1, Msg: fmt.Sprintf("invalid YAML: the file begins with a UTF-16 byte-order mark (%X %X), but the text after it is not UTF-16: drop the mark and save the file as UTF-8", data[0], data[1])}
	}
	defer func() {
		// The YAML library must not crash the runner on hostile input; a
		// panic inside it is reported as a config error.
		if r := recover(); r != nil {
			root, err = nil, &ConfigError{File: d.file, Msg: fmt.Sprintf("invalid YAML: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			msg := d.empty
			if msg == "" {
				msg = "empty config (required keys: name, seed, replicates, architectures)"
			}
			return nil, &ConfigError{File: d.file, Msg: msg}
		}
		return nil, d.yamlError(err, data)
	}
	var second yaml.Node
	switch err := dec.Decode(&second); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, d.yamlError(err, data)
	default:
		return nil, d.errf(&second, "", "a second YAML document (after ---) is not allowed; a file holds one experiment, or one analysis")
	}
	root = &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	d.noteAliases(root)
	// An analysis file that writes the section's keys at the top is read
	// as the analysis section (bareSection): its NaN is named
	// analysis.KEY, as every other error of it is (a review: the prefix
	// was dropped).
	top := ""
	if !d.config && bareSection(root) {
		top = "analysis"
	}
	if err := d.checkFinite(root, top, 0); err != nil {
		return nil, err
	}
	return root, nil
}

func joinKey(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// deref follows aliases, so anchors can be used for repeated lists.
func deref(n *yaml.Node) *yaml.Node {
	for k := 0; n != nil && n.Kind == yaml.AliasNode && k < 100; k++ {
		n = n.Alias
	}
	return n
}

// describe names what a node is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content) == 0 {
			return "an empty mapping"
		}
		return "a mapping"
	case yaml.SequenceNode:
		// An empty one is named as such: "want a non-empty list …, got a
		// list" read as a contradiction (a hostile review, stop 32).
		if len(n.Content) == 0 {
			return "an empty list"
		}
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing (null)"
		case "!!bool", "!!int", "!!float":
			// A tag written by hand can claim what the text is not
			// (!!int 0.5, !!bool 1): say so rather than echo the tag.
			var v any
			if n.Decode(&v) != nil {
				switch {
				case n.ShortTag() == "!!int" && digits(n.Value):
					return "an integer (" + n.Value + ")" // beyond 64 bits
				case n.ShortTag() == "!!bool":
					return strconv.Quote(n.Value) + " tagged !!bool, which this reader does not read as one (write true or false)"
				}
				return strconv.Quote(n.Value) + " tagged " + n.ShortTag() + ", which it is not"
			}
			if n.ShortTag() == "!!bool" {
				return "a boolean (" + n.Value + ")"
			}
			return "a number (" + n.Value + ")"
		case "!!str":
			return strconv.Quote(n.Value)
		}
		return n.ShortTag() + " " + strconv.Quote(n.Value)
	}
	return "an unsupported YAML node"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, k int) string { return fmt.Sprintf("%s[%d]", path, k) }

type field struct {
	name string
	key  *yaml.Node
	val  *yaml.Node
}

// mapping checks that n is a mapping with string keys, no duplicates and,
// when allowed is non-nil, only allowed keys; it returns the entries in
// written order.
func (d *decoder) mapping(n *yaml.Node, path string, allowed []string) ([]field, error) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil, d.errf(n, path, "want a mapping, got %s", describe(n))
	}
	seen := map[string]bool{}
	var out []field
	for k := 0; k+1 < len(n.Content); k += 2 {
		kn, vn := deref(n.Content[k]), deref(n.Content[k+1])
		if kn.Kind != yaml.ScalarNode || kn.ShortTag() != "!!str" {
			if kn.ShortTag() == "!!merge" {
				return nil, d.errf(kn, path, "merge keys (<<) are not supported; write the keys out")
			}
			allowedHere := ""
			if allowed != nil {
				allowedHere = " (allowed here: " + strings.Join(allowed, ", ") + ")"
			}
			return nil, d.errf(kn, path, "keys must be strings, got %s%s", describe(kn), allowedHere)
		}
		name := kn.Value
		if allowed != nil && !slices.Contains(allowed, name) {
			if strings.ContainsFunc(name, agents.Invisible) || strings.TrimSpace(name) != name {
				// A space at either end too ("seed " printed as seed, a
				// hostile review, stop 33).
				// A byte-order mark or zero-width space inside the key would
				// print as a correct key refused: show it (quoted, escaped).
				return nil, d.errf(kn, join(path, strconv.Quote(name)), "unknown key %s: it holds an invisible or control character, or a space at an end (allowed here: %s)", strconv.QuoteToASCII(name), strings.Join(allowed, ", "))
			}
			hint := d.paramHint(path, name)
			key := join(path, name)
			if name == "" || path != "" && hint == "" && strings.Contains(name, ".") {
				key = join(path, strconv.Quote(name)) // not "output." or output.plots.x (a review, stop 51)
			}
			if s := param.NearestOf(name, allowed); s != "" && hint == "" {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, d.errf(kn, key, "unknown key%s (allowed here: %s)", hint, strings.Join(allowed, ", "))
		}
		if seen[name] {
			return nil, d.errf(kn, join(path, name), "duplicate key")
		}
		seen[name] = true
		out = append(out, field{name, kn, vn})
	}
	return out, nil
}

// MaxNameBytes bounds the name: it names the default results folder,
// results/NAME (results/NAME-calibration for runner calibrate), and a file
// name has at most 255 bytes on common file systems.
const MaxNameBytes = 255 - len("-calibration")

var topKeys = []string{"name", "seed", "replicates", "periods", "architectures", "population", "params", "sweep", "output", "analysis", "calibration"}

// decodeConfig decodes and checks everything that needs no roster: types,
// keys, ranges and the sweep's shape. readFile reads a roster CSV named by a
// path relative to the config's directory.
func (d *decoder) decodeConfig(root *yaml.Node, readFile func(string) ([]byte, error)) (*Config, error) {
	fields, err := d.mapping(root, "", topKeys)
	if err != nil {
		if deref(root).Kind != yaml.MappingNode {
			return nil, d.errf(root, "", "a config must be a mapping of keys (%s), got %s", strings.Join(topKeys, ", "), describe(deref(root)))
		}
		return nil, err
	}
	c := &Config{
		Fixed:      map[string]float64{},
		Population: PopulationSpec{Roster: "indo-pacific"},
		Output:     Output{Formats: defaultFormats, Tables: defaultTables, Plots: true, PartTasks: DefaultPartTasks},
	}
	got := map[string]*yaml.Node{}
	for _, f := range fields {
		got[f.name] = f.key
	}
	for _, req := range []string{"name", "seed", "replicates", "architectures"} {
		if got[req] == nil {
			return nil, d.errf(root, req, "required key is missing")
		}
	}
	var sweepNode, paramsNode, periodsNode, analysisNode, calibrationNode *yaml.Node
	var analysisKey, calibrationKey *yaml.Node // their keys' lines, for section-wide errors
	for _, f := range fields {
		switch f.name {
		case "name":
			if c.Name, err = d.str(f.val, "name"); err != nil {
				return nil, err
			}
			if strings.TrimSpace(c.Name) == "" {
				return nil, d.errf(f.val, "name", "must not be empty")
			}
			// The name is the default results directory, results/NAME:
			// it must stay one folder inside results/.
			if c.Name == "." || c.Name == ".." || strings.ContainsAny(c.Name, "/\\") || strings.ContainsFunc(c.Name, unicode.IsControl) {
				return nil, d.errf(f.val, "name", "%q cannot name a folder inside results/: no / or \\, control characters, \".\" or \"..\"", c.Name)
			}
			// A zero-width space, a direction override or a space at an end
			// made a folder that lists as another (results/t beside
			// results/t\u200b), and a report titled as another run.
			if !d.stored && (strings.ContainsFunc(c.Name, agents.Invisible) || strings.TrimSpace(c.Name) != c.Name) {
				return nil, d.errf(f.val, "name", "%s holds an invisible or format character, or white space at an end, so its folder results/NAME would print as another's (allowed: printable characters and inner spaces)", strconv.QuoteToASCII(c.Name))
			}
			if len(c.Name) > MaxNameBytes {
				return nil, d.errf(f.val, "name", "is %d bytes long (allowed: 1..%d bytes): it names the folder results/NAME, or results/NAME-calibration, and a file name has at most 255 bytes", len(c.Name), MaxNameBytes)
			}
		case "seed":
			if c.Seed, err = d.integer(f.val, "seed", 0, math.MaxInt64, "integers 0 <= seed < 2^63"); err != nil {
				return nil, err
			}
		case "replicates":
			d.replicates = f.val
			r, err := d.integer(f.val, "replicates", 1, MaxReplicates, fmt.Sprintf("integers 1..%d", MaxReplicates))
			if err != nil {
				return nil, err
			}
			c.Replicates = int(r)
		case "periods":
			periodsNode = f.val
		case "architectures":
			if c.Architectures, err = d.architectures(f.val); err != nil {
				return nil, err
			}
		case "population":
			if c.Population, err = d.population(f.val, readFile); err != nil {
				return nil, err
			}
		case "params":
			paramsNode = f.val
		case "sweep":
			sweepNode = f.val
		case "output":
			if c.Output, err = d.output(f.val, c.Output); err != nil {
				return nil, err
			}
		case "analysis":
			analysisNode, analysisKey = f.val, f.key
		case "calibration":
			calibrationNode, calibrationKey = f.val, f.key
		}
	}
	if periodsNode != nil {
		s, _ := param.Lookup("periods")
		x, err := d.paramValue(periodsNode, "periods", s)
		if err != nil {
			return nil, err
		}
		c.Fixed["periods"] = x
	}
	if paramsNode != nil {
		c.fixedLines = map[string]int{}
		if err := d.params(paramsNode, c.Fixed, c.fixedLines); err != nil {
			return nil, err
		}
	}
	if sweepNode != nil {
		if c.Sweep, err = d.sweep(sweepNode, c.Fixed); err != nil {
			return nil, err
		}
	}
	if c.Population.Roster != Synthetic && !d.stored {
		// population.size and the role shares shape synthetic populations
		// only: with a roster they change nothing, and a sweep or a
		// sensitivity analysis over one would report a parameter of no
		// effect that never had one to show. Fixed under params at
		// another value than its default, one says the user thinks it
		// applies (every resolved config.yaml lists the default there).
		if sp := syntheticOnlySwept(c.Sweep); sp != nil {
			return nil, &ConfigError{File: d.file, Line: sp.line, Key: join("sweep.parameters", sp.Name),
				Msg: syntheticOnlyMsg(c.Population.Roster)}
		}
		if paramsNode != nil {
			fields, err := d.mapping(paramsNode, "params", nil)
			if err != nil {
				return nil, err
			}
			for _, f := range fields {
				if syntheticOnly(f.name) && c.Fixed[f.name] != param.Defaults().Get(f.name) {
					return nil, d.errf(f.key, join("params", f.name), "%s (remove it, or give it its default %s)", syntheticOnlyMsg(c.Population.Roster), fmtNum(param.Defaults().Get(f.name)))
				}
			}
		}
	}
	if analysisNode != nil {
		if c.Analysis, err = d.analysis(analysisNode, analysisKey, c); err != nil {
			return nil, err
		}
	}
	if calibrationNode != nil {
		if c.Calibration, err = d.calibration(calibrationNode, calibrationKey, c); err != nil {
			return nil, err
		}
		if series := c.Calibration.series(); int64(c.Replicates)*series > MaxCalibrationValues {
			at := d.replicates
			if at == nil {
				at = calibrationNode
			}
			return nil, d.errf(at, "replicates", "%d replicates of a calibration with %d target series (each target's outcome, two for a ratio) hold %d values in memory at each evaluation (allowed: replicates × series at most %d; here at most %d replicates)",
				c.Replicates, series, int64(c.Replicates)*series, MaxCalibrationValues, MaxCalibrationValues/series)
		}
	}
	c.Notes = d.notes
	if d.replicates != nil {
		c.replicatesLine = d.replicates.Line
	}
	return c, nil
}

func (d *decoder) params(n *yaml.Node, fixed map[string]float64, lines map[string]int) error {
	fields, err := d.mapping(n, "params", nil)
	if err != nil {
		return err
	}
	for _, f := range fields {
		lines[f.name] = f.key.Line
		key := join("params", f.name)
		if f.name == "periods" {
			return d.errf(f.key, key, "set periods with the top-level key periods")
		}
		s, err := d.lookup(f.key, key, f.name)
		if err != nil {
			return err
		}
		if fixed[f.name], err = d.paramValue(f.val, key, s); err != nil {
			return err
		}
	}
	// The crisis types' prior shares are normalised (docs/model.md sec.
	// 5.2), so they must not all be 0; said here, at the last one's line,
	// where the engine could name neither line nor key (hostile review,
	// stop 30).
	for _, ct := range param.CrisisTypes {
		if v, ok := fixed["crisis."+ct+".prior_share"]; !ok || v != 0 {
			return nil
		}
	}
	last := fields[len(fields)-1]
	for _, f := range fields {
		if strings.HasPrefix(f.name, "crisis.") && strings.HasSuffix(f.name, ".prior_share") {
			last = f
		}
	}
	return d.errf(last.key, join("params", last.name), "the prior shares crisis.<type>.prior_share are all 0 (allowed: each >= 0, at least one positive: they are normalised to sum to 1)")
}

var populationKeys = []string{"roster", "roster_csv"}

func (d *decoder) population(n *yaml.Node, readFile func(string) ([]byte, error)) (PopulationSpec, error) {
	p := PopulationSpec{Roster: "indo-pacific"}
	fields, err := d.mapping(n, "population", populationKeys)
	if err != nil {
		return p, err
	}
	var rosterNode, csvNode *yaml.Node
	for _, f := range fields {
		switch f.name {
		case "roster":
			if p.Roster, err = d.str(f.val, "population.roster"); err != nil {
				return p, err
			}
			if strings.TrimSpace(p.Roster) == "" {
				return p, d.errf(f.val, "population.roster", "must not be empty (allowed: %s, %s, or the path of a roster CSV relative to the config)", strings.Join(agents.BuiltinRosters(), ", "), Synthetic)
			}
			rosterNode = f.val
			p.line = f.val.Line
		case "roster_csv":
			if p.RosterCSV, err = d.str(f.val, "population.roster_csv"); err != nil {
				return p, err
			}
			if strings.TrimSpace(p.RosterCSV) == "" {
				// Empty, it would fall back to reading the file roster names.
				return p, d.errf(f.val, "population.roster_csv", "must not be empty (allowed: the roster's CSV text, header line first; or drop the key to read the file population.roster names)")
			}
			csvNode = f.val
			if v := deref(f.val); v.Style&yaml.FoldedStyle != 0 && !d.stored {
				// A folded block joins the roster's lines with spaces, so
				// the header swallowed the first row: "unknown column
				// "source US"" (a hostile review, stop 33).
				return p, d.errf(f.val, "population.roster_csv", "a folded block (>) joins the roster's lines into one; write it as a literal block (|), which keeps each line")
			}
			if v := deref(f.val); v.Style&yaml.LiteralStyle != 0 {
				p.csvLine, p.csvBlock = v.Line+1, true
			} else {
				p.csvLine = v.Line
			}
		}
	}
	builtin := p.Roster == Synthetic || slices.Contains(agents.BuiltinRosters(), p.Roster)
	switch {
	case csvNode != nil && rosterNode == nil:
		return p, d.errf(csvNode, "population.roster_csv", "needs population.roster to name the embedded roster")
	case csvNode != nil && builtin:
		return p, d.errf(csvNode, "population.roster_csv", "roster %q is built in; roster_csv only goes with a roster named by a file", p.Roster)
	case csvNode != nil && !d.stored:
		// A config copied from a results directory embeds the roster it
		// ran with; one who edits the roster file beside it would get the
		// old states without a word (a hostile review, stop 35).
		if data, err := readFile(p.Roster); err == nil && !sameCSV(string(data), p.RosterCSV) {
			d.note(csvNode, "population.roster_csv", "the run uses this embedded roster, which differs from the file %s; drop roster_csv to read the file", p.Roster)
		}
	case csvNode == nil && !builtin:
		data, err := readFile(p.Roster)
		if err != nil {
			return p, d.errf(rosterNode, "population.roster", "%v%s", err, rosterHint(p.Roster, err, readFile))
		}
		// Spreadsheet programs save CSV with a UTF-8 byte-order mark,
		// which would otherwise stick to the first column's name.
		p.RosterCSV = strings.TrimPrefix(string(data), "\ufeff")
		if p.RosterCSV == "" {
			// An empty RosterCSV means no embedded roster: the plan
			// would read the path again, from the working directory, not
			// the config's (a hostile review, stop 48: an empty roster.csv
			// beside the config ran the working directory's roster.csv,
			// and config.yaml embedded none).
			_, err := agents.ParseRoster(p.Roster, strings.NewReader(""))
			return p, d.errf(rosterNode, "population.roster", "%v", err)
		}
	}
	return p, nil
}

// sameCSV reports whether two roster texts are the same but for a
// byte-order mark, line endings and blank space at either end, which a
// YAML block and a spreadsheet's file may differ in.
func sameCSV(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimPrefix(s, "\ufeff")
		return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	}
	return norm(a) == norm(b)
}

var outputKeys = []string{"formats", "tables", "plots", "part_tasks"}

func (d *decoder) output(n *yaml.Node, o Output) (Output, error) {
	fields, err := d.mapping(n, "output", outputKeys)
	if err != nil {
		return o, err
	}
	for _, f := range fields {
		key := join("output", f.name)
		switch f.name {
		case "formats":
			o.Formats, err = d.subset(f.val, key, FormatNames)
		case "tables":
			o.Tables, err = d.subset(f.val, key, TableNames)
		case "plots":
			o.Plots, err = d.boolean(f.val, key)
		case "part_tasks":
			var x int64
			x, err = d.integer(f.val, key, 1, MaxPartTasks, fmt.Sprintf("integers 1..%d", MaxPartTasks))
			o.PartTasks = int(x)
		}
		if err != nil {
			return o, err
		}
	}
	return o, nil
}

// sizeParam is the parameter that sizes synthetic populations.
const sizeParam = "population.size"

// syntheticOnly reports whether the parameter shapes synthetic populations
// only (population.roster: synthetic): their size and role shares.
func syntheticOnly(name string) bool {
	switch name {
	case sizeParam, "population.share_core", "population.share_partner":
		return true
	}
	return false
}

// syntheticOnlySwept returns the first swept parameter that shapes
// synthetic populations only, or nil.
func syntheticOnlySwept(s *Sweep) *SweepParam {
	if s == nil {
		return nil
	}
	for k := range s.Parameters {
		if syntheticOnly(s.Parameters[k].Name) {
			return &s.Parameters[k]
		}
	}
	return nil
}

// syntheticOnlyMsg says why a synthetic-only parameter does nothing here.
func syntheticOnlyMsg(roster string) string {
	return fmt.Sprintf("applies only with population.roster: %s; roster %q has its own states", Synthetic, roster)
}
