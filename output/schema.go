package output

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"

	"pactsim/agents"
	"pactsim/agents/param"
	"pactsim/engine"
)

// Table names, as they appear in paths, the codebook and the manifest.
const (
	TableRuns         = "runs"
	TableTrajectories = "trajectories"
	TableStates       = "states"
	TableSummary      = "summary"
	TableContrasts    = "contrasts"
	TablePoints       = "points"
)

// Keys of the schema metadata every table carries, so that a file separated
// from its results directory still says where it came from.
const (
	MetaConfigSHA256  = "pactsim.config_sha256"
	MetaEngineVersion = "pactsim.engine_version"
	MetaModelVersion  = "pactsim.model_version"
)

// Keys of the field metadata every column carries (README,
// "What a results directory holds").
const (
	MetaDescription = "description"
	MetaUnit        = "unit"
	MetaRange       = "range"
	// MetaSource is where a column's definition comes from (a section of
	// docs/model.md, a paper, a dataset): outcomes, swept parameters and
	// the trajectories' and states' columns after their keys carry it;
	// other columns are defined by their description.
	MetaSource = "source"
)

// Provenance identifies what produced a table. It goes into the schema
// metadata of every file, so it must not hold anything that varies between
// runs of the same config (no time, host or worker count).
type Provenance struct {
	ConfigSHA256  string // SHA-256 of the resolved config, hex
	EngineVersion string
	ModelVersion  string
}

func (p Provenance) metadata() arrow.Metadata {
	return arrow.NewMetadata(
		[]string{MetaConfigSHA256, MetaEngineVersion, MetaModelVersion},
		[]string{p.ConfigSHA256, p.EngineVersion, p.ModelVersion},
	)
}

// dictString is the type of every categorical column. int32 indices are
// what pandas, R and DuckDB all map to a categorical without widening.
var dictString = &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: arrow.BinaryTypes.String}

func field(name string, dt arrow.DataType, nullable bool, description, unit, rng string) arrow.Field {
	return arrow.Field{
		Name:     name,
		Type:     dt,
		Nullable: nullable,
		Metadata: arrow.NewMetadata(
			[]string{MetaDescription, MetaUnit, MetaRange},
			[]string{description, unit, rng},
		),
	}
}

// sourced is f with its source in the field metadata.
func sourced(f arrow.Field, source string) arrow.Field {
	if source == "" {
		return f
	}
	keys, vals := f.Metadata.Keys(), f.Metadata.Values()
	f.Metadata = arrow.NewMetadata(append(slices.Clone(keys), MetaSource), append(slices.Clone(vals), source))
	return f
}

func pointField() arrow.Field {
	return field(ColPoint, arrow.PrimitiveTypes.Int32, false, "design point, 0-based, in design order (see points.parquet)", "", ">= 0")
}

func replicateField() arrow.Field {
	return field(ColReplicate, arrow.PrimitiveTypes.Int32, false, "replicate within the design point, 0-based", "", ">= 0")
}

func architectureField(name, description string, archs []string) arrow.Field {
	return field(name, dictString, false, description, "", "one of: "+strings.Join(archs, ", "))
}

func outcomeField(name string) arrow.Field {
	names := make([]string, engine.NumOutcomes)
	for k, o := range engine.Outcomes {
		names[k] = o.Name
	}
	return field(name, dictString, false, "outcome column of the runs table (see the codebook for its meaning)", "", "one of: "+strings.Join(names, ", "))
}

// paramType is the column type of a swept parameter: its registry kind.
func paramType(s param.Spec) arrow.DataType {
	switch s.Kind {
	case param.Bool:
		return arrow.FixedWidthTypes.Boolean
	case param.Int:
		return arrow.PrimitiveTypes.Int64
	}
	return arrow.PrimitiveTypes.Float64
}

// sweptFields returns one column per swept parameter, under its exact dotted
// name, described from the parameter registry.
func sweptFields(swept []string) ([]arrow.Field, error) {
	fs := make([]arrow.Field, len(swept))
	for k, name := range swept {
		s, ok := param.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("output: swept parameter %q: %w", name, param.Unknown(name))
		}
		fs[k] = sourced(field(name, paramType(s), false, s.Description+" (swept)", s.Unit, s.Allowed()), s.Source)
	}
	return fs, nil
}

// outcomeType is the column type of an outcome: its registry kind.
func outcomeType(o engine.OutcomeSpec) arrow.DataType {
	switch o.Kind {
	case engine.Count:
		return arrow.PrimitiveTypes.Int64
	case engine.Flag:
		return arrow.FixedWidthTypes.Boolean
	}
	return arrow.PrimitiveTypes.Float64
}

func newSchema(table string, fs []arrow.Field, prov Provenance) (*arrow.Schema, error) {
	seen := make(map[string]bool, len(fs))
	for _, f := range fs {
		if seen[f.Name] {
			return nil, fmt.Errorf("output: table %s: column %q appears twice", table, f.Name)
		}
		seen[f.Name] = true
	}
	md := prov.metadata()
	return arrow.NewSchema(fs, &md), nil
}

func checkArchitectures(archs []string) error {
	if len(archs) == 0 {
		return fmt.Errorf("output: no architectures")
	}
	seen := make(map[string]bool, len(archs))
	for _, a := range archs {
		if a == "" {
			return fmt.Errorf("output: an architecture has an empty name")
		}
		if !utf8.ValidString(a) {
			// The architecture column is an Arrow string, which must be
			// UTF-8: other readers refuse the file (a review, stop 51).
			return fmt.Errorf("output: architecture %q is not UTF-8 text", a)
		}
		if seen[a] {
			return fmt.Errorf("output: architecture %q appears twice", a)
		}
		seen[a] = true
	}
	return nil
}

// RunsSchema is the schema of the runs table: one row per (point, replicate,
// architecture), with the swept parameters (in sweep order) and then every
// outcome of engine.Outcomes. Outcomes the registry marks nullable are null
// where the run left them undefined.
//
// Whether the run is a shard does not enter the schema on purpose: a part's
// bytes depend only on the config and its task range (README,
// "What a results directory holds"), which is what lets merge copy shard parts unchanged.
func RunsSchema(swept, archs []string, prov Provenance) (*arrow.Schema, error) {
	if err := checkArchitectures(archs); err != nil {
		return nil, err
	}
	sf, err := sweptFields(swept)
	if err != nil {
		return nil, err
	}
	fs := []arrow.Field{
		pointField(),
		replicateField(),
		architectureField(ColArchitecture, "security architecture simulated on this replicate's population and shocks", archs),
		field(ColSeed, arrow.PrimitiveTypes.Int64, false, "seed of the task, derived from the config seed and the task's (point, replicate), or with crn: points its replicate alone, so that every point draws the same populations and shocks; every architecture of a task shares it (common random numbers)", "", "[0, 2^63)"),
	}
	fs = append(fs, sf...)
	for _, o := range engine.Outcomes {
		fs = append(fs, sourced(field(o.Name, outcomeType(o), o.Nullable, o.Description, o.Unit, o.Range), o.Source))
	}
	return newSchema(TableRuns, fs, prov)
}

// recordColumn describes one column of the trajectories or states table.
type recordColumn struct {
	name, unit, rng, description string
	dt                           arrow.DataType
	nullable                     bool
	// state reads a states column from its record, as a number (a count
	// or a bool as 0/1): the one place that maps columns to fields, used
	// by the part writer and by calibration targets on the states table.
	state func(*engine.StateRecord) float64
}

// b2f is a bool as a number: 1 for true.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

var (
	i64 = arrow.PrimitiveTypes.Int64
	f64 = arrow.PrimitiveTypes.Float64
)

// periodColumns follow engine.PeriodRecord field by field (snake_case).
// No column is nullable: the means are over every state, and a population
// has at least two; every schema said the real columns were, which told R
// and Python users to expect nulls that are never written (a review, stop
// 53).
var periodColumns = []recordColumn{
	{ColPeriod, "period", "1..periods", "period of the run", arrow.PrimitiveTypes.Int32, false, nil},
	{ColPeriodChallenges, "crises", ">= 0", "challenges by the adversary this period", i64, false, nil},
	{ColPeriodRepelled, "crises", ">= 0", "challenges denied this period (wars included)", i64, false, nil},
	{ColPeriodFaitAccompli, "crises", ">= 0", "challenges this period that ended in a fait accompli", i64, false, nil},
	{ColPeriodWars, "crises", ">= 0", "repelled challenges this period that became wars", i64, false, nil},
	{ColPeriodTension, "utility", "real", "χ₀ − χ(t): how much visible blocs, formation and failed attempts lower the adversary's threshold", f64, false, nil},
	{ColPeriodVisibility, "index", "[0, 1]", "visibility of the architecture Vis(t)", f64, false, nil},
	{ColPeriodUSReliability, "probability", "[0, 1]", "the US's true reliability this period", f64, false, nil},
	{ColPeriodMeanBelief, "probability", "[0, 1]", "mean belief in US reliability over all states", f64, false, nil},
	{ColPeriodMembers, "states", ">= 0", "states in at least one mechanism", i64, false, nil},
	{ColPeriodInterop, "index", "[0, 1]", "mean interoperability over all states", f64, false, nil},
}

// stateColumns are the states table's columns after state_index, state (the
// name) and role, each with the engine.StateRecord field it holds. None is
// nullable: every field is a number of the state's record.
var stateColumns = []recordColumn{
	{ColStateCapability, "Lowy API points / 100", ">= 0", "the state's military and ISR weight K_i (drawn per replicate)", f64, false, func(r *engine.StateRecord) float64 { return r.Capability }},
	{ColStateBelief0, "probability", "[0, 1]", "initial belief in US reliability", f64, false, func(r *engine.StateRecord) float64 { return r.Belief0 }},
	{ColStateAutonomy, "index", "[0, 1]", "preference for strategic autonomy, aversion to bloc alignment a_i", f64, false, func(r *engine.StateRecord) float64 { return r.Autonomy }},
	{ColStateThreat, "index", "[0, 1]", "perceived threat from the adversary θ_i", f64, false, func(r *engine.StateRecord) float64 { return r.Threat }},
	{ColStateExposure, "index", "[0, 1]", "economic exposure to the adversary e_i: vulnerability to retribution", f64, false, func(r *engine.StateRecord) float64 { return r.Exposure }},
	{ColStateLegal, "index", "[0, 1]", "domestic and constitutional limits on fighting for others d_i", f64, false, func(r *engine.StateRecord) float64 { return r.Legal }},
	{ColStateRiskTolerance, "index", "[0, 1]", "willingness to accept crisis risk ρ_i", f64, false, func(r *engine.StateRecord) float64 { return r.RiskTolerance }},
	{ColStateMechanisms, "mechanisms", ">= 0", "mechanisms the state belongs to at the end", i64, false, func(r *engine.StateRecord) float64 { return float64(r.Mechanisms) }},
	{ColStateBeliefEnd, "probability", "[0, 1]", "belief in US reliability at the end", f64, false, func(r *engine.StateRecord) float64 { return r.BeliefEnd }},
	{ColStateInteropEnd, "index", "[0, 1]", "interoperability at the end", f64, false, func(r *engine.StateRecord) float64 { return r.InteropEnd }},
	{ColStateCommitted, "crises", ">= 0", "crises in which the state was committed", i64, false, func(r *engine.StateRecord) float64 { return float64(r.Committed) }},
	{ColStateHonoured, "crises", ">= 0", "crises in which the state was committed and acted", i64, false, func(r *engine.StateRecord) float64 { return float64(r.Honoured) }},
	// Model 2.0 (README, "What a results directory holds"; docs/model.md sec. 13).
	{ColStateChallengesReceived, "crises", ">= 0", "challenges of any domain against the state", i64, false, func(r *engine.StateRecord) float64 { return float64(r.ChallengesReceived) }},
	{ColStateChallengesGreyZone, "crises", ">= 0", "grey-zone challenges against the state", i64, false, func(r *engine.StateRecord) float64 { return float64(r.ChallengesReceivedGreyZone) }},
	{ColStateChallengesEconomic, "crises", ">= 0", "economic-coercion campaigns against the state", i64, false, func(r *engine.StateRecord) float64 { return float64(r.ChallengesReceivedEconomic) }},
	{ColStateChallengesBlockade, "crises", ">= 0", "blockades against the state", i64, false, func(r *engine.StateRecord) float64 { return float64(r.ChallengesReceivedBlockade) }},
	{ColStateChallengesArmed, "crises", ">= 0", "armed attacks against the state", i64, false, func(r *engine.StateRecord) float64 { return float64(r.ChallengesReceivedArmed) }},
	{ColStateChallengesMilitarised, "crises", ">= 0", "grey-zone, blockade and armed challenges against the state", i64, false, func(r *engine.StateRecord) float64 { return float64(r.ChallengesReceivedMilitarised) }},
	{ColStateFaitAccompliSuffered, "crises", ">= 0", "challenges against the state that changed control", i64, false, func(r *engine.StateRecord) float64 { return float64(r.FaitAccompliSuffered) }},
	{ColStateEconomicLoss, "% of the state's GDP", ">= 0", "loss from successful economic campaigns, summed over the run", f64, false, func(r *engine.StateRecord) float64 { return r.EconomicLoss }},
	{ColStateHazardReceived, "expected challenges", ">= 0", "adversary's latent hazard against the state, summed over channels and periods", f64, false, func(r *engine.StateRecord) float64 { return r.HazardReceived }},
	{ColStateTreatyMember, "", "true/false", "member of the treaty after the last review (false without one)", arrow.FixedWidthTypes.Boolean, false, func(r *engine.StateRecord) float64 { return b2f(r.TreatyMember) }},
	{ColStateCells, "mechanisms", ">= 0", "cells the state belongs to after the last review", i64, false, func(r *engine.StateRecord) float64 { return float64(r.Cells) }},
	{ColStateAllianceBan, "", "true/false", "the roster's formal alliance ban", arrow.FixedWidthTypes.Boolean, false, func(r *engine.StateRecord) float64 { return b2f(r.AllianceBan) }},
	{ColStateAutonomyEnd, "index", "[0, 1]", "autonomy preference at the end a_i(T), after resistance and balancing", f64, false, func(r *engine.StateRecord) float64 { return r.AutonomyEnd }},
	{ColStateSpendingEnd, "% of GDP", ">= 0", "defence spending at the end f_i(T), after burden-sharing", f64, false, func(r *engine.StateRecord) float64 { return r.SpendingEnd }},
	{ColStateReadinessEnd, "share of capability", "[0, 1]", "readiness at the end ϑ_i(T)", f64, false, func(r *engine.StateRecord) float64 { return r.ReadinessEnd }},
}

// stateSources are the sources of the states table's columns: the roster
// attributes' where their means come from, the rest the model's sections
// that compute them.
var stateSources = func() map[string]string {
	const (
		roster  = "the roster's column, per state (docs/model.md sec. 3.1 and 15), drawn per replicate around it (sec. 3.2)"
		outcome = "computed by the model (docs/model.md sec. 13, per-state outcomes)"
	)
	m := map[string]string{}
	for _, c := range stateColumns {
		m[c.name] = outcome
	}
	for _, n := range []string{ColStateCapability, ColStateBelief0, ColStateAutonomy, ColStateThreat, ColStateExposure, ColStateLegal} {
		m[n] = roster
	}
	m[ColStateRiskTolerance] = "drawn U(0.3, 0.7) per replicate, no roster value (docs/model.md sec. 3.1)"
	m[ColStateAllianceBan] = "the roster's alliance_ban column (docs/model.md sec. 3.3 and 15)"
	return m
}()

// periodSources are the sources of the trajectories table's columns after
// its keys (point, replicate, architecture, period): the model's sections
// that compute them. The codebook gave none, where the states' columns and
// the runs' outcomes have theirs (a review, stop 53).
var periodSources = map[string]string{
	ColPeriodChallenges:    "computed by the model: the period's challenges (docs/model.md sec. 6.3; sec. 13, challenges)",
	ColPeriodRepelled:      "computed by the model: the period's denied challenges (docs/model.md sec. 8; sec. 13, repelled)",
	ColPeriodFaitAccompli:  "computed by the model: the period's changes of control (docs/model.md sec. 8.1; sec. 13, fait_accompli)",
	ColPeriodWars:          "computed by the model: the period's wars (docs/model.md sec. 8; sec. 13, wars)",
	ColPeriodTension:       "computed by the model: χ₀ − χ(t) (docs/model.md sec. 6.4); the runs table's tension is its mean over periods",
	ColPeriodVisibility:    "computed by the model: Vis(t) (docs/model.md sec. 6.4)",
	ColPeriodUSReliability: "us.reliability, or clamp(us.reliability − us.shock_size, 0, 1) under a retrenching administration (docs/model.md sec. 9.1)",
	ColPeriodMeanBelief:    "computed by the model: the states' beliefs about the US (docs/model.md sec. 9.2)",
	ColPeriodMembers:       "computed by the model: the states' memberships of the mechanisms (docs/model.md sec. 5.3)",
	ColPeriodInterop:       "computed by the model: interoperability ι (docs/model.md sec. 9.5)",
}

// recordFields are the fields of columns cs, with their sources from
// sources (nil: none).
func recordFields(cs []recordColumn, sources map[string]string) []arrow.Field {
	fs := make([]arrow.Field, len(cs))
	for k, c := range cs {
		fs[k] = sourced(field(c.name, c.dt, c.nullable, c.description, c.unit, c.rng), sources[c.name])
	}
	return fs
}

// TrajectoriesSchema is the schema of the optional trajectories table: one
// row per (point, replicate, architecture, period), from engine.PeriodRecord.
// Join it to points.parquet on point for the swept parameters.
func TrajectoriesSchema(archs []string, prov Provenance) (*arrow.Schema, error) {
	if err := checkArchitectures(archs); err != nil {
		return nil, err
	}
	fs := []arrow.Field{pointField(), replicateField(), architectureField(ColArchitecture, "security architecture", archs)}
	fs = append(fs, recordFields(periodColumns, periodSources)...)
	return newSchema(TableTrajectories, fs, prov)
}

func roleNames() []string {
	rs := make([]string, agents.NumRoles)
	for r := range agents.NumRoles {
		rs[r] = r.String()
	}
	return rs
}

// StatesSchema is the schema of the optional states table: one row per
// (point, replicate, architecture, state) at the end of the run, from
// engine.StateRecord.
func StatesSchema(archs []string, prov Provenance) (*arrow.Schema, error) {
	if err := checkArchitectures(archs); err != nil {
		return nil, err
	}
	fs := []arrow.Field{
		pointField(), replicateField(), architectureField(ColArchitecture, "security architecture", archs),
		field(ColStateIndex, arrow.PrimitiveTypes.Int32, false, "index of the state in the roster (or synthetic population)", "", ">= 0"),
		field(ColState, dictString, false, "name of the state", "", "roster names"),
		field(ColRole, dictString, false, "the state's role", "", "one of: "+strings.Join(roleNames(), ", ")),
	}
	fs = append(fs, recordFields(stateColumns, stateSources)...)
	return newSchema(TableStates, fs, prov)
}

const (
	ciNote   = "Student t 95% interval of the mean"
	nullNote = "null if n < 2"
)

// longTableHead checks the architectures and returns the leading columns of
// the long summary and contrasts tables: point, then the swept parameters.
func longTableHead(swept, archs []string) ([]arrow.Field, error) {
	if err := checkArchitectures(archs); err != nil {
		return nil, err
	}
	sf, err := sweptFields(swept)
	if err != nil {
		return nil, err
	}
	return append([]arrow.Field{pointField()}, sf...), nil
}

// SummarySchema is the schema of the long summary table (README,
// "What a results directory holds"): one row per (point, architecture, outcome).
func SummarySchema(swept, archs []string, prov Provenance) (*arrow.Schema, error) {
	fs, err := longTableHead(swept, archs)
	if err != nil {
		return nil, err
	}
	fs = append(fs,
		architectureField(ColArchitecture, "security architecture", archs),
		outcomeField(ColOutcome),
		field(ColN, i64, false, "replicates in which the outcome is defined (non-null)", "replicates", ">= 0"),
		field(ColMean, f64, true, "mean of the outcome over the replicates where it is defined; flags (treaty_formed) as 0/1, so the mean is a share (null if n = 0)", "as the outcome", "as the outcome"),
		field(ColSD, f64, true, "sample standard deviation (n − 1 denominator) of the outcome ("+nullNote+")", "as the outcome", ">= 0"),
		field(ColSE, f64, true, "standard error of the mean, sd / sqrt(n) ("+nullNote+")", "as the outcome", ">= 0"),
		field(ColCILow, f64, true, "lower end of the "+ciNote+", mean − t(0.975, n − 1)·se ("+nullNote+")", "as the outcome", "real"),
		field(ColCIHigh, f64, true, "upper end of the "+ciNote+", mean + t(0.975, n − 1)·se ("+nullNote+")", "as the outcome", "real"),
	)
	return newSchema(TableSummary, fs, prov)
}

// ContrastsSchema is the schema of the long contrasts table (README,
// "What a results directory holds"): one row per (point, pair of architectures, outcome),
// paired over replicates (common random numbers).
func ContrastsSchema(swept, archs []string, prov Provenance) (*arrow.Schema, error) {
	fs, err := longTableHead(swept, archs)
	if err != nil {
		return nil, err
	}
	fs = append(fs,
		outcomeField(ColOutcome),
		architectureField(ColArchitectureA, "first architecture of the pair (the difference is a − b)", archs),
		architectureField(ColArchitectureB, "second architecture of the pair", archs),
		field(ColN, i64, false, "replicates in which the outcome is defined under both architectures", "replicates", ">= 0"),
		field(ColMeanDiff, f64, true, "mean over replicates of the paired difference a − b (null if n = 0)", "as the outcome", "real"),
		field(ColCILow, f64, true, "lower end of the "+ciNote+" difference (paired t, "+nullNote+")", "as the outcome", "real"),
		field(ColCIHigh, f64, true, "upper end of the "+ciNote+" difference (paired t, "+nullNote+")", "as the outcome", "real"),
		field(ColPABetter, f64, true, "share of the n replicates in which a is strictly better than b, in the outcome's better direction (null if n = 0 or the outcome has no better direction)", "share of replicates", "[0, 1]"),
		field(ColPTie, f64, true, "share of the n replicates in which a and b are equal (null if n = 0)", "share of replicates", "[0, 1]"),
	)
	return newSchema(TableContrasts, fs, prov)
}

// PointsSchema is the schema of points.parquet, the design matrix: one row
// per point with every swept parameter.
func PointsSchema(swept []string, prov Provenance) (*arrow.Schema, error) {
	sf, err := sweptFields(swept)
	if err != nil {
		return nil, err
	}
	return newSchema(TablePoints, append([]arrow.Field{pointField()}, sf...), prov)
}

// sameSchema reports how got differs from want in what this package writes:
// column names, types and nullability, the field metadata keys it sets and
// the schema's provenance. Readers add keys of their own (Parquet adds
// PARQUET:field_id) and may reorder metadata, so only these are compared.
func sameSchema(got, want *arrow.Schema) error {
	if got.NumFields() != want.NumFields() {
		return fmt.Errorf("%d columns, want %d", got.NumFields(), want.NumFields())
	}
	meta := func(md arrow.Metadata, key string) string {
		if k := md.FindKey(key); k >= 0 {
			return md.Values()[k]
		}
		return "(absent)"
	}
	for k, w := range want.Fields() {
		g := got.Field(k)
		if g.Name != w.Name || !arrow.TypeEqual(g.Type, w.Type) || g.Nullable != w.Nullable {
			return fmt.Errorf("column %d is %s %s (nullable %v), want %s %s (nullable %v)", k, g.Name, g.Type, g.Nullable, w.Name, w.Type, w.Nullable)
		}
		for _, key := range []string{MetaDescription, MetaUnit, MetaRange, MetaSource} {
			if a, b := meta(g.Metadata, key), meta(w.Metadata, key); a != b {
				return fmt.Errorf("column %s: %s is %q, want %q", w.Name, key, a, b)
			}
		}
	}
	for _, key := range []string{MetaConfigSHA256, MetaEngineVersion, MetaModelVersion} {
		if a, b := meta(got.Metadata(), key), meta(want.Metadata(), key); a != b {
			return fmt.Errorf("%s is %q, want %q", key, a, b)
		}
	}
	return nil
}
