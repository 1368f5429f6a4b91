#!/usr/bin/env bash
# skiff server start time and idle memory (issue 8's goals: /readyz within 5 s of a start with warm
# disk caches; the whole server idle in at most 400 MB).
#
#   bench/server-start.sh > results.jsonl
#   RESTARTS=10 IDLE=30 bench/server-start.sh
#   JAVA_OPTS="-Xlog:startuptime" SKIFF_OPTS="--disable ingress-controller" bench/server-start.sh
#
# Builds nothing. Starts `skiff server` once on a fresh data directory (initialising embedded
# PostgreSQL there; that start is reported as `initial`, not counted in the figures), stops it, then
# starts it RESTARTS more times on that directory: these warm restarts are what the figures describe.
# For each it measures, from launching the JVM: the time until /readyz answers 200 over HTTPS (the
# server's default, certificates made on the initial start) and the time until
# every component has started (the launcher's "Skiff is up" line, printed once the last component's
# application context has started), and the CPU time the JVM had used by then (user + system, all its
# threads: less sensitive than wall time to other work on the machine). After the last restart it
# waits IDLE seconds and reads the memory of the whole server: the JVM's RSS and PSS, and the PSS of
# every PostgreSQL process (PSS shares each shared page among the processes mapping it, so
# PostgreSQL's shared buffers count once; summing RSS would count them once per backend).
#
# As root with runc and the CNI plugins, all seven components run (runc kubelet and proxy) in a
# network namespace made here with no route out, as in pod-startup.sh; otherwise the kubelet uses the
# process runtime and the server leaves the proxy out. Every port is a free or non-default one.
# JSON lines go to stdout, summaries to stderr; everything started is stopped and removed afterwards.
#
# Environment: SKIFF_JAR (default services/skiff/target/skiff.jar), SKIFF_PORT (18543),
# SKIFF_MANAGEMENT_PORT (18544), RESTARTS (5), IDLE (60 s), JAVA_OPTS (extra JVM options),
# SKIFF_OPTS (extra `skiff server` options), WORK_PARENT (where the data directory goes, /tmp).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SKIFF_JAR=${SKIFF_JAR:-$ROOT/services/skiff/target/skiff.jar}
SKIFF_PORT=${SKIFF_PORT:-18543}
SKIFF_MANAGEMENT_PORT=${SKIFF_MANAGEMENT_PORT:-18544}
RESTARTS=${RESTARTS:-5}
IDLE=${IDLE:-60}
read -r -a JAVA_OPTS <<<"${JAVA_OPTS:-}"
read -r -a SKIFF_OPTS <<<"${SKIFF_OPTS:-}"
START_TIMEOUT=180

[[ -f $SKIFF_JAR ]] || { echo "no $SKIFF_JAR: build with ./mvnw -DskipTests package" >&2; exit 1; }

WORK=$(mktemp -d "${WORK_PARENT:-/tmp}/skiff-server-start.XXXXXX")
SUFFIX=$(printf '%04x' $((RANDOM % 65536)))
NETNS=
SKIFF_PID=

cleanup() {
    local status=$?
    stop "$SKIFF_PID"
    stop_postgres "$WORK/skiff/postgres" # the embedded PostgreSQL outlives a JVM killed with SIGKILL
    [[ -n $NETNS ]] && ip netns delete "$NETNS" 2>/dev/null
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

# Only the scheduler and controller manager take 0 for "any free port" in every version; the others
# get a free port found here.
SERVER_ARGS=(--data-dir "$WORK/skiff" --port "$SKIFF_PORT" --management-port "$SKIFF_MANAGEMENT_PORT"
    --scheduler-port 0 --controller-manager-port 0 --kubelet-port 0 --dns-port "$(free_port)"
    --dns-metrics-port 0 --proxy-port 0 --ingress-http-port 0 --ingress-https-port 0
    --ingress-controller-port 0 --node-name bench-node)
if [[ $(id -u) -eq 0 ]] && command -v runc >/dev/null && [[ -x /usr/lib/cni/bridge ]] && command -v ip >/dev/null; then
    NETNS=skiff-start-$SUFFIX
    ip netns add "$NETNS"
    ip netns exec "$NETNS" ip link set lo up
    SERVER_ARGS+=(--runtime runc
        --kubelet-arg "runc.node-network-namespace=/run/netns/$NETNS"
        --kubelet-arg "runc.network-name=skiff-start"
        --kubelet-arg "runc.bridge-name=sks$SUFFIX"
        --kubelet-arg "runc.cgroup-parent=skiff-start")
    RUNTIME=runc
else
    SERVER_ARGS+=(--runtime process)
    RUNTIME=process
fi
SERVER_ARGS+=("${SKIFF_OPTS[@]}")

now_ms() {
    date +%s%3N
}

# start_server LOG: launches skiff server in the background; sets SKIFF_PID and STARTED_MS.
start_server() {
    STARTED_MS=$(now_ms)
    java "${JAVA_OPTS[@]}" -jar "$SKIFF_JAR" server "${SERVER_ARGS[@]}" >"$1" 2>&1 &
    SKIFF_PID=$!
}

# cpu_ms PID: user + system CPU time the process has used, in milliseconds.
cpu_ms() {
    awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"
}

# measure_start LOG: polls every 50 ms, bounded; sets READY_MS (to /readyz 200) and UP_MS (to every
# component started), READY_CPU_MS and UP_CPU_MS (the JVM's CPU time then).
measure_start() {
    local log=$1 deadline now
    READY_MS=
    UP_MS=
    deadline=$(($(now_ms) + START_TIMEOUT * 1000))
    while [[ -z $READY_MS || -z $UP_MS ]]; do
        now=$(now_ms)
        if ((now > deadline)) || ! kill -0 "$SKIFF_PID" 2>/dev/null; then
            echo "skiff server did not start within $START_TIMEOUT s (or exited)" >&2
            return 1
        fi
        if [[ -z $READY_MS ]] && curl -sf -o /dev/null --max-time 1 \
            --cacert "$WORK/skiff/tls/ca.crt" "https://127.0.0.1:$SKIFF_PORT/readyz"; then
            READY_MS=$(($(now_ms) - STARTED_MS))
            READY_CPU_MS=$(cpu_ms "$SKIFF_PID")
        fi
        if [[ -z $UP_MS ]] && grep -q '^Skiff is up in' "$log"; then
            UP_MS=$(($(now_ms) - STARTED_MS))
            UP_CPU_MS=$(cpu_ms "$SKIFF_PID")
        fi
        sleep 0.05
    done
}

# pss_kb PID: the process's proportional set size in kB (0 if it is gone).
pss_kb() {
    awk '/^Pss:/ {print $2; found = 1} END {if (!found) print 0}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0
}

rss_kb() {
    awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# postgres_pids: the postmaster (from postmaster.pid) and its children.
postgres_pids() {
    local postmaster
    postmaster=$(head -n 1 "$WORK/skiff/postgres/postmaster.pid")
    echo "$postmaster"
    for stat in /proc/[0-9]*/stat; do
        # Field 4 is the parent's pid; the command name (field 2) holds no spaces for postgres.
        awk -v parent="$postmaster" '$4 == parent {print $1}' "$stat" 2>/dev/null || true
    done
}

metric() { # metric NAME VALUE UNIT [EXTRA-JSON]
    printf '{"bench":"server-start","metric":"%s","value":%s,"unit":"%s"%s,"runtime":"%s","restarts":%d,"time":"%s"}\n' \
        "$1" "$2" "$3" "${4:-}" "$RUNTIME" "$RESTARTS" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

# percentile P VALUES...: nearest-rank percentile.
percentile() {
    local p=$1
    shift
    printf '%s\n' "$@" | sort -n | awk -v p="$p" '{v[NR] = $1} END {i = int((p * NR + 99) / 100); if (i < 1) i = 1; print v[i]}'
}

seconds() {
    awk -v ms="$1" 'BEGIN {printf "%.3f", ms / 1000}'
}

echo "initialising a data directory in $WORK/skiff (runtime $RUNTIME)" >&2
start_server "$WORK/initial.log"
measure_start "$WORK/initial.log"
metric initial_readyz "$(seconds "$READY_MS")" s
metric initial_all_started "$(seconds "$UP_MS")" s
echo "initial start: /readyz after $(seconds "$READY_MS") s, every component after $(seconds "$UP_MS") s" >&2
stop "$SKIFF_PID" 60
SKIFF_PID=

READY=()
UP=()
READY_CPU=()
UP_CPU=()
for run in $(seq 1 "$RESTARTS"); do
    log=$WORK/restart-$run.log
    start_server "$log"
    measure_start "$log"
    READY+=("$READY_MS")
    UP+=("$UP_MS")
    READY_CPU+=("$READY_CPU_MS")
    UP_CPU+=("$UP_CPU_MS")
    echo "restart $run: /readyz after $(seconds "$READY_MS") s ($(seconds "$READY_CPU_MS") s of CPU)," \
        "every component after $(seconds "$UP_MS") s ($(seconds "$UP_CPU_MS") s of CPU)" >&2
    if ((run < RESTARTS)); then
        stop "$SKIFF_PID" 60
        SKIFF_PID=
    fi
done
metric readyz_p50 "$(seconds "$(percentile 50 "${READY[@]}")")" s
metric readyz_max "$(seconds "$(percentile 100 "${READY[@]}")")" s
metric all_started_p50 "$(seconds "$(percentile 50 "${UP[@]}")")" s
metric all_started_max "$(seconds "$(percentile 100 "${UP[@]}")")" s
metric readyz_cpu_p50 "$(seconds "$(percentile 50 "${READY_CPU[@]}")")" s
metric all_started_cpu_p50 "$(seconds "$(percentile 50 "${UP_CPU[@]}")")" s

echo "idle for $IDLE s, then reading memory" >&2
sleep "$IDLE"
jvm_rss=$(rss_kb "$SKIFF_PID")
jvm_pss=$(pss_kb "$SKIFF_PID")
pg_pss=0
pg_rss=0
pg_count=0
for pid in $(postgres_pids); do
    pg_pss=$((pg_pss + $(pss_kb "$pid")))
    pg_rss=$((pg_rss + $(rss_kb "$pid")))
    pg_count=$((pg_count + 1))
done
mib() {
    awk -v kb="$1" 'BEGIN {printf "%.1f", kb / 1024}'
}
idle=",\"idle_s\":$IDLE"
metric jvm_rss "$(mib "$jvm_rss")" MiB "$idle"
metric jvm_pss "$(mib "$jvm_pss")" MiB "$idle"
metric postgres_pss "$(mib "$pg_pss")" MiB "$idle,\"processes\":$pg_count"
metric postgres_rss_sum "$(mib "$pg_rss")" MiB "$idle,\"processes\":$pg_count"
metric total_pss "$(mib $((jvm_pss + pg_pss)))" MiB "$idle"
echo "readyz p50 $(seconds "$(percentile 50 "${READY[@]}")") s (max $(seconds "$(percentile 100 "${READY[@]}")") s)," \
    "every component p50 $(seconds "$(percentile 50 "${UP[@]}")") s" \
    "(CPU p50 $(seconds "$(percentile 50 "${READY_CPU[@]}")") s / $(seconds "$(percentile 50 "${UP_CPU[@]}")") s);" \
    "after $IDLE s idle: JVM RSS $(mib "$jvm_rss") MiB, PSS $(mib "$jvm_pss") MiB;" \
    "PostgreSQL ($pg_count processes) PSS $(mib "$pg_pss") MiB (RSS summed $(mib "$pg_rss") MiB);" \
    "total PSS $(mib $((jvm_pss + pg_pss))) MiB" >&2
