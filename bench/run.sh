#!/usr/bin/env bash
# Runs every benchmark once, one at a time, against a fresh Skiff (and etcd, when installed) on
# loopback. JSON lines go to stdout, readable summaries to stderr. Nothing is recorded here: copy
# the figures into docs/benchmarks.md by hand, with the machine and the date.
#
#   bench/run.sh > results.jsonl
#   BENCH_OPTS="--warmup 1s --duration 3s" SCHED_OPTS="--nodes 100 --pods 500 --init-pods 50" bench/run.sh
#                                                           # a quick check that everything runs
#
# Environment: SKIFF_JAR (default services/skiff/target/skiff.jar, built by ./mvnw -DskipTests package),
# SKIFF_PORT / SKIFF_MANAGEMENT_PORT (18443 / 18444), BENCH_OPTS (extra options for every benchmark
# but the scheduler's), SCHED_OPTS (extra options for scheduler-throughput), ROLLOUT_OPTS (extra
# options for deployment-rollout, e.g. "--nodes 50 --replicas 300").
# The harness speaks plain HTTP, so the servers here start with --plain-http (loopback only): the
# figures leave out TLS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SKIFF_JAR=${SKIFF_JAR:-$ROOT/services/skiff/target/skiff.jar}
SKIFF_PORT=${SKIFF_PORT:-18443}
SKIFF_MANAGEMENT_PORT=${SKIFF_MANAGEMENT_PORT:-18444}
ETCD_CLIENT_URL=http://127.0.0.1:2379
ETCD_PEER_URL=http://127.0.0.1:2380
BENCH_JAR=$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar
read -r -a BENCH_OPTS <<<"${BENCH_OPTS:-}"
read -r -a SCHED_OPTS <<<"${SCHED_OPTS:-}"
read -r -a ROLLOUT_OPTS <<<"${ROLLOUT_OPTS:-}"

WORK=$(mktemp -d /tmp/skiff-bench.XXXXXX)
SKIFF_PID=
ETCD_PID=

cleanup() {
    local status=$?
    stop "$SKIFF_PID"
    stop "$ETCD_PID"
    if [[ $status -ne 0 ]]; then
        show_logs "$WORK"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

bench() {
    java -jar "$BENCH_JAR" "$@" "${BENCH_OPTS[@]}"
}

echo "building the benchmark jar" >&2
(cd "$ROOT" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -pl shared-model,bench -am)
if [[ ! -f $SKIFF_JAR ]]; then
    echo "no Skiff jar at $SKIFF_JAR: build it with ./mvnw -DskipTests package, or set SKIFF_JAR" >&2
    exit 1
fi

echo "starting Skiff on 127.0.0.1:$SKIFF_PORT" >&2
java -jar "$SKIFF_JAR" server --plain-http --data-dir "$WORK/skiff" \
    --port "$SKIFF_PORT" --management-port "$SKIFF_MANAGEMENT_PORT" --scheduler-port 0 --controller-manager-port 0 \
    --disable kubelet,ingress-controller >"$WORK/skiff.log" 2>&1 &
SKIFF_PID=$!
wait_for "http://127.0.0.1:$SKIFF_PORT/readyz" "Skiff"

SKIFF=(--server "http://127.0.0.1:$SKIFF_PORT"
    --metrics-url "http://127.0.0.1:$SKIFF_MANAGEMENT_PORT/actuator/prometheus"
    --cpu-pid "skiff=$SKIFF_PID")
if [[ -f $WORK/skiff/postgres/postmaster.pid ]]; then
    SKIFF+=(--cpu-pid "postgres=$(head -n 1 "$WORK/skiff/postgres/postmaster.pid")")
fi

# A freshly started JVM runs its first tens of seconds partly interpreted and spends a core on
# compiling; production servers are warm. Load the server once, unrecorded, before measuring.
echo "warming up the server (not recorded)" >&2
bench create-throughput "${SKIFF[@]}" --warmup 0s --duration 30s >/dev/null
bench create-throughput "${SKIFF[@]}"
bench write-latency "${SKIFF[@]}"
bench watch-latency "${SKIFF[@]}"
# The scheduler benchmarks take their own options (SCHED_OPTS, e.g. "--nodes 500 --pods 1000").
for shape in basic spread; do
    java -jar "$BENCH_JAR" scheduler-throughput "${SKIFF[@]}" --shape "$shape" "${SCHED_OPTS[@]}"
done
# The controller chain: a Deployment of 3,000 replicas on 500 hollow nodes, then a rolling update.
java -jar "$BENCH_JAR" deployment-rollout "${SKIFF[@]}" "${ROLLOUT_OPTS[@]}"
# etcd gets the machine to itself, as Skiff did.
stop "$SKIFF_PID"
SKIFF_PID=

if command -v etcd >/dev/null; then
    echo "starting etcd on $ETCD_CLIENT_URL" >&2
    etcd --name bench --data-dir "$WORK/etcd" \
        --listen-client-urls "$ETCD_CLIENT_URL" --advertise-client-urls "$ETCD_CLIENT_URL" \
        --listen-peer-urls "$ETCD_PEER_URL" --initial-advertise-peer-urls "$ETCD_PEER_URL" \
        --initial-cluster "bench=$ETCD_PEER_URL" >"$WORK/etcd.log" 2>&1 &
    ETCD_PID=$!
    wait_for "$ETCD_CLIENT_URL/health" "etcd"
    bench etcd-put --server "$ETCD_CLIENT_URL" --cpu-pid "etcd=$ETCD_PID"
else
    bench etcd-put --server "$ETCD_CLIENT_URL"
fi
