#!/usr/bin/env bash
# slurm-e2e.sh: end-to-end test of the Slurm scale-out on one machine.
#
# Run as root on Debian 12 from anywhere (it finds the repository from its
# own path). It installs slurm-wlm and munge with apt-get when they are
# missing, starts a private single-node Slurm (munged, slurmctld, slurmd)
# whose config, key, sockets, state, spool, pid files and logs all live in
# one temporary directory (nothing is written to /etc), submits
# experiments/quick.yaml through deploy/slurm/submit.sh as a 4-task array
# plus the dependent merge job, and checks:
#
#   - the merge job succeeded and every array task chose its shard from the
#     SLURM_ARRAY_* variables (shard I/4 in RESULTS/shard-I);
#   - the merged directory equals an unsharded local run of the same config:
#     the byte-identical tables (summary, contrasts, points, their CSVs and
#     Arrow twins, codebook, config.yaml), and the runs rows (with DuckDB,
#     when the .ci/reader Node packages are available: part files differ by
#     design, since shard boundaries cut parts);
#   - the independent reader check (.ci/reader/check.mjs) passes on the
#     merged directory, when Node and its packages are available;
#   - submitting again is a no-op that reproduces the same merged bytes
#     (finished shards verify under --resume; the merge is redone).
#
# It prints `slurm-e2e: P passed, F failed` and exits 0 only when F is 0.
# Every daemon it started is stopped (by its pid file) and the temporary
# directory removed on exit, whatever happens. Daemons left by an earlier
# run that was killed outright are found by their pid files and stopped.
#
# Environment: SLURM_E2E_TIMEOUT (seconds for each submission's jobs,
# default 600: a bound on a hang, not on speed; idle they take about 20 s,
# but a 2-core machine at load 10 took 114 s for the first, half the 240
# s this once was),
# SLURM_E2E_KEEP=1 keeps the temporary directory for inspection.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
config_rel=experiments/quick.yaml
shards=4
job_timeout=${SLURM_E2E_TIMEOUT:-600}
prefix=pactsim-slurm-e2e

log() { echo "slurm-e2e: $*" >&2; }

[ "$(id -u)" = 0 ] || { log "must run as root (the daemons run as root)"; exit 2; }
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  PATH=$PATH:/usr/local/go/bin
fi
command -v go >/dev/null 2>&1 || { log "go not found"; exit 2; }

# --- packages ----------------------------------------------------------------
need_install=0
for c in munged mungekey slurmctld slurmd sbatch sinfo squeue; do
  command -v "$c" >/dev/null 2>&1 || need_install=1
done
if [ "$need_install" = 1 ]; then
  log "installing slurm-wlm and munge"
  . "$here/retry.sh"
  apt=(apt-get -qq -o DPkg::Lock::Timeout=300)
  retry "apt-get update" "${apt[@]}" update
  DEBIAN_FRONTEND=noninteractive retry "apt-get install slurm-wlm munge" "${apt[@]}" install -y slurm-wlm munge >/dev/null
fi

# --- daemons left by a run that was killed outright --------------------------
# Stop only processes named by our own pid files, and only when they are the
# daemon the file names and were started with that directory's config.
stop_pidfile() {
  local pidfile=$1 name=$2 dir=$3 pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  case $pid in ''|*[!0-9]*) return 0 ;; esac
  [ -r "/proc/$pid/comm" ] || return 0
  [ "$(cat "/proc/$pid/comm")" = "$name" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$dir" ||
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qF "SLURM_CONF=$dir/" || return 0
  kill "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
}
stop_daemons() {
  local dir=$1
  stop_pidfile "$dir/run/slurmd.pid" slurmd "$dir"
  stop_pidfile "$dir/run/slurmctld.pid" slurmctld "$dir"
  stop_pidfile "$dir/run/munged.pid" munged "$dir"
}
for old in "${TMPDIR:-/tmp}"/"$prefix".*; do
  [ -d "$old/run" ] || continue
  log "stopping daemons left by an earlier run in $old"
  stop_daemons "$old"
  rm -rf "$old"
done

# --- the private cluster ------------------------------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX")
mkdir -p "$tmp"/{run,log,state,spool,munge,results}
cleanup() {
  local rc=$?
  set +e
  if [ -f "$tmp/run/slurmctld.pid" ] && squeue -h -o %i 2>/dev/null | grep -q .; then
    scancel --quiet --user=root 2>/dev/null
    for ((i = 0; i < 25; i++)); do
      squeue -h -o %i 2>/dev/null | grep -q . || break
      sleep 0.2
    done
  fi
  stop_daemons "$tmp"
  if [ "${SLURM_E2E_KEEP:-0}" = 1 ]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() {
  echo "slurm-e2e: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}
# setup_failed WHAT: report a setup error with the daemon logs and stop.
setup_failed() {
  bad "$*"
  local f
  for f in "$tmp"/log/*.log; do
    [ -f "$f" ] || continue
    echo "--- $f (last 20 lines)"
    tail -n 20 "$f"
  done
  finish || exit 1
}

host=$(hostname -s)
cpus=$(nproc)
conf=$tmp/slurm.conf
cat >"$conf" <<CONF
# pactsim slurm-e2e: one node that is its own controller; everything in $tmp.
ClusterName=pactsim-e2e
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket.2
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SwitchType=switch/none
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=e2e Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
# Keep the job environment ours: no inherited array or shard variables.
unset SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_MIN SLURM_ARRAY_TASK_COUNT JOB_COMPLETION_INDEX PACTSIM_SHARDS

log "munged, slurmctld and slurmd in $tmp ($host, $cpus CPUs)"
chmod 0700 "$tmp/munge"
if command -v mungekey >/dev/null 2>&1; then
  mungekey --create --keyfile="$tmp/munge/munge.key"
else
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 0400 "$tmp/munge/munge.key"
munged --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket.2" \
  --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" \
  --seed-file="$tmp/munge/munged.seed" ||
  setup_failed "munged did not start"
# munged answers before slurmctld starts: a controller that cannot reach
# it fails every credential, which then reads as a node that never came
# up. Bounded: 10 s, then the logs.
munge_ok=0
for ((i = 0; i < 50; i++)); do
  if munge -n --socket="$tmp/munge/munge.socket.2" 2>/dev/null | unmunge --socket="$tmp/munge/munge.socket.2" >/dev/null 2>&1; then
    munge_ok=1
    break
  fi
  sleep 0.2
done
[ "$munge_ok" = 1 ] || setup_failed "munged does not answer on $tmp/munge/munge.socket.2 after 10 s (munge -n | unmunge)"
# The controller's and node's ports are fixed (the config names them): one
# taken by another process made slurmctld exit at once, reported only as
# a node not idle after a minute. Say which port, at once.
if command -v ss >/dev/null 2>&1; then
  for port in 16817 16818; do
    if ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
      setup_failed "port $port (SlurmctldPort/SlurmdPort) is in use by another process: $(ss -Htlnp "sport = :$port" 2>/dev/null | head -n 1)"
    fi
  done
fi
slurmctld -f "$conf" || setup_failed "slurmctld did not start"
slurmd -f "$conf" -N "$host" || setup_failed "slurmd did not start"

state=""
for ((i = 0; i < 120; i++)); do
  state=$(sinfo -h -N -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
if [ "$state" = idle ]; then ok "single-node Slurm up: $host idle"; else setup_failed "node $host not idle after 60 s (state '${state:-none}')"; fi

# --- the array and the merge, through the shipped scripts ---------------------
results=$tmp/results
cd "$repo"
# Build once outside the job timeout (a cold build takes minutes); submit.sh
# builds again into RESULTS/bin/runner, from the warm cache. Same flags as
# submit.sh: -trimpath changes every package's compile, so another build
# would not warm the cache for it.
start=$SECONDS
if go build -trimpath -ldflags "-s -w" -o "$tmp/runner.check" ./cmd/runner; then
  ok "go build -trimpath ./cmd/runner ($((SECONDS - start)) s)"
else
  setup_failed "go build ./cmd/runner"
fi
log "submitting $config_rel as $shards shards (builds the runner)"
start=$SECONDS
set +e
timeout "$job_timeout" deploy/slurm/submit.sh -w -n "$shards" -c 1 -t 00:10:00 "$config_rel" "$results" >"$tmp/submit.out"
rc=$?
set -e
runner=$results/bin/runner
if [ "$rc" = 0 ]; then
  ok "array of $shards shards and dependent merge job succeeded ($((SECONDS - start)) s; jobs $(cat "$tmp/submit.out"))"
else
  [ "$rc" = 124 ] && log "jobs did not finish within $job_timeout s"
  squeue -a 2>/dev/null || true
  for f in "$results"/logs/*.out; do
    [ -f "$f" ] || continue
    echo "--- $f"
    tail -n 20 "$f"
  done
  setup_failed "submit.sh -w exited $rc"
fi

# Each task chose its shard from SLURM_ARRAY_TASK_ID/MIN/COUNT.
for ((i = 0; i < shards; i++)); do
  m=$results/shard-$i/manifest.json
  if [ -f "$m" ] && tr -d ' \n' <"$m" | grep -q "\"shard\":{\"index\":$i,\"count\":$shards," &&
    grep -q "shard $i/$shards (from SLURM_ARRAY_TASK_ID)" "$results/logs/shard-$i.out"; then
    ok "shard-$i is shard $i/$shards, chosen from the array variables"
  else
    bad "shard-$i: manifest or log does not show shard $i/$shards from SLURM_ARRAY_TASK_ID"
    tail -n 20 "$results/logs/shard-$i.out" 2>/dev/null || true
  fi
done

# --- the same config, unsharded, locally ---------------------------------------
local_dir=$tmp/local
if "$runner" run "$config_rel" -o "$local_dir" --workers 2 --shard 0/1 --quiet; then
  ok "local unsharded run"
else
  bad "local unsharded run failed"
fi

# Tables computed from the runs rows in task order, and the resolved config:
# byte-identical between a merge and an unsharded run (README, "Scale
# out"). Runs part files are not: shard boundaries cut
# parts (part-00000_0010 ...), so the runs rows are compared below.
merged=$results/merged
identical=(summary.parquet contrasts.parquet points.parquet summary.csv contrasts.csv
  codebook.csv arrow/summary.arrow arrow/contrasts.arrow config.yaml)
differ=()
for f in "${identical[@]}"; do
  cmp -s "$local_dir/$f" "$merged/$f" || differ+=("$f")
done
if [ ${#differ[@]} = 0 ]; then
  ok "merged = local, byte for byte: ${identical[*]}"
else
  bad "merged differs from local in: ${differ[*]}"
fi

# --- independent readers (Node: apache-arrow + DuckDB) --------------------------
reader=""
if command -v node >/dev/null 2>&1; then
  if [ -d "$repo/.ci/reader/node_modules/@duckdb/node-api" ] && [ -d "$repo/.ci/reader/node_modules/apache-arrow" ]; then
    reader=$repo/.ci/reader
  elif command -v npm >/dev/null 2>&1; then
    mkdir -p "$tmp/reader"
    cp "$repo/.ci/reader/check.mjs" "$repo/.ci/reader/package.json" "$repo/.ci/reader/package-lock.json" "$tmp/reader/"
    if (cd "$tmp/reader" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1); then
      reader=$tmp/reader
    fi
  fi
fi
if [ -z "$reader" ]; then
  echo "skip runs-row comparison and reader check: Node or the .ci/reader packages are not available"
else
  cat >"$tmp/runs-equal.cjs" <<'JS'
// runs-equal.cjs READER A B: the runs rows of A and B are the same multiset
// (DuckDB over every Parquet part), with the same columns and types.
const { createRequire } = require('node:module');
const [reader, a, b] = process.argv.slice(2);
const { DuckDBInstance } = createRequire(reader + '/package.json')('@duckdb/node-api');
(async () => {
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const q = async (sql) => (await con.runAndReadAll(sql)).getRowObjects();
  const src = (d) => `read_parquet('${d.replaceAll("'", "''")}/runs/*.parquet')`;
  const cols = async (d) => JSON.stringify((await q(`DESCRIBE SELECT * FROM ${src(d)}`)).map((r) => [r.column_name, r.column_type]));
  const [ca, cb] = [await cols(a), await cols(b)];
  if (ca !== cb) { console.log(`columns differ: ${ca} vs ${cb}`); process.exit(1); }
  const [r] = await q(`SELECT
      (SELECT count(*) FROM ${src(a)}) AS na, (SELECT count(*) FROM ${src(b)}) AS nb,
      (SELECT count(*) FROM (SELECT * FROM ${src(a)} EXCEPT ALL SELECT * FROM ${src(b)})) AS only_a,
      (SELECT count(*) FROM (SELECT * FROM ${src(b)} EXCEPT ALL SELECT * FROM ${src(a)})) AS only_b`);
  const n = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]));
  console.log(`${n.na} and ${n.nb} rows, ${n.only_a} only in the first, ${n.only_b} only in the second`);
  process.exit(n.na === n.nb && n.na > 0 && n.only_a === 0 && n.only_b === 0 ? 0 : 1);
})().catch((e) => { console.log(String(e)); process.exit(1); });
JS
  if out=$(node "$tmp/runs-equal.cjs" "$reader" "$local_dir" "$merged" 2>&1); then
    ok "merged runs rows = local runs rows ($out)"
  else
    bad "runs rows differ between merged and local: $out"
  fi
  if out=$(node "$reader/check.mjs" "$merged" 2>&1); then
    ok "reader check of the merged directory: ${out##*$'\n'}"
  else
    bad "reader check of the merged directory:"
    echo "$out" | tail -n 20
  fi
fi

# --- submitting again: shards verify under --resume, the merge is redone -------
cp "$merged/summary.parquet" "$tmp/summary.before"
set +e
timeout "$job_timeout" deploy/slurm/submit.sh -w -n "$shards" -c 1 -t 00:10:00 -r "$runner" "$config_rel" "$results" >"$tmp/submit2.out"
rc=$?
set -e
if [ "$rc" = 0 ] && grep -q '"shard": null' "$merged/manifest.json" && cmp -s "$tmp/summary.before" "$merged/summary.parquet" &&
  "$runner" run "$config_rel" -o "$results/shard-0" --resume --shard "0/$shards" --quiet; then
  ok "resubmission is a no-op: shards verify under --resume, the merge reproduces the same bytes"
else
  bad "resubmission (submit.sh exited $rc)"
  tail -n 5 "$results"/logs/*.out 2>/dev/null || true
fi

# --- a shard that fails: Slurm cancels the merge, and -w must say so ---------
# sbatch --wait returns 0 for a job cancelled before it started, so -w once
# reported success with no merge (a hostile review, stop 32). A file of the
# user's in shard-1 makes that shard refuse its directory (exit 2).
failing=$tmp/results-failing
mkdir -p "$failing/shard-1"
echo mine >"$failing/shard-1/notes.txt"
set +e
timeout "$job_timeout" deploy/slurm/submit.sh -w -n "$shards" -c 1 -t 00:10:00 -r "$runner" "$config_rel" "$failing" >"$tmp/submit3.out" 2>"$tmp/submit3.err"
rc=$?
set -e
if [ "$rc" != 0 ] && [ "$rc" != 124 ] && [ ! -e "$failing/merged/manifest.json" ] && grep -q "did not merge" "$tmp/submit3.err"; then
  ok "a failed shard: submit.sh -w exits $rc and says the merge did not run"
else
  bad "a failed shard: submit.sh -w exited $rc"
  tail -n 5 "$tmp/submit3.err" "$failing"/logs/*.out 2>/dev/null || true
fi

finish
