#!/usr/bin/env bash
# Idempotent setup of the tools this project needs. Installs only what is missing.
#
# Usage: scripts/setup.sh [app|test]...
#   app   Rust wasm target + rustfmt/clippy, trunk, wasm-bindgen-cli, wasm-opt
#         (everything needed to build and serve the web app with `trunk`)
#   test  app + Debian chromium/chromedriver + binaryen's wasm-split (scripts/split.mjs: the release
#         build's wasm in two; without it and Chromium a build keeps one module) + tests/e2e node
#         packages (playwright-core; with Chromium, scripts/first_screen.mjs records the first screen)
#   (no argument = test)
#
# Prints one line per tool: "ok <tool> <version>" or "installing <tool> ...".
# Environment:
#   SETUP_CARGO_JOBS  parallel jobs for `cargo install` (default 1: leaves a core free)
set -euo pipefail

TRUNK_VERSION="0.21.14"           # 0.22 needs a newer rustc
BINARYEN_VERSION="132.0.0"        # npm package `binaryen`, gives wasm-opt version 132
PLAYWRIGHT_CORE_VERSION="1.65.1"  # used only when tests/e2e/package.json is created
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
want_app=0; want_test=0
[ "$#" -eq 0 ] && set -- test
for arg in "$@"; do
  case "$arg" in
    app)  want_app=1 ;;
    test) want_app=1; want_test=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown component '$arg' (expected: app, test)" >&2; exit 2 ;;
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

# ---- 6. binaryen's wasm-split (Debian package, unpacked, not installed) -----------------------
# scripts/split.mjs splits the release build's wasm with it. Unpacked into its own directory so that
# the npm wasm-opt 132 (above) stays the wasm-opt on PATH; Debian 12 has version 108.
WASM_SPLIT_DIR="$HOME/.local/lib/jixiao/binaryen"
setup_wasm_split() {
  local t0 tmp sudo=""
  if "$WASM_SPLIT_DIR/usr/bin/wasm-split" --version >/dev/null 2>&1; then
    echo "ok wasm-split $("$WASM_SPLIT_DIR/usr/bin/wasm-split" --version | awk '{print $NF}')"
    return
  fi
  need apt-get; need dpkg
  echo "installing wasm-split (Debian binaryen, unpacked into $WASM_SPLIT_DIR)"
  t0=$(now)
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  tmp="$(mktemp -d)"
  # apt-get download needs the package lists; a fresh machine may have none yet.
  if ! (cd "$tmp" && apt-get download -qq binaryen 2>/dev/null); then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    (cd "$tmp" && apt-get download -qq binaryen)
  fi
  rm -rf "$WASM_SPLIT_DIR"
  mkdir -p "$WASM_SPLIT_DIR"
  dpkg -x "$tmp"/binaryen_*.deb "$WASM_SPLIT_DIR"
  rm -rf "$tmp"
  echo "ok wasm-split $("$WASM_SPLIT_DIR/usr/bin/wasm-split" --version | awk '{print $NF}') (installed in $(took "$t0"))"
}

# ---- 7. node packages for tests/e2e ---------------------------------------------------------
setup_e2e_node() {
  need node; need npm
  local dir="$ROOT/tests/e2e" t0 want have
  mkdir -p "$dir"
  if [ ! -f "$dir/package.json" ]; then
    cat > "$dir/package.json" <<JSON
{
  "name": "jixiao-e2e",
  "version": "0.0.0",
  "private": true,
  "type": "module",
  "description": "End-to-end browser tests for the jixiao web app (Debian chromium via playwright-core; never run 'playwright install')",
  "dependencies": {
    "playwright-core": "$PLAYWRIGHT_CORE_VERSION"
  }
}
JSON
  fi
  want="$(node -e 'const p=require(process.argv[1]);process.stdout.write((p.dependencies||{})["playwright-core"]||"")' "$dir/package.json")"
  have="$(node -e 'try{process.stdout.write(require(process.argv[1]).version)}catch(e){}' "$dir/node_modules/playwright-core/package.json")"
  if [ -n "$have" ] && { [ -z "$want" ] || [ "$have" = "$want" ]; } && [ -f "$dir/package-lock.json" ]; then
    echo "ok playwright-core $have"
  else
    echo "installing playwright-core ${want:-?} (npm install in tests/e2e; found: ${have:-none})"
    t0=$(now)
    # playwright-core has no install script that downloads browsers; we use Debian's chromium.
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund)
    have="$(node -e 'process.stdout.write(require(process.argv[1]).version)' "$dir/node_modules/playwright-core/package.json")"
    echo "ok playwright-core $have (installed in $(took "$t0"))"
  fi
}

T_START=$(now)
if [ "$want_app" = 1 ]; then
  setup_rust
  setup_trunk
  setup_wasm_bindgen
  setup_wasm_opt
fi
if [ "$want_test" = 1 ]; then
  setup_browsers
  setup_wasm_split
  setup_e2e_node
fi

# ---- PATH hint for the caller -------------------------------------------------------------
for d in "$CARGO_BIN" ${NPM_BIN:+"$NPM_BIN"}; do
  case ":$CALLER_PATH:" in
    *":$d:"*) ;;
    *) echo "hint: $d is not on your PATH; run: export PATH=\"$d:\$PATH\"" ;;
  esac
done
echo "setup done in $(took "$T_START")"
