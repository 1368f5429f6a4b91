package io.skiff.kubelet.pods;

import static io.skiff.kubelet.testing.TestPods.container;
import static io.skiff.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.search.Search;
import io.skiff.kubelet.metrics.KubeletMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pod's syncs and the PLEG's relists count and time: started pods and containers with their
 * errors, the pod start duration, running pods and containers, and the PLEG's health.
 */
class PodMetricsTest {

    @TempDir
    Path logs;

    @Test
    void aPodStartCountsItsSandboxAndEachContainerByType() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("web", "Always", List.of(container("init", "true")), List.of(container("main", "sleep 1")));

        fixture.sync(pod);
        fixture.runtime.exit("init", 0);
        fixture.sync(pod);

        assertThat(count(fixture, "kubelet.started.pods")).isEqualTo(1);
        assertThat(count(fixture, "kubelet.started.pods.errors")).isZero();
        assertThat(countTagged(fixture, "kubelet.started.containers", "container_type", KubeletMetrics.INIT_CONTAINER))
                .isEqualTo(1);
        assertThat(countTagged(fixture, "kubelet.started.containers", "container_type", KubeletMetrics.CONTAINER))
                .isEqualTo(1);
    }

    @Test
    void aContainerInCrashLoopBackOffMakesNoStartAttempt() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("web", "Always", container("main", "exit 1"));
        fixture.sync(pod);
        fixture.runtime.exit("main", 1);
        fixture.sync(pod);
        fixture.runtime.exit("main", 1);

        fixture.sync(pod);

        assertThat(fixture.waitingReason(pod, "main")).isEqualTo("CrashLoopBackOff");
        assertThat(countTagged(fixture, "kubelet.started.containers", "container_type", "container"))
                .isEqualTo(2);
        assertThat(Search.in(fixture.registry)
                        .name("kubelet.started.containers.errors")
                        .counters())
                .isEmpty();
    }

    @Test
    void aFailedStartCountsAnErrorWithItsReason() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        fixture.runtime.failPulls("busybox:1.36", "not found");
        Pod pod = pod("web", "Always", container("main", "sleep 1"));

        fixture.sync(pod);
        fixture.sync(pod);

        assertThat(countTagged(fixture, "kubelet.started.containers", "container_type", "container"))
                .isEqualTo(2);
        assertThat(fixture.registry
                        .get("kubelet.started.containers.errors")
                        .tags("container_type", "container", "code", "ErrImagePull")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(fixture.registry
                        .get("kubelet.started.containers.errors")
                        .tags("container_type", "container", "code", "ImagePullBackOff")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void thePodStartDurationRunsFromFirstSightToTheFirstRunningStatusOnce() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod pod = pod("web", "Always", container("main", "sleep 1"));
        fixture.startup.observedOnWatch(pod);
        fixture.clock.advance(Duration.ofSeconds(3));

        fixture.sync(pod);
        fixture.sync(pod);

        var timer = fixture.registry.get("kubelet.pod.start.duration").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void thePlegCountsRunningPodsAndContainersByState() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod web = pod("web", "Always", container("main", "sleep 1"), container("side", "sleep 1"));
        Pod done = pod("done", "Never", container("main", "true"));
        fixture.sync(web);
        fixture.sync(done);
        fixture.runtime.exit("side", 1);
        Pleg pleg = new Pleg(fixture.runtime, uid -> {}, fixture.metrics, fixture.clock);

        pleg.relist();

        assertThat(fixture.registry.get("kubelet.running.pods").gauge().value()).isEqualTo(2);
        assertThat(fixture.registry
                        .get("kubelet.running.containers")
                        .tag("container_state", "running")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(fixture.registry
                        .get("kubelet.running.containers")
                        .tag("container_state", "exited")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(fixture.registry.get("kubelet.pleg.relist.duration").timer().count())
                .isEqualTo(1);
    }

    @Test
    void thePlegIsHealthyWhileItsLastRelistIsAtMostThreeMinutesOld() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pleg pleg = new Pleg(fixture.runtime, uid -> {}, fixture.metrics, fixture.clock);

        assertThat(pleg.health()).isEqualTo(new Pleg.Health(false, null, "pleg has yet to be successful"));

        pleg.relist();
        fixture.clock.advance(Duration.ofMinutes(3));
        assertThat(pleg.health().healthy()).isTrue();

        fixture.clock.advance(Duration.ofSeconds(12));
        assertThat(pleg.health().healthy()).isFalse();
        assertThat(pleg.health().message()).isEqualTo("pleg was last seen active 3m12s ago; threshold is 3m0s");

        pleg.relist();
        assertThat(pleg.health().healthy()).isTrue();
        assertThat(fixture.registry.get("kubelet.pleg.relist.interval").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aPodAlreadyStartedWhenFirstSeenIsNotTimedFromItsCreation() {
        PodSyncFixture fixture = new PodSyncFixture(logs);
        Pod started = new PodBuilder(pod("web", "Always", container("main", "sleep 1")))
                .editMetadata()
                .withCreationTimestamp("2026-01-02T03:00:00Z")
                .endMetadata()
                .editStatus()
                .withStartTime("2026-01-02T03:00:01Z")
                .endStatus()
                .build();

        fixture.startup.observedOnWatch(started);
        fixture.sync(started);
        fixture.startup.observedOnWatch(
                new PodBuilder(started).withStatus(fixture.status(started)).build());

        assertThat(Search.in(fixture.registry)
                        .name("kubelet.pod.start.sli.duration")
                        .timer()
                        .count())
                .isZero();
    }

    private static double count(PodSyncFixture fixture, String name) {
        return fixture.registry.get(name).counter().count();
    }

    private static double countTagged(PodSyncFixture fixture, String name, String key, String value) {
        return fixture.registry.get(name).tag(key, value).counter().count();
    }
}
