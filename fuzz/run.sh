#!/usr/bin/env bash
# Fuzzes the loader, the engine, the paste parser and the workbook reader, each for a bounded time (default 300 s):
#   bash fuzz/run.sh            all four targets, 300 s each
#   bash fuzz/run.sh 60 load    one target, 60 s
# Seeds: the hostile corpus (tests/corpus/files) and the presets; for the workbook reader, the
# workbooks examples/workbook_fixtures.rs writes. A crash stops the run with the
# input saved under fuzz/artifacts/TARGET/; the last line of each target's log has its figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load score paste import)
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  if [ "$target" = load ]; then
    for f in ../tests/corpus/files/*/*; do cp "$f" "corpus/$target/$(echo "${f#../tests/corpus/files/}" | tr / -)"; done
    cp ../src/presets/*.json "corpus/$target/"
  fi
  # The workbook reader starts from workbooks rust_xlsxwriter wrote (a project table, 300 rows) and
  # the bad ones the page is tested with (examples/workbook_fixtures.rs, tests/e2e/import.test.mjs).
  if [ "$target" = import ]; then
    seeds="$(mktemp -d)"
    (cd .. && cargo run --quiet --example workbook_fixtures -- "$seeds")
    for f in "$seeds"/*.xlsx "$seeds"/bad/*.xlsx; do cp "$f" "corpus/$target/$(basename "$f")"; done
    rm -rf "$seeds"
  fi
  # Inputs that once crashed (fuzz/regressions/TARGET/) replay first: each must pass now.
  if compgen -G "regressions/$target/*" >/dev/null; then
    echo "==> replay regressions/$target"
    timeout 900 cargo +nightly fuzz run -s none "$target" regressions/"$target"/* -- -runs=1 >"artifacts/$target-regressions.log" 2>&1 ||
      { echo "a regression input fails again: see fuzz/artifacts/$target-regressions.log"; exit 1; }
  fi
  echo "==> fuzz $target for ${seconds}s"
  # -rss_limit_mb: the loader must refuse a huge input, not hold it; -max_len covers the seed (80 KB).
  # The loader runs under AddressSanitizer; the engine targets (safe Rust on whole evaluations, far
  # slower per input) without it, for more inputs in the time. Debug assertions are on in all.
  sanitizer=none
  [ "$target" = load ] && sanitizer=address
  timeout $((seconds + 600)) cargo +nightly fuzz run -s "$sanitizer" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" 2>&1 | tee "artifacts/$target.log" | grep -E "^#[0-9]+ +(DONE|pulse)|stat::|ERROR|panicked|SUMMARY" || true
  if compgen -G "artifacts/$target/crash-*" >/dev/null || compgen -G "artifacts/$target/timeout-*" >/dev/null ||
    compgen -G "artifacts/$target/oom-*" >/dev/null; then
    echo "fuzz $target: found a failing input:" artifacts/"$target"/*
    exit 1
  fi
done
