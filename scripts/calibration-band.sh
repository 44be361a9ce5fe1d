#!/usr/bin/env bash
# calibration-band.sh: how far the fit targets pin each fitted constant,
# one at a time (docs/model.md sec. 17.2, "How far the targets pin each
# constant").
#
# For each constant of experiments/calibrate.yaml it moves that constant
# alone over a range, the others at their fitted values (the registry
# defaults), and at each value runs the calibration's own targets once:
# a calibration of that one constant over a range 1e-9 wide, with a budget
# of one evaluation, so every target is measured exactly as `runner
# calibrate` measures it (1,000 replicates on the config's task seeds). It
# prints one line per value ("+" where every fit target is met, else the
# targets missed and their values) and, per constant, the interval of
# values that meet every target: the one-dimensional slice, through the
# fit, of the set of constants the data cannot tell apart (the set itself
# reaches beyond the slices where constants trade off:
# experiments/calibration-set.yaml samples it).
#
# Usage: scripts/calibration-band.sh [CONSTANT...]   (default: all twelve)
# About 2 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=experiments/calibrate.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/runner" ./cmd/runner

# constant lo hi steps: the scan of each constant (wider than its band).
scans='adversary.threshold 1.4 2.3 45
adversary.noise 0.30 0.70 40
adversary.denial_scale 0.02 0.08 60
adversary.war_aversion 0 10 10
crisis.grey_zone.gain 1.8 3.0 24
crisis.grey_zone.cost 0.5 1.2 35
crisis.grey_zone.severity 0.05 0.1 25
crisis.economic_coercion.gain 0.05 0.6 11
crisis.economic_coercion.severity 0.5 1.5 10
crisis.blockade.opprobrium 0 6 60
crisis.armed_attack.opprobrium 0.5 2 30
crisis.grey_zone.territorial_share 0.002 0.06 58'

for p in "$@"; do
  if ! echo "$scans" | grep -q "^$p "; then
    echo "calibration-band: unknown constant $p (allowed: $(echo "$scans" | cut -d' ' -f1 | tr '\n' ' '))" >&2
    exit 2
  fi
done

# The calibration config up to its parameters, and its targets.
head=$(sed -n '1,/^calibration:/p' "$cfg" | grep -v '^ *#')
targets=$(sed -n '/^  targets:/,/^  optimizer:/p' "$cfg" | grep -v '^  optimizer:')
if [ -z "$targets" ]; then
  echo "calibration-band: no targets section in $cfg" >&2
  exit 2
fi

echo "$scans" | while read -r p lo hi n; do
  if [ $# -gt 0 ] && [[ " $* " != *" $p "* ]]; then continue; fi
  first="" last="" marks=""
  for i in $(seq 0 "$n"); do
    v=$(awk -v lo="$lo" -v hi="$hi" -v i="$i" -v n="$n" 'BEGIN { printf "%.6g", lo + (hi - lo) * i / n }')
    w=$(awk -v v="$v" 'BEGIN { d = (v < 0 ? -v : v) * 1e-9; if (d < 1e-9) d = 1e-9; printf "%.17g", v + d }')
    {
      echo "$head"
      echo "  parameters:"
      echo "    $p: {min: $v, max: $w}"
      echo "$targets"
      echo "  optimizer: {method: cmaes, evaluations: 1, start: center}"
      echo "output:"
      echo "  formats: [parquet]"
      echo "  plots: false"
    } >"$work/c.yaml"
    out=$("$work/runner" calibrate "$work/c.yaml" -o "$work/out" --force 2>&1 </dev/null) || true
    met=$(echo "$out" | sed -n 's/^runner: \([0-9]*\) of \([0-9]*\) targets met$/\1 \2/p')
    miss=$(echo "$out" | sed -n 's/^runner:   target \([^:]*\): wanted .*, achieved \([^ ]*\).*: missed$/\1=\2/p' | tr '\n' ' ')
    if [ -z "$met" ]; then
      echo "calibration-band: $p = $v: no target table:" >&2
      echo "$out" >&2
      exit 1
    fi
    read -r k total <<<"$met"
    mark=.
    if [ "$k" = "$total" ]; then
      mark=+
      first=${first:-$v}
      last=$v
    fi
    marks=$marks$mark
    printf '%s %s %s %s/%s %s\n' "$p" "$v" "$mark" "$k" "$total" "$miss"
  done
  case $marks in
  *+*.*+*) gap=" (with gaps: $marks)" ;;
  *) gap="" ;;
  esac
  echo "== $p: every target met from ${first:-none} to ${last:-none}$gap (scanned $lo to $hi in $n steps: an end of the scan is an end of the band only up to the scan)"
done
