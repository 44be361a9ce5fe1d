package experiments

import (
	"pactsim/agents/param"
)

// Design names a sweep design.
type Design string

// The sweep designs. Grid and zip enumerate written values; random, lhs and
// halton draw Samples points from {min, max} ranges with a generator seeded
// from the config seed.
const (
	Grid   Design = "grid"   // cartesian product, row-major, last parameter fastest
	Zip    Design = "zip"    // parallel lists: point k takes the k-th value of each
	Random Design = "random" // independent uniform draws
	LHS    Design = "lhs"    // Latin hypercube (gonum stat/samplemv)
	Halton Design = "halton" // Owen-scrambled Halton sequence (gonum stat/samplemv)
)

var designNames = []string{string(Grid), string(Zip), string(Random), string(LHS), string(Halton)}

// sampled reports whether the design draws points from ranges.
func (d Design) sampled() bool { return d == Random || d == LHS || d == Halton }

// Output formats and tables, in their canonical order.
var (
	FormatNames = []string{"parquet", "arrow"}
	TableNames  = []string{"runs", "summary", "contrasts", "trajectories", "states"}
)

// Default output settings (README, "Guarantees").
var (
	defaultFormats = []string{"parquet", "arrow"}
	defaultTables  = []string{"runs", "summary", "contrasts"}
)

// DefaultPartTasks is the default number of tasks per output part: about
// seconds of work, so an interrupted run loses little (README, "Guarantees").
const DefaultPartTasks = 8192

// Config is an experiment config with every default filled in. It is the
// value the canonical YAML is written from.
type Config struct {
	Name          string
	Seed          int64 // 0 <= Seed < 2^63
	Replicates    int   // per design point
	Architectures []ArchitectureSpec
	Population    PopulationSpec
	// Fixed are the parameters written under params (and periods), by name.
	Fixed map[string]float64
	// fixedLines are the lines of Fixed's keys under params;
	// replicatesLine is the replicates key's.
	fixedLines     map[string]int
	replicatesLine int
	Sweep          *Sweep // nil: one point at the fixed values
	Output
	Analysis    *AnalysisSpec    // nil: no analysis section
	Calibration *CalibrationSpec // nil: no calibration section
	// Notes are what the decoder accepted but ignores, each as
	// "FILE:LINE: key: text", for the commands to say on the terminal;
	// the canonical config leaves the ignored keys out.
	Notes []string
}

// PopulationSpec says where the states come from.
type PopulationSpec struct {
	// Roster is a built-in roster name, "synthetic", or (as written) a CSV
	// path relative to the config file's directory.
	Roster string
	// RosterCSV is the roster file's content when Roster is a path, or as
	// written under population.roster_csv. The canonical config embeds it so
	// that the written-out config reproduces the run anywhere and its hash
	// covers the roster.
	RosterCSV string
	line      int // of the roster key, for errors
	// Where roster_csv's text begins in the config, when it is written
	// there (0 when it was read from the roster file): csvLine is the
	// config line of the CSV's line 1 when csvBlock (a literal block
	// scalar, whose lines are the config's), else of the key's value.
	csvLine  int
	csvBlock bool
}

// Synthetic is the population.roster value that draws synthetic populations
// of population.size states.
const Synthetic = "synthetic"

// Sweep is the sweep section.
type Sweep struct {
	Design       Design
	Samples      int          // random, lhs, halton; saltelli's base sample N
	Trajectories int          // morris only
	Levels       int          // morris only
	SecondOrder  bool         // saltelli only
	CRN          CRN          // common random numbers across points (design.go)
	Parameters   []SweepParam // in written order
}

// SweepParam is one swept parameter: a list of values, or a range.
type SweepParam struct {
	Name   string
	Values []float64 // list form; nil for a range
	Min    float64   // range form
	Max    float64
	Steps  int // range form in grid and zip; 0 in random, lhs, halton
	line   int
}

// IsRange reports whether the parameter was given as {min, max[, steps]}.
func (s SweepParam) IsRange() bool { return s.Values == nil }

// Output is the output section.
type Output struct {
	Formats   []string // subset of FormatNames, canonical order
	Tables    []string // subset of TableNames, canonical order
	Plots     bool
	PartTasks int // tasks per part file (>= 1)
}

// HasFormat reports whether f is among the output formats.
func (o Output) HasFormat(f string) bool { return contains(o.Formats, f) }

// HasTable reports whether t is among the output tables.
func (o Output) HasTable(t string) bool { return contains(o.Tables, t) }

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// ArchitectureSpec is one entry of architectures: a preset name, or an
// inline definition (optionally starting from a base preset).
type ArchitectureSpec struct {
	Name       string
	Preset     string // set for a plain preset name; then Base and Mechanisms are empty
	Base       string // inline: the preset to start from, or ""
	Mechanisms []MechanismSpec
	line       int
}

// kindOf returns the registered kind of a parameter; the name must be registered.
func kindOf(name string) param.Kind {
	s, _ := param.Lookup(name)
	return s.Kind
}
