#!/usr/bin/env bash
# schemathesis (a client nobody here wrote) against the example server, once per spec, with
# its checks for server errors and status-code, content-type and response-schema
# conformance. Run by .ci/run; needs ./.venv from requirements-dev.txt.
#
#   bash scripts/schemathesis.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-${SCHEMATHESIS_EXAMPLES:-25}}
# A free port unless one is given: a busy one would send the checks to another server.
port=${SCHEMATHESIS_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
key=schemathesis-key
work=$(mktemp -d)
server_log="$work/server.log"

cargo build -q --locked -p generated-example --bin example-server
target/debug/example-server --addr "127.0.0.1:$port" --api-key "$key" --db "$work/db.sqlite3" >"$server_log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.1
done
if ! kill -0 "$server" 2>/dev/null; then
  echo "the example server did not start:" >&2
  cat "$server_log" >&2
  exit 1
fi

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
status=0
run() {
  local spec=$1 base=$2 header=$3
  echo "-- schemathesis: $spec at http://127.0.0.1:$port$base"
  if ! .venv/bin/schemathesis --no-color run "spec/$spec" \
      --url "http://127.0.0.1:$port$base" \
      --header "$header" \
      --checks "$checks" \
      --mode positive \
      --phases examples,coverage,fuzzing \
      --max-examples "$examples" \
      --seed 1 \
      --generation-database none \
      --suppress-health-check all \
      --workers 1; then
    status=1
  fi
}
run alta-bpo.yaml "" "Authorization: $key"
run orzame.yaml /v1 "Authorization: Bearer $key"
run b2b.yaml /api/database/v1 "Authorization: Bearer $key"
run obzvonilka.yaml /api "X-Api-Key: $key"
if ! kill -0 "$server" 2>/dev/null; then
  echo "the example server died:" >&2
  cat "$server_log" >&2
  status=1
fi
exit $status
