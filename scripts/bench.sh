#!/usr/bin/env bash
# The benchmark (`make bench`): installs what it needs (scripts/setup.sh bench: the build's tools,
# Chromium, bench/'s own playwright-core), builds what it measures, measures it in headless Chromium
# (bench/measure.mjs → bench/out/results.json) and writes docs/PERFORMANCE.md from that
# (bench/report.mjs). Never part of the tests: scripts/test.sh does not run it, and nothing here fails
# on a slow figure (budgets are reported, not enforced).
#
#   scripts/bench.sh
#   BENCH_RUNS=15 BENCH_OPEN_RUNS=7 BENCH_BIG_RUNS=5 BENCH_KEYS=40 BENCH_ENGINE_RUNS=11 scripts/bench.sh   (the defaults)
#   node bench/report.mjs      rewrites docs/PERFORMANCE.md from the last results (after editing bench/analysis.md)
#
# Builds, all incremental after the first run (the first takes several minutes: the floor and the bench
# build have their own target directories):
#   bench/out/dist-app     the shipped app: trunk build --release, the same command as scripts/test.sh
#                          (the repository's own dist/ is left alone)
#   bench/out/dist-names   the same code with its function names kept (wasm-opt -Oz -g): crate sizes, CPU profiles
#   bench/out/dist-bench   the app built with the `bench` feature (exports bench_* for the wasm engine figures)
#   dist-single/jixiao.html  the single file, from bench/out/dist-app
#   bench/floor/dist       the floor app (bench/floor/, its own crate and target directory)
#   bench/out/evaluation-{2000,10000}.json   the generated files (engine_bench generate)
#   target/release/examples/engine_bench   the native engine and reducer timings (run by bench/measure.mjs)
#   target/cli/jixiao      the CLI (Cargo.toml's `cli` profile: the release one at opt-level 3);
#                          bench/out/review-10000/ the copies of the sample `jixiao review` reads
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

OUT="$ROOT/bench/out"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export BENCH_NATIVE_BIN="$TARGET_DIR/release/examples/engine_bench"
NATIVE_BIN="$BENCH_NATIVE_BIN"
mkdir -p "$OUT"

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "setup (scripts/setup.sh bench)" bash scripts/setup.sh bench
export PATH="$(npm prefix -g 2>/dev/null)/bin:$PATH"

app_build() {
  trunk build --release --dist "$OUT/dist-app"
}

# The shipped code with its names: the cargo artifact Trunk just used, through the same wasm-bindgen
# and wasm-opt -Oz, with -g so that the name section stays.
names_build() {
  local names="$OUT/names"
  local raw="$TARGET_DIR/wasm32-unknown-unknown/release/jixiao-web.wasm"
  # The artifact must be the one dist-app was built from: not rebuilt since.
  if [ "$raw" -nt "$OUT/dist-app/index.html" ]; then
    echo "$raw is newer than bench/out/dist-app: was the app rebuilt meanwhile? run again" >&2
    return 1
  fi
  rm -rf "$names" "$OUT/dist-names"
  mkdir -p "$names"
  cp "$raw" "$names/raw.wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$names" --out-name jixiao-web-bindgen "$names/raw.wasm"
  wasm-opt -Oz -g --output "$names/jixiao-web_bg.wasm" "$names/jixiao-web-bindgen_bg.wasm"
  cp -r "$OUT/dist-app" "$OUT/dist-names"
  local js wasm
  js=$(cd "$OUT/dist-names" && ls jixiao-web-*.js)
  wasm=$(cd "$OUT/dist-names" && ls jixiao-web-*_bg.wasm)
  cp "$names/jixiao-web-bindgen.js" "$OUT/dist-names/$js"
  cp "$names/jixiao-web_bg.wasm" "$OUT/dist-names/$wasm"
  # The files changed, so their subresource-integrity hashes would refuse them.
  sed -i -E 's/ integrity="[^"]*"//g' "$OUT/dist-names/index.html"
}

single_file() {
  node scripts/single.mjs "$OUT/dist-app" "$ROOT/dist-single/jixiao.html"
}

# The floor, built as the app is: trunk build --release.
floor_build() {
  (cd bench/floor && trunk build --release)
}

# The app with the `bench` feature, in its own target directory (so the shipped build's artifacts are
# never replaced by this variant), from a copy of index.html pointing back at the repository.
bench_build() {
  mkdir -p "$OUT/app-bench"
  # Every data-trunk link's relative href points back at the repository (styles, boot.js, …).
  sed -E -e '/data-trunk/ s#href="([^":/][^"]*)"#href="../../../\1"#g' \
      -e 's#data-bin="jixiao-web"#href="../../../Cargo.toml" data-bin="jixiao-web" data-cargo-features="bench"#' \
      index.html >"$OUT/app-bench/index.html"
  grep -q 'data-cargo-features="bench"' "$OUT/app-bench/index.html" || { echo "index.html has no data-bin=\"jixiao-web\" link" >&2; return 1; }
  CARGO_TARGET_DIR="$ROOT/target/bench-wasm" trunk build --release --dist "$OUT/dist-bench" "$OUT/app-bench/index.html"
}

# The native engine benchmark (bench/measure.mjs runs it next to the wasm one) and the generated files.
native() {
  cargo build --release --features bench --example engine_bench
  # The reviewers' CLI, for `jixiao review` over ten thousand files: built for speed, as it ships.
  cargo build --profile cli --bin jixiao
  local n
  for n in 2000 10000; do
    "$NATIVE_BIN" generate "$n" "$OUT/evaluation-$n.json" >"$OUT/evaluation-$n.meta.json"
  done
  cat "$OUT/evaluation-2000.meta.json"
}

step "release build of the app (trunk build --release → bench/out/dist-app)" app_build
step "the same build with function names (bench/out/dist-names)" names_build
step "single file (dist-single/jixiao.html)" single_file
step "floor app (bench/floor → bench/floor/dist)" floor_build
step "bench-feature build (bench/out/dist-bench)" bench_build
step "native engine benchmark and the generated files (engine_bench, release)" native
step "browser measurements (bench/measure.mjs → bench/out/results.json)" node bench/measure.mjs
step "the report (bench/report.mjs → docs/PERFORMANCE.md)" node bench/report.mjs
