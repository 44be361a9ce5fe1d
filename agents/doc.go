// Package agents is the model's actors and rules: the states and their
// attributes, rosters and population sampling, mechanisms and the built-in
// architectures, and the decision rules and belief updates of
// docs/model.md, as pure functions and small value types. The engine
// package owns the state of a run and the order of events; this package
// owns what each rule computes.
//
// The files follow the model document:
//
//	roster.go, population.go  states, rosters, population draws (secs. 3, 15)
//	rostercheck.go            a roster's ranges, for one a program built (Roster.Validate)
//	rosterhint.go             why a roster's line or header is refused: indented #, separators, spellings
//	mechanism.go, presets.go  mechanisms, architectures, presets (sec. 4)
//	domains.go                capability and salience per domain, awareness, economic loss (secs. 4.4, 8.2, 13)
//	accession.go              accession utility and decisions, ĉ_m, r̂_im; tastes, bans, formation (sec. 5)
//	adversary.go              A's threshold, estimate, choice, hazard, counter-mobilisation; denial and war (secs. 6, 8)
//	response.go               the response game: utility, threshold, signals (sec. 7)
//	coordination.go           latency per domain, on time or late (sec. 7.1)
//	resolution.go             commitment, coordination, the false-security gap (sec. 8.3)
//	learning.go               Beta beliefs and records, credibility and hand-tying, stickiness, Japan's cap (secs. 6.1, 9)
//	dynamics.go               spending, readiness, autonomy, memories (secs. 9.6-9.9)
//
// and the helpers they share: exp.go (the exponential and logistic, the
// same on every CPU), encoding.go (a file saved as UTF-16 or UTF-32, WideEncoding) and showname.go
// (names and paths as messages print them).
//
// # Invariants
//
//   - Rules are pure: their results depend on their arguments alone. There
//     is no package-level mutable state, and the only randomness is the
//     explicit rand.Source that DrawPopulation consumes in a fixed order.
//   - Rules allocate nothing, and most are small enough to inline where
//     the engine's inner loop calls them. Their constants come in named structs
//     (AccessionCosts, Adversary, ResponseCosts, Learning, Credibility,
//     TypePrior) built once per design point from param.Values by the New*
//     functions, never in long runs of positional numbers.
//   - The order of floating-point operations in a rule is part of its
//     contract: the engine's results are reproducible bit for bit, so a
//     rewrite that changes a rounding changes every output and needs a new
//     engine version.
//   - A mechanism is data (MechanismDef); no code path names a particular
//     mechanism. Its numeric fields are the table param.MechFields.
//   - Crisis types are ordered (CrisisType); the lowest index wins a tie.
//
// Who owns what: agents/param owns parameter names, defaults and ranges;
// agents owns the rules and the presets; engine owns memberships, links,
// beliefs and records during a run, and calls the rules in the order of
// docs/model.md sec. 10.
package agents
