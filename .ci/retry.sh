# retry.sh: sourced by .ci/run and .ci/slurm-e2e.sh (bash).
#
# retry WHAT COMMAND [ARGS...] runs COMMAND up to three times and returns
# its last status. It is for the steps that fetch from outside the machine
# (apt-get, npm ci, the Go module proxy): a dropped connection, a mirror
# caught mid-sync or a registry's 5xx fails them one run in many, which is
# not a defect of the submission, and none of them retries on its own
# (go mod download not at all; apt-get and npm only some errors, briefly).
# Each failure is said on standard error with its try and exit status, and
# a third one says what failed and that the network or the package source
# is the first suspect. Every command given to it must be safe to run
# again after a failure part-way: apt-get update and install, npm ci (it
# starts from an empty node_modules) and go mod download (it verifies what
# it has against go.sum) are.
#
# RETRY_PAUSE (seconds, default 15) is the pause after the first failure;
# the second pause is three times it. A test sets it to 0.
retry() {
  local what=$1 try rc=0 pause=${RETRY_PAUSE:-15}
  shift
  for try in 1 2 3; do
    rc=0
    "$@" || rc=$?
    [ "$rc" = 0 ] && return 0
    if [ "$try" -lt 3 ]; then
      echo "ci: $what failed (exit $rc, try $try of 3); trying again in $pause s" >&2
      sleep "$pause"
      pause=$((pause * 3))
    fi
  done
  echo "ci: $what failed 3 times (last exit $rc): check the network and the package source before the code" >&2
  return "$rc"
}
