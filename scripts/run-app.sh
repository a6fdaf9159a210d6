#!/usr/bin/env bash
# Installs what is missing, builds the app and serves it on http://127.0.0.1:8080/ (Ctrl+C stops it).
# The app opens on its built-in sample, the 2023 self-evaluation of 广州市人力资源和社会保障局.
#   PORT=9000 scripts/run-app.sh    another port
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh app
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$(npm prefix -g 2>/dev/null)/bin:$PATH"
echo "serving on http://127.0.0.1:${PORT:-8080}/"
# --no-autoreload: Trunk's reload script is inline, and the page's Content-Security-Policy forbids that.
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
