#!/usr/bin/env bash
# submit.sh: run a pactsim experiment as a Slurm job array plus a merge job.
#
#   deploy/slurm/submit.sh [options] CONFIG RESULTS [-- SBATCH_ARGS...]
#
#   -n N        number of shards (array tasks), default 4
#   -c CPUS     CPUs per shard (the runner's --workers), default 4
#   -t TIME     time limit per shard, default 04:00:00
#   -p PART     partition for both jobs
#   -m MAX      run at most MAX shards at once (a throttle: --array=0-(N-1)%MAX)
#   -r RUNNER   use this runner binary instead of building one (the jobs
#               run a copy of it in RESULTS/bin/runner)
#   -w          wait for the merge job and exit with its status (1 when it
#               did not merge: a shard failed and Slurm cancelled it)
#   -L          allow a plan over a soft limit (--allow-large, to the check,
#               to every shard and to the merge)
#   -h          this help
#
# It builds the runner once (a stripped release build of ./cmd/runner, from
# this repository: go build -trimpath -ldflags "-s -w")
# into RESULTS/bin/runner, which must be on a filesystem the compute nodes
# see; checks CONFIG with `runner validate` as shard 0 of N on CPUS workers
# would run it, with its disk at RESULTS; submits
# pactsim-array.sbatch as --array=0-(N-1), one shard per task into
# RESULTS/shard-I; and submits pactsim-merge.sbatch with
# --dependency=afterok:ARRAY_JOB, which writes RESULTS/merged once every
# shard succeeded (and is cancelled if one failed). Logs go to RESULTS/logs.
# SBATCH_ARGS after -- go to both sbatch calls (e.g. --account=..., --qos=...);
# --array, --export, --output and --error are not among them (submit.sh
# sets them; -m is the array's throttle).
#
# Running it again with the same CONFIG and RESULTS is safe: finished shards
# verify and exit at once, unfinished ones resume, and the merge is redone.
# If the checkout now builds another runner (other bytes: another revision,
# Go version or edit) while RESULTS holds shards, it stops and says to pass
# -r RESULTS/bin/runner, the runner that began them.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
die() { echo "submit.sh: $*" >&2; exit 2; }

shards=4 cpus=4 time=04:00:00 partition="" runner="" wait=0 allow=() throttle=""
# An option given twice took its last value without a word: -n 4 ... -n 8
# (a line edited from the shell's history) submitted 8 shards, and two -r
# ran the second runner. The runner refuses its own flags given twice
# (--shard, --workers); so does submit.sh (a review, stop 54).
seen=" "
while getopts ':n:c:t:p:r:m:wLh' opt; do
  case $seen in *" $opt "*)
    case $opt in n) was=$shards ;; c) was=$cpus ;; t) was=$time ;; p) was=$partition ;; r) was=$runner ;; m) was=$throttle ;; *) was="" ;; esac
    case $opt in n | c | t | p | r | m) die "-$opt given twice (\"$was\", then \"$OPTARG\"): give it once" ;; esac ;;
  esac
  seen="$seen$opt "
  # An empty value, as from an unset variable (-r "$RUNNER", -m "$MAX"),
  # was taken as the option left out: -r built a runner from the checkout
  # instead of the one meant, -p submitted to the default partition and
  # -m ran every shard at once, without a word (a review, stop 55). The
  # runner refuses an empty argument alike.
  case $opt in
    n | c | t | p | r | m) [ -n "$OPTARG" ] || die "-$opt \"\": an empty value (an unset shell variable?): give one, or leave -$opt out for its default" ;;
  esac
  case $opt in
    n) shards=$OPTARG ;;
    c) cpus=$OPTARG ;;
    t) time=$OPTARG ;;
    p) partition=$OPTARG ;;
    r) runner=$OPTARG ;;
    m) throttle=$OPTARG ;;
    w) wait=1 ;;
    L) allow=(--allow-large) ;;
    h) usage; exit 0 ;;
    :) die "-$OPTARG needs a value (-h for help)" ;;
    *) die "unknown option -$OPTARG (-h for help)" ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { usage >&2; exit 2; }
config=$1 results=$2
shift 2
# An empty RESULTS (an unset variable: submit.sh CONFIG "$RESULTS") made
# /logs at the root of the file system, as root, or failed there with
# exit 1, and then took the working directory for RESULTS (cd "" stays
# put) (a review, stop 55).
[ -n "$config" ] || die "CONFIG is empty (an unset shell variable?): give the experiment's config file (-h for help)"
[ -n "$results" ] || die "RESULTS is empty (an unset shell variable?): give the folder that will hold shard-*, merged, logs and bin (-h for help)"
if [ $# -gt 0 ]; then
  [ "$1" = -- ] || die "unexpected argument $1 (sbatch arguments go after --)"
  shift
fi
extra=("$@")
# A path that begins with '-' would be read as an option by dirname, mkdir
# and cd (a review, stop 49): ./ names the same file and cannot be.
case $config in -*) config=./$config ;; esac
case $results in -*) results=./$results ;; esac
case $runner in -*) runner=./$runner ;; esac

case $shards in ''|*[!0-9]*|0*) die "-n $shards: the shard count must be a positive number without leading zeros" ;; esac
case $throttle in *[!0-9]*|0*) die "-m $throttle: the most shards at once must be a positive number without leading zeros" ;; esac
# --array among the sbatch arguments would go to the merge job too, making
# it an array of merges that each redo the merge, and -w then said the
# merge failed (a review, stop 50: -- --array=0-3%2, the README's
# throttle); the array is submit.sh's own, its throttle -m. sbatch takes
# --array by any unambiguous prefix (--ar, --arr=...) and as -a.
# --export would replace the --export=ALL that carries PACTSIM_RUNNER,
# PACTSIM_SHARDS and PACTSIM_ALLOW_LARGE to the jobs, and --output (-o) the
# logs' paths, where -w looks for the merge's log once Slurm has forgotten
# the job, and --error (-e) the errors beside them (a review, stop 50).
# --expor and shorter are ambiguous to sbatch (--export-file), so only
# --export itself is its; --ou is --output's, --er --error's.
for arg in ${extra[@]+"${extra[@]}"}; do
  opt=${arg%%=*}
  case $arg in
    -a*) bad=array ;;
    --ar*) case --array in "$opt"*) bad=array ;; *) bad= ;; esac ;;
    --export | --export=*) bad=export ;;
    -o* | -e*) bad=output ;;
    --ou*) case --output in "$opt"*) bad=output ;; *) bad= ;; esac ;;
    --er*) case --error in "$opt"*) bad=output ;; *) bad= ;; esac ;;
    *) bad= ;;
  esac
  case $bad in
    array) die "$arg among the sbatch arguments: submit.sh submits the array itself (--array=0-$((shards - 1)), one task a shard) and would pass it to the merge job too; to run at most K shards at once, pass -m K" ;;
    export) die "$arg among the sbatch arguments: submit.sh passes the jobs its environment (--export=ALL), which carries PACTSIM_RUNNER, PACTSIM_SHARDS and PACTSIM_ALLOW_LARGE; export any other variable in the shell before submit.sh instead" ;;
    output) die "$arg among the sbatch arguments: submit.sh writes the jobs' logs, output and errors, to $results/logs (shard-%a.out, merge-%j.out), where -w reads the merge's; leave --output (-o) and --error (-e) out" ;;
  esac
done
case $cpus in ''|*[!0-9]*|0*) die "-c $cpus: CPUs per shard must be a positive number without leading zeros" ;; esac
[ -f "$config" ] || die "no such config: $config"
# -r: a pactsim runner, checked before RESULTS is made (a review, stop 51:
# a missing one was named without its folder, "runner /runner is not
# executable", after bash's cd error, and left RESULTS/bin and logs
# behind; a folder failed as bash's exit 126; and another program that
# exits 0 passed the config check, which then printed nothing, and the
# array and merge were submitted to run it).
if [ -n "$runner" ]; then
  [ -f "$runner" ] && [ -x "$runner" ] || die "-r $runner: no such executable file: pass a pactsim runner (go build -o FILE ./cmd/runner), or leave -r out to build one"
  said=$("$runner" version 2>/dev/null || true)
  case $said in
    'pactsim engine '*) ;;
    *) die "-r $runner is not a pactsim runner (its \`version\` does not begin \"pactsim engine\"): pass a pactsim runner, or leave -r out to build one" ;;
  esac
fi
# PACTSIM_SHARDS left in the environment (a by-hand re-run exports it)
# would make the runner refuse the check below as a --shard the user never
# passed; the jobs get -n's count anyway. Say which two disagree.
if [ -n "${PACTSIM_SHARDS:-}" ] && [ "$PACTSIM_SHARDS" != "$shards" ]; then
  die "PACTSIM_SHARDS=$PACTSIM_SHARDS is set in the environment, and the shard count (-n) is $shards: unset PACTSIM_SHARDS, or pass -n $PACTSIM_SHARDS"
fi
# RESULTS holds shard-*, merged, logs and bin: a results directory of its
# own (a single run's) would no longer verify with them in it, and runner
# refuses shards inside one.
if [ -e "$results/manifest.json" ] || [ -e "$results/config.yaml" ]; then
  die "$results is a results directory (it has manifest.json or config.yaml); RESULTS is the folder that will hold shard-*, merged, logs and bin: choose another"
fi
# Nor may RESULTS lie inside a results directory (a complete one, or an
# unfinished run or calibration with work done): logs, bin and shards
# would be files its manifest does not list, and every array task would be
# refused, since runner run refuses a results directory inside another.
# RESULTS, or a folder on its way, that is there as a file (or a link to
# nothing) failed in mkdir below, exit 1 with mkdir's "Not a directory",
# twice, after the checks above had passed it (a review, stop 55).
probe=$results
while [ ! -d "$probe" ]; do
  if [ -e "$probe" ] || [ -L "$probe" ]; then
    [ -e "$probe" ] || die "$results cannot be made: $probe is a symbolic link to $(readlink "$probe"), which is not there: make its target, or choose another RESULTS"
    if [ "$probe" = "$results" ]; then
      die "$results is there and is not a folder (or a link to one): RESULTS is the folder that will hold shard-*, merged, logs and bin: choose another"
    fi
    die "$results cannot be made: $probe is there and is not a folder (or a link to one): choose another RESULTS"
  fi
  probe=$(dirname "$probe")
done
probe=$(cd "$probe" && pwd -P)
while :; do
  if { [ -f "$probe/manifest.json" ] && grep -q '"format": *"pactsim-results/' "$probe/manifest.json"; } ||
     { [ -f "$probe/config.yaml" ] && { [ -f "$probe/.parts.sha256" ] || [ -f "$probe/calibration/trace.csv" ]; }; }; then
    die "$results lies inside the results directory $probe, which would then hold files its manifest does not list: choose a RESULTS outside it"
  fi
  [ "$probe" = / ] && break
  probe=$(dirname "$probe")
done
command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node"
# Array task I is shard I, so N tasks need indices 0..N-1 <= MaxArraySize-1.
max_array=$(scontrol show config 2>/dev/null | sed -n 's/^MaxArraySize *= *\([0-9]*\).*/\1/p' || true)
if [ -n "$max_array" ] && [ "$shards" -gt "$max_array" ]; then
  die "-n $shards: this cluster's MaxArraySize is $max_array, so an array has at most $max_array tasks (0-$((max_array - 1))): use fewer, larger shards"
fi

# Before RESULTS is made: a refused submission leaves nothing behind (a
# review, stop 52: without go, RESULTS/bin and RESULTS/logs were left).
[ -n "$runner" ] || command -v go >/dev/null || die "go not found: install Go, or pass a prebuilt runner with -r"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
mkdir -p "$results/logs" "$results/bin"
results=$(cd "$results" && pwd)

if [ -z "$runner" ]; then
  # A runner already there is replaced only if it is pactsim's (a rerun
  # with the same RESULTS): RESULTS=$HOME must not replace ~/bin/runner.
  if [ -e "$results/bin/runner" ] && ! "$results/bin/runner" version 2>/dev/null | grep -q '^pactsim engine '; then
    die "$results/bin/runner exists and is not a pactsim runner; refusing to replace it: choose another RESULTS, or pass a runner with -r"
  fi
  echo "submit.sh: building the runner into $results/bin/runner" >&2
  # Build beside the target and rename, so tasks still running an older
  # binary are not disturbed.
  (cd "$repo" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$results/bin/.runner.tmp" ./cmd/runner)
  # Shards already begun are resumed only by the runner that began them
  # (another Go version or revision is refused, and a merge refuses shards
  # of two binaries): after a git pull, or with a new file in the
  # checkout, this build differs, and replacing the runner would have
  # every unfinished shard refused, or finish them under names merge
  # refuses (a scale-out review, stop 43). Keep it and say how to go on.
  # The binaries are compared byte for byte, not by their version lines:
  # a checkout modified before the first submission and edited again
  # says "revision R (modified)" both times (and a build under another
  # GOAMD64 says the same line), so the new runner replaced the old one,
  # resumed the unfinished shards with other code, and resume and merge,
  # which see only that line's fields, took them (a review, stop 49). A
  # rebuild of the same checkout with the same Go is the same bytes.
  # Without cmp (diffutils), the version lines are compared.
  if [ -e "$results/bin/runner" ] && compgen -G "$results/shard-*" >/dev/null; then
    old=$("$results/bin/runner" version 2>/dev/null || true)
    new=$("$results/bin/.runner.tmp" version)
    if command -v cmp >/dev/null; then
      if cmp -s "$results/bin/runner" "$results/bin/.runner.tmp"; then same=1; else same=0; fi
    elif [ "$old" = "$new" ]; then same=1; else same=0; fi
  else
    same=1
  fi
  if [ "$same" = 0 ]; then
    rm -f "$results/bin/.runner.tmp"
    if [ "$old" = "$new" ]; then
      new="$new, but other bytes: a checkout modified since, or another GOAMD64 or build setting"
    fi
    die "$results holds shards begun by $results/bin/runner ($old), and this checkout builds another runner ($new), which may not resume or merge them: pass -r $results/bin/runner to go on with the runner that began them, or choose a new RESULTS"
  fi
  mv -f "$results/bin/.runner.tmp" "$results/bin/runner"
  runner=$results/bin/runner
else
  given=$runner
  runner=$(cd "$(dirname "$runner")" && pwd)/$(basename "$runner")
  # -r another runner than the RESULTS/bin/runner that began the shards
  # there is the rebuild refused above, brought in by hand: one of the
  # same version line resumed them under other code (a review, stop 51).
  if [ -e "$results/bin/runner" ] && compgen -G "$results/shard-*" >/dev/null && ! [ "$runner" -ef "$results/bin/runner" ]; then
    if command -v cmp >/dev/null; then
      cmp -s "$results/bin/runner" "$runner" && same=1 || same=0
    else
      [ "$("$results/bin/runner" version 2>/dev/null || true)" = "$said" ] && same=1 || same=0
    fi
    if [ "$same" = 0 ]; then
      die "$results holds shards begun by $results/bin/runner ($("$results/bin/runner" version 2>/dev/null || true)), and -r $given is another runner ($said), which may not resume or merge them: pass -r $results/bin/runner to go on with the runner that began them, or choose a new RESULTS"
    fi
  fi
  # The jobs run a copy in RESULTS/bin/runner, the record the checks above
  # compare a later submission's runner with: a submission with -r alone
  # left none, so a second one with another runner of the same version
  # line, or without -r (a build), resumed its shards under other code
  # (a review, stop 52). Copied beside and renamed, as a build is.
  if ! [ "$runner" -ef "$results/bin/runner" ]; then
    if [ -e "$results/bin/runner" ] && ! "$results/bin/runner" version 2>/dev/null | grep -q '^pactsim engine '; then
      die "$results/bin/runner exists and is not a pactsim runner; refusing to replace it with a copy of -r $given: choose another RESULTS"
    fi
    cp "$runner" "$results/bin/.runner.tmp"
    mv -f "$results/bin/.runner.tmp" "$results/bin/runner"
    runner=$results/bin/runner
  fi
fi

# A bad config fails here, not in N array tasks. The limits are those of
# one shard, which is what one array task must finish: the whole plan
# would be refused as too long to run on one machine, which is why it is
# sharded.
# Its report (stdout) is kept: its config sha256 is checked against the
# shards already in RESULTS below.
vout=$("$runner" validate "$config" -o "$results" --shard "0/$shards" --workers "$cpus" ${allow[@]+"${allow[@]}"}) || {
  rc=$?
  [ -z "$vout" ] || printf '%s\n' "$vout" >&2
  exit "$rc"
}
printf '%s\n' "$vout" >&2

# Shards already in RESULTS must be this submission's: every array task
# would otherwise wait in the queue only to exit 2 (--resume refuses a
# shard of another count or config), and the merge be cancelled. Refuse
# here, before anything is submitted. A manifest records the count
# ("count": M, or "shard": null for a whole run, which -n 1 writes); an
# unfinished shard, its .tasks journal ("... shard I/M"). The manifest's
# config_sha256, or an unfinished shard's config.yaml (the resolved config
# the runner wrote), must be the one validate printed.
want_sha=$(printf '%s\n' "$vout" | sed -n 's/^ *config sha256 *\([0-9a-f]*\).*/\1/p')
for d in "$results"/shard-*; do
  [ -d "$d" ] || continue
  had=""
  if [ -f "$d/manifest.json" ]; then
    if grep -q '"shard": *null' "$d/manifest.json"; then had=1; else had=$(sed -n 's/^ *"count": *\([0-9]*\).*/\1/p' "$d/manifest.json" | head -n 1); fi
  elif [ -f "$d/.tasks" ]; then
    had=$(sed -n '1{s|^tasks .* shard [0-9]*/\([0-9]*\)$|\1|p;s|^tasks .* all tasks.*|1|p}' "$d/.tasks")
  fi
  if [ -n "$had" ] && [ "$had" != "$shards" ]; then
    die "$d is a shard of $had, and this submission has -n $shards: every array task would be refused; submit with -n $had to finish that run, or choose a new RESULTS"
  fi
  had_sha=""
  if [ -f "$d/manifest.json" ]; then
    had_sha=$(sed -n 's/^ *"config_sha256": *"\([0-9a-f]*\)".*/\1/p' "$d/manifest.json" | head -n 1)
  elif [ -f "$d/config.yaml" ] && command -v sha256sum >/dev/null; then
    had_sha=$(sha256sum "$d/config.yaml" | cut -d' ' -f1)
  fi
  if [ -n "$want_sha" ] && [ -n "$had_sha" ]; then
    if [ "$had_sha" != "$want_sha" ]; then
      die "$d was begun with another resolved config (sha256 ${had_sha:0:12}; $config is ${want_sha:0:12}): every array task would be refused; submit the config that began it, or choose a new RESULTS"
    fi
  fi
done

# The shard count, for pactsim-array.sbatch run by hand over RESULTS
# later: a re-run of some tasks without PACTSIM_SHARDS, as --array=0-1,
# where no shard directory says the count yet, ran shards of 2 (a review,
# stop 52). The checks above leave no shard of another count here.
printf '%s\n' "$shards" >"$results/bin/.shard-count.tmp"
mv -f "$results/bin/.shard-count.tmp" "$results/bin/shard-count"

# Passed through sbatch's own environment (--export=ALL), not as
# --export=ALL,VAR=value: Slurm splits that list at commas, which a path may hold.
export PACTSIM_RUNNER=$runner PACTSIM_SHARDS=$shards PACTSIM_ALLOW_LARGE=${#allow[@]}
common=(--parsable --export=ALL)
# --output expands %a, %j...: a literal % in RESULTS is written %%.
logs=${results//%/%%}/logs
[ -n "$partition" ] && common+=(--partition="$partition")

array_out=$(sbatch "${common[@]}" \
  --job-name="pactsim-$(basename "$config" .yaml)" \
  --array="0-$((shards - 1))${throttle:+%$throttle}" --cpus-per-task="$cpus" --time="$time" \
  --output="$logs/shard-%a.out" \
  ${extra[@]+"${extra[@]}"} "$here/pactsim-array.sbatch" "$config" "$results")
array_job=${array_out%%;*}
echo "submit.sh: array job $array_job: $shards shards of $config into $results/shard-*" >&2

merge_args=("${common[@]}" --job-name="pactsim-merge" \
  --kill-on-invalid-dep=yes --output="$logs/merge-%j.out")
[ "$wait" = 1 ] && merge_args+=(--wait)
echo "submit.sh: merge job after $array_job into $results/merged" >&2
set +e
# The merge's dependency comes after the sbatch arguments: sbatch takes
# the last --dependency, and one among them (-- --dependency=afterok:J,
# for the array to wait on job J) replaced the array's, so the merge ran
# beside the shards (a review, stop 50). The array waits on J; the
# merge, on the array.
merge_out=$(sbatch "${merge_args[@]}" ${extra[@]+"${extra[@]}"} --dependency="afterok:$array_job" "$here/pactsim-merge.sbatch" "$results" "$shards")
rc=$?
set -e
merge_job=${merge_out%%;*}
merge_job=${merge_job%%$'\n'*}
if [ "$wait" = 1 ] && [ "$rc" = 0 ]; then
  # sbatch --wait returns 0 for a merge job that Slurm cancelled before it
  # started (--kill-on-invalid-dep, after a shard failed), so -w also asks
  # whether it merged (a hostile review, stop 32: -w said "status 0" with
  # no merge at all): by Slurm's state while it still knows the job
  # (MinJobAge, 300 s by default; COMPLETING and STAGE_OUT are a finished
  # job's epilogue), else by the merge's own log, named by the job id and
  # written only if it ran. || true: a job Slurm has forgotten makes
  # scontrol fail, which set -e and pipefail would take for the script's.
  state=$(scontrol show job "$merge_job" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' || true)
  case $state in
    COMPLETED | COMPLETING | STAGE_OUT) merged=1 ;;
    "") if grep -q '^runner: merged ' "$results/logs/merge-$merge_job.out" 2>/dev/null; then merged=1; else merged=0; fi ;;
    *) merged=0 ;;
  esac
  if [ "$merged" = 0 ]; then
    echo "submit.sh: merge job $merge_job did not merge (state ${state:-unknown}; a shard failed, or the job was cancelled): $results/merged is not this submission's; see $results/logs" >&2
    rc=1
  fi
fi
if [ "$wait" = 1 ]; then
  echo "submit.sh: merge job $merge_job finished with status $rc" >&2
fi
echo "$array_job $merge_job"
exit "$rc"
