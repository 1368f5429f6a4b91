package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/**
 * A probe's timing and thresholds, with Kubernetes' defaults for what the API server did not fill
 * in: no initial delay, every 10 s, 1 s timeout, 1 success, 3 failures.
 */
record ProbeSettings(
        int initialDelaySeconds, int periodSeconds, int timeoutSeconds, int successThreshold, int failureThreshold) {

    static ProbeSettings of(Probe probe) {
        return new ProbeSettings(
                orDefault(probe.getInitialDelaySeconds(), 0),
                orDefault(probe.getPeriodSeconds(), 10),
                orDefault(probe.getTimeoutSeconds(), 1),
                orDefault(probe.getSuccessThreshold(), 1),
                orDefault(probe.getFailureThreshold(), 3));
    }

    Duration period() {
        return Duration.ofSeconds(Math.max(1, periodSeconds));
    }

    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
