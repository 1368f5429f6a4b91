package io.skiff.kubelet.prober;

import static io.skiff.kubelet.prober.ProbeFixture.START;
import static io.skiff.kubelet.prober.ProbeFixture.UID;
import static io.skiff.kubelet.prober.ProbeFixture.probe;
import static io.skiff.kubelet.prober.ProbeFixture.running;
import static io.skiff.kubelet.prober.ProbeFixture.terminated;
import static io.skiff.kubelet.prober.ProbeFixture.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which workers a pod gets and what the manager answers the status manager and the pod workers. */
class ProbeManagerTest {

    private final ProbeFixture fixture = new ProbeFixture();

    /** web: all three probes; sidecar (restartable init container): readiness; init: a plain init container. */
    private static Pod pod() {
        Container web = new ContainerBuilder()
                .withName("web")
                .withStartupProbe(probe(0, 10, 1, 1))
                .withLivenessProbe(probe(0, 10, 1, 1))
                .withReadinessProbe(probe(0, 10, 1, 1))
                .build();
        Container plain = new ContainerBuilder().withName("plain").build();
        Container sidecar = new ContainerBuilder()
                .withName("sidecar")
                .withRestartPolicy("Always")
                .withReadinessProbe(probe(0, 10, 1, 1))
                .build();
        Container init = new ContainerBuilder()
                .withName("init")
                .withReadinessProbe(probe(0, 10, 1, 1))
                .build();
        return new PodBuilder(ProbeFixture.pod("Always", web, plain))
                .editSpec()
                .withInitContainers(init, sidecar)
                .endSpec()
                .build();
    }

    @Test
    void aPodGetsAWorkerPerProbeOfItsContainersAndSidecarsOnce() {
        fixture.manager.addPod(pod());
        fixture.manager.addPod(pod());

        assertThat(fixture.manager.workerCount()).isEqualTo(4);
    }

    @Test
    void terminationStopsLivenessAndStartupOnly() {
        fixture.manager.addPod(pod());

        fixture.manager.stopLivenessAndStartup(pod());

        assertThat(fixture.manager.workerCount()).isEqualTo(2);
    }

    @Test
    void removingAPodStopsItsWorkersAndForgetsTheirResults() {
        fixture.status("Running", running("web", "runc://c1", START.minusSeconds(60)));
        fixture.manager.addPod(pod());
        fixture.clock.runDue();
        assertThat(fixture.manager.startup(UID, "web")).contains(ProbeResult.SUCCESS);

        fixture.manager.removePod(UID);

        assertThat(fixture.manager.workerCount()).isZero();
        assertThat(fixture.result(ProbeType.STARTUP, "runc://c1")).isEmpty();
        assertThat(fixture.manager.startup(UID, "web")).isEmpty();
    }

    @Test
    void cleanupStopsTheWorkersOfPodsNoLongerWanted() {
        fixture.manager.addPod(pod());
        Pod other = new PodBuilder(pod())
                .editMetadata()
                .withUid("uid-other")
                .endMetadata()
                .build();
        fixture.manager.addPod(other);

        fixture.manager.cleanupPods(Set.of("uid-other"));

        assertThat(fixture.manager.workerCount()).isEqualTo(4);
        fixture.manager.cleanupPods(Set.of());
        assertThat(fixture.manager.workerCount()).isZero();
    }

    @Test
    void aContainerWithoutProbesIsStartedAndReady() {
        fixture.manager.addPod(pod());

        assertThat(fixture.manager.started(UID, "plain", "runc://p1")).isTrue();
        assertThat(fixture.manager.ready(UID, "plain", "runc://p1")).isTrue();
        assertThat(fixture.manager.restartReason(UID, "plain", "runc://p1")).isEmpty();
    }

    @Test
    void aContainerIsNeitherStartedNorReadyBeforeItsProbesJudgedIt() {
        fixture.manager.addPod(pod());

        assertThat(fixture.manager.started(UID, "web", "runc://c1")).isFalse();
        assertThat(fixture.manager.ready(UID, "web", "runc://c1")).isFalse();
    }

    @Test
    void aFailedLivenessOrStartupProbeMeansARestart() {
        fixture.status("Running", running("web", "runc://c1", START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.STARTUP, ProbeResult.SUCCESS);
        fixture.prober.answer(ProbeType.LIVENESS, ProbeResult.FAILURE);
        fixture.manager.addPod(pod());
        fixture.clock.runDue();
        fixture.clock.advance(Duration.ofSeconds(10));

        assertThat(fixture.manager.failedProbe(UID, "web", "runc://c1")).contains(ProbeType.LIVENESS);
        assertThat(fixture.manager.restartReason(UID, "web", "runc://c1"))
                .contains("Container web failed liveness probe");
        assertThat(fixture.manager.restartReason(UID, "web", "runc://other")).isEmpty();
    }

    @Test
    void aFailedStartupProbeMeansARestart() {
        fixture.status("Running", running("web", "runc://c1", START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.STARTUP, ProbeResult.FAILURE);
        fixture.manager.addPod(pod());
        fixture.clock.runDue();

        assertThat(fixture.manager.restartReason(UID, "web", "runc://c1"))
                .contains("Container web failed startup probe");
    }

    @Test
    void updatePodStatusSetsStartedAndReadyAsKubernetes() {
        fixture.status(
                "Running",
                running("web", "runc://c1", START.minusSeconds(60)),
                running("plain", "runc://p1", START.minusSeconds(60)));
        fixture.statuses
                .get(UID)
                .setInitContainerStatuses(List.of(
                        terminated("init", "runc://i1", 0), running("sidecar", "runc://s1", START.minusSeconds(60))));
        fixture.manager.addPod(pod());
        fixture.clock.runDue();
        fixture.clock.advance(Duration.ofSeconds(10));

        PodStatus status = new PodStatusBuilder(fixture.statuses.get(UID)).build();
        status.getContainerStatuses().add(waiting("late", "runc://l1"));
        fixture.manager.updatePodStatus(pod(), status);

        assertThat(flags(status.getContainerStatuses()))
                .containsExactly("web started ready", "plain started ready", "late not-started -");
        assertThat(flags(status.getInitContainerStatuses()))
                .containsExactly("init not-started ready", "sidecar started ready");
    }

    @Test
    void aContainerWhoseReadinessFailsIsStartedButNotReady() {
        fixture.status("Running", running("web", "runc://c1", START.minusSeconds(60)));
        fixture.prober.answer(ProbeType.STARTUP, ProbeResult.SUCCESS);
        fixture.prober.answer(ProbeType.READINESS, ProbeResult.FAILURE, ProbeResult.FAILURE);
        fixture.manager.addPod(pod());
        fixture.clock.runDue();
        fixture.clock.advance(Duration.ofSeconds(10));

        assertThat(fixture.manager.started(UID, "web", "runc://c1")).isTrue();
        assertThat(fixture.manager.ready(UID, "web", "runc://c1")).isFalse();
        assertThat(fixture.manager.readiness(UID, "web")).contains(ProbeResult.FAILURE);
        assertThat(fixture.manager.liveness(UID, "web")).contains(ProbeResult.SUCCESS);
        assertThat(fixture.manager.readiness(UID, "plain")).isEqualTo(Optional.empty());
    }

    private static List<String> flags(List<ContainerStatus> statuses) {
        return statuses.stream()
                .map(s -> s.getName() + " " + (Boolean.TRUE.equals(s.getStarted()) ? "started" : "not-started") + " "
                        + (s.getReady() == null ? "-" : s.getReady() ? "ready" : "not-ready"))
                .toList();
    }
}
