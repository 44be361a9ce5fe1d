package agents

import (
	"bytes"
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
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
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("roster %s: empty file (columns: %s)", name, strings.Join(rosterColumns, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("roster %s: %w", name, err)
	}
	col := map[string]int{}
	for k, h := range header {
		h = strings.TrimSpace(h)
		known := false
		for _, c := range rosterColumns {
			known = known || c == h
		}
		if !known {
			return nil, fmt.Errorf("roster %s:1: unknown column %q (columns: %s)", name, h, strings.Join(rosterColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("roster %s:1: duplicate column %q", name, h)
		}
		col[h] = k
	}
	for _, c := range rosterColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("roster %s:1: missing column %q (columns: %s)", name, c, strings.Join(rosterColumns, ", "))
		}
	}
	r := &Roster{Name: name, Patron: -1, Adversary: "CN", AdversaryCapability: 0.727}
	seen := map[string]int{}
	adversaries := 0
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
		if len(rec) != len(header) {
			return nil, fmt.Errorf("roster %s:%d: %d fields, header has %d", name, line, len(rec), len(header))
		}
		get := func(c string) string { return strings.TrimSpace(rec[col[c]]) }
		num := func(c string, lo, hi float64) (float64, error) {
			x, err := strconv.ParseFloat(get(c), 64)
			if err != nil || !(x >= lo && x <= hi) {
				return 0, fmt.Errorf("roster %s:%d: column %s: %q is not a number in [%g, %g]", name, line, c, get(c), lo, hi)
			}
			return x, nil
		}
		st := StateSpec{Name: get("state"), Source: get("source")}
		if st.Name == "" {
			return nil, fmt.Errorf("roster %s:%d: column state: empty state name", name, line)
		}
		if prev, dup := seen[st.Name]; dup {
			return nil, fmt.Errorf("roster %s:%d: column state: duplicate state %q (first on line %d)", name, line, st.Name, prev)
		}
		seen[st.Name] = line
		capab, err := num("capability", 1e-6, 10)
		if err != nil {
			return nil, err
		}
		if get("role") == "adversary" {
			adversaries++
			if adversaries > 1 {
				return nil, fmt.Errorf("roster %s:%d: column role: a second adversary %q (exactly one allowed)", name, line, st.Name)
			}
			r.Adversary, r.AdversaryCapability = st.Name, capab
			continue
		}
		role, ok := ParseRole(get("role"))
		if !ok {
			return nil, fmt.Errorf("roster %s:%d: column role: %q (allowed: patron, core, partner, hedger, adversary)", name, line, get("role"))
		}
		if role == Patron {
			if r.Patron >= 0 {
				return nil, fmt.Errorf("roster %s:%d: column role: a second patron %q (exactly one allowed)", name, line, st.Name)
			}
			r.Patron = len(r.States)
		}
		st.Role, st.Capability = role, capab
		for a, c := range attributeColumns {
			if st.Attr[a], err = num(c, 0, 1); err != nil {
				return nil, err
			}
		}
		r.States = append(r.States, st)
	}
	if r.Patron < 0 {
		return nil, fmt.Errorf("roster %s: column role: no patron (exactly one state must have role patron)", name)
	}
	if len(r.States) < 2 {
		return nil, fmt.Errorf("roster %s: %d states; at least 2 (a patron and one other) are needed", name, len(r.States))
	}
	return r, nil
}
