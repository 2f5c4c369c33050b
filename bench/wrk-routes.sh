#!/usr/bin/env bash
# Throughput of a generated route against the same route written by hand in axum, measured
# in one run with wrk on loopback (Debian package `wrk`). Both servers run in one process
# (generated-example/examples/route_bench_server.rs) and are loaded one after the other.
#
#   bash bench/wrk-routes.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
generated=127.0.0.1:18181
hand=127.0.0.1:18182

cargo build --release -q -p generated-example --example route_bench_server
target/release/examples/route_bench_server "$generated" "$hand" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do
  curl -sf -o /dev/null -H 'Authorization: Bearer bench-token' "http://$hand/v1/contacts/102" && break
  sleep 0.1
done

# The responses must be the same before their speed is compared.
a=$(curl -sf -H 'Authorization: Bearer bench-token' "http://$generated/v1/contacts/102")
b=$(curl -sf -H 'Authorization: Bearer bench-token' "http://$hand/v1/contacts/102")
[ "$a" = "$b" ] || { echo "the two routes answer differently" >&2; exit 1; }

rate() {
  wrk -t2 -c"$connections" -d"${seconds}s" -H 'Authorization: Bearer bench-token' "http://$1/v1/contacts/102" \
    | awk '/Requests\/sec/ {print $2}'
}
# Warm both up, then measure each twice in alternation and keep the better run.
rate "$generated" >/dev/null; rate "$hand" >/dev/null
g1=$(rate "$generated"); h1=$(rate "$hand"); g2=$(rate "$generated"); h2=$(rate "$hand")
g=$(printf '%s\n%s\n' "$g1" "$g2" | sort -g | tail -1)
h=$(printf '%s\n%s\n' "$h1" "$h2" | sort -g | tail -1)
echo "machine: $(nproc) cores, $(uname -m), wrk -t2 -c$connections -d${seconds}s"
echo "hand-written axum route: $h requests/s"
echo "generated route:         $g requests/s"
awk -v g="$g" -v h="$h" 'BEGIN { printf "generated / hand-written = %.2f\n", g / h }'
