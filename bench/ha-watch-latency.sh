#!/usr/bin/env bash
# Watch latency across two API servers on one PostgreSQL (issue 8: a write on one apiserver is seen
# by watchers on the other within the watch-latency goal).
#
#   bench/ha-watch-latency.sh > results.jsonl
#   WATCHERS=50 RATE=200 DURATION=60s bench/ha-watch-latency.sh
#
# Starts two API server jars on loopback: A on an embedded PostgreSQL in a fresh data directory,
# B on that same PostgreSQL through its JDBC URL (as a second apiserver joins an external database).
# Then runs the benchmark's watch-latency twice, writing through A both times at RATE writes per
# second for DURATION (after WARMUP): once with the watches on A (same server, for comparison) and
# once with the watches on B (the other server). Each event's latency runs from the moment the
# write's answer reached the writer to the moment the event reached the watcher; an event that
# arrives before the answer counts as 0 (the latency_from_send_* lines measure from just before the
# write was sent, and show how far ahead of the answer events are). The watch-latency lines carry "watch_server":"same" or
# "other". JSON lines go to stdout, summaries to stderr; everything started is stopped and removed.
#
# Environment: APISERVER_JAR (default services/apiserver/target/apiserver.jar, built by
# ./mvnw -DskipTests package), WATCHERS (10), RATE (100 writes/s), DURATION (20s), WARMUP (5s),
# JAVA_OPTS (extra JVM options for both API servers), SKIP_BENCH_BUILD (1: use bench/target as built).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
APISERVER_JAR=${APISERVER_JAR:-$ROOT/services/apiserver/target/apiserver.jar}
BENCH_JAR=$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar
WATCHERS=${WATCHERS:-10}
RATE=${RATE:-100}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
read -r -a JAVA_OPTS <<<"${JAVA_OPTS:-}"
START_TIMEOUT=180

[[ -f $APISERVER_JAR ]] || { echo "no $APISERVER_JAR: build with ./mvnw -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d /tmp/skiff-ha-watch.XXXXXX)
A_PID=
B_PID=

cleanup() {
    local status=$?
    stop "$B_PID"
    stop "$A_PID"
    stop_postgres "$WORK/a/postgres" # the embedded PostgreSQL outlives a JVM killed with SIGKILL
    if [[ $status -ne 0 ]]; then
        show_logs "$WORK"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_apiserver NAME PORT DATASTORE-ARGS...: launches an API server jar on loopback; prints its pid.
start_apiserver() {
    local name=$1 port=$2
    shift 2
    java "${JAVA_OPTS[@]}" -jar "$APISERVER_JAR" "$@" \
        --server.port="$port" --server.address=127.0.0.1 \
        --management.server.port="$(free_port)" --management.server.address=127.0.0.1 \
        >"$WORK/$name.log" 2>&1 &
    echo $!
}

if [[ ${SKIP_BENCH_BUILD:-0} != 1 ]]; then
    echo "building the benchmark jar" >&2
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -pl shared-model,bench -am)
fi
[[ -f $BENCH_JAR ]] || { echo "no $BENCH_JAR" >&2; exit 1; }

A_PORT=$(free_port)
echo "starting API server A on 127.0.0.1:$A_PORT (embedded PostgreSQL in $WORK/a)" >&2
A_PID=$(start_apiserver apiserver-a "$A_PORT" --skiff.datastore.data-dir="$WORK/a")
wait_for "http://127.0.0.1:$A_PORT/readyz" "API server A" "$START_TIMEOUT"

# postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's documented layout).
PG_PORT=$(sed -n 4p "$WORK/a/postgres/postmaster.pid")
B_PORT=$(free_port)
echo "starting API server B on 127.0.0.1:$B_PORT (PostgreSQL 127.0.0.1:$PG_PORT)" >&2
B_PID=$(start_apiserver apiserver-b "$B_PORT" \
    --skiff.datastore.url="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --skiff.datastore.username=postgres)
wait_for "http://127.0.0.1:$B_PORT/readyz" "API server B" "$START_TIMEOUT"

bench() { # bench WATCH-URL
    java -jar "$BENCH_JAR" watch-latency --server "http://127.0.0.1:$A_PORT" --watch-server "$1" \
        --latency-from ack --watchers "$WATCHERS" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" \
        --cpu-pid "apiserver-a=$A_PID" --cpu-pid "apiserver-b=$B_PID" \
        --cpu-pid "postgres=$(head -n 1 "$WORK/a/postgres/postmaster.pid")"
}

echo "writes through A, $WATCHERS watches on A (same server)" >&2
bench "http://127.0.0.1:$A_PORT" | tee "$WORK/same.jsonl"
echo "writes through A, $WATCHERS watches on B (the other server)" >&2
bench "http://127.0.0.1:$B_PORT" | tee "$WORK/other.jsonl"

figure() { # figure FILE METRIC
    sed -n "s/.*\"metric\":\"$2\",\"value\":\([0-9.]*\).*/\1/p" "$1" | head -n 1
}
summary() { # summary FILE LABEL
    echo "  watches on the $2 server: ack -> event p50 $(figure "$1" latency_p50) ms," \
        "p99 $(figure "$1" latency_p99) ms; send -> event p50 $(figure "$1" latency_from_send_p50) ms," \
        "p99 $(figure "$1" latency_from_send_p99) ms" >&2
}
echo "$WATCHERS watches, $RATE writes/s through A:" >&2
summary "$WORK/same.jsonl" same
summary "$WORK/other.jsonl" other
