#!/usr/bin/env bash
# Debug build time of generated crates alone, their dependencies already built: the cost a
# team pays on every regeneration. For each spec the crate is generated with server and
# client, and again without them, so that the report shows what each part of the output
# costs. Each figure is the best of RUNS builds after `cargo clean -p` of the crate.
#
#   bash bench/compile-time.sh [RUNS] [SPEC...]
#
# Default specs: oxide-nexus.json and github-rest.json from ../shared/corpus, spec/b2b.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-2}
shift || true
specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then
  specs=(../shared/corpus/oxide-nexus.json ../shared/corpus/github-rest.json spec/b2b.yaml)
fi
work=${BENCH_WORK:-/tmp/apigen-bench-compile}
export CARGO_TARGET_DIR=$work/target
mkdir -p "$work"

cargo build --release -q -p apigen
apigen=$CARGO_TARGET_DIR/release/apigen

# Best wall-clock seconds of $runs clean debug builds of the crate in $1 named $2.
best_build() {
  local dir=$1 name=$2 best=""
  (cd "$dir" && cargo build -q 2>/dev/null) # dependencies, once
  for _ in $(seq "$runs"); do
    (cd "$dir" && cargo clean -q -p "$name")
    local start end secs
    start=$(date +%s.%N)
    (cd "$dir" && cargo build -q)
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc)
    if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then best=$secs; fi
  done
  printf '%.1f' "$best"
}

printf '| spec | models + operations | + client | + server | + server + client | lines |\n'
printf '|---|---|---|---|---|---|\n'
for spec in "${specs[@]}"; do
  stem=$(basename "$spec"); stem=${stem%.*}; stem=$(echo "$stem" | tr 'A-Z._' 'a-z--')
  declare -A secs=()
  for variant in none client server both; do
    flags=()
    case $variant in
      none) flags=(--no-server --no-client) ;;
      client) flags=(--no-server) ;;
      server) flags=(--no-client) ;;
      both) flags=() ;;
    esac
    name=bench-$stem-$variant
    out=$work/$name
    rm -rf "$out"
    "$apigen" generate "$spec" -o "$out" --crate "$name" --runtime-path "$root/runtime" "${flags[@]}" \
      >/dev/null 2>&1
    secs[$variant]=$(best_build "$out" "$name")
  done
  lines=$(wc -l <"$work/bench-$stem-both/src/lib.rs")
  printf '| %s | %s s | %s s | %s s | %s s | %s |\n' "$(basename "$spec")" \
    "${secs[none]}" "${secs[client]}" "${secs[server]}" "${secs[both]}" "$lines"
done
