package io.skiff.controllermanager.nodelifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One zone's queue of nodes waiting for a NoExecute taint, drained at the zone's rate
 * (nodelifecycle's RateLimitedTimedQueue over a token bucket of burst 1): the rate is what limits
 * how fast pods are evicted from a failing zone. A rate of zero stops tainting in the zone.
 */
final class ZoneTainter {

    private final Clock clock;
    private final Set<String> waiting = new LinkedHashSet<>();
    private double qps;
    private double tokens = 1;
    private Instant last;

    ZoneTainter(double qps, Clock clock) {
        this.qps = qps;
        this.clock = clock;
        this.last = clock.instant();
    }

    /** Queues {@code node} unless it waits already. */
    void add(String node) {
        waiting.add(node);
    }

    void remove(String node) {
        waiting.remove(node);
    }

    boolean isWaiting(String node) {
        return waiting.contains(node);
    }

    /** Changes the rate; the bucket starts again full (flowcontrol's SwapLimiter). */
    void setRate(double newQps) {
        if (newQps == qps) {
            return;
        }
        qps = newQps;
        tokens = 1;
        last = clock.instant();
    }

    double rate() {
        return qps;
    }

    /** The nodes whose turn has come, in queue order, as many as the rate allows now. */
    List<String> take() {
        List<String> due = new ArrayList<>();
        refill();
        while (!waiting.isEmpty() && qps > 0 && tokens >= 1) {
            String next = waiting.iterator().next();
            waiting.remove(next);
            tokens -= 1;
            due.add(next);
        }
        return due;
    }

    private void refill() {
        Instant now = clock.instant();
        if (qps > 0) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(1, tokens + elapsed * qps);
        }
        last = now;
    }
}
