package engine

import (
	"slices"
	"sync/atomic"

	"pactsim/agents"
	"pactsim/agents/param"
)

// PeriodRecord is one period of one architecture-run (the optional
// `trajectories` table).
type PeriodRecord struct {
	Period        int     // 1..periods
	Challenges    int     // challenges this period
	Repelled      int     // denied challenges (wars included)
	FaitAccompli  int     // challenges that ended in a fait accompli
	Wars          int     // repelled challenges that became wars
	Tension       float64 // χ₀ − χ(t)
	Visibility    float64 // Vis(t)
	USReliability float64 // the US's true reliability this period
	MeanBelief    float64 // mean belief in US reliability, all states
	Members       int     // states in at least one mechanism
	Interop       float64 // mean interoperability, all states
}

// StateRecord is one state at the end of one architecture-run (the optional
// `states` table).
type StateRecord struct {
	State         int // index into the roster (or synthetic population)
	Name          string
	Role          agents.Role
	Capability    float64
	Belief0       float64 // initial belief in US reliability
	Autonomy      float64
	Threat        float64
	Exposure      float64
	Legal         float64
	RiskTolerance float64
	Mechanisms    int     // mechanisms the state belongs to at the end
	BeliefEnd     float64 // belief in US reliability at the end
	InteropEnd    float64 // interoperability at the end
	Committed     int     // crises in which the state was committed
	Honoured      int     // ... and acted
	// Model 2.0 (README, "What a results directory holds"; docs/model.md sec. 13).
	ChallengesReceived            int     // challenges of any domain against the state
	ChallengesReceivedGreyZone    int     // ... grey zone
	ChallengesReceivedEconomic    int     // ... economic coercion (campaigns)
	ChallengesReceivedBlockade    int     // ... blockade
	ChallengesReceivedArmed       int     // ... armed attack
	ChallengesReceivedMilitarised int     // grey zone + blockade + armed attack
	FaitAccompliSuffered          int     // challenges against the state that changed control
	EconomicLoss                  float64 // % of the state's GDP, summed over the run
	HazardReceived                float64 // Σ over channels and periods of A's hazard against the state
	TreatyMember                  bool    // member of the treaty after the last review
	Cells                         int     // cells it belongs to after the last review
	AllianceBan                   bool    // the roster's alliance_ban
	AutonomyEnd                   float64 // a_i(T)
	SpendingEnd                   float64 // f_i(T), % of GDP
	ReadinessEnd                  float64 // ϑ_i(T)
}

// Recorder receives the optional per-period and per-state records. A nil
// Recorder costs nothing: the run does not build the records at all. The
// pointers are valid only during the call.
type Recorder interface {
	RecordPeriod(arch int, r *PeriodRecord)
	RecordState(arch int, r *StateRecord)
}

// Scenario is one design point, prepared once and then shared read-only by
// every worker: the resolved parameters, the roster and the architectures.
// Make one with NewScenario or NewProbeScenario: Run refuses a literal.
type Scenario struct {
	Params        param.Values
	Roster        *agents.Roster
	Architectures []agents.Architecture
	// Probe, when set, replaces the adversary's choice by a forced schedule
	// (the calibration probes of docs/model.md sec. 17, facts 1 and 5).
	Probe *Probe
	model model
}

// Probe forces the adversary's challenges: every period it challenges one of
// Targets, in turn, with crisis type Type, ignoring its threshold, and
// challenges no one else.
type Probe struct {
	Type    agents.CrisisType
	Targets []string
	targets []int
}

// NewScenario validates the roster (agents.Roster.Validate) and the
// architectures against it, and prepares the design point for running.
// p must come from param.Defaults (the zero Values is not usable). The
// Scenario keeps its own copies of p, r
// and archs, so the caller may change them afterwards: a sweep that edits
// one roster or one Values in place and makes a Scenario at each step gets
// the Scenario of each step.
func NewScenario(p param.Values, r *agents.Roster, archs []agents.Architecture) (*Scenario, error) {
	return NewProbeScenario(p, r, archs, nil)
}

// NewProbeScenario is NewScenario with a forced challenge schedule. The
// Scenario holds its own copy of probe, so one Probe may serve scenarios
// of different rosters, and editing it afterwards changes none of them.
func NewProbeScenario(p param.Values, r *agents.Roster, archs []agents.Architecture, probe *Probe) (*Scenario, error) {
	if probe != nil {
		// The targets are resolved into indices of r: resolving them in
		// the caller's Probe re-indexed every scenario made with it before
		// for the last one's roster (a review, stop 51).
		probe = &Probe{Type: probe.Type, Targets: slices.Clone(probe.Targets)}
	}
	// Copies, not the caller's: a Run draws each task's population from
	// the roster, so a roster edited in place after NewScenario changed
	// the runs of every Scenario made with it before (a review, stop 51:
	// a loop that set a state's capability and made a Scenario at each
	// value ran them all at the last value).
	if r != nil {
		rc := *r
		rc.States = slices.Clone(r.States)
		r = &rc
	}
	sc := &Scenario{Params: p.Clone(), Roster: r, Architectures: cloneArchitectures(archs), Probe: probe}
	if err := sc.prepare(); err != nil {
		return nil, err
	}
	return sc, nil
}

// cloneArchitectures copies archs down to the mechanisms' founders and
// eligible states, keeping a nil list nil (eligible: every state).
func cloneArchitectures(archs []agents.Architecture) []agents.Architecture {
	out := slices.Clone(archs)
	for i := range out {
		ms := slices.Clone(out[i].Mechanisms)
		for k := range ms {
			ms[k].Founders = slices.Clone(ms[k].Founders)
			ms[k].Eligible = slices.Clone(ms[k].Eligible)
		}
		out[i].Mechanisms = ms
	}
	return out
}

// Runner holds one worker's scratch memory, so that runs allocate nothing in
// steady state. A Runner is not safe for concurrent use: give each worker its
// own.
type Runner struct {
	// Stop, when not nil, is read once per period: once it is true, Run
	// returns within a period and the outcomes in dst are unspecified
	// (the caller discards them). It makes a long task cancellable.
	Stop *atomic.Bool
	// CountPeriods makes Run count the periods it runs, for PeriodsDone
	// (an atomic add a period, which only a caller timing a task needs).
	CountPeriods bool
	sim          sim
}

// PeriodsDone is how many periods the current or last Run has run, over
// its architectures, with CountPeriods set (0 otherwise): all of them
// (architectures × periods) unless Stop ended it early, so that a caller
// timing a task can tell how far it got. Safe to call while Run runs.
func (r *Runner) PeriodsDone() int { return int(r.sim.done.Load()) }

// NewRunner returns a Runner with empty scratch memory.
func NewRunner() *Runner { return &Runner{} }

// Run simulates every architecture of sc on the population and exogenous
// shocks derived from seed (common random numbers), writing one Outcome per
// architecture into dst, which must have len(sc.Architectures). rec may be nil.
// sc must come from NewScenario or NewProbeScenario: Run panics, saying so,
// on a Scenario written as a literal, whose parameters and architectures
// were never resolved (a review, stop 51: it panicked deep inside the
// population draw).
func (r *Runner) Run(sc *Scenario, seed int64, dst []Outcome, rec Recorder) {
	if !sc.model.prepared {
		panic("engine: Run: the Scenario was not made by NewScenario or NewProbeScenario")
	}
	if len(dst) != len(sc.Architectures) {
		panic("engine: Run: len(dst) != number of architectures")
	}
	r.sim.stop, r.sim.count = r.Stop, r.CountPeriods
	r.sim.runTask(sc, uint64(seed), dst, rec)
}

// TaskSeed derives the seed of task (point, replicate) from the config seed.
// It depends on nothing else, so a task's rows never depend on the plan's
// size, the shard or the worker. The result is in [0, 2^63) so that it is
// stored as int64 (R reads uint64 as double).
func TaskSeed(master int64, point, replicate int) int64 {
	h := mix64(uint64(master) ^ 0x70616374_73696d31) // "pactsim1"
	h = mix64(h ^ uint64(point)*0x9e3779b97f4a7c15)
	h = mix64(h ^ uint64(replicate)*0xc2b2ae3d27d4eb4f)
	return int64(h >> 1)
}

// Version is the engine's version: it is recorded in every results
// directory, and resume and merge refuse to mix versions. Bump it whenever a
// change alters any number a run produces, or the bytes of a table it
// writes (a column's description is in every file's schema, and verify
// compares files byte for byte).
const Version = "0.4.22"

// ModelVersion is the version of the model specification implemented
// (docs/model.md).
const ModelVersion = "2.0"
