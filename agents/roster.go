package agents

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
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

func (r Role) String() string { return roleNames[r] }

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

// StateSpec is one row of a roster: the mean attributes of a state.
type StateSpec struct {
	Name       string
	Role       Role
	Capability float64 // Lowy Asia Power Index overall score / 100
	Attr       [NumAttributes]float64
	Source     string
}

// Roster is a calibrated list of states and the adversary.
type Roster struct {
	Name                string
	States              []StateSpec // roster order: the order targets are considered
	Patron              int         // index of the patron in States
	Adversary           string
	AdversaryCapability float64
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

// StateList renders the state names for messages.
func (r *Roster) StateList() string {
	names := make([]string, len(r.States))
	for k, s := range r.States {
		names[k] = s.Name
	}
	return strings.Join(names, ", ")
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
		return nil, fmt.Errorf("roster %s: %w (built-in rosters: %s)", nameOrPath, err, strings.Join(BuiltinRosters(), ", "))
	}
	defer f.Close()
	return ParseRoster(nameOrPath, f)
}

var rosterColumns = append([]string{"state", "role", "capability"}, append(attributeColumns[:], "source")...)

// ParseRoster reads a roster CSV. Errors name the file, line and column.
// Columns: state, role, capability, belief, autonomy, threat, exposure,
// legal, interop, source (any order; extra columns are an error). Exactly one
// row has role patron, and at most one role adversary (only its capability is
// read; without one the adversary is "CN" with capability 0.727).
func ParseRoster(name string, rd io.Reader) (*Roster, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	p := rosterParser{name: name, seen: map[string]int{},
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
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("roster %s:%d: %v", name, pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("roster %s: %w", name, err)
		}
		if len(rec) != width {
			return nil, fmt.Errorf("roster %s:%d: %d fields, header has %d", name, line, len(rec), width)
		}
		if err := p.row(rec, line); err != nil {
			return nil, err
		}
	}
	r := p.r
	if r.Patron < 0 {
		return nil, fmt.Errorf("roster %s: column role: no patron (exactly one state must have role patron)", name)
	}
	if len(r.States) < 2 {
		return nil, fmt.Errorf("roster %s: %d states; at least 2 (a patron and one other) are needed", name, len(r.States))
	}
	return r, nil
}

// rosterParser is ParseRoster's state between rows.
type rosterParser struct {
	name        string
	col         map[string]int // column name → field index
	seen        map[string]int // state name → line
	adversaries int
	r           *Roster
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
	p.col = map[string]int{}
	for k, h := range header {
		h = strings.TrimSpace(h)
		if !slices.Contains(rosterColumns, h) {
			return 0, fmt.Errorf("roster %s:1: unknown column %q (columns: %s)", p.name, h, strings.Join(rosterColumns, ", "))
		}
		if _, dup := p.col[h]; dup {
			return 0, fmt.Errorf("roster %s:1: duplicate column %q", p.name, h)
		}
		p.col[h] = k
	}
	for _, c := range rosterColumns {
		if _, ok := p.col[c]; !ok {
			return 0, fmt.Errorf("roster %s:1: missing column %q (columns: %s)", p.name, c, strings.Join(rosterColumns, ", "))
		}
	}
	return len(header), nil
}

// row reads one state, or the adversary, from the record on line.
func (p *rosterParser) row(rec []string, line int) error {
	get := func(c string) string { return strings.TrimSpace(rec[p.col[c]]) }
	num := func(c string, lo, hi float64) (float64, error) {
		x, err := strconv.ParseFloat(get(c), 64)
		if err != nil || !(x >= lo && x <= hi) {
			return 0, fmt.Errorf("roster %s:%d: column %s: %q is not a number in [%g, %g]", p.name, line, c, get(c), lo, hi)
		}
		return x, nil
	}
	st := StateSpec{Name: get("state"), Source: get("source")}
	if st.Name == "" {
		return fmt.Errorf("roster %s:%d: column state: empty state name", p.name, line)
	}
	if prev, dup := p.seen[st.Name]; dup {
		return fmt.Errorf("roster %s:%d: column state: duplicate state %q (first on line %d)", p.name, line, st.Name, prev)
	}
	p.seen[st.Name] = line
	capab, err := num("capability", 1e-6, 10)
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
		return fmt.Errorf("roster %s:%d: column role: %q (allowed: patron, core, partner, hedger, adversary)", p.name, line, get("role"))
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
	p.r.States = append(p.r.States, st)
	return nil
}
