#!/usr/bin/env bash
# The proxy's userspace mode against a direct connection, in the same run (issue 7): added latency
# of small round trips (persistent and new connections) and bulk throughput.
#
#   bench/userspace-proxy.sh > results.jsonl
#   USERSPACE_OPTS="--duration 20s --clients 4 --bulk-bytes 4294967296" bench/userspace-proxy.sh
#
# Needs root (network namespaces). It makes two network namespaces, linked to nothing outside: a
# node (a bridge, 10.244.0.1/24, as a runc node's pod network) and a pod on a veth into that bridge
# (10.244.0.2/24); there is no route out of either, and no 10.x address touches the host's own
# network (DESIGN.md §5). It starts `skiff server` without a kubelet (so without its own proxy), and
# a proxy in userspace mode serving the node namespace. The benchmark runs a backend TCP server in
# the pod namespace, creates a Service (cluster IP 10.96.100.10, port 80) with an EndpointSlice
# naming the backend through the API, and from the node namespace measures the same exchanges
# directly (10.244.0.2:8080) and through the proxy (10.96.100.10:80), one after the other. JSON lines
# go to stdout, summaries to stderr; everything is removed afterwards. Nothing is recorded here:
# copy the figures into docs/benchmarks.md by hand, with the machine and the date.
#
# Environment: SKIFF_JAR (default services/skiff/target/skiff.jar), PROXY_JAR (default
# services/proxy/target/proxy.jar), SKIFF_PORT (18443), SKIFF_MANAGEMENT_PORT (18444), PROXY_PORT
# (18456), USERSPACE_OPTS (extra benchmark options, e.g. "--warmup 1s --duration 3s"), PROXY_OPTS
# (extra proxy arguments, e.g. --logging.level.io.skiff.proxy=DEBUG).
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
NODE_ADDRESS=10.244.0.1
POD_IP=10.244.0.2
read -r -a USERSPACE_OPTS <<<"${USERSPACE_OPTS:-}"
read -r -a PROXY_OPTS <<<"${PROXY_OPTS:-}"

if [[ $(id -u) -ne 0 ]]; then
    echo "userspace-proxy needs root (network namespaces)" >&2
    exit 1
fi
for jar in "$SKIFF_JAR" "$PROXY_JAR" "$BENCH_JAR"; do
    [[ -f $jar ]] || { echo "missing $jar: build with ./mvnw -DskipTests package" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/skiff-userspace.XXXXXX)
NODE_NETNS=skbup$$-node
POD_NETNS=skbup$$-pod
SKIFF_PID=
PROXY_PID=

cleanup() {
    local status=$?
    stop "$PROXY_PID" 30
    stop "$SKIFF_PID" 60
    ip netns del "$POD_NETNS" 2>/dev/null || true
    ip netns del "$NODE_NETNS" 2>/dev/null || true
    if [[ $status -ne 0 ]]; then
        show_logs "$WORK"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The node: loopback and a bridge holding the pod network. The pod: a veth into that bridge.
ip netns add "$NODE_NETNS"
ip netns add "$POD_NETNS"
ip netns exec "$NODE_NETNS" ip link set lo up
ip netns exec "$NODE_NETNS" ip link add br0 type bridge
ip netns exec "$NODE_NETNS" ip addr add "$NODE_ADDRESS/24" dev br0
ip netns exec "$NODE_NETNS" ip link set br0 up
ip link add "skbup$$p0" netns "$NODE_NETNS" type veth peer name eth0 netns "$POD_NETNS"
ip netns exec "$NODE_NETNS" ip link set "skbup$$p0" master br0 up
ip netns exec "$POD_NETNS" ip link set lo up
ip netns exec "$POD_NETNS" ip addr add "$POD_IP/24" dev eth0
ip netns exec "$POD_NETNS" ip link set eth0 up

echo "starting Skiff on 127.0.0.1:$SKIFF_PORT (no kubelet, no proxy of its own)" >&2
java -jar "$SKIFF_JAR" server --plain-http --data-dir "$WORK/skiff" \
    --port "$SKIFF_PORT" --management-port "$SKIFF_MANAGEMENT_PORT" --scheduler-port 0 --controller-manager-port 0 \
    --disable kubelet,dns,ingress-controller >"$WORK/skiff.log" 2>&1 &
SKIFF_PID=$!
wait_for "http://127.0.0.1:$SKIFF_PORT/readyz" "Skiff" 180

echo "starting the proxy (userspace mode) on netns $NODE_NETNS" >&2
java -jar "$PROXY_JAR" --skiff.apiserver.urls="http://127.0.0.1:$SKIFF_PORT" \
    --server.address=127.0.0.1 --server.port="$PROXY_PORT" --skiff.proxy.node-name=bench-node \
    --skiff.proxy.mode=userspace --skiff.proxy.node-network-namespace="/run/netns/$NODE_NETNS" \
    "${PROXY_OPTS[@]}" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
wait_for "http://127.0.0.1:$PROXY_PORT/actuator/health" "the proxy" 120

java -jar "$BENCH_JAR" userspace-proxy --server "http://127.0.0.1:$SKIFF_PORT" --cpu-pid "proxy=$PROXY_PID" \
    --node-netns "/run/netns/$NODE_NETNS" --pod-netns "/run/netns/$POD_NETNS" --pod-ip "$POD_IP" \
    "${USERSPACE_OPTS[@]}"
