// Package docprobe has no code of its own. Its tests recompute, from the
// configurations the text names, the numbers that docs/model.md and the
// README give and the report's note on chance rates (the probes of the
// reviews from stop 30 on), through package experiments' exported API.
// They were experiments' own tests; they live in a package of their own
// because go test times each package's tests together against its
// 10-minute default, and with them experiments ran past it on a loaded
// 2-core machine (a review, stop 56). The tests run from the experiments
// folder (TestMain), where the configs are.
package docprobe
