// Package engine runs the model: one architecture-run is a population, an
// architecture and the task's random streams in, one Outcome out; Execute
// runs many tasks on parallel workers and delivers them in task order.
//
// A run is the model's phases, each in its own file with the state it
// owns, in the words of docs/model.md:
//
//	sim.go        the run: set-up at t = 0 and the period loop (sec. 10)
//	accession.go  reviews: decisions, the life of mechanisms, treaty attempts (sec. 5)
//	links.go      links, signal noise, visibility, latency and per-target caches (secs. 4.4, 6.1, 6.4, 7.1)
//	adversary.go  the adversary's channels, options, hazards and choices (sec. 6)
//	decide.go     the adversary's choice with two channels, both estimates in one pass (secs. 6.2, 6.3, 6.5)
//	crisis.go     the crisis: signals, best response (sec. 7)
//	resolve.go    how a crisis ends: lateness, denial, war, the false-security gap (secs. 7.1, 8)
//	learning.go   beliefs, records, credibility, interoperability (sec. 9)
//	dynamics.go   model 2.0's state: capability per domain, spending, readiness,
//	              autonomy, memories, counter-mobilisation, hand-tying (secs. 4.4-9.9)
//	shocks.go     US elections (sec. 9.1)
//	record.go     outcomes and the optional records (sec. 13)
//	model.go      a Scenario's parameters resolved once per design point
//	streams.go    the random streams (sec. 11)
//	executor.go   parallel execution in task order
//
// and the exported types around them: api.go (Scenario, Runner, the
// records), outcome.go (the outcome registry) and degenerate.go (outcomes
// an architecture's structure fixes).
//
// The rules each phase applies are in package agents; engine holds the
// state and calls them in order. A new phase is a new file: its state as a
// part embedded in sim, sized in setUp, and a call from period or crisis at
// its place in the order of events.
//
// # Invariants
//
//   - Streams: every random number derives from the task seed, which
//     depends on (master seed, point, replicate) alone (TaskSeed). The
//     population comes from a sequential PCG stream consumed in a fixed
//     order; exogenous shocks from a counter-based stream indexed by
//     (period, target, slot, responder); accession tastes from a
//     counter-based stream keyed by the architecture's name. There is no
//     global or time-seeded randomness.
//   - Common random numbers: every architecture of a task sees the same
//     population and the same shocks, whether or not it uses them, so
//     differences between architectures are not sampling noise.
//   - Zero allocation: a Runner's scratch is sized on first use and reused,
//     so a steady-state Run allocates nothing (BenchmarkArchitectureRun
//     reports 0 allocs/op); the optional Recorder is the only outlet.
//   - Determinism: a Run is sequential and its outcomes depend only on the
//     Scenario and the seed; Execute delivers results in task order, so
//     anything summed from them is the same for any number of workers.
//
// Who owns what: a Scenario is immutable once NewScenario returns and is
// shared read-only by every worker; a Runner belongs to one worker; within
// a run each phase writes only its own part of the state (membership,
// linkTable, beliefs, crisisScratch, dynamics, runTotals) and reads the
// others.
//
// Shortcuts are exact: what only changes at reviews is kept from the last
// review (links per pair, A's options per target), parts of a sum that are
// +0 by construction are left out, and steps that would leave a value
// where it is are skipped; each is commented where it is taken, and
// docs/model.md sec. 22.1 lists them. TestRegress20 pins the results of
// all six presets; TestShortcutsExact compares the shortcuts over what did
// not change with computing everything (sim.full).
//
// Model 2.0 with every strength off and the 1.1 constants
// (experiments/model-1.1.yaml) reproduces the 1.1 engine bit for bit
// (TestModel11Reproduction, docs/model.md sec. 20): a rewrite must keep
// 1.1's summation orders on that path.
package engine
