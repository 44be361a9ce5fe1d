#!/usr/bin/env bash
# chromium-check.sh REPORT.html [EXPECTED_FIGURES]
#
# Renders a pactsim report.html in headless Chromium (Debian's `chromium`)
# and checks that it rendered: the dumped DOM has <body data-rendered=N>
# (set by the page's inline script to the number of inline figure SVGs with a
# non-zero bounding box) equal to data-expected and to EXPECTED_FIGURES when
# given, the number of <svg> elements is at least N, a screenshot is written,
# and Chromium logged no console error and no blocked network request.
#
# Chromium runs with no network, an empty profile and everything that phones
# home turned off (a closed network otherwise stalls it). Installs chromium
# with apt-get when it is missing and we are root.
set -euo pipefail

report=${1:?usage: chromium-check.sh REPORT.html [EXPECTED_FIGURES]}
expected_arg=${2:-}
[ -f "$report" ] || { echo "chromium-check: no such file: $report" >&2; exit 2; }

browser=""
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "chromium-check: installing chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser=chromium
  else
    echo "chromium-check: chromium not found (apt-get install -y chromium)" >&2
    exit 2
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
url="file://$abs"

flags=(
  --headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --no-first-run --disable-sync --disable-quic
  --disable-extensions --disable-default-apps --no-default-browser-check
  --user-data-dir="$work/profile" --window-size=1400,1000
  --disable-dev-shm-usage --enable-logging=stderr --v=0
  --virtual-time-budget=5000
)

# A browser that dies of a signal at start-up (a crash of its own, not of
# the page: CI once saw one run in six stop with SIGTRAP in 0.6 s) is tried
# again, at most three times in all; a page that crashes the browser every
# time still fails, and a time-out (124) is never retried.
# --disable-dev-shm-usage keeps Chromium's shared memory out of /dev/shm,
# which a container may size at 64 MiB or less (with 256 KiB every run
# crashed with SIGTRAP before this flag).
run() { # run OUT ERR ARGS... with a hard time limit
  local out=$1 err=$2; shift 2
  local try rc
  for try in 1 2 3; do
    rc=0
    timeout 120 "$browser" "${flags[@]}" "$@" >"$out" 2>"$err" || rc=$?
    if [ "$rc" -le 128 ] || [ "$try" = 3 ]; then
      return "$rc"
    fi
    echo "chromium-check: chromium died with signal $((rc - 128)) (try $try of 3); its log:" >&2
    tail -n 20 "$err" >&2
  done
}

if ! run "$work/dom.html" "$work/dom.log" --dump-dom "$url"; then
  echo "chromium-check: chromium --dump-dom failed" >&2
  cat "$work/dom.log" >&2
  exit 1
fi
if ! run "$work/shot.out" "$work/shot.log" --screenshot="$work/screenshot.png" "$url"; then
  echo "chromium-check: chromium --screenshot failed" >&2
  cat "$work/shot.log" >&2
  exit 1
fi

fail=0
rendered=$(grep -o 'data-rendered="[0-9]*"' "$work/dom.html" | head -n1 | grep -o '[0-9]\+' || true)
expected=$(grep -o 'data-expected="[0-9]*"' "$work/dom.html" | head -n1 | grep -o '[0-9]\+' || true)
svgs=$(grep -o '<svg[ >]' "$work/dom.html" | wc -l | tr -d ' ')

if [ -z "$rendered" ]; then
  echo "chromium-check: <body data-rendered> missing: the page script did not run" >&2
  fail=1
else
  if [ "$rendered" -lt 1 ]; then
    echo "chromium-check: no figure rendered with a non-zero size" >&2; fail=1
  fi
  if [ -n "$expected" ] && [ "$rendered" != "$expected" ]; then
    echo "chromium-check: $rendered of $expected figures rendered" >&2; fail=1
  fi
  if [ -n "$expected_arg" ] && [ "$rendered" != "$expected_arg" ]; then
    echo "chromium-check: $rendered figures rendered, want $expected_arg" >&2; fail=1
  fi
  if [ "$svgs" -lt "$rendered" ]; then
    echo "chromium-check: $svgs <svg> elements in the DOM, fewer than $rendered" >&2; fail=1
  fi
fi
if [ ! -s "$work/screenshot.png" ]; then
  echo "chromium-check: no screenshot written" >&2; fail=1
fi
# Every console message of the page comes through as a CONSOLE line (the
# level is not printed); the report logs nothing, so any line is a failure.
# The Content-Security-Policy reports any attempt to load an external
# resource the same way.
if grep -E ':CONSOLE[:(]|Refused to' "$work/dom.log" "$work/shot.log" >&2; then
  echo "chromium-check: the page logged errors (above)" >&2; fail=1
fi

if [ -n "${CHROMIUM_CHECK_KEEP:-}" ]; then
  mkdir -p "$CHROMIUM_CHECK_KEEP"
  cp "$work/dom.html" "$work/screenshot.png" "$work/dom.log" "$CHROMIUM_CHECK_KEEP/"
fi
if [ "$fail" != 0 ]; then
  exit 1
fi
echo "chromium-check: ok: $rendered figures rendered, $svgs <svg> elements, screenshot $(wc -c <"$work/screenshot.png") bytes"
