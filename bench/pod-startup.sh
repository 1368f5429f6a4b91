#!/usr/bin/env bash
# Pod startup latency with real runc containers (issue 6's goal: p99 ≤ 1 s with the image present).
#
#   bench/pod-startup.sh > results.jsonl
#   PODS=200 RATE=10 bench/pod-startup.sh
#
# Needs root and the Debian packages .ci/run installs (runc, containernetworking-plugins, iproute2,
# docker-registry, umoci, skopeo, busybox-static). It builds a busybox image with umoci, serves it
# from docker-registry on 127.0.0.1, and starts `skiff server --runtime runc` whose node network is a
# network namespace made here with no route out (DESIGN.md §5): pod addresses never reach the host's
# network. JSON lines go to stdout, summaries to stderr; everything is removed afterwards.
#
# Environment: SKIFF_JAR (default services/skiff/target/skiff.jar), SKIFF_PORT (18443),
# SKIFF_MANAGEMENT_PORT (18444), PODS (100), RATE (5 pods/s), MAX_RUNNING (30).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SKIFF_JAR=${SKIFF_JAR:-$ROOT/services/skiff/target/skiff.jar}
SKIFF_PORT=${SKIFF_PORT:-18443}
SKIFF_MANAGEMENT_PORT=${SKIFF_MANAGEMENT_PORT:-18444}
BENCH_JAR=$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar
PODS=${PODS:-100}
RATE=${RATE:-5}
MAX_RUNNING=${MAX_RUNNING:-30}

if [[ $(id -u) -ne 0 ]]; then
    echo "pod-startup needs root (runc containers, network namespaces)" >&2
    exit 1
fi
for tool in runc /usr/lib/cni/bridge ip docker-registry umoci skopeo /bin/busybox; do
    if ! command -v "$tool" >/dev/null; then
        echo "missing $tool: apt-get install runc containernetworking-plugins iproute2 docker-registry umoci skopeo busybox-static" >&2
        exit 1
    fi
done
for jar in "$SKIFF_JAR" "$BENCH_JAR"; do
    if [[ ! -f $jar ]]; then
        echo "no $jar: build with ./mvnw -DskipTests package" >&2
        exit 1
    fi
done

WORK=$(mktemp -d /tmp/skiff-startup.XXXXXX)
SUFFIX=$(printf '%04x' $((RANDOM % 65536)))
NETNS=skiff-bench-$SUFFIX
SKIFF_PID=
REGISTRY_PID=

cleanup() {
    local status=$?
    stop "$SKIFF_PID"
    stop "$REGISTRY_PID"
    ip netns delete "$NETNS" 2>/dev/null || true
    if [[ $status -ne 0 ]]; then
        show_logs "$WORK"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "building a busybox image and serving it from a local registry" >&2
mkdir -p "$WORK/rootfs/bin"
cp /bin/busybox "$WORK/rootfs/bin/busybox"
ln -s busybox "$WORK/rootfs/bin/sh"
ln -s busybox "$WORK/rootfs/bin/sleep"
umoci init --layout "$WORK/oci"
umoci new --image "$WORK/oci:1"
umoci insert --image "$WORK/oci:1" "$WORK/rootfs/bin" /bin >/dev/null
REGISTRY_PORT=$(free_port)
cat >"$WORK/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $WORK/registry
http:
  addr: 127.0.0.1:$REGISTRY_PORT
EOF
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
wait_until "docker-registry" 120 curl -sf "http://127.0.0.1:$REGISTRY_PORT/v2/"
skopeo copy --insecure-policy --dest-tls-verify=false "oci:$WORK/oci:1" \
    "docker://127.0.0.1:$REGISTRY_PORT/busybox:1" >/dev/null

echo "starting Skiff with a runc kubelet whose node network is netns $NETNS" >&2
ip netns add "$NETNS"
ip netns exec "$NETNS" ip link set lo up
java -jar "$SKIFF_JAR" server --plain-http --data-dir "$WORK/skiff" \
    --port "$SKIFF_PORT" --management-port "$SKIFF_MANAGEMENT_PORT" --scheduler-port 0 --controller-manager-port 0 \
    --runtime runc --node-name bench-node --kubelet-port 0 --disable ingress-controller \
    --kubelet-arg "runc.node-network-namespace=/run/netns/$NETNS" \
    --kubelet-arg "runc.network-name=skiff-bench" \
    --kubelet-arg "runc.bridge-name=skb$SUFFIX" \
    --kubelet-arg "runc.cgroup-parent=skiff-bench" >"$WORK/skiff.log" 2>&1 &
SKIFF_PID=$!
wait_until "Skiff" 120 curl -sf "http://127.0.0.1:$SKIFF_PORT/readyz"
node_ready() {
    curl -sf "http://127.0.0.1:$SKIFF_PORT/api/v1/nodes/bench-node" \
        | python3 -c 'import json, sys
node = json.load(sys.stdin)
ready = [c for c in node["status"].get("conditions", []) if c["type"] == "Ready"]
sys.exit(0 if ready and ready[0]["status"] == "True" and node["spec"].get("podCIDR") else 1)'
}
wait_until "node bench-node" 120 node_ready

java -jar "$BENCH_JAR" pod-startup --server "http://127.0.0.1:$SKIFF_PORT" \
    --image "127.0.0.1:$REGISTRY_PORT/busybox:1" --pods "$PODS" --rate "$RATE" --max-running "$MAX_RUNNING"
