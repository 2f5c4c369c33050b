#!/usr/bin/env bash
# apigen against the generators teams use today, side by side in one run on one machine:
# progenitor (cargo-progenitor, from crates.io) and openapi-generator (openapi-generator-cli,
# from PyPI, which bundles the jar and runs it with the machine's java). Both are installed
# under target/bench-tools the first time; nothing here is part of .ci/run.
#
#   bash bench/compare-tools.sh [RUNS]
#
# 1. Generation time (hyperfine, RUNS runs, one warm-up) on oxide-nexus.json,
#    github-rest.json and the petstore; a tool that fails is reported with its exit status.
# 2. Debug build time of each generated oxide-nexus crate alone, dependencies already built
#    (best of RUNS builds after `cargo clean -p`); a crate that does not build is reported.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-3}
tools=$root/target/bench-tools
work=${BENCH_WORK:-/tmp/apigen-bench-compare}  # outside the workspace: the crates are not its members
corpus=$root/../shared/corpus
mkdir -p "$tools" "$work"

cargo build --release -q -p apigen || exit 1
apigen=$root/target/release/apigen
if [ ! -x "$tools/bin/cargo-progenitor" ]; then
  cargo install -q --locked --root "$tools" cargo-progenitor || exit 1
fi
if [ ! -x "$tools/venv/bin/openapi-generator-cli" ]; then
  python3 -m venv "$tools/venv" && "$tools/venv/bin/pip" install -q openapi-generator-cli || exit 1
fi
progenitor=$tools/bin/cargo-progenitor
oag=$tools/venv/bin/openapi-generator-cli
echo "apigen $(git rev-parse --short HEAD); $("$progenitor" progenitor --version 2>/dev/null | head -1);" \
  "openapi-generator $("$oag" version 2>/dev/null | tail -1); $(nproc) cores"

# Seconds (mean of hyperfine's runs) for command $2.., or "fails (exit N)".
timed() {
  local label=$1
  shift
  "$@" >"$work/$label.log" 2>&1
  local status=$?
  if [ $status -ne 0 ]; then
    echo "fails (exit $status: $(grep -m1 -iE 'panick|error|exception' "$work/$label.log" | cut -c1-90))"
    return
  fi
  hyperfine -N -w 1 -r "$runs" --export-json "$work/$label.json" "$(printf '%q ' "$@")" >/dev/null 2>&1
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']*1000:.0f} ms\")" \
    "$work/$label.json"
}

echo
echo "## Generation"
echo
echo "| spec | apigen (models, XML, server, client) | progenitor (client) | openapi-generator rust (client) | openapi-generator rust-axum (server) |"
echo "|---|---|---|---|---|"
for spec in oxide-nexus.json github-rest.json oai-petstore-expanded.yaml; do
  s=${spec%.*}
  a=$(timed "apigen-$s" "$apigen" generate "$corpus/$spec" -o "$work/apigen-$s" --crate "apigen-$s" \
    --runtime-path "$root/runtime")
  p=$(timed "progenitor-$s" "$progenitor" progenitor -i "$corpus/$spec" -o "$work/progenitor-$s" \
    -n "progenitor-$s" -v 0.1.0)
  o=$(timed "oag-rust-$s" "$oag" generate -i "$corpus/$spec" -g rust -o "$work/oag-rust-$s" \
    --package-name "oag_rust_$(echo "$s" | tr -c 'a-z0-9\n' _)" --skip-validate-spec)
  x=$(timed "oag-axum-$s" "$oag" generate -i "$corpus/$spec" -g rust-axum -o "$work/oag-axum-$s" \
    --package-name "oag_axum_$(echo "$s" | tr -c 'a-z0-9\n' _)" --skip-validate-spec)
  echo "| $spec | $a | $p | $o | $x |"
done

# Best wall-clock seconds of $runs clean debug builds of the crate in $1, or why it fails.
best_build() {
  local dir=$1 best=""
  local name
  name=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$dir/Cargo.toml" | head -1)
  if ! (cd "$dir" && CARGO_TARGET_DIR=$work/target cargo build -q >"$work/build.log" 2>&1); then
    echo "does not build ($(grep -c '^error' "$work/build.log") errors)"
    return
  fi
  for _ in $(seq "$runs"); do
    (cd "$dir" && CARGO_TARGET_DIR=$work/target cargo clean -q -p "$name")
    local start end secs
    start=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR=$work/target cargo build -q 2>/dev/null)
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then best=$secs; fi
  done
  printf '%.1f s' "$best"
}

echo
echo "## Debug build of the generated oxide-nexus crate alone"
echo
echo "| apigen (server + client) | apigen (client only) | progenitor (client) | openapi-generator rust (client) | openapi-generator rust-axum (server) |"
echo "|---|---|---|---|---|"
"$apigen" generate "$corpus/oxide-nexus.json" -o "$work/apigen-client-oxide-nexus" \
  --crate apigen-client-oxide-nexus --runtime-path "$root/runtime" --no-server >/dev/null 2>&1
echo "| $(best_build "$work/apigen-oxide-nexus") | $(best_build "$work/apigen-client-oxide-nexus") |" \
  "$(best_build "$work/progenitor-oxide-nexus") | $(best_build "$work/oag-rust-oxide-nexus") |" \
  "$(best_build "$work/oag-axum-oxide-nexus") |"
