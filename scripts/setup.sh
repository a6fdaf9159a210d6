#!/usr/bin/env bash
# Idempotent setup of the tools this project needs. Installs only what is missing.
#
# Usage: scripts/setup.sh [app|test|bench]...
#   app   Rust wasm target + rustfmt/clippy, trunk, wasm-bindgen-cli, wasm-opt: everything a build
#         needs (`trunk build --release`, `trunk serve`, `make single`); no browser, no npm package
#   test  app + Debian chromium/chromedriver + tests/e2e's node packages (playwright-core)
#   bench app + Debian chromium + bench/'s own node packages (playwright-core), for `make bench`
#   (no argument = test)
#
# Prints one line per tool: "ok <tool> <version>" or "installing <tool> ...".
# Environment:
#   SETUP_CARGO_JOBS  parallel jobs for `cargo install` (default 1: leaves a core free)
set -euo pipefail

TRUNK_VERSION="0.21.14"           # 0.22 needs a newer rustc
BINARYEN_VERSION="132.0.0"        # npm package `binaryen`, gives wasm-opt version 132
CARGO_JOBS="${SETUP_CARGO_JOBS:-1}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLER_PATH="${PATH:-}"

# ---- PATH: cargo bin and npm global bin -------------------------------------------------
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
NPM_BIN=""
if command -v npm >/dev/null 2>&1; then
  NPM_BIN="$(npm prefix -g 2>/dev/null)/bin"
  export PATH="$NPM_BIN:$PATH"
fi

# ---- components ---------------------------------------------------------------------------
want_app=0; want_test=0; want_bench=0
[ "$#" -eq 0 ] && set -- test
for arg in "$@"; do
  case "$arg" in
    app)  want_app=1 ;;
    test) want_app=1; want_test=1 ;;
    bench) want_app=1; want_bench=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown component '$arg' (expected: app, test, bench)" >&2; exit 2 ;;
  esac
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup.sh: '$1' is required but not on PATH" >&2; exit 1; }; }
now() { date +%s; }
took() { echo "$(( $(now) - $1 ))s"; }

# ---- 1. Rust: wasm target, rustfmt, clippy ------------------------------------------------
setup_rust() {
  need rustup; need cargo
  local t0
  if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
    echo "ok rust-target wasm32-unknown-unknown ($(rustc --version | awk '{print $2}'))"
  else
    echo "installing rust-target wasm32-unknown-unknown"
    t0=$(now); rustup target add wasm32-unknown-unknown
    echo "ok rust-target wasm32-unknown-unknown (installed in $(took "$t0"))"
  fi
  local comp missing=()
  for comp in rustfmt clippy; do
    if rustup component list --installed | grep -q "^${comp}-"; then
      echo "ok $comp $(cargo "${comp/rustfmt/fmt}" --version 2>/dev/null | awk '{print $2}' || echo '?')"
    else
      missing+=("$comp")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]}"
    t0=$(now); rustup component add "${missing[@]}"
    echo "ok ${missing[*]} (installed in $(took "$t0"))"
  fi
}

# ---- 2. trunk -------------------------------------------------------------------------------
setup_trunk() {
  local have t0
  have="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" = "$TRUNK_VERSION" ]; then
    echo "ok trunk $have"
  else
    echo "installing trunk $TRUNK_VERSION (found: ${have:-none}; cargo build, ~7 min)"
    t0=$(now)
    cargo install --locked -j "$CARGO_JOBS" trunk --version "$TRUNK_VERSION"
    echo "ok trunk $(trunk --version | awk '{print $2}') (installed in $(took "$t0"))"
  fi
}

# ---- 3. wasm-bindgen-cli (must match wasm-bindgen in Cargo.lock) ---------------------------
setup_wasm_bindgen() {
  local want have t0
  want="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
  if [ -z "$want" ]; then
    echo "setup.sh: could not read the wasm-bindgen version from $ROOT/Cargo.lock" >&2; exit 1
  fi
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  if [ "$have" = "$want" ]; then
    echo "ok wasm-bindgen $have"
  else
    echo "installing wasm-bindgen $want (found: ${have:-none}; cargo build)"
    t0=$(now)
    # no --locked: the registry mirror lags one of its locked dependencies
    cargo install -j "$CARGO_JOBS" --force wasm-bindgen-cli --version "$want"
    echo "ok wasm-bindgen $(wasm-bindgen --version | awk '{print $2}') (installed in $(took "$t0"))"
  fi
}

# ---- 4. wasm-opt (npm binaryen) -------------------------------------------------------------
setup_wasm_opt() {
  local t0
  if wasm-opt --version >/dev/null 2>&1; then
    echo "ok wasm-opt $(wasm-opt --version | awk '{print $3}')"
  else
    need npm
    echo "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
    t0=$(now)
    npm install -g --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
    hash -r
    echo "ok wasm-opt $(wasm-opt --version | awk '{print $3}') (installed in $(took "$t0"))"
  fi
}

# ---- 5. chromium + chromedriver (Debian packages) -----------------------------------------
setup_browsers() {
  local t0
  # fonts-noto-cjk: without a CJK font the screenshots (README) show Chinese as empty boxes.
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -d /usr/share/fonts/opentype/noto ]; then
    echo "ok chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}')"
    echo "ok chromedriver $(/usr/bin/chromedriver --version 2>/dev/null | awk '{print $2}')"
  else
    need apt-get
    echo "installing chromium chromedriver fonts-noto-cjk (apt)"
    t0=$(now)
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
    echo "ok chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}') (installed in $(took "$t0"))"
    echo "ok chromedriver $(/usr/bin/chromedriver --version 2>/dev/null | awk '{print $2}')"
  fi
}

# ---- 6. node packages for tests/e2e ---------------------------------------------------------
# tests/e2e and bench each have their own package.json (playwright-core, pinned by its lock file), so
# that the tests and the benchmark never depend on each other's node_modules; the build needs neither.
setup_node_dir() {
  need node; need npm
  local rel="$1" dir="$ROOT/$1" t0 want have
  want="$(node -e 'const p=require(process.argv[1]);process.stdout.write((p.dependencies||{})["playwright-core"]||"")' "$dir/package.json")"
  have="$(node -e 'try{process.stdout.write(require(process.argv[1]).version)}catch(e){}' "$dir/node_modules/playwright-core/package.json")"
  if [ -n "$have" ] && { [ -z "$want" ] || [ "$have" = "$want" ]; } && [ -f "$dir/package-lock.json" ]; then
    echo "ok playwright-core $have ($rel)"
  else
    echo "installing playwright-core ${want:-?} (npm install in $rel; found: ${have:-none})"
    t0=$(now)
    # playwright-core has no install script that downloads browsers; we use Debian's chromium.
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund)
    have="$(node -e 'process.stdout.write(require(process.argv[1]).version)' "$dir/node_modules/playwright-core/package.json")"
    echo "ok playwright-core $have ($rel, installed in $(took "$t0"))"
  fi
}

T_START=$(now)
if [ "$want_app" = 1 ]; then
  setup_rust
  setup_trunk
  setup_wasm_bindgen
  setup_wasm_opt
fi
if [ "$want_test" = 1 ] || [ "$want_bench" = 1 ]; then
  setup_browsers
fi
[ "$want_test" = 1 ] && setup_node_dir tests/e2e
[ "$want_bench" = 1 ] && setup_node_dir bench

# ---- PATH hint for the caller -------------------------------------------------------------
for d in "$CARGO_BIN" ${NPM_BIN:+"$NPM_BIN"}; do
  case ":$CALLER_PATH:" in
    *":$d:"*) ;;
    *) echo "hint: $d is not on your PATH; run: export PATH=\"$d:\$PATH\"" ;;
  esac
done
echo "setup done in $(took "$T_START")"
