#!/usr/bin/env bash
# Every test, from a fresh machine: installs what is missing, then runs the checks in order of cost.
#   scripts/test.sh            all of it
#   scripts/test.sh --native   formatting, lints and the native tests only (no browser)
# Exits non-zero on the first failing step; each step says how long it took.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

native_only=0
[ "${1:-}" = "--native" ] && native_only=1

if [ "$native_only" = 1 ]; then
  bash scripts/setup.sh app
else
  bash scripts/setup.sh test
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$(npm prefix -g 2>/dev/null)/bin:$PATH"

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "format" cargo fmt --all -- --check
step "clippy (native)" cargo clippy --all-targets -- -D warnings
step "clippy (wasm)" cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
step "native tests (engine, file format, CLI, app state)" cargo test
[ "$native_only" = 1 ] && exit 0

# The E2E suite compares the page with the engine's own CLI.
step "CLI build" cargo build --bin jixiao
# The E2E tests write their workbooks with this example (rust_xlsxwriter, never our export): built here,
# so that no test waits on a compile while its static server's start is timed.
step "workbook fixtures' writer (examples/workbook_fixtures.rs)" cargo build --example workbook_fixtures
# The same command as scripts/run-app.sh's `trunk serve --release`: the tests run the bytes that ship.
step "release build (trunk build --release: cargo, wasm-bindgen, wasm-opt -Oz)" trunk build --release

step "single-file build (scripts/single.sh → dist-single/jixiao.html)" bash scripts/single.sh --no-build
# The panic test needs a deliberately poisoned build (a test-only entry point); the shipped dist/
# has none, and a test checks that.
step "poisoned build for the panic test (test-hooks → dist-poisoned/)" \
  timeout 1800 trunk build --release --features test-hooks --dist dist-poisoned
step "browsers: firefox-esr, geckodriver, webkit2gtk-driver, xvfb (installs what is missing)" \
  timeout 1800 bash scripts/browsers.sh --install

# Browser runs get an outer timeout: a hung browser must fail the run, not stall it.
component_tests() {
  CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
    timeout 900 cargo test --target wasm32-unknown-unknown --test web
}
component_tests_firefox() {
  GECKODRIVER="${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  WASM_BINDGEN_TEST_TIMEOUT=120 \
    timeout 900 cargo test --target wasm32-unknown-unknown --test web
}
if [ -f tests/web.rs ]; then
  step "component tests (wasm-bindgen-test, headless Chromium)" component_tests
  step "component tests (wasm-bindgen-test, headless Firefox ESR)" component_tests_firefox
fi

e2e_tests() {
  JIXIAO_BIN="$ROOT/target/debug/jixiao" timeout 900 node --test --test-concurrency=1 tests/e2e/
}
if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
  step "end-to-end tests (Playwright, headless Chromium, 127.0.0.1 only)" e2e_tests
fi

step "three engines: Chromium, Firefox ESR, WebKitGTK (WebDriver smoke)" timeout 1200 bash scripts/browsers.sh
# Fuzzing is bounded and opt-in (nightly + cargo-fuzz): FUZZ_SECONDS=300 is the documented run.
if [ -n "${FUZZ_SECONDS:-}" ]; then
  step "fuzz (${FUZZ_SECONDS}s per target)" timeout $(( FUZZ_SECONDS * 3 + 2400 )) bash fuzz/run.sh "$FUZZ_SECONDS"
fi

echo
echo "all tests passed"
