package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** The three kinds of container probe, named as Kubernetes names them in events and metrics. */
public enum ProbeType {
    LIVENESS("Liveness", ProbeResult.SUCCESS),
    READINESS("Readiness", ProbeResult.FAILURE),
    STARTUP("Startup", ProbeResult.UNKNOWN);

    private final String displayName;
    private final ProbeResult initialResult;

    ProbeType(String displayName, ProbeResult initialResult) {
        this.displayName = displayName;
        this.initialResult = initialResult;
    }

    /** "Liveness", "Readiness", "Startup": the prefix of event messages and the probe_type label. */
    public String displayName() {
        return displayName;
    }

    /**
     * What a new container reports before its first verdict: not ready, alive, and not yet
     * started (Unknown), as Kubernetes' worker sets it when it sees a new container ID.
     */
    public ProbeResult initialResult() {
        return initialResult;
    }

    /** The container's probe of this type, or null when it has none. */
    public Probe probeOf(Container container) {
        return switch (this) {
            case LIVENESS -> container.getLivenessProbe();
            case READINESS -> container.getReadinessProbe();
            case STARTUP -> container.getStartupProbe();
        };
    }

    @Override
    public String toString() {
        return displayName;
    }
}
