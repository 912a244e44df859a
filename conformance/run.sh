#!/usr/bin/env bash
# GraphQL-over-HTTP conformance: builds claimgraph, starts it on a free loopback port
# with a temporary data directory, runs graphql-http's server audits against it
# (audit.mjs), and stops it. Exits non-zero if a MUST audit fails.
#
#   conformance/run.sh [--markdown FILE] [--expect-fail ID,...] [-- SERVER FLAGS...]
#
# Needs Go and Node (18 or later) with `npm ci` run in conformance/ first. Extra
# server flags follow --, e.g. `conformance/run.sh --expect-fail BF61,28B9 -- --production`
# (audit.mjs explains --expect-fail).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

audit_args=()
server_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --markdown) audit_args+=(--markdown "$2"); shift 2 ;;
    --expect-fail) audit_args+=(--expect-fail "$2"); shift 2 ;;
    --) shift; server_args=("$@"); break ;;
    *) echo "usage: $0 [--markdown FILE] [--expect-fail ID,...] [-- SERVER FLAGS...]" >&2; exit 2 ;;
  esac
done

if [ ! -d "$here/node_modules/graphql-http" ]; then
  echo "conformance: run 'npm ci' in $here first" >&2
  exit 2
fi

tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== building claimgraph"
(cd "$root" && go build -o "$tmp/claimgraph" .)

port="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
addr="127.0.0.1:$port"
echo "== starting claimgraph on $addr"
"$tmp/claimgraph" --addr "$addr" --data "$tmp/data" --no-demo ${server_args[@]+"${server_args[@]}"} >"$tmp/server.log" 2>&1 &
pid=$!

url="http://$addr/query"
for _ in $(seq 1 300); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "conformance: the server exited:" >&2
    cat "$tmp/server.log" >&2
    pid=""
    exit 1
  fi
  if node -e 'fetch(process.argv[1]).then(() => process.exit(0), () => process.exit(1))' "http://$addr/healthz" 2>/dev/null; then
    break
  fi
  sleep 0.2
done

echo "== auditing $url"
status=0
node "$here/audit.mjs" "$url" --wait 10 ${audit_args[@]+"${audit_args[@]}"} || status=$?
if [ "$status" -ne 0 ]; then
  echo "== server log" >&2
  tail -n 50 "$tmp/server.log" >&2 || true
fi
exit "$status"
