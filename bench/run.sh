#!/usr/bin/env bash
# End-to-end benchmark of claimgraph beside PostgreSQL + PostGraphile on the same data.
#
#   bench/run.sh            1,000,000 claims (N=... to change; about 20 minutes)
#   bench/run.sh --quick    10,000 claims (a few minutes)
#
# It generates a corpus (claimgraph gen), imports it into a new store (timed), starts
# the server on loopback with rate limits off, loads the same corpus into PostgreSQL
# (COPY, then keys and indexes: bench/pg) and serves it with PostGraphile
# (bench/postgraphile), then drives the same three GraphQL queries at both with wrk,
# interleaved, at 1 and 16 connections: a claim trace (claim, claimant, attributions
# and their sources), a page of 20 claims 90% of the way through the top claimant's
# list (by cursor) and a two-word search for the first 10 claims. It prints the table,
# the import and load times, the server's cold start and its memory, and keeps every
# report in $WORK/results.
#
# Settings (environment): N, SEED (1), DURATION of each wrk run (10s), WARMUP (3s),
# CONNS ("1 16"), WORK (/tmp/claimgraph-bench-run; reused: the corpus, the store and
# the database are rebuilt only when N or SEED change; KEEP_STORE=1 keeps the
# claimgraph store of an earlier run of the same N and SEED too), PG_WORKERS (PostGraphile
# cluster workers, 1), SKIP_PG=1 to measure claimgraph alone, MAX_FIRST_START (3600:
# seconds the first start may take to answer searches: it builds the search index). Missing tools (wrk,
# PostgreSQL, Node) are installed with apt-get when run as root. Everything listens on
# 127.0.0.1 only, and every process it starts is stopped when it exits.
set -euo pipefail

N=${N:-1000000}
if [[ ${1:-} == --quick ]]; then
	N=10000
	shift
fi
[[ $# -eq 0 ]] || { echo "usage: $0 [--quick]" >&2; exit 2; }
SEED=${SEED:-1}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNS=${CONNS:-"1 16"}
WORK=${WORK:-/tmp/claimgraph-bench-run}
PG_WORKERS=${PG_WORKERS:-1}
SKIP_PG=${SKIP_PG:-0}
CG_PORT=${CG_PORT:-18080}
PG_PORT=${PG_PORT:-15432}
GQL_PORT=${GQL_PORT:-15000}

REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$REPO/bench
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS=$WORK/results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
SUMMARY=$RESULTS/summary.txt
: >"$SUMMARY"

# calc FORMAT EXPR prints an arithmetic expression (awk) in a printf format.
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
now() { date +%s.%N; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
note() { printf '%s\n' "$*" | tee -a "$SUMMARY" >&2; }

PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	if [[ -f $WORK/pgdata/postmaster.pid ]]; then
		as_pg "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

# --- tools -------------------------------------------------------------------------
need_apt() {
	if [[ $(id -u) -ne 0 ]]; then
		echo "missing $1: install the Debian package(s) $2" >&2
		exit 1
	fi
	log "installing $2"
	if [[ ! -f $WORK/.apt-updated ]]; then
		apt-get update -qq && touch "$WORK/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $2 >/dev/null
}
command -v wrk >/dev/null || need_apt wrk wrk
command -v go >/dev/null || { echo "go is required" >&2; exit 1; }
if [[ $SKIP_PG != 1 ]]; then
	PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
	if [[ -z $PGBIN ]]; then
		need_apt postgresql postgresql
		PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	fi
	command -v node >/dev/null || need_apt node "nodejs npm"
fi
# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() {
	if [[ $(id -u) -eq 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

load() { cut -d' ' -f1-3 /proc/loadavg; }
note "claimgraph benchmark: N=$N seed=$SEED, wrk $DURATION per run after $WARMUP warm-up, connections $CONNS"
note "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (with local changes)')"
note "load average at start: $(load)"

# --- build -------------------------------------------------------------------------
log "building claimgraph and benchtool"
(cd "$REPO" && go build -o "$WORK/claimgraph" . && go build -o "$WORK/benchtool" ./bench/benchtool)
CG=$WORK/claimgraph
BT=$WORK/benchtool

# --- corpus ------------------------------------------------------------------------
CORPUS=$WORK/corpus-$N-seed$SEED.ndjson
if [[ ! -s $CORPUS.done ]]; then
	rm -f "$WORK"/corpus-*.ndjson "$WORK"/corpus-*.done
	log "generating $N claims"
	start=$(now)
	if "$CG" gen -h >/dev/null 2>&1; then
		"$CG" gen --claims "$N" --seed "$SEED" >"$CORPUS"
	else
		# Before 'gen' is registered as a command of the binary.
		"$BT" gen --claims "$N" --seed "$SEED" >"$CORPUS"
	fi
	echo "$N $SEED" >"$CORPUS.done"
	note "generated: $(du -h "$CORPUS" | cut -f1) in $(calc %.1f "$(now) - $start") s"
fi
log "picking the IDs to query"
"$BT" bodies --corpus "$CORPUS" --out "$WORK/bodies"
TARGETS=$WORK/bodies/targets.json
jqget() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$TARGETS" "$1"; }
note "top claimant $(jqget topClaimant) with $(jqget topClaims) claims; search \"$(jqget search)\" matches $(jqget searchMatches) claims"

# --- claimgraph: import, cold start ------------------------------------------------
DATA=$WORK/cgdata
if [[ ${KEEP_STORE:-0} == 1 && -f $WORK/cgimport.done && $(head -1 "$WORK/cgimport.done") == "$N $SEED" ]]; then
	note "claimgraph import: skipped (KEEP_STORE=1); the store's import was: $(tail -n +2 "$WORK/cgimport.done" | tr '\n' ' ')"
else
	rm -rf "$DATA" "$WORK/cgimport.done"
	log "importing into claimgraph (claimgraph import)"
	/usr/bin/time -f '%e s, max RSS %M KiB' -o "$RESULTS/import-time.txt" "$CG" import --data "$DATA" "$CORPUS" >"$RESULTS/import.txt"
	import_s=$(cut -d' ' -f1 "$RESULTS/import-time.txt")
	note "claimgraph import: $(cat "$RESULTS/import.txt")"
	note "claimgraph import: $(calc %.0f "$N / $import_s") claims/s ($(cat "$RESULTS/import-time.txt")), load average $(load)"
	printf '%s %s\n%s claims/s\n%s\n' "$N" "$SEED" "$(calc %.0f "$N / $import_s")" "$(cat "$RESULTS/import-time.txt")" >"$WORK/cgimport.done"
fi
note "claimgraph store on disk: $(du -sh "$DATA" | cut -f1)"

TRACE_BODY=$(head -1 "$WORK/bodies/claimgraph-trace.ndjson")
# start_cg LIMIT starts the server and waits (at most LIMIT seconds) until it answers
# the first trace; it sets CG_PID and START_MS, the time that took.
start_cg() {
	local t0 deadline
	t0=$(now)
	deadline=$(calc %.0f "$t0 + $1")
	"$CG" serve --addr "127.0.0.1:$CG_PORT" --data "$DATA" --no-demo --log-level warn \
		--rate-limit -1 --ip-rate-limit -1 --max-in-flight -1 --max-in-flight-per-ip -1 >>"$RESULTS/claimgraph-server.log" 2>&1 &
	CG_PID=$!
	PIDS+=("$CG_PID")
	until curl -sf -H 'Content-Type: application/json' -d "$TRACE_BODY" "http://127.0.0.1:$CG_PORT/query" 2>/dev/null | grep -q '"claimant"'; do
		kill -0 "$CG_PID" 2>/dev/null || { cat "$RESULTS/claimgraph-server.log" >&2; exit 1; }
		if [[ $(calc %.0f "$(now)") -gt $deadline ]]; then
			echo "claimgraph did not answer within $1 s" >&2
			exit 1
		fi
		sleep 0.01
	done
	START_MS=$(calc %.0f "($(now) - $t0) * 1000")
}
# wait_search LIMIT waits until a search answers without errors: searches fail
# while the server builds its index in the background; it sets SEARCH_MS.
wait_search() {
	local t0 deadline body
	t0=$(now)
	deadline=$(calc %.0f "$t0 + $1")
	body=$(head -n 1 "$WORK/bodies/claimgraph-search.ndjson")
	until curl -sf -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$CG_PORT/query" 2>/dev/null | grep -v '"errors"' | grep -q '"data"'; do
		kill -0 "$CG_PID" 2>/dev/null || { cat "$RESULTS/claimgraph-server.log" >&2; exit 1; }
		if [[ $(calc %.0f "$(now)") -gt $deadline ]]; then
			echo "claimgraph's search did not answer within $1 s" >&2
			exit 1
		fi
		sleep 0.2
	done
	SEARCH_MS=$(calc %.0f "($(now) - $t0) * 1000")
}
stop_cg() {
	kill "$CG_PID"
	wait "$CG_PID" 2>/dev/null || true
}
# The first start after an import builds what the server keeps beside the store (the
# search index); the cold start is the second, with the page cache dropped when allowed.
log "starting claimgraph (first start after the import)"
start_cg "${MAX_FIRST_START:-3600}"
first_ms=$START_MS
wait_search "${MAX_FIRST_START:-3600}"
note "claimgraph first start after the import: first trace answer in $first_ms ms, then the search index built in the background in $SEARCH_MS ms more; store and index on disk: $(du -sh "$DATA" | cut -f1)"
stop_cg
sync
echo 1 >/proc/sys/vm/drop_caches 2>/dev/null || true
log "restarting claimgraph (cold start)"
start_cg 600
cold_ms=$START_MS
wait_search 600
note "claimgraph cold start to first trace answer: $cold_ms ms, to first search answer $((cold_ms + SEARCH_MS)) ms (page cache $( [[ -w /proc/sys/vm/drop_caches ]] && echo dropped || echo warm))"
rss() { awk -v f="$2" '$1 == f":" {print $2}' "/proc/$1/status"; }
rss_detail() { echo "$(($(rss "$1" VmRSS) / 1024)) MiB (anonymous $(($(rss "$1" RssAnon) / 1024)) MiB, file-backed $(($(rss "$1" RssFile) / 1024)) MiB)"; }
note "claimgraph RSS after start: $(rss_detail "$CG_PID")"

# --- PostgreSQL + PostGraphile ------------------------------------------------------
if [[ $SKIP_PG != 1 ]]; then
	PGDATA=$WORK/pgdata
	if [[ -f $PGDATA/postmaster.pid ]]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
	fi
	if [[ ! -f $WORK/pg.done || $(cat "$WORK/pg.done") != "$N $SEED" ]]; then
		rm -rf "$PGDATA" "$WORK/pgcsv" "$WORK/pg.done"
		mkdir -p "$PGDATA"
		[[ $(id -u) -eq 0 ]] && chown postgres: "$PGDATA"
		log "initdb"
		as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$RESULTS/initdb.log"
	fi
	# A read benchmark: durability settings do not matter, caches do.
	as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/postgres.log" -w -t 120 start \
		-o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGDATA -c shared_buffers=2GB -c effective_cache_size=8GB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
	PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q)
	if [[ ! -f $WORK/pg.done ]]; then
		log "converting the corpus to CSV"
		start=$(now)
		"$BT" pgcsv --corpus "$CORPUS" --out "$WORK/pgcsv"
		conv_s=$(calc %.3f "$(now) - $start")
		"${PSQL[@]}" -c 'DROP DATABASE IF EXISTS cgbench' -c 'CREATE DATABASE cgbench'
		"${PSQL[@]}" -d cgbench -f "$BENCH/pg/schema.sql"
		log "loading PostgreSQL (COPY, then keys and indexes)"
		start=$(now)
		for t in event actor source source_cite claim attribution claim_relation review; do
			[[ -f $WORK/pgcsv/$t.csv ]] || continue
			"${PSQL[@]}" -d cgbench -c "\\copy $t FROM '$WORK/pgcsv/$t.csv' WITH (FORMAT csv)"
		done
		copy_s=$(calc %.3f "$(now) - $start")
		start=$(now)
		"${PSQL[@]}" -d cgbench -f "$BENCH/pg/keys.sql"
		keys_s=$(calc %.3f "$(now) - $start")
		note "PostgreSQL load: CSV conversion $(calc %.1f "$conv_s") s, COPY $(calc %.1f "$copy_s") s, keys and indexes $(calc %.1f "$keys_s") s: $(calc %.0f "$N / ($copy_s + $keys_s)") claims/s without the conversion"
		echo "$N $SEED" >"$WORK/pg.done"
	fi
	note "PostgreSQL database size: $("${PSQL[@]}" -d cgbench -At -c "SELECT pg_size_pretty(pg_database_size('cgbench'))")"

	log "installing PostGraphile (npm ci)"
	(cd "$BENCH/postgraphile" && { [[ -x node_modules/.bin/postgraphile ]] || npm ci --no-audit --no-fund --loglevel=error; })
	log "starting PostGraphile"
	NODE_ENV=production "$BENCH/postgraphile/node_modules/.bin/postgraphile" \
		-c "postgres://postgres@127.0.0.1:$PG_PORT/cgbench" -s public -n 127.0.0.1 -p "$GQL_PORT" \
		--disable-query-log --disable-graphiql --cluster-workers "$PG_WORKERS" >"$RESULTS/postgraphile.log" 2>&1 &
	PIDS+=("$!")
	PG_TRACE_BODY=$(head -1 "$WORK/bodies/postgraphile-trace.ndjson")
	for _ in $(seq 1 600); do
		if curl -sf -H 'Content-Type: application/json' -d "$PG_TRACE_BODY" "http://127.0.0.1:$GQL_PORT/graphql" 2>/dev/null | grep -q '"actorByClaimantId"'; then
			break
		fi
		sleep 0.1
	done
fi

# --- check the answers ---------------------------------------------------------------
endpoint() { [[ $1 == claimgraph ]] && echo "http://127.0.0.1:$CG_PORT/query" || echo "http://127.0.0.1:$GQL_PORT/graphql"; }
SYSTEMS=(claimgraph)
[[ $SKIP_PG != 1 ]] && SYSTEMS+=(postgraphile)
for sys in "${SYSTEMS[@]}"; do
	for q in trace page search; do
		body=$(head -1 "$WORK/bodies/$sys-$q.ndjson")
		out=$(curl -s -H 'Content-Type: application/json' -d "$body" "$(endpoint "$sys")")
		echo "$out" >"$RESULTS/$sys-$q-answer.json"
		if echo "$out" | grep -q '"errors"' || ! echo "$out" | grep -q '"data"'; then
			echo "$sys $q: the answer has errors: $out" >&2
			exit 1
		fi
	done
done
# Both must give the same page and the same trace.
python3 - "$RESULTS" "$TARGETS" "$SKIP_PG" <<'EOF'
import json, sys
res, targets, skip = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3] == "1"
def ids(o):
    out = []
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "id" and isinstance(v, str): out.append(v)
            out += ids(v)
    elif isinstance(o, list):
        for v in o: out += ids(v)
    return out
cg = {q: json.load(open(f"{res}/claimgraph-{q}-answer.json")) for q in ("trace", "page", "search")}
page = ids(cg["page"])
assert page[0] == targets["deepFirst"], f"claimgraph's deep page starts at {page[0]}, want {targets['deepFirst']}"
if not skip:
    pg = {q: json.load(open(f"{res}/postgraphile-{q}-answer.json")) for q in ("trace", "page", "search")}
    for q in ("trace", "page"):
        a, b = ids(cg[q]), ids(pg[q])
        assert sorted(a) == sorted(b), f"{q}: claimgraph answers {a}, PostGraphile {b}"
    print("answers agree: trace and page identical; search: claimgraph %d hits, PostGraphile %d (word prefixes vs stemmed full-text)" % (len(ids(cg["search"])), len(ids(pg["search"]))), file=sys.stderr)
EOF

# --- load ------------------------------------------------------------------------------
# RSS sampling of the claimgraph server during its runs.
MAXRSS=0
MAXANON=0
run_wrk() { # system query conns
	local sys=$1 q=$2 c=$3 threads=2 url
	[[ $c -lt 2 ]] && threads=1
	url=$(endpoint "$sys")
	WRK_BODIES=$WORK/bodies/$sys-$q.ndjson wrk -t"$threads" -c"$c" -d"$WARMUP" -s "$BENCH/wrk/post.lua" "$url" >/dev/null
	WRK_BODIES=$WORK/bodies/$sys-$q.ndjson wrk -t"$threads" -c"$c" -d"$DURATION" --timeout 10s --latency -s "$BENCH/wrk/post.lua" "$url" >"$RESULTS/$sys-$q-c$c.txt" &
	local wpid=$!
	while kill -0 "$wpid" 2>/dev/null; do
		if [[ $sys == claimgraph ]]; then
			local r
			r=$(rss "$CG_PID" VmRSS)
			((r > MAXRSS)) && MAXRSS=$r
			r=$(rss "$CG_PID" RssAnon)
			((r > MAXANON)) && MAXANON=$r
		fi
		sleep 0.5
	done
	wait "$wpid"
	echo "load average $(load)" >>"$RESULTS/$sys-$q-c$c.txt"
	log "$sys $q c$c: $(grep Requests/sec "$RESULTS/$sys-$q-c$c.txt" | tr -s ' ')"
}
for q in trace page search; do
	for c in $CONNS; do
		for sys in "${SYSTEMS[@]}"; do
			run_wrk "$sys" "$q" "$c"
		done
	done
done
note "claimgraph RSS under load: max $((MAXRSS / 1024)) MiB sampled (VmRSS; anonymous memory at most $((MAXANON / 1024)) MiB, the rest is the store's memory-mapped files), peak $(($(rss "$CG_PID" VmHWM) / 1024)) MiB (VmHWM); at the end $(rss_detail "$CG_PID")"
note "load average at end: $(load)"

echo
cat "$SUMMARY"
echo
"$BT" report "$RESULTS" | tee "$RESULTS/table.md"
