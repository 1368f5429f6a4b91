package io.skiff.scheduler.framework.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.framework.WaitingPod;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pod held at Permit: each plugin that asked it to wait must allow it before its own timeout, or
 * the pod is rejected; the first rejection wins.
 */
final class PermitWaitingPod implements WaitingPod {

    private final Pod pod;
    private final Map<String, ScheduledFuture<?>> pending = new HashMap<>();
    private final CompletableFuture<Status> outcome = new CompletableFuture<>();

    PermitWaitingPod(Pod pod, Map<String, Duration> waitTimes, ScheduledExecutorService timer) {
        this.pod = pod;
        synchronized (this) {
            waitTimes.forEach((plugin, wait) -> pending.put(
                    plugin,
                    timer.schedule(
                            () -> reject(
                                    plugin,
                                    "rejected due to timeout after waiting " + format(wait) + " at plugin " + plugin),
                            wait.toNanos(),
                            TimeUnit.NANOSECONDS)));
        }
    }

    @Override
    public Pod pod() {
        return pod;
    }

    @Override
    public synchronized Set<String> pendingPlugins() {
        return Set.copyOf(pending.keySet());
    }

    @Override
    public void allow(String pluginName) {
        boolean allAllowed;
        synchronized (this) {
            ScheduledFuture<?> timeout = pending.remove(pluginName);
            if (timeout != null) {
                timeout.cancel(false);
            }
            allAllowed = pending.isEmpty();
        }
        if (allAllowed) {
            outcome.complete(Status.success());
        }
    }

    @Override
    public void reject(String pluginName, String message) {
        synchronized (this) {
            pending.values().forEach(timeout -> timeout.cancel(false));
            pending.clear();
        }
        outcome.complete(Status.unschedulable(message).withPlugin(pluginName));
    }

    /** Blocks until allowed or rejected (every pending plugin's timeout bounds the wait). */
    Status await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return Status.error(e.getCause());
        }
    }

    /** Go's Duration formatting for whole seconds and milliseconds, e.g. "10s", "1.5s", "500ms". */
    private static String format(Duration wait) {
        long millis = wait.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            long seconds = millis / 1000;
            return seconds >= 60 ? (seconds / 60) + "m" + (seconds % 60) + "s" : seconds + "s";
        }
        return java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }
}
