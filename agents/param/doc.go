// Package param is the registry of every model parameter of pactsim.
//
// Each parameter is registered exactly once, with its dotted name (the name
// users write in configs and see in `runner describe`), its default, the range
// validation allows, the plausible range a sweep should explore, its unit, a
// one-line meaning and the source of its default. Configs, validation, the
// model and the documentation all read this one table, so they cannot drift
// apart.
//
// Invariants:
//   - names are unique and registered in a fixed order (All returns them in it);
//   - every default lies inside its allowed range;
//   - integer and boolean parameters hold whole values (booleans 0 or 1).
//
// The package is a leaf: it imports nothing from pactsim.
package param
