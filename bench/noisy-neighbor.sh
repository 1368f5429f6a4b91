#!/usr/bin/env bash
# A noisy client flooding the API server against a system component's requests (issue 9: a noisy
# user cannot push the scheduler's requests past their latency goal).
#
#   bench/noisy-neighbor.sh > results.jsonl
#   NOISY_OPTS="--noisy-connections 400 --duration 20s" bench/noisy-neighbor.sh
#
# Starts `skiff server` (HTTPS, as by default; no kubelet, DNS or ingress controller) on loopback,
# makes a client certificate for a user "noisy-user" with openssl from the cluster CA in its data
# directory (group bench:noisy, bound to cluster-admin so it may create and list what it floods
# with), and runs the noisy-neighbor benchmark with the scheduler's own certificate as the quiet
# client. JSON lines go to stdout, summaries to stderr; everything is stopped and removed afterwards.
#
# Environment: SKIFF_JAR (default services/skiff/target/skiff.jar), SKIFF_PORT / SKIFF_MANAGEMENT_PORT
# (18643 / 18644), NOISY_OPTS (extra noisy-neighbor options).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SKIFF_JAR=${SKIFF_JAR:-$ROOT/services/skiff/target/skiff.jar}
SKIFF_PORT=${SKIFF_PORT:-18643}
SKIFF_MANAGEMENT_PORT=${SKIFF_MANAGEMENT_PORT:-18644}
BENCH_JAR=$ROOT/bench/target/bench-0.1.0-SNAPSHOT.jar
read -r -a NOISY_OPTS <<<"${NOISY_OPTS:-}"

WORK=$(mktemp -d /tmp/skiff-noisy.XXXXXX)
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

echo "building the benchmark jar" >&2
(cd "$ROOT" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true -pl shared-model,bench -am)
if [[ ! -f $SKIFF_JAR ]]; then
    echo "no Skiff jar at $SKIFF_JAR: build it with ./mvnw -DskipTests package, or set SKIFF_JAR" >&2
    exit 1
fi

echo "starting Skiff on https://127.0.0.1:$SKIFF_PORT" >&2
java -jar "$SKIFF_JAR" server --data-dir "$WORK/skiff" \
    --port "$SKIFF_PORT" --management-port "$SKIFF_MANAGEMENT_PORT" --scheduler-port 0 --controller-manager-port 0 \
    --disable kubelet,dns,ingress-controller,proxy >"$WORK/skiff.log" 2>&1 &
SKIFF_PID=$!
TLS=$WORK/skiff/tls
wait_until "Skiff at https://127.0.0.1:$SKIFF_PORT/readyz" 180 \
    curl -sf -o /dev/null --cacert "$TLS/ca.crt" "https://127.0.0.1:$SKIFF_PORT/readyz"
# The kubeconfig is written once every component has started.
wait_until "the kubeconfig" 180 test -f "$WORK/skiff/kubeconfig.yaml"

echo "making the noisy user's certificate" >&2
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/noisy.key" 2>/dev/null
openssl req -new -key "$WORK/noisy.key" -subj "/O=bench:noisy/CN=noisy-user" -out "$WORK/noisy.csr"
printf 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n' >"$WORK/client.ext"
openssl x509 -req -in "$WORK/noisy.csr" -CA "$TLS/ca.crt" -CAkey "$TLS/ca.key" -CAcreateserial \
    -days 1 -extfile "$WORK/client.ext" -out "$WORK/noisy.crt" 2>/dev/null
KUBECONFIG=$WORK/skiff/kubeconfig.yaml kubectl create clusterrolebinding bench-noisy \
    --clusterrole=cluster-admin --group=bench:noisy >/dev/null

java -jar "$BENCH_JAR" noisy-neighbor --server "https://127.0.0.1:$SKIFF_PORT" --ca-file "$TLS/ca.crt" \
    --quiet-cert "$TLS/scheduler.crt" --quiet-key "$TLS/scheduler.key" \
    --noisy-cert "$WORK/noisy.crt" --noisy-key "$WORK/noisy.key" "${NOISY_OPTS[@]}"
