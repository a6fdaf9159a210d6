#!/usr/bin/env bash
# The app in three engines: Chromium (Blink), Firefox ESR (Gecko) and WebKitGTK (WebKit, Safari's
# engine), each through its own WebDriver, all from Debian's and crates.io's packages.
#   scripts/browsers.sh                installs what is missing, builds dist/ if absent, runs all three
#   scripts/browsers.sh firefox        one engine (chromium | firefox | webkit)
#   scripts/browsers.sh --install      only installs
# Installs, idempotently: firefox-esr, webkit2gtk-driver (WebKitWebDriver + MiniBrowser) and xvfb from
# apt, geckodriver from crates.io. Chromium and chromedriver come from scripts/setup.sh.
# Every browser run has an outer timeout: WebKit has no headless mode (it runs under xvfb-run) and,
# without a display, hangs without a word.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

RUN_TIMEOUT="${RUN_TIMEOUT:-300}"
MINIBROWSER=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install() {
  local missing=()
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null && [ -x "$MINIBROWSER" ] || missing+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || missing+=(xvfb)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
  if ! command -v geckodriver >/dev/null; then
    echo "==> cargo install geckodriver (about two minutes)"
    cargo install --locked geckodriver
  fi
}

run() {
  local browser="$1"
  local t0; t0=$(date +%s)
  echo "==> $browser"
  local status=0
  case "$browser" in
    webkit)
      # No headless flag: a virtual display. --kill-after: a hung WebKit process must not outlive us.
      timeout --kill-after=10 "$RUN_TIMEOUT" xvfb-run -a node tests/browsers/smoke.mjs webkit || status=$?
      ;;
    chromium | firefox)
      timeout --kill-after=10 "$RUN_TIMEOUT" node tests/browsers/smoke.mjs "$browser" || status=$?
      ;;
    *)
      echo "unknown browser: $browser (chromium | firefox | webkit)" >&2
      return 2
      ;;
  esac
  [ "$status" = 124 ] && echo "$browser: no result within ${RUN_TIMEOUT}s" >&2
  echo "<== $browser: $([ "$status" = 0 ] && echo ok || echo "FAILED ($status)") ($(( $(date +%s) - t0 ))s)"
  return "$status"
}

install
[ "${1:-}" = "--install" ] && exit 0

if [ ! -f dist/index.html ]; then
  echo "==> trunk build --release"
  timeout 1800 trunk build --release
fi

browsers=("$@")
[ ${#browsers[@]} -gt 0 ] || browsers=(chromium firefox webkit)
failed=()
for browser in "${browsers[@]}"; do
  run "$browser" || failed+=("$browser")
done
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed in: ${failed[*]}"
  exit 1
fi
echo "passed in: ${browsers[*]}"
