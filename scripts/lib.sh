# Shared by the project's scripts: a named step that says how long it took.
step() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  echo
  echo "==> $name"
  "$@"
  echo "<== $name: ok ($(( $(date +%s) - t0 ))s)"
}
