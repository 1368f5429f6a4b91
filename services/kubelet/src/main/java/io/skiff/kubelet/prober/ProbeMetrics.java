package io.skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.skiff.kubelet.metrics.KubeletMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' prober metrics: {@code prober_probe_total{probe_type,result,container,pod,namespace,pod_uid}}
 * counts verdicts (result successful, failed or unknown) and {@code
 * prober_probe_duration_seconds{probe_type,container,pod,namespace}} times the probes that
 * succeeded (or ended unknown), with Prometheus' default buckets. A worker's series go when it
 * stops.
 */
final class ProbeMetrics {

    static final String PROBES = "prober.probe";
    static final String DURATION = "prober.probe.duration";

    private final MeterRegistry registry;

    ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    WorkerMeters forWorker(ProbeType type, Pod pod, String containerName) {
        return new WorkerMeters(type, pod, containerName);
    }

    /** One worker's series, registered on first use like Kubernetes' labelled vectors. */
    final class WorkerMeters {

        private final Tags durationTags;
        private final Tags resultTags;
        private final Map<ProbeResult, Counter> counters = new EnumMap<>(ProbeResult.class);
        private final List<Meter> registered = new ArrayList<>();
        private Timer duration;

        private WorkerMeters(ProbeType type, Pod pod, String containerName) {
            this.durationTags = Tags.of(
                    "probe_type", type.displayName(),
                    "container", containerName,
                    "pod", pod.getMetadata().getName(),
                    "namespace", String.valueOf(pod.getMetadata().getNamespace()));
            this.resultTags = durationTags.and("pod_uid", pod.getMetadata().getUid());
        }

        synchronized void record(ProbeResult result, Duration took) {
            counters.computeIfAbsent(
                            result,
                            r -> keep(Counter.builder(PROBES)
                                    .description(
                                            "Cumulative number of a liveness, readiness or startup probe for a container by result.")
                                    .tags(resultTags.and("result", label(r)))
                                    .register(registry)))
                    .increment();
            if (result != ProbeResult.FAILURE) {
                if (duration == null) {
                    duration = keep(Timer.builder(DURATION)
                            .description("Duration in seconds for a probe response.")
                            .tags(durationTags)
                            .serviceLevelObjectives(KubeletMetrics.DEFAULT_BUCKETS)
                            .register(registry));
                }
                duration.record(took);
            }
        }

        synchronized void remove() {
            registered.forEach(registry::remove);
            registered.clear();
            counters.clear();
            duration = null;
        }

        private <M extends Meter> M keep(M meter) {
            registered.add(meter);
            return meter;
        }
    }

    private static String label(ProbeResult result) {
        return switch (result) {
            case SUCCESS -> "successful";
            case FAILURE -> "failed";
            case UNKNOWN -> "unknown";
        };
    }
}
