#!/usr/bin/env bash
# plots-memory.sh: peak resident memory of the plots step (`runner plot DIR`)
# against the number of design points, to show that it does not grow with
# them (output/plots streams the tables and keeps only the points each
# figure draws).
#
# For each N it runs a Latin-hypercube design of N points over two
# parameters, 2 replicates and the four architectures with `plots: false`,
# then times `runner plot` on the directory with GNU time. The run phase of
# 100,000 points takes minutes (and its own memory is the run's business,
# not measured here).
#
# Usage: scripts/plots-memory.sh [N...]   (default: 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
if ! [ -x /usr/bin/time ]; then
  echo "plots-memory: installing GNU time (for peak RSS)" >&2
  apt-get install -y -qq time >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/runner" ./cmd/runner

printf '%10s  %14s  %8s\n' points "plot peak RSS" seconds
for n in "${sizes[@]}"; do
  cat >"$work/lhs-$n.yaml" <<YAML
name: plots-memory-$n
seed: 5
replicates: 2
architectures: [none, hub_and_spokes, treaty, layered]
sweep:
  design: lhs
  samples: $n
  parameters:
    us.reliability: {min: 0.3, max: 0.9}
    population.autonomy_shift: {min: -0.4, max: 0.4}
output:
  formats: [parquet]
  plots: false
YAML
  "$work/runner" run "$work/lhs-$n.yaml" -o "$work/out-$n" --quiet >/dev/null
  /usr/bin/time -f '%M %e' -o "$work/time" "$work/runner" plot "$work/out-$n" >/dev/null
  read -r kib secs <"$work/time"
  printf '%10d  %10d MiB  %8s\n' "$n" $((kib / 1024)) "$secs"
  rm -rf "$work/out-$n"
done
