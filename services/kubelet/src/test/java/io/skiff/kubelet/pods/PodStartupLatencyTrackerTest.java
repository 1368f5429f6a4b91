package io.skiff.kubelet.pods;

import static io.skiff.kubelet.testing.TestPods.container;
import static io.skiff.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pod startup SLI: creation to all containers seen running on the watch, less the image pulls. */
class PodStartupLatencyTrackerTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    private final ManualClock clock = new ManualClock(CREATED);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PodStartupLatencyTracker tracker =
            new PodStartupLatencyTracker(new KubeletMetrics(registry, "node-1"), clock);

    @Test
    void theSliLeavesOutTheTimeFromTheFirstPullToTheLastOne() {
        Pod pending = created(pod("web", "Always", container("main", "sleep 1")));
        clock.advance(Duration.ofSeconds(1));
        tracker.observedOnWatch(pending);
        clock.advance(Duration.ofSeconds(1));
        tracker.pullStarted("uid-web");
        clock.advance(Duration.ofSeconds(5));
        tracker.pullFinished("uid-web");
        clock.advance(Duration.ofSeconds(3));

        tracker.observedOnWatch(running(pending));
        tracker.observedOnWatch(running(pending));

        assertThat(sli().count()).isEqualTo(1);
        assertThat(sli().totalTime(TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(registry.get("kubelet.pod.start.total.duration").timer().totalTime(TimeUnit.SECONDS))
                .isEqualTo(10);
    }

    @Test
    void aPodWithoutContainerStatusesHasNotStarted() {
        Pod pending = created(pod("web", "Always", container("main", "sleep 1")));
        tracker.observedOnWatch(pending);
        clock.advance(Duration.ofSeconds(2));

        tracker.observedOnWatch(new PodBuilder(pending)
                .editStatus()
                .withPhase("Running")
                .endStatus()
                .build());

        assertThat(sli().count()).isZero();
    }

    @Test
    void aPodThatEndsIsForgotten() {
        Pod pending = created(pod("web", "Never", container("main", "true")));
        tracker.observedOnWatch(pending);
        tracker.observedOnWatch(new PodBuilder(pending)
                .editStatus()
                .withPhase("Succeeded")
                .endStatus()
                .build());

        // Seen again, it now counts as first seen with a start time: not measured.
        tracker.observedOnWatch(running(pending));

        assertThat(sli().count()).isZero();
    }

    private Timer sli() {
        return registry.get("kubelet.pod.start.sli.duration").timer();
    }

    private static Pod created(Pod pod) {
        return new PodBuilder(pod)
                .editMetadata()
                .withCreationTimestamp(CREATED.toString())
                .endMetadata()
                .build();
    }

    private static Pod running(Pod pod) {
        return new PodBuilder(pod)
                .editStatus()
                .withPhase("Running")
                .withStartTime(CREATED.plusSeconds(1).toString())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("main")
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(CREATED.plusSeconds(9).toString())
                        .endRunning()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }
}
