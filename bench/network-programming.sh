#!/usr/bin/env bash
# Network programming latency of the proxy in iptables mode (issue 7's goal: p99 ≤ 1 s from an
# endpoint change to rules applied, with 1,000 Services × 10 endpoints).
#
#   bench/network-programming.sh > results.jsonl
#   SERVICES=5000 ENDPOINTS=10 CHANGES=500 RATE=10 bench/network-programming.sh
#
# Needs root and iptables. It starts `skiff server` without a kubelet (so without its own proxy),
# and a proxy that programs a network namespace made here, with only a loopback interface: the
# rules and the service-range route land there, never in the host's netfilter (DESIGN.md §5), and
# the endpoints (10.128.0.0/9) are never contacted. JSON lines go to stdout, summaries to stderr;
# everything is removed afterwards.
#
# Environment: SKIFF_JAR (default services/skiff/target/skiff.jar), PROXY_JAR (default
# services/proxy/target/proxy.jar), SKIFF_PORT (18443), SKIFF_MANAGEMENT_PORT (18444), PROXY_PORT
# (18456), SERVICES (1000), ENDPOINTS (10), CHANGES (300), RATE (5 changes/s), PROXY_OPTS (extra
# proxy arguments, e.g. --skiff.proxy.min-sync-period=200ms).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SKIFF_JAR=${SKIFF_JAR:-$ROOT/services/skiff/target/skiff.jar}
PROXY_JAR=${PROXY_JAR:-$ROOT/services/proxy/target/proxy.jar}
BENCH_JAR=$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar
SKIFF_PORT=${SKIFF_PORT:-18443}
SKIFF_MANAGEMENT_PORT=${SKIFF_MANAGEMENT_PORT:-18444}
PROXY_PORT=${PROXY_PORT:-18456}
SERVICES=${SERVICES:-1000}
ENDPOINTS=${ENDPOINTS:-10}
CHANGES=${CHANGES:-300}
RATE=${RATE:-5}
read -r -a PROXY_OPTS <<<"${PROXY_OPTS:-}"

if [[ $(id -u) -ne 0 ]]; then
    echo "network-programming needs root (iptables in a network namespace)" >&2
    exit 1
fi
for jar in "$SKIFF_JAR" "$PROXY_JAR" "$BENCH_JAR"; do
    [[ -f $jar ]] || { echo "missing $jar: build with ./mvnw -DskipTests package" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/skiff-netprog.XXXXXX)
NETNS=skbnp$$
SKIFF_PID=
PROXY_PID=

cleanup() {
    local status=$?
    stop "$PROXY_PID" 30
    stop "$SKIFF_PID" 60
    ip netns del "$NETNS" 2>/dev/null || true
    if [[ $status -ne 0 ]]; then
        show_logs "$WORK"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

ip netns add "$NETNS"
ip netns exec "$NETNS" ip link set lo up

echo "starting Skiff on 127.0.0.1:$SKIFF_PORT (no kubelet, no proxy of its own)" >&2
java -jar "$SKIFF_JAR" server --plain-http --data-dir "$WORK/skiff" \
    --port "$SKIFF_PORT" --management-port "$SKIFF_MANAGEMENT_PORT" --scheduler-port 0 --controller-manager-port 0 \
    --disable kubelet >"$WORK/skiff.log" 2>&1 &
SKIFF_PID=$!
wait_for "http://127.0.0.1:$SKIFF_PORT/readyz" "Skiff" 180

echo "starting the proxy (iptables mode) on netns $NETNS" >&2
java -jar "$PROXY_JAR" --skiff.apiserver.urls="http://127.0.0.1:$SKIFF_PORT" \
    --server.address=127.0.0.1 --server.port="$PROXY_PORT" --skiff.proxy.node-name=bench-node \
    --skiff.proxy.node-network-namespace="/run/netns/$NETNS" "${PROXY_OPTS[@]}" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
wait_for "http://127.0.0.1:$PROXY_PORT/actuator/health" "the proxy" 120

java -jar "$BENCH_JAR" network-programming --server "http://127.0.0.1:$SKIFF_PORT" \
    --proxy-metrics "http://127.0.0.1:$PROXY_PORT/actuator/prometheus" \
    --services "$SERVICES" --endpoints "$ENDPOINTS" --changes "$CHANGES" --rate "$RATE"
echo "rules in the node namespace: $(ip netns exec "$NETNS" iptables-save -t nat | grep -c '^-A KUBE-SEP-') KUBE-SEP rules" >&2
