#!/usr/bin/env bash
# One self-contained HTML file: dist-single/jixiao.html, with the wasm, the JS and the CSS inlined. It
# works opened straight from disk (file://), offline, fetching nothing: a department can email the
# calculator itself along with its JSON.
#   scripts/single.sh              release build (trunk build --release → dist/), then the single file
#   scripts/single.sh --no-build   the single file from the dist/ already built (scripts/test.sh does this)
# tests/e2e/single.test.mjs opens the result from disk in headless Chromium.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ "${1:-}" != "--no-build" ]; then
  trunk build --release
fi
node scripts/single.mjs dist dist-single/jixiao.html
