package io.skiff.kubelet.prober;

import static io.skiff.kubelet.prober.ProbeFixture.START;
import static io.skiff.kubelet.prober.ProbeFixture.UID;
import static io.skiff.kubelet.prober.ProbeFixture.container;
import static io.skiff.kubelet.prober.ProbeFixture.pod;
import static io.skiff.kubelet.prober.ProbeFixture.probe;
import static io.skiff.kubelet.prober.ProbeFixture.running;
import static io.skiff.kubelet.prober.ProbeFixture.terminated;
import static io.skiff.kubelet.prober.ProbeFixture.waiting;
import static io.skiff.kubelet.prober.ProbeResult.FAILURE;
import static io.skiff.kubelet.prober.ProbeResult.SUCCESS;
import static io.skiff.kubelet.prober.ProbeResult.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A probe worker's verdicts and timing, on a manual clock with a scripted prober. */
class ProbeWorkerTest {

    private static final Duration PERIOD = Duration.ofSeconds(10);
    private static final String C1 = "runc://c1";
    private static final String C2 = "runc://c2";

    record ThresholdCase(
            String name,
            ProbeType type,
            int successThreshold,
            int failureThreshold,
            List<ProbeResult> verdicts,
            List<ProbeResult> resultAfterEachRound) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ThresholdCase> thresholds() {
        return Stream.of(
                new ThresholdCase(
                        "readiness turns ready only after successThreshold successes in a row",
                        ProbeType.READINESS,
                        2,
                        1,
                        List.of(SUCCESS, SUCCESS, FAILURE, SUCCESS, SUCCESS),
                        List.of(FAILURE, SUCCESS, FAILURE, FAILURE, SUCCESS)),
                new ThresholdCase(
                        "readiness with thresholds of one follows each verdict",
                        ProbeType.READINESS,
                        1,
                        1,
                        List.of(SUCCESS, FAILURE, SUCCESS),
                        List.of(SUCCESS, FAILURE, SUCCESS)),
                new ThresholdCase(
                        "readiness stays ready until failureThreshold failures in a row",
                        ProbeType.READINESS,
                        1,
                        3,
                        List.of(SUCCESS, FAILURE, FAILURE, SUCCESS, FAILURE, FAILURE, FAILURE),
                        List.of(SUCCESS, SUCCESS, SUCCESS, SUCCESS, SUCCESS, SUCCESS, FAILURE)),
                new ThresholdCase(
                        "liveness is alive from the start until failureThreshold failures in a row",
                        ProbeType.LIVENESS,
                        1,
                        3,
                        List.of(FAILURE, FAILURE, SUCCESS, FAILURE, FAILURE, FAILURE),
                        List.of(SUCCESS, SUCCESS, SUCCESS, SUCCESS, SUCCESS, FAILURE)),
                new ThresholdCase(
                        "startup is unknown until a verdict crosses its threshold",
                        ProbeType.STARTUP,
                        1,
                        2,
                        List.of(FAILURE, FAILURE),
                        List.of(UNKNOWN, FAILURE)),
                new ThresholdCase(
                        "startup succeeds on its first success",
                        ProbeType.STARTUP,
                        1,
                        3,
                        List.of(FAILURE, SUCCESS),
                        List.of(UNKNOWN, SUCCESS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thresholds")
    void verdictsChangeTheResultOnlyAtTheirThreshold(ThresholdCase test) {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(3600)));
        fixture.prober.answer(test.type(), test.verdicts().toArray(ProbeResult[]::new));
        fixture.manager.addPod(pod(
                "Always",
                container("web", test.type(), probe(0, 10, test.successThreshold(), test.failureThreshold()))));

        List<ProbeResult> seen = new ArrayList<>();
        fixture.clock.runDue();
        seen.add(fixture.result(test.type(), C1).orElseThrow());
        for (int round = 1; round < test.verdicts().size(); round++) {
            fixture.clock.advance(PERIOD);
            seen.add(fixture.result(test.type(), C1).orElseThrow());
        }

        assertThat(seen).isEqualTo(test.resultAfterEachRound());
        assertThat(fixture.prober.calls(test.type())).isEqualTo(test.verdicts().size());
    }

    @Test
    void nothingIsProbedDuringInitialDelaySeconds() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START));
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(15, 10, 1, 3))));

        fixture.clock.runDue();
        fixture.clock.advance(PERIOD);
        assertThat(fixture.prober.calls).isEmpty();
        assertThat(fixture.result(ProbeType.READINESS, C1)).contains(FAILURE);

        fixture.clock.advance(PERIOD);
        assertThat(fixture.prober.callTimes).containsExactly(Duration.ofSeconds(20));
        assertThat(fixture.result(ProbeType.READINESS, C1)).contains(SUCCESS);
    }

    @Test
    void aNewKubeletSpreadsFirstProbesOverAPeriod() {
        ProbeFixture fixture = new ProbeFixture(0.5);
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 3))));

        fixture.clock.advance(Duration.ofMillis(4999));
        assertThat(fixture.prober.calls).isEmpty();
        fixture.clock.advance(Duration.ofMillis(1));
        fixture.clock.advance(Duration.ofSeconds(20));

        assertThat(fixture.prober.callTimes)
                .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(25));
    }

    @Test
    void aKubeletRunningForLongerThanAPeriodProbesAtOnce() {
        ProbeFixture fixture = new ProbeFixture(0.5);
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.clock.elapse(Duration.ofMinutes(1));
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 3))));

        fixture.clock.advance(Duration.ofSeconds(10));

        assertThat(fixture.prober.callTimes).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(70));
    }

    @Test
    void aProbeOutlastingItsPeriodIsFollowedAtOnceThenByTheTicker() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.prober.nextTakes(Duration.ofSeconds(25));
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 3))));

        fixture.clock.advance(Duration.ofSeconds(45));

        // the ticks at 10 and 20 passed during the first probe: one of them is kept, the other dropped
        assertThat(fixture.prober.callTimes)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(25), Duration.ofSeconds(30), Duration.ofSeconds(40));
    }

    @Test
    void askingForReadinessWithoutASuccessProbesAtOnceAndKeepsTheTicker() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.READINESS, FAILURE);
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 1))));
        fixture.clock.runDue();

        fixture.clock.advance(Duration.ofSeconds(3));
        assertThat(fixture.manager.ready(UID, "web", C1)).isFalse();
        fixture.clock.runDue();
        assertThat(fixture.manager.ready(UID, "web", C1)).isTrue();
        fixture.clock.advance(Duration.ofSeconds(7));

        assertThat(fixture.prober.callTimes)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    @Test
    void aFailedLivenessProbeWaitsForTheNewContainerWhichStartsAlive() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.LIVENESS, FAILURE);
        fixture.manager.addPod(pod("Always", container("web", ProbeType.LIVENESS, probe(0, 10, 1, 1))));

        fixture.clock.runDue();
        fixture.clock.advance(Duration.ofSeconds(20));
        assertThat(fixture.result(ProbeType.LIVENESS, C1)).contains(FAILURE);
        assertThat(fixture.prober.calls).hasSize(1);

        fixture.status("Running", running("web", C2, START.plusSeconds(25)));
        fixture.clock.advance(PERIOD);

        assertThat(fixture.result(ProbeType.LIVENESS, C1)).isEmpty();
        assertThat(fixture.result(ProbeType.LIVENESS, C2)).contains(SUCCESS);
        assertThat(fixture.prober.calls).containsExactly("Liveness web " + C1, "Liveness web " + C2);
        assertThat(fixture.changes)
                .containsExactly(
                        "Liveness web " + C1 + " Success",
                        "Liveness web " + C1 + " Failure",
                        "Liveness web " + C2 + " Success");
    }

    @Test
    void aContainerThatIsNotRunningFailsAndOneThatWillNotRestartEndsTheWorker() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.manager.addPod(pod("Never", container("web", ProbeType.READINESS, probe(0, 10, 1, 3))));
        fixture.clock.runDue();
        assertThat(fixture.result(ProbeType.READINESS, C1)).contains(SUCCESS);

        fixture.status("Running", waiting("web", C1));
        fixture.clock.advance(PERIOD);
        assertThat(fixture.result(ProbeType.READINESS, C1)).contains(FAILURE);
        assertThat(fixture.manager.workerCount()).isEqualTo(1);

        fixture.status("Running", terminated("web", C1, 0));
        fixture.clock.advance(PERIOD);
        assertThat(fixture.manager.workerCount()).isZero();
        assertThat(fixture.result(ProbeType.READINESS, C1)).isEmpty();
        assertThat(fixture.prober.calls).hasSize(1);
    }

    @Test
    void anExitedContainerThatWillRestartKeepsItsWorker() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", terminated("web", C1, 1));
        fixture.manager.addPod(pod("OnFailure", container("web", ProbeType.READINESS, probe(0, 10, 1, 3))));

        fixture.clock.runDue();
        fixture.clock.advance(PERIOD);

        assertThat(fixture.manager.workerCount()).isEqualTo(1);
        assertThat(fixture.result(ProbeType.READINESS, C1)).contains(FAILURE);
        assertThat(fixture.prober.calls).isEmpty();
    }

    @Test
    void aFinishedPodEndsItsWorkers() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 3))));
        fixture.clock.runDue();

        fixture.status("Succeeded", terminated("web", C1, 0));
        fixture.clock.advance(PERIOD);

        assertThat(fixture.manager.workerCount()).isZero();
    }

    @Test
    void withoutAStatusOrAContainerIdNothingIsProbed() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.manager.addPod(pod("Always", container("web", ProbeType.LIVENESS, probe(0, 10, 1, 3))));
        fixture.clock.runDue();
        fixture.status("Pending", waiting("web", ""));
        fixture.clock.advance(PERIOD);

        assertThat(fixture.prober.calls).isEmpty();
        assertThat(fixture.changes).isEmpty();
        assertThat(fixture.manager.workerCount()).isEqualTo(1);
    }

    @Test
    void livenessAndReadinessWaitUntilTheStartupProbeSucceeded() {
        ProbeFixture fixture = new ProbeFixture();
        Container web = new ContainerBuilder()
                .withName("web")
                .withStartupProbe(probe(0, 10, 1, 3))
                .withLivenessProbe(probe(0, 10, 1, 3))
                .withReadinessProbe(probe(0, 10, 1, 3))
                .build();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.STARTUP, FAILURE, SUCCESS);
        fixture.manager.addPod(pod("Always", web));

        fixture.clock.runDue();
        assertThat(fixture.manager.started(UID, "web", C1)).isFalse();
        assertThat(fixture.prober.calls).containsExactly("Startup web " + C1);

        fixture.clock.advance(PERIOD);
        assertThat(fixture.manager.started(UID, "web", C1)).isTrue();
        fixture.clock.advance(PERIOD.multipliedBy(2));

        assertThat(fixture.prober.calls(ProbeType.STARTUP)).isEqualTo(2);
        assertThat(fixture.prober.calls(ProbeType.LIVENESS)).isGreaterThanOrEqualTo(2);
        assertThat(fixture.prober.calls(ProbeType.READINESS)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPodBeingDeletedLeavesLivenessAliveAndStopsIt() {
        ProbeFixture fixture = new ProbeFixture();
        Container web = new ContainerBuilder()
                .withName("web")
                .withLivenessProbe(probe(0, 10, 1, 1))
                .withReadinessProbe(probe(0, 10, 1, 1))
                .build();
        Pod deleting = new PodBuilder(pod("Always", web))
                .editMetadata()
                .withDeletionTimestamp("2025-01-01T00:00:00Z")
                .endMetadata()
                .build();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.manager.addPod(deleting);

        fixture.clock.runDue();
        fixture.clock.advance(PERIOD);

        assertThat(fixture.manager.liveness(UID, "web")).isEmpty();
        assertThat(fixture.changes).contains("Liveness web " + C1 + " Success");
        assertThat(fixture.prober.calls(ProbeType.LIVENESS)).isZero();
        assertThat(fixture.prober.calls(ProbeType.READINESS)).isEqualTo(2);
        assertThat(fixture.manager.workerCount()).isEqualTo(1);
    }

    @Test
    void aProbeThatCouldNotRunIsThrownAwayAndNotCounted() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.prober.error(ProbeType.READINESS, "port \"http\" not found");
        fixture.prober.answer(ProbeType.READINESS, SUCCESS);
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 1))));

        fixture.clock.runDue();
        assertThat(fixture.result(ProbeType.READINESS, C1)).contains(FAILURE);
        assertThat(fixture.registry.find(ProbeMetrics.PROBES).counters()).isEmpty();

        fixture.clock.advance(PERIOD);
        assertThat(fixture.result(ProbeType.READINESS, C1)).contains(SUCCESS);
    }

    @Test
    void listenersHearOnlyChanges() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.READINESS, FAILURE, FAILURE, SUCCESS, SUCCESS, FAILURE);
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 1))));

        fixture.clock.runDue();
        fixture.clock.advance(PERIOD.multipliedBy(4));

        assertThat(fixture.changes)
                .containsExactly(
                        "Readiness web " + C1 + " Failure",
                        "Readiness web " + C1 + " Success",
                        "Readiness web " + C1 + " Failure");
    }

    @Test
    void verdictsAreCountedAndSuccessesTimedUntilTheWorkerStops() {
        ProbeFixture fixture = new ProbeFixture();
        fixture.status("Running", running("web", C1, START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.READINESS, SUCCESS, FAILURE, SUCCESS);
        fixture.prober.nextTakes(Duration.ofMillis(30));
        fixture.manager.addPod(pod("Always", container("web", ProbeType.READINESS, probe(0, 10, 1, 1))));

        fixture.clock.runDue();
        fixture.clock.advance(PERIOD.multipliedBy(2));

        assertThat(count(fixture, "successful")).isEqualTo(2);
        assertThat(count(fixture, "failed")).isEqualTo(1);
        var timer = fixture.registry
                .get(ProbeMetrics.DURATION)
                .tags("probe_type", "Readiness", "container", "web", "pod", "web", "namespace", "default")
                .timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(30);

        fixture.manager.removePod(UID);
        assertThat(fixture.registry.getMeters()).isEmpty();
    }

    private static double count(ProbeFixture fixture, String result) {
        return Optional.ofNullable(fixture.registry
                        .find(ProbeMetrics.PROBES)
                        .tags(
                                "probe_type", "Readiness",
                                "result", result,
                                "container", "web",
                                "pod", "web",
                                "namespace", "default",
                                "pod_uid", UID)
                        .counter())
                .map(c -> c.count())
                .orElse(0.0);
    }
}
