package agents

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed data/*.csv
var rosterFiles embed.FS

// Role is a state's role (docs/model.md sec. 2): it enters no decision
// rule, only presets on rosters without the named states, synthetic mode
// and the buy-in outcomes.
type Role uint8

const (
	Patron Role = iota
	Core
	Partner
	Hedger
	NumRoles
)

var roleNames = [...]string{"patron", "core", "partner", "hedger"}

func (r Role) String() string {
	if r >= NumRoles {
		return "Role(" + strconv.Itoa(int(r)) + ")" // not a panic (a review, stop 51)
	}
	return roleNames[r]
}

// ParseRole parses a role name.
func ParseRole(s string) (Role, bool) {
	for k, n := range roleNames {
		if s == n {
			return Role(k), true
		}
	}
	return 0, false
}

// Attribute indexes the [0,1] attributes of a state that populations draw
// from a Beta around the roster value.
type Attribute int

const (
	Belief Attribute = iota // us_reliability_belief
	Autonomy
	Threat
	Exposure
	Legal
	Interop
	NumAttributes
)

// attributeColumns are the roster CSV columns of the attributes, in order.
var attributeColumns = [...]string{"belief", "autonomy", "threat", "exposure", "legal", "interop"}

// Invisible reports whether r prints as nothing or as something else: a
// control or format character (a byte-order mark, a zero-width space), or
// white space other than the plain space. Names that users type and tables
// print (roster states, config keys) must not hold one.
func Invisible(r rune) bool {
	return !unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) && r != ' '
}

// StateSpec is one row of a roster: the mean attributes of a state.
type StateSpec struct {
	Name       string
	Role       Role
	Capability float64 // Lowy Asia Power Index overall score / 100
	Attr       [NumAttributes]float64
	Domains    DomainSpec // the columns model 2.0 adds (docs/model.md sec. 15)
	Source     string
}

// DomainSpec holds a roster row's model 2.0 columns (docs/model.md secs.
// 3.3 and 15). Presence and the dispute saliences are means that
// populations draw around; the rest are measured and not drawn.
type DomainSpec struct {
	DefenceGDP  float64              // f_i0: military expenditure, % of GDP (SIPRI 2024)
	ExportChina float64              // x_i: share of goods exports going to the adversary
	ExportsGDP  float64              // X_i: goods exports / GDP
	GDPRel      float64              // Y_i: GDP relative to the adversary's
	Presence    float64              // ψ_i: presence capacity relative to the adversary's presence force
	Dispute     [NumDisputes]float64 // d^g, d^e, d^t: dispute salience per domain group
	AllianceBan bool                 // a formal bar on military alliances
	NonAligned  bool                 // a doctrine of non-alignment without a formal bar
	CSDLimit    bool                 // collective self-defence limited by a survival-threat test
	Region      Region               // sub-region, for the constitutional limit
}

// Dispute indexes the dispute-salience columns: grey zone, economic and
// territorial (the last serves both blockade and armed attack).
type Dispute int

const (
	DisputeGreyZone Dispute = iota
	DisputeEconomic
	DisputeTerritorial
	NumDisputes
)

// DisputeOf is the dispute column that gives a crisis type's salience.
func DisputeOf(k CrisisType) Dispute {
	switch k {
	case GreyZone:
		return DisputeGreyZone
	case EconomicCoercion:
		return DisputeEconomic
	}
	return DisputeTerritorial
}

// Region is a state's sub-region (docs/model.md sec. 15); NoRegion is never
// "near" any state.
type Region int8

const NoRegion Region = -1

var regionNames = [...]string{"northeast", "southeast", "south", "oceania", "americas"}

func (r Region) String() string {
	if r < 0 || int(r) >= len(regionNames) {
		return ""
	}
	return regionNames[r]
}

// ParseRegion parses a region name; "" is NoRegion.
func ParseRegion(s string) (Region, bool) {
	if s == "" {
		return NoRegion, true
	}
	for k, n := range regionNames {
		if s == n {
			return Region(k), true
		}
	}
	return NoRegion, false
}

// domainColumn is one optional model 2.0 roster column: its range and the
// value a roster without the column gets (docs/model.md sec. 15).
type domainColumn struct {
	name     string
	lo, hi   float64
	fallback float64
	set      func(d *DomainSpec, x float64)
	get      func(d *DomainSpec) float64
}

var domainColumns = []domainColumn{
	{"defence_gdp", 0.01, 20, 1.5, func(d *DomainSpec, x float64) { d.DefenceGDP = x }, func(d *DomainSpec) float64 { return d.DefenceGDP }},
	{"export_china", 0, 1, 0.15, func(d *DomainSpec, x float64) { d.ExportChina = x }, func(d *DomainSpec) float64 { return d.ExportChina }},
	{"exports_gdp", 0, 3, 0.3, func(d *DomainSpec, x float64) { d.ExportsGDP = x }, func(d *DomainSpec) float64 { return d.ExportsGDP }},
	{"gdp_rel", 0, 100, 0.05, func(d *DomainSpec, x float64) { d.GDPRel = x }, func(d *DomainSpec) float64 { return d.GDPRel }},
	{"presence", 0, 1, 0.05, func(d *DomainSpec, x float64) { d.Presence = x }, func(d *DomainSpec) float64 { return d.Presence }},
	{"dispute_grey_zone", 0, 1, 0, func(d *DomainSpec, x float64) { d.Dispute[DisputeGreyZone] = x }, func(d *DomainSpec) float64 { return d.Dispute[DisputeGreyZone] }},
	{"dispute_economic", 0, 1, 0.1, func(d *DomainSpec, x float64) { d.Dispute[DisputeEconomic] = x }, func(d *DomainSpec) float64 { return d.Dispute[DisputeEconomic] }},
	{"dispute_territorial", 0, 1, 0, func(d *DomainSpec, x float64) { d.Dispute[DisputeTerritorial] = x }, func(d *DomainSpec) float64 { return d.Dispute[DisputeTerritorial] }},
}

// flagColumns are the optional boolean model 2.0 columns (default false).
var flagColumns = []struct {
	name string
	set  func(d *DomainSpec, b bool)
}{
	{"alliance_ban", func(d *DomainSpec, b bool) { d.AllianceBan = b }},
	{"non_aligned", func(d *DomainSpec, b bool) { d.NonAligned = b }},
	{"csd_limit", func(d *DomainSpec, b bool) { d.CSDLimit = b }},
}

// DefaultDomains is the DomainSpec of a row whose roster lacks every 2.0
// column.
func DefaultDomains() DomainSpec {
	d := DomainSpec{Region: NoRegion}
	for _, c := range domainColumns {
		c.set(&d, c.fallback)
	}
	return d
}

// Roster is a calibrated list of states and the adversary.
type Roster struct {
	Name                string
	States              []StateSpec // roster order: the order targets are considered
	Patron              int         // index of the patron in States
	Adversary           string
	AdversaryCapability float64
}

// Names returns the states' names in roster order.
func (r *Roster) Names() []string {
	names := make([]string, len(r.States))
	for k, s := range r.States {
		names[k] = s.Name
	}
	return names
}

// Index returns the position of the named state, or -1.
func (r *Roster) Index(name string) int {
	for k, s := range r.States {
		if s.Name == name {
			return k
		}
	}
	return -1
}

// StateNames lists the state names of r, in roster order.
func (r *Roster) StateNames() []string {
	names := make([]string, len(r.States))
	for k, s := range r.States {
		names[k] = s.Name
	}
	return names
}

// StateList renders the state names for messages (ListNames).
func (r *Roster) StateList() string {
	return ListNames(r.StateNames())
}

// BuiltinRosters lists the rosters shipped with pactsim.
func BuiltinRosters() []string { return []string{"indo-pacific"} }

// LoadRoster loads a built-in roster by name, or a roster CSV file by path.
func LoadRoster(nameOrPath string) (*Roster, error) {
	for _, b := range BuiltinRosters() {
		if nameOrPath == b {
			data, err := rosterFiles.ReadFile("data/" + b + ".csv")
			if err != nil {
				panic("agents: built-in roster missing: " + err.Error())
			}
			return ParseRoster(b, bytes.NewReader(data))
		}
	}
	f, err := os.Open(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("roster %s: %w (built-in rosters: %s)", ShowName(nameOrPath), ShowNameIn(err, nameOrPath), strings.Join(BuiltinRosters(), ", "))
	}
	defer f.Close()
	return ParseRoster(nameOrPath, f)
}

var rosterColumns = append([]string{"state", "role", "capability"}, append(attributeColumns[:], "source")...)

// optionalColumns are model 2.0's columns: a roster may omit any of them,
// and then every row gets its default (docs/model.md sec. 15).
var optionalColumns = func() []string {
	var out []string
	for _, c := range domainColumns {
		out = append(out, c.name)
	}
	for _, c := range flagColumns {
		out = append(out, c.name)
	}
	return append(out, "region")
}()

// ParseRoster reads a roster CSV. Errors name the file, line and column.
// Columns: state, role, capability, belief, autonomy, threat, exposure,
// legal, interop, source, and optionally model 2.0's defence_gdp,
// export_china, exports_gdp, gdp_rel, presence, dispute_grey_zone,
// dispute_economic, dispute_territorial, alliance_ban, non_aligned,
// csd_limit, region (any order; extra columns are an error; a missing
// optional column gives every row its default). Exactly one row has role
// patron, and at most one role adversary (only its capability is read;
// without one the adversary is "CN" with capability 0.727).
func ParseRoster(name string, rd io.Reader) (*Roster, error) {
	return parseRoster(name, rd, true)
}

// ParseStoredRoster is ParseRoster for a roster a results directory
// already holds (embedded in its config.yaml): it accepts state names with
// invisible characters, which ParseRoster refuses since stop 28, so that
// directories written before still verify, resume and merge.
func ParseStoredRoster(name string, rd io.Reader) (*Roster, error) {
	return parseRoster(name, rd, false)
}

func parseRoster(name string, rd io.Reader, strictNames bool) (*Roster, error) {
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("roster %s: %w", ShowName(name), err)
	}
	if err := wideRoster(name, data); err != nil {
		return nil, err
	}
	// Lines ended by a lone CR (classic Mac OS, some spreadsheet exports)
	// read as one line with CRs in its fields (a hostile review, stop 33:
	// "unknown column "source\rUS""), even with a final LF that a tool
	// added (a code review, stop 33): each CR not followed by LF ends a
	// line. CRLF is read as is by encoding/csv.
	if bytes.IndexByte(data, '\r') >= 0 {
		for i, b := range data { // io.ReadAll's own buffer: edited in place
			if b == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
				data[i] = '\n'
			}
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	p := rosterParser{name: ShowName(name), seen: map[string]int{}, folded: map[string]folded{}, strictNames: strictNames,
		r: &Roster{Name: name, Patron: -1, Adversary: "CN", AdversaryCapability: 0.727}}
	width, err := p.header(cr)
	if err != nil {
		return nil, err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos has no field to report after a parse error.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if pe.StartLine != pe.Line && pe.StartLine > 0 {
					// An open quote runs on to where the parser gave up:
					// the record that holds it is the one to fix (a
					// hostile review, stop 37).
					return nil, fmt.Errorf("roster %s:%d: %v (in the record that starts on this line; the parser stopped at the roster's line %d, column %d)", p.name, pe.StartLine, pe.Err, pe.Line, pe.Column)
				}
				return nil, fmt.Errorf("roster %s:%d:%d: %v", p.name, pe.Line, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("roster %s: %w", p.name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := p.blank(rec, line); err != nil {
			return nil, err
		}
		if err := p.indentedComment(rec, line); err != nil {
			return nil, err
		}
		if len(rec) != width {
			return nil, fmt.Errorf("roster %s:%d: %d fields, header has %d", p.name, line, len(rec), width)
		}
		if err := p.utf8(rec, line); err != nil {
			return nil, err
		}
		if err := p.row(rec, line); err != nil {
			return nil, err
		}
	}
	r := p.r
	if len(r.States) == 0 && p.adversaries == 0 {
		return nil, fmt.Errorf("roster %s: no states: no row follows the header (at least 2 states are needed, one with role patron)", p.name)
	}
	if r.Patron < 0 {
		return nil, fmt.Errorf("roster %s: column role: no patron (exactly one state must have role patron)", p.name)
	}
	if len(r.States) < 2 {
		// Only the patron can be left (no patron is refused above); the
		// adversary's row is documentary and no state of the roster.
		return nil, fmt.Errorf("roster %s: only the patron %s: at least 2 states (the patron and one other; an adversary row does not count) are needed", p.name, ShowName(r.States[r.Patron].Name))
	}
	return r, nil
}

// folded is a state's name as first written, and its line.
type folded struct {
	name string
	line int
}

// rosterParser is ParseRoster's state between rows.
type rosterParser struct {
	name        string            // the roster's name as messages print it (ShowName)
	col         map[string]int    // column name → field index
	seen        map[string]int    // state name → line
	folded      map[string]folded // state name in lower case → its first name and line (strictNames)
	adversaries int
	strictNames bool // refuse names with invisible characters (not a stored roster)
	r           *Roster
}

// utf8 refuses a field that is not UTF-8 text, naming its line and
// column: spreadsheet programs also save CSV in a legacy code page
// (Latin-1, Windows-1252), whose accented names would otherwise pass the
// parse and corrupt the config that embeds the roster.
func (p *rosterParser) utf8(rec []string, line int) error {
	for k, f := range rec {
		if utf8.ValidString(f) {
			continue
		}
		col := "header"
		if p.col != nil {
			for c, i := range p.col {
				if i == k {
					col = "column " + c
				}
			}
		}
		bad := strings.ToValidUTF8(f, "\ufffd")
		return fmt.Errorf("roster %s:%d: %s: %q is not UTF-8 text; save the file as UTF-8 (\"CSV UTF-8\")", p.name, line, col, bad)
	}
	return nil
}

// blank refuses the record on line when every field is blank: encoding/csv
// skips an empty line but not one of spaces, which read as "1 fields,
// header has 10" (or, first, as an unknown column "": a review, stop 49).
func (p *rosterParser) blank(rec []string, line int) error {
	if slices.ContainsFunc(rec, func(f string) bool { return strings.TrimSpace(f) != "" }) {
		return nil
	}
	return fmt.Errorf("roster %s:%d: the line is blank (only spaces, tabs or commas): remove it (an empty line is skipped)", p.name, line)
}

// header reads the header row: every column known, none twice, none
// missing. It returns the number of columns.
func (p *rosterParser) header(cr *csv.Reader) (int, error) {
	header, err := cr.Read()
	if err == io.EOF {
		return 0, fmt.Errorf("roster %s: empty file (columns: %s)", p.name, strings.Join(rosterColumns, ", "))
	}
	if err != nil {
		return 0, fmt.Errorf("roster %s: %w", p.name, err)
	}
	line, _ := cr.FieldPos(0)
	if err := p.blank(header, line); err != nil {
		return 0, err
	}
	if err := p.indentedComment(header, line); err != nil {
		return 0, err
	}
	if err := p.utf8(header, line); err != nil {
		return 0, err
	}
	p.col = map[string]int{}
	for k, h := range header {
		h = strings.TrimSpace(h)
		if !slices.Contains(rosterColumns, h) && !slices.Contains(optionalColumns, h) {
			return 0, fmt.Errorf("roster %s:%d: unknown column %q (columns: %s; optional: %s)%s", p.name, line, h, strings.Join(rosterColumns, ", "), strings.Join(optionalColumns, ", "), CaseHint(h, append(slices.Clip(rosterColumns), optionalColumns...))+headerHint(header, h))
		}
		if _, dup := p.col[h]; dup {
			return 0, fmt.Errorf("roster %s:%d: duplicate column %q", p.name, line, h)
		}
		p.col[h] = k
	}
	for _, c := range rosterColumns {
		if _, ok := p.col[c]; !ok {
			return 0, fmt.Errorf("roster %s:%d: missing column %q (columns: %s)", p.name, line, c, strings.Join(rosterColumns, ", "))
		}
	}
	return len(header), nil
}

// decimalNumber is a number as every CSV reader reads it: decimal digits,
// a point and an exponent. Go's ParseFloat also takes hexadecimal floats
// (0x1p-2) and digit separators (0.3_89), which pandas and R read as text,
// so a roster with them would mean other numbers to its readers.
var decimalNumber = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

// Underflowed reports whether x, read from the decimal literal s, is 0
// though s is not: a magnitude below 5e-324 (1e-400) rounds to 0 without
// an error, where 1e400 is refused as beyond float64. Configs and rosters
// refuse such a number.
func Underflowed(x float64, s string) bool {
	if x != 0 || strings.HasPrefix(strings.TrimLeft(strings.ToLower(s), "+-"), "0x") {
		return false
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i] // the exponent's digits say nothing about the value's being 0
	}
	return strings.ContainsAny(s, "123456789")
}

// row reads one state, or the adversary, from the record on line.
func (p *rosterParser) row(rec []string, line int) error {
	get := func(c string) string { return strings.TrimSpace(rec[p.col[c]]) }
	num := func(c string, lo, hi float64) (float64, error) {
		x, err := strconv.ParseFloat(get(c), 64)
		if err == nil && Underflowed(x, get(c)) {
			return 0, fmt.Errorf("roster %s:%d: column %s: %q is too small for a 64-bit number, which would read it as 0 (write 0 if 0 is meant)", p.name, line, c, get(c))
		}
		if err != nil || !(x >= lo && x <= hi) || !decimalNumber.MatchString(get(c)) {
			return 0, fmt.Errorf("roster %s:%d: column %s: %q is not a decimal number in [%g, %g]", p.name, line, c, get(c), lo, hi)
		}
		return x, nil
	}
	st := StateSpec{Name: get("state"), Source: get("source")}
	if st.Name == "" {
		return fmt.Errorf("roster %s:%d: column state: empty state name", p.name, line)
	}
	if p.strictNames && strings.ContainsFunc(st.Name, Invisible) {
		// Configs name states (founders, eligible, targets) and tables
		// print them: a name that prints like another would be refused
		// or matched unseen.
		return fmt.Errorf("roster %s:%d: column state: state name %s holds an invisible or control character (allowed: printable characters and spaces)", p.name, line, strconv.QuoteToASCII(st.Name))
	}
	if prev, dup := p.seen[st.Name]; dup {
		return fmt.Errorf("roster %s:%d: column state: duplicate state %q (first on line %d)", p.name, line, st.Name, prev)
	}
	// Case folding, as strings.EqualFold, of the name's canonical (NFC)
	// form: "Å" written as one code point or as A and a combining ring
	// print alike (a hostile review, stop 38, found them accepted as two
	// states).
	nfc := norm.NFC.String(st.Name)
	key := strings.ToLower(strings.ToUpper(nfc))
	if prev, dup := p.folded[key]; dup && p.strictNames {
		if norm.NFC.String(prev.name) == nfc {
			return fmt.Errorf("roster %s:%d: column state: state %s is %s on line %d in other Unicode code points (the same in normal form NFC): they print alike, so names must differ as text, not in encoding", p.name, line, strconv.QuoteToASCII(st.Name), strconv.QuoteToASCII(prev.name), prev.line)
		}
		// "us" beside "US": configs and tables name states, and two that
		// differ only in case are one state misspelt far more often than
		// two (a hostile review, stop 32).
		return fmt.Errorf("roster %s:%d: column state: state %q differs only in case from %q on line %d: names must differ by more than case", p.name, line, st.Name, prev.name, prev.line)
	}
	p.seen[st.Name] = line
	p.folded[key] = folded{st.Name, line}
	capab, err := num("capability", minCapability, maxCapability)
	if err != nil {
		return err
	}
	if get("role") == "adversary" {
		p.adversaries++
		if p.adversaries > 1 {
			return fmt.Errorf("roster %s:%d: column role: a second adversary %q (exactly one allowed)", p.name, line, st.Name)
		}
		p.r.Adversary, p.r.AdversaryCapability = st.Name, capab
		return nil
	}
	role, ok := ParseRole(get("role"))
	if !ok {
		return fmt.Errorf("roster %s:%d: column role: %q (allowed: patron, core, partner, hedger, adversary)%s", p.name, line, get("role"), CaseHint(get("role"), append(roleNames[:], "adversary")))
	}
	if role == Patron {
		if p.r.Patron >= 0 {
			return fmt.Errorf("roster %s:%d: column role: a second patron %q (exactly one allowed)", p.name, line, st.Name)
		}
		p.r.Patron = len(p.r.States)
	}
	st.Role, st.Capability = role, capab
	for a, c := range attributeColumns {
		if st.Attr[a], err = num(c, 0, 1); err != nil {
			return err
		}
	}
	if st.Domains, err = p.domains(get, num, line); err != nil {
		return err
	}
	p.r.States = append(p.r.States, st)
	return nil
}

// domains reads a row's model 2.0 columns, each at its default where the
// roster lacks the column.
func (p *rosterParser) domains(get func(string) string, num func(string, float64, float64) (float64, error), line int) (DomainSpec, error) {
	d := DefaultDomains()
	for _, c := range domainColumns {
		if _, ok := p.col[c.name]; !ok {
			continue
		}
		x, err := num(c.name, c.lo, c.hi)
		if err != nil {
			return d, err
		}
		c.set(&d, x)
	}
	for _, c := range flagColumns {
		if _, ok := p.col[c.name]; !ok {
			continue
		}
		// strconv.ParseBool's spellings: a results directory's config.yaml
		// embeds its roster as written, so narrowing them would strand
		// results made with 1 and 0.
		b, err := strconv.ParseBool(get(c.name))
		if err != nil {
			return d, fmt.Errorf("roster %s:%d: column %s: %q (allowed: true, false; also 1, 0, t, f, TRUE, FALSE, True, False)", p.name, line, c.name, get(c.name))
		}
		c.set(&d, b)
	}
	if _, ok := p.col["region"]; ok {
		r, ok := ParseRegion(get("region"))
		if !ok {
			return d, fmt.Errorf("roster %s:%d: column region: %q (allowed: %s, or empty)", p.name, line, get("region"), strings.Join(regionNames[:], ", "))
		}
		d.Region = r
	}
	return d, nil
}
