#!/usr/bin/env bash
# Hollow density: starts skiff server (without its own kubelet) and one hollow kubelet on loopback,
# runs the hollow-density benchmark against them, and stops both. JSON lines go to stdout, readable
# summaries to stderr; copy the figures into docs/benchmarks.md by hand, with the machine and date.
#
#   bench/hollow-density.sh 500 15000 > results.jsonl
#   KUBELET_HEAP=6g bench/hollow-density.sh 5000 150000 --mode bound
#
# Arguments: NODES PODS [extra hollow-density options]. Environment: SKIFF_JAR (default
# services/skiff/target/skiff.jar), KUBELET_JAR (default services/kubelet/target/kubelet.jar),
# KUBELET_HEAP (the kubelet's -Xmx, default 4g), SKIFF_HEAP (the server's -Xmx, default the JVM's), SKIFF_PORT / SKIFF_MANAGEMENT_PORT (18443 / 18444),
# KUBELET_PORT (18450), CLUSTER_CIDR (the pod network node podCIDRs come from, default 10.128.0.0/9:
# room for 32,768 nodes' /24s), KUBELET_OPTS (extra kubelet arguments), WORK_PARENT (where the data of the
# run go, default /tmp; /dev/shm keeps PostgreSQL off a disk that other jobs saturate).
set -euo pipefail

NODES=${1:?usage: $0 NODES PODS [options]}
PODS=${2:?usage: $0 NODES PODS [options]}
shift 2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SKIFF_JAR=${SKIFF_JAR:-$ROOT/services/skiff/target/skiff.jar}
KUBELET_JAR=${KUBELET_JAR:-$ROOT/services/kubelet/target/kubelet.jar}
BENCH_JAR=$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar
KUBELET_HEAP=${KUBELET_HEAP:-4g}
read -r -a SKIFF_JVM_OPTS <<<"${SKIFF_HEAP:+-Xmx$SKIFF_HEAP}"
SKIFF_PORT=${SKIFF_PORT:-18443}
CLUSTER_CIDR=${CLUSTER_CIDR:-10.128.0.0/9}
SKIFF_MANAGEMENT_PORT=${SKIFF_MANAGEMENT_PORT:-18444}
KUBELET_PORT=${KUBELET_PORT:-18450}
read -r -a KUBELET_OPTS <<<"${KUBELET_OPTS:-}"

for jar in "$SKIFF_JAR" "$KUBELET_JAR" "$BENCH_JAR"; do
    [[ -f $jar ]] || { echo "missing $jar: build with ./mvnw -DskipTests package" >&2; exit 1; }
done

WORK=$(mktemp -d "${WORK_PARENT:-/tmp}/skiff-hollow-density.XXXXXX")
SKIFF_PID=
KUBELET_PID=

cleanup() {
    local status=$?
    stop "$KUBELET_PID" 60
    stop "$SKIFF_PID" 60
    if [[ $status -ne 0 ]]; then
        show_logs "$WORK"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "starting Skiff on 127.0.0.1:$SKIFF_PORT (no kubelet of its own)" >&2
java "${SKIFF_JVM_OPTS[@]}" -jar "$SKIFF_JAR" server --plain-http --data-dir "$WORK/skiff" --port "$SKIFF_PORT" \
    --management-port "$SKIFF_MANAGEMENT_PORT" --scheduler-port 0 --controller-manager-port 0 \
    --cluster-cidr "$CLUSTER_CIDR" --disable kubelet,ingress-controller >"$WORK/skiff.log" 2>&1 &
SKIFF_PID=$!
wait_for "http://127.0.0.1:$SKIFF_PORT/readyz" "Skiff" 180

echo "starting a hollow kubelet with $NODES nodes (-Xmx$KUBELET_HEAP)" >&2
java "-Xmx$KUBELET_HEAP" -jar "$KUBELET_JAR" \
    --skiff.apiserver.urls="http://127.0.0.1:$SKIFF_PORT" \
    --skiff.kubelet.runtime=hollow --skiff.kubelet.hollow.nodes="$NODES" \
    --skiff.kubelet.hollow.name-prefix=hollow --skiff.kubelet.address=127.0.0.1 \
    --skiff.kubelet.root-dir="$WORK/kubelet" \
    --server.address=127.0.0.1 --server.port="$KUBELET_PORT" "${KUBELET_OPTS[@]}" >"$WORK/kubelet.log" 2>&1 &
KUBELET_PID=$!
wait_for "http://127.0.0.1:$KUBELET_PORT/actuator/health" "the hollow kubelet" 180

java -jar "$BENCH_JAR" hollow-density --server "http://127.0.0.1:$SKIFF_PORT" \
    --metrics-url "http://127.0.0.1:$SKIFF_MANAGEMENT_PORT/actuator/prometheus" \
    --kubelet-metrics-url "http://127.0.0.1:$KUBELET_PORT/actuator/prometheus" \
    --server-pid "$SKIFF_PID" --kubelet-pid "$KUBELET_PID" \
    --cpu-pid skiff="$SKIFF_PID" --cpu-pid kubelet="$KUBELET_PID" \
    --nodes "$NODES" --pods "$PODS" --node-prefix hollow --keep "$@"
echo "kubelet log: $(grep -c WARN "$WORK/kubelet.log" || true) warnings" >&2
grep WARN "$WORK/kubelet.log" | cut -c1-300 | sort | uniq -c | sort -rn | head -n 10 >&2 || true
