# Shared by the benchmark scripts (sourced): stopping what they started, waiting boundedly,
# showing logs when a run fails.

# stop PID [SECONDS]: SIGTERM, then SIGKILL after SECONDS (default 30). Skiff stops its embedded
# PostgreSQL on the way out; give it time before insisting.
stop() {
    local pid=$1 seconds=${2:-30}
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid"
    for _ in $(seq 1 $((seconds * 2))); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# stop_postgres DATA_DIR: an embedded PostgreSQL outlives a JVM killed with SIGKILL; stop it by the
# postmaster.pid in DATA_DIR (fast shutdown, then SIGKILL after 20 s).
stop_postgres() {
    local pidfile=$1/postmaster.pid pid
    [[ -f $pidfile ]] || return 0
    pid=$(head -n 1 "$pidfile")
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -INT "$pid" 2>/dev/null || true # fast shutdown
    for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# wait_until WHAT SECONDS COMMAND...: runs COMMAND every second until it succeeds; bounded.
wait_until() {
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq 1 "$seconds"); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 1
    done
    echo "$what: not ready within $seconds s" >&2
    return 1
}

# wait_for URL WHAT [SECONDS]: polls URL until it answers 2xx (default 120 s).
wait_for() {
    wait_until "$2 at $1" "${3:-120}" curl -sf -o /dev/null "$1"
}

# show_logs DIR: the last lines of every *.log in DIR, to stderr.
show_logs() {
    for log in "$1"/*.log; do
        [[ -f $log ]] && { echo "--- last lines of $log" >&2; tail -n 30 "$log" >&2; }
    done
}
