#!/usr/bin/env bash
# bench-vs-1.1.sh: the engine benchmark of model 1.1 and of this engine,
# side by side on this machine (issue 12, point 9; docs/model.md sec. 22.1).
#
# It builds the engine's test binary twice, from this checkout and from the
# last commit of the 1.1 engine (a temporary git worktree), both for
# GOAMD64=v1, then runs BenchmarkArchitectureRun for the four presets 1.1
# has, on one core (GOMAXPROCS=1), in ROUNDS interleaved rounds so that a
# change in the machine's load falls on both alike. It prints, per preset,
# the fastest round of each (the least disturbed by other work) and their
# ratio, and the allocations per run.
#
# Usage: scripts/bench-vs-1.1.sh [ROUNDS] [RUNS]   (defaults 5 and 2000x)
# Needs the git history (a clone, not an exported tree).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
runs=${2:-2000}
# The last commit whose engine is model 1.1 (the merge before model 2.0).
v11=a650e7a84e8dd9cb2830d7885d233491d882bcd5
if ! git cat-file -e "$v11^{commit}" 2>/dev/null; then
  echo "bench-vs-1.1: commit ${v11:0:7} (the 1.1 engine) is not in this clone's history" >&2
  exit 2
fi
work=$(mktemp -d)
cleanup() {
  git worktree remove --force "$work/v11" >/dev/null 2>&1 || true
  git worktree prune
  rm -rf "$work"
}
trap cleanup EXIT
git worktree add --detach -q "$work/v11" "$v11"
export GOAMD64=v1
(cd "$work/v11" && go test -c -o "$work/v11.test" ./engine)
go test -c -o "$work/now.test" ./engine

presets='none|hub_and_spokes|treaty|layered'
for r in $(seq 1 "$rounds"); do
  for b in v11 now; do
    GOMAXPROCS=1 "$work/$b.test" -test.run '^$' \
      -test.bench "^BenchmarkArchitectureRun$/^($presets)$" -test.benchtime "${runs}x" |
      awk -v b="$b" '/^BenchmarkArchitectureRun\// {
        split($1, p, "/"); sub(/-[0-9]+$/, "", p[2])
        print b, p[2], $3, $7 }' >>"$work/rounds"
  done
  echo "bench-vs-1.1: round $r of $rounds done" >&2
done

awk -v rounds="$rounds" -v runs="$runs" '
  { k = $1 " " $2
    if (!(k in best) || $3 < best[k]) best[k] = $3
    allocs[k] = $4
    if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
  END {
    printf "per architecture-run, 40 periods, default roster, one core; fastest of %d rounds of %dx\n\n", rounds, runs
    printf "| preset | 1.1 µs | now µs | now / 1.1 | allocs 1.1 / now |\n|---|---|---|---|---|\n"
    for (i = 1; i <= n; i++) {
      p = order[i]; a = best["v11 " p]; c = best["now " p]
      printf "| %s | %.1f | %.1f | %.2f | %s / %s |\n", p, a / 1000, c / 1000, c / a, allocs["v11 " p], allocs["now " p]
    }
  }' "$work/rounds"
