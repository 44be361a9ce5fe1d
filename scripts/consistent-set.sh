#!/usr/bin/env bash
# consistent-set.sh: the primary contrasts over every set of constants a
# design calibration could not rule out (docs/model.md sec. 17.2, "How far
# the targets pin each constant").
#
# DIR is the results directory of `runner calibrate` with optimizer method
# lhs (experiments/calibration-set.yaml). The rows of its
# calibration/trace.csv with loss 0 meet every target; this script writes
# a run config that sweeps them as a zip design (crn: points, so every set
# runs the same task seeds), runs it with the treaty, the layered structure
# and both together at the other parameters' defaults (US reliability 0.7),
# and prints, for each primary contrast, how many sets give a difference
# significantly below 0, significantly above 0, or neither (the 95%
# interval of the paired mean difference), and the range of the mean.
#
# Usage: scripts/consistent-set.sh DIR [OUT] [REPLICATES]
#   OUT: the run's results directory (default DIR-contrasts), replaced if it
#   is a results directory already (--force); REPLICATES per set (default
#   1000). It runs this checkout's runner (go run), which must be the
#   engine that wrote DIR. About 20 s for 90 sets on 2 cores.
set -euo pipefail
if [ $# -lt 1 ]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
dir=$(realpath -m -- "${1%/}")
out=$(realpath -m -- "${2:-$dir-contrasts}")
reps=${3:-1000}
trace=$dir/calibration/trace.csv
if [ ! -f "$trace" ]; then
  echo "consistent-set: $trace: no such file (DIR must be a calibration's results directory)" >&2
  exit 2
fi
if ! grep -q 'method: lhs' "$dir/config.yaml"; then
  echo "consistent-set: $dir is not a design calibration (its config.yaml has no optimizer method lhs): CMA-ES stops at the first point that meets every target, so its trace is no sample of the set" >&2
  exit 2
fi
case $reps in
'' | *[!0-9]*)
  echo "consistent-set: REPLICATES $reps: want a whole number" >&2
  exit 2
  ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
cfg=$(mktemp --suffix=.yaml)
trap 'rm -f "$cfg"' EXIT

# The parameter columns are those between "evaluation" and "loss".
awk -F, -v reps="$reps" '
  NR == 1 {
    for (i = 1; i <= NF; i++) if ($i == "loss") loss = i
    if (loss < 3 || $1 != "evaluation") { print "consistent-set: unexpected trace header" > "/dev/stderr"; exit 2 }
    for (i = 2; i < loss; i++) name[i] = $i
    next
  }
  $loss == 0 {
    n++
    for (i = 2; i < loss; i++) v[i] = v[i] (n > 1 ? ", " : "") $i
  }
  END {
    if (loss == 0) exit 2
    if (n == 0) { print "consistent-set: no evaluation of the trace meets every target" > "/dev/stderr"; exit 1 }
    print "name: consistent-set"
    print "seed: 20261203"
    print "replicates: " reps
    print "periods: 40"
    print "architectures: [treaty, layered, treaty_plus_cells]"
    print "population:"
    print "  roster: indo-pacific"
    print "sweep:"
    print "  design: zip"
    print "  crn: points"
    print "  parameters:"
    for (i = 2; i < loss; i++) print "    " name[i] ": [" v[i] "]"
    print "output:"
    print "  formats: [parquet]"
    print "  tables: [runs, summary, contrasts]"
    print "  plots: false"
  }' "$trace" >"$cfg"
sets=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "loss") c = i; next } $c == 0 { n++ } END { print n + 0 }' "$trace")
echo "consistent-set: $sets sets of constants meet every target; running the contrasts into $out" >&2
(cd "$here" && go run ./cmd/runner run "$cfg" -o "$out" --force -q)

# Each primary contrast over the sets.
awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  {
    a = $col["architecture_a"]; b = $col["architecture_b"]; o = $col["outcome"]
    if (!((a == "layered" && b == "treaty") || (a == "treaty_plus_cells" && b == "layered"))) next
    if (o != "severity_loss" && o != "deterrence_success") next
    k = a " − " b ", " o
    if (!(k in n)) order[++m] = k
    n[k]++
    d = $col["mean_diff"]; lo = $col["ci_low"]; hi = $col["ci_high"]
    if (hi != "" && hi + 0 < 0) below[k]++
    else if (lo != "" && lo + 0 > 0) above[k]++
    if (!(k in min) || d + 0 < min[k]) min[k] = d + 0
    if (!(k in max) || d + 0 > max[k]) max[k] = d + 0
  }
  END {
    printf "| contrast | sets | significantly below 0 | significantly above 0 | neither | mean difference, from / to |\n|---|---|---|---|---|---|\n"
    for (i = 1; i <= m; i++) {
      k = order[i]
      printf "| %s | %d | %d (%.0f%%) | %d (%.0f%%) | %d | %.4g / %.4g |\n", k, n[k], below[k], 100 * below[k] / n[k], above[k], 100 * above[k] / n[k], n[k] - below[k] - above[k], min[k], max[k]
    }
  }' "$out/contrasts.csv"
