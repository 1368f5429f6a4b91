#!/usr/bin/env bash
# Cluster DNS queries per second for Service names, with p50/p99 latency (issue 7).
#
#   bench/dns-queries.sh > results.jsonl
#   SERVICES=5000 CLIENTS=32 DNS_OPTS="--duration 30s" bench/dns-queries.sh
#
# Starts `skiff server` on loopback (no kubelet: no pods are needed, only Services), whose DNS
# answers on 127.0.0.1:$DNS_PORT, creates SERVICES Services (cluster IPs are data only, never
# contacted) and loads the DNS server with CLIENTS closed-loop UDP clients for a bounded time and
# count. JSON lines go to stdout, summaries to stderr. Nothing is recorded here: copy the figures
# into docs/benchmarks.md by hand, with the machine and the date.
#
# Environment: SKIFF_JAR (default services/skiff/target/skiff.jar, built by ./mvnw -DskipTests
# package), SKIFF_PORT / SKIFF_MANAGEMENT_PORT (18443 / 18444), DNS_PORT (18053), SERVICES (1000),
# CLIENTS (16), DNS_OPTS (extra options for the benchmark, e.g. "--warmup 2s --duration 10s").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SKIFF_JAR=${SKIFF_JAR:-$ROOT/services/skiff/target/skiff.jar}
SKIFF_PORT=${SKIFF_PORT:-18443}
SKIFF_MANAGEMENT_PORT=${SKIFF_MANAGEMENT_PORT:-18444}
DNS_PORT=${DNS_PORT:-18053}
SERVICES=${SERVICES:-1000}
CLIENTS=${CLIENTS:-16}
BENCH_JAR=$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar
read -r -a DNS_OPTS <<<"${DNS_OPTS:-}"

for jar in "$SKIFF_JAR" "$BENCH_JAR"; do
    if [[ ! -f $jar ]]; then
        echo "no $jar: build with ./mvnw -DskipTests package" >&2
        exit 1
    fi
done

WORK=$(mktemp -d /tmp/skiff-dns-bench.XXXXXX)
SKIFF_PID=

cleanup() {
    local status=$?
    stop "$SKIFF_PID"
    if [[ $status -ne 0 ]]; then
        show_logs "$WORK"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "starting Skiff on 127.0.0.1:$SKIFF_PORT, its DNS on 127.0.0.1:$DNS_PORT" >&2
java -jar "$SKIFF_JAR" server --plain-http --data-dir "$WORK/skiff" \
    --port "$SKIFF_PORT" --management-port "$SKIFF_MANAGEMENT_PORT" --scheduler-port 0 --controller-manager-port 0 \
    --dns-port "$DNS_PORT" --dns-metrics-port 0 --disable kubelet >"$WORK/skiff.log" 2>&1 &
SKIFF_PID=$!
wait_for "http://127.0.0.1:$SKIFF_PORT/readyz" "Skiff"

java -jar "$BENCH_JAR" dns-queries --server "http://127.0.0.1:$SKIFF_PORT" --cpu-pid "skiff=$SKIFF_PID" \
    --dns "127.0.0.1:$DNS_PORT" --services "$SERVICES" --clients "$CLIENTS" "${DNS_OPTS[@]}"
