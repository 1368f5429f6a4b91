package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Where the prober's events go: Warning events about one container of a pod, with reason {@code
 * Unhealthy} ({@code Readiness probe failed: HTTP probe failed with statuscode: 503}) or {@code
 * ProbeWarning} ({@code Liveness probe warning: Probe terminated redirects, Response body: ...}).
 * {@link RecorderProbeEvents} records them through the kubelet's event recorder.
 */
@FunctionalInterface
public interface ProbeEvents {

    String UNHEALTHY = "Unhealthy";
    String PROBE_WARNING = "ProbeWarning";

    void warning(Pod pod, Container container, String reason, String message);
}
