#!/usr/bin/env bash
# bench.sh: the speed and memory figures of pactsim, printed.
#
#   1. one architecture-run, alone and in a task of the four 1.1 presets
#      (go test -bench, one core, allocations);
#   2. architecture-runs per second of a whole `runner run` (engine, parquet
#      and arrow writers, summary) with 1 and 2 workers, and the parallel
#      efficiency rate(2)/(2·rate(1));
#   3. peak resident memory of `runner run` for 1e4 and 1e6 tasks (it must
#      stay flat: memory is bounded by the executor's window and one part).
#
# Usage: scripts/bench.sh [--quick]   (--quick skips the 1e6-task run)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
if ! [ -x /usr/bin/time ]; then
  echo "bench: installing GNU time (for peak RSS)" >&2
  apt-get install -y -qq time >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/runner" ./cmd/runner

echo "== one architecture-run, 40 periods, default roster (go test -bench)"
go test -run '^$' -bench 'ArchitectureRun|Task11' -benchtime 20000x ./engine | grep Benchmark

config() { # name replicates
  cat >"$work/$1.yaml" <<YAML
name: $1
seed: 7
replicates: $2
architectures: [none, hub_and_spokes, treaty, layered]
output:
  formats: [parquet]
  plots: false
YAML
}
# run NAME WORKERS -> prints "seconds peak_kib"
run() {
  local out="$work/out-$1-$2"
  rm -rf "$out"
  /usr/bin/time -f '%e %M' -o "$work/time" "$work/runner" run "$work/$1.yaml" -o "$out" --workers "$2" --quiet
  cat "$work/time"
}

config t1e4 10000
echo
echo "== whole runs, 1e4 tasks × 4 architectures"
read -r s1 m1 < <(run t1e4 1)
read -r s2 m2 < <(run t1e4 2)
awk -v s1="$s1" -v s2="$s2" 'BEGIN {
  r1 = 40000 / s1; r2 = 40000 / s2
  printf "workers 1: %.2f s, %.0f architecture-runs/s\n", s1, r1
  printf "workers 2: %.2f s, %.0f architecture-runs/s\n", s2, r2
  printf "parallel efficiency (2 workers): %.2f\n", r2 / (2 * r1)
}'
echo
echo "== peak RSS"
echo "1e4 tasks: $((m2 / 1024)) MiB"
if [ "$quick" != "--quick" ]; then
  config t1e6 1000000
  read -r s6 m6 < <(run t1e6 2)
  echo "1e6 tasks: $((m6 / 1024)) MiB ($s6 s with 2 workers)"
fi
