// Package experiments turns an experiment config (YAML) into a Plan: the
// validated, resolved design points, the replicates, the architectures, and
// the numbering of tasks, shards and output parts. It owns the config
// schema (documented below; the README shows examples); the model lives
// in agents and engine, and the parameter registry in agents/param.
//
// # Validation
//
// Load decodes strictly and rejects, before any work starts and with one
// error type (*ConfigError: file, line, dotted key, what is allowed): an
// empty file, a second YAML document, NaN or Inf anywhere, an unknown or
// duplicate key at any level, a wrong type, a missing required key (name,
// seed, replicates, architectures), an unknown parameter (with the nearest
// registered names), a value outside the registry's allowed range (every
// params value, every swept value and both ends of every range), a parameter
// both fixed and swept, and an empty or impossible design: steps < 1, 1 step
// spanning min < max, min > max, zip lists of unequal length, samples
// missing or < 1 for random/lhs/halton, a boolean parameter in
// random/lhs/halton, a grid range that gives non-integer values for an
// integer parameter, more than MaxPoints points or MaxTasks tasks. It also
// rejects a roster that does not load and an architecture that does not
// validate against the roster (or that the engine refuses). It reads the
// config and the roster file and nothing else.
//
// # Invariants
//
//   - A plan depends on the config bytes (and a roster file it names) alone:
//     no clock, no host, no global random state.
//   - Points are numbered in a fixed order: grid is the cartesian product,
//     row-major, with the last parameter varying fastest; zip takes the k-th
//     value of every list; random, lhs and halton draw from a math/rand/v2
//     PCG source seeded by the config seed and the design's name (lhs and
//     halton through gonum's stat/samplemv; halton Owen-scrambled). No sweep
//     is one point at the fixed values.
//   - morris and saltelli draw their unit-cube points with the analysis
//     package's samplers from the same kind of source and keep their
//     orders: Morris trajectory by trajectory (r(k+1) points), Saltelli
//     block by block, A, AB^1..AB^k, [BA^1..BA^k,] B (N(k+2) or N(2k+2)
//     points). With sweep.crn: points (their default) a task's seed comes
//     from (seed, replicate) alone, so every point's replicate r sees the
//     same population and shocks; crn is in the canonical config for these
//     two designs, and for the others only when it is points.
//   - Integer parameters in random, lhs and halton designs take equal-width
//     bins, one per whole value in [min, max], so every value is equally
//     likely and LHS strata stay one value wide or wider.
//   - Task (point, replicate) has index point·replicates + replicate, so
//     tasks run point-major; NumTasks = NumPoints·Replicates.
//   - Shard i of n owns tasks [floor(i·T/n), floor((i+1)·T/n)); shards
//     0..n-1 tile [0, T) exactly, and some are empty when n > T.
//   - Parts are cut at the global multiples of output.part_tasks (P) and at
//     shard ends, so a part's task range depends only on the config and the
//     sharding, never on workers or timing.
//
// # Part names
//
// A part is named by its first task lo alone: "part-NNNNN" with
// NNNNN = lo/P (at least five digits) when lo is a multiple of P, which is
// every part of an unsharded run; a fragment that starts inside a part,
// because a shard boundary falls there, is "part-NNNNN_OOO" with
// OOO = lo mod P, zero-padded to the width of P-1. Since lo determines the
// name, parts of different shards never collide, and since '.' sorts before
// '_', sorting file names sorts parts in task order (while part numbers fit
// in five digits). Example, P = 8192, two shards of 12000 tasks: shard 0
// writes part-00000 [0, 6000); shard 1 writes part-00000_6000 [6000, 8192)
// and part-00001 [8192, 12000).
//
// # Inline architectures
//
// An architecture is a preset name (agents.PresetNames) or a mapping with a
// name, an optional base preset and a list of mechanisms. A mechanism starts
// from its preset template when it names one (numbers from the
// mechanisms.<preset>.* parameters, treaty = preset is "treaty",
// founders_bound from mechanisms.treaty.founders_bound), else from the base
// mechanism of the same name, which it replaces in place (position breaks
// link ties), else from an empty mechanism with min_members 1; then every
// written field overrides. A preset that rebuilds a base mechanism must
// write what the template does not carry of it (founders, eligible,
// pre_existing; a deferred treaty's formalise_from cannot be written, so
// it is edited without a preset): checkMechanisms refuses it otherwise. A written number is fixed: sweeping the template's
// parameter no longer moves it (checkReads refuses a sweep that moves no
// mechanism; noteShadowedMoves notes each mechanism that a sweep or
// calibration leaves at its written value). Architectures are built per design point,
// because mechanisms.* and population.* parameters may be swept.
//
// # Canonical config
//
// Plan.Canonical is the resolved config as deterministic YAML: keys in a
// fixed order, every default filled in, every registered parameter explicit
// under params in registry order (except periods, which is top level, swept
// parameters, and inheriting parameters not set, such as a cell's
// obligation, which keep following mechanisms.cell.obligation), output
// sets in canonical order, and a roster read from a file embedded as
// population.roster_csv so that the file reproduces the run anywhere.
// Preset architectures stay as names: a preset is model code, versioned with
// the engine, and its founders depend on the roster (by role for synthetic
// rosters, which can change per point); the manifest records the engine
// version, and resume and merge refuse a different one. Plan.Hash is the
// SHA-256 of these bytes, and loading them again gives the same bytes.
package experiments
