package io.skiff.kubelet.hollow;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Indexers;
import io.skiff.component.informer.Lister;
import io.skiff.kubelet.status.PodStatusGenerator;
import io.skiff.kubelet.status.ProbeResults;
import io.skiff.kubelet.status.WaitingReasons;
import io.skiff.kubelet.testing.InMemoryPodStatusApi;
import io.skiff.kubelet.testing.ManualClock;
import io.skiff.kubelet.testing.TestPods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hollow pod state machine, driven through its sync over an in-memory cache and API. */
class HollowPodSyncTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String NODE = "hollow-0";
    private static final String HOST_IP = "192.0.2.10";

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryPodStatusApi api = new InMemoryPodStatusApi();
    private final CacheIndexer<Pod> cache = new CacheIndexer<>();
    private final HollowNode node = new HollowNode(NODE, 7);
    private HollowPodSync sync;

    @BeforeEach
    void setUp() {
        cache.addIndexers(Map.of(Indexers.POD_NODE_NAME, Indexers.podsByNodeName()));
        sync = new HollowPodSync(
                new Lister<>(cache),
                name -> NODE.equals(name) ? node : null,
                new HollowPodLifecycle(Duration.ofSeconds(1)),
                new PodStatusGenerator(new WaitingReasons(), ProbeResults.NONE, List.of(HOST_IP)),
                api,
                clock);
    }

    @Test
    void aPodTurnsRunningAndReadyOnceTheStartDelayPassed() {
        Pod pod = pod("web", "Always", Map.of(), true);
        create(pod);

        Result first = sync.sync(key("web"));
        assertThat(api.writes()).isEmpty();
        assertThat(first.requeueAfter()).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        Result second = sync.sync(key("web"));
        assertThat(second).isEqualTo(Result.done());
        Pod written = apiPod("web");
        assertThat(written.getStatus().getPhase()).isEqualTo("Running");
        assertThat(conditions(written))
                .containsEntry("PodScheduled", "True")
                .containsEntry("Initialized", "True")
                .containsEntry("ContainersReady", "True")
                .containsEntry("Ready", "True");
        ContainerStatus app = written.getStatus().getContainerStatuses().get(0);
        assertThat(app.getState().getRunning().getStartedAt()).isEqualTo("2026-12-01T10:00:01Z");
        assertThat(app.getReady()).isTrue();
        assertThat(app.getStarted()).isTrue();
        assertThat(app.getRestartCount()).isZero();
        assertThat(app.getContainerID()).matches("hollow://[0-9a-f]{64}");
        assertThat(app.getImageID()).matches("busybox:1.36@sha256:[0-9a-f]{64}");
        ContainerStatus init = written.getStatus().getInitContainerStatuses().get(0);
        assertThat(init.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(init.getState().getTerminated().getExitCode()).isZero();
        assertThat(init.getReady()).isTrue();
        assertThat(written.getStatus().getPodIP()).isEqualTo("100.64.7.1");
        assertThat(written.getStatus().getHostIP()).isEqualTo(HOST_IP);
        assertThat(written.getStatus().getStartTime()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(written.getStatus().getQosClass()).isEqualTo("BestEffort");
    }

    @Test
    void aPodWhoseStatusIsWrittenIsNotWrittenAgain() {
        create(pod("web", "Always", Map.of(), false));
        sync.sync(key("web"));
        clock.advance(Duration.ofSeconds(2));
        sync.sync(key("web"));
        observe("web");
        clock.advance(Duration.ofSeconds(30));
        sync.sync(key("web"));
        assertThat(api.writes()).containsExactly("status web Running");
    }

    @Test
    void podsOfANodeWithAPodCidrTakeItsAddressesInTurn() {
        node.observed(new NodeBuilder()
                .withNewMetadata()
                .withName(NODE)
                .withUid("node-uid")
                .endMetadata()
                .withNewSpec()
                .withPodCIDR("10.244.3.0/24")
                .endSpec()
                .build());
        create(pod("a", "Always", Map.of(), false));
        create(pod("b", "Always", Map.of(), false));
        sync.sync(key("a"));
        sync.sync(key("b"));
        clock.advance(Duration.ofSeconds(1));
        sync.sync(key("a"));
        sync.sync(key("b"));
        assertThat(apiPod("a").getStatus().getPodIP()).isEqualTo("10.244.3.1");
        assertThat(apiPod("b").getStatus().getPodIP()).isEqualTo("10.244.3.2");
    }

    @Test
    void toldToExitWithRestartPolicyNeverAPodFails() {
        create(pod("job", "Never", Map.of(ExitInstructions.EXIT_AFTER, "5s", ExitInstructions.EXIT_CODE, "3"), false));
        sync.sync(key("job"));
        clock.advance(Duration.ofSeconds(1));
        Result running = sync.sync(key("job"));
        assertThat(running.requeueAfter()).contains(Duration.ofSeconds(5));
        observe("job");
        clock.advance(Duration.ofSeconds(5));
        assertThat(sync.sync(key("job"))).isEqualTo(Result.done());

        Pod pod = apiPod("job");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
        assertThat(status.getState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(status.getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(status.getState().getTerminated().getFinishedAt()).isEqualTo("2026-12-01T10:00:06Z");
        assertThat(status.getReady()).isFalse();
        assertThat(conditions(pod)).containsEntry("Ready", "False").containsEntry("ContainersReady", "False");
    }

    @Test
    void toldToExitWithZeroUnderOnFailureAPodSucceeds() {
        create(pod("job", "OnFailure", Map.of(ExitInstructions.EXIT_AFTER, "2s"), false));
        sync.sync(key("job"));
        clock.advance(Duration.ofSeconds(4));
        sync.sync(key("job"));
        Pod pod = apiPod("job");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(pod.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getReason())
                .isEqualTo("Completed");
    }

    @Test
    void toldToExitUnderRestartPolicyAlwaysAPodRestartsItsContainers() {
        create(pod("svc", "Always", Map.of(ExitInstructions.EXIT_AFTER, "5s", ExitInstructions.EXIT_CODE, "1"), false));
        sync.sync(key("svc"));
        clock.advance(Duration.ofSeconds(1));
        sync.sync(key("svc"));
        observe("svc");
        clock.advance(Duration.ofSeconds(5));
        Result restarted = sync.sync(key("svc"));
        assertThat(restarted.requeueAfter()).contains(Duration.ofSeconds(5));

        Pod pod = apiPod("svc");
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
        assertThat(status.getRestartCount()).isEqualTo(1);
        assertThat(status.getState().getRunning().getStartedAt()).isEqualTo("2026-12-01T10:00:06Z");
        assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(status.getLastState().getTerminated().getReason()).isEqualTo("Error");

        observe("svc");
        clock.advance(Duration.ofSeconds(12));
        sync.sync(key("svc"));
        assertThat(apiPod("svc").getStatus().getContainerStatuses().get(0).getRestartCount())
                .isEqualTo(3);
    }

    @Test
    void aDeletedPodReportsItsContainersTerminatedThenIsDeletedForGood() {
        create(pod("web", "Always", Map.of(), false));
        sync.sync(key("web"));
        clock.advance(Duration.ofSeconds(2));
        sync.sync(key("web"));
        observe("web");
        Pod deleting = new PodBuilder(apiPod("web"))
                .editMetadata()
                .withDeletionTimestamp("2026-12-01T10:00:02Z")
                .withDeletionGracePeriodSeconds(30L)
                .endMetadata()
                .build();
        api.put(deleting);
        observe("web");
        clock.advance(Duration.ofSeconds(1));

        assertThat(sync.sync(key("web"))).isEqualTo(Result.done());
        assertThat(api.writes())
                .containsExactly("status web Running", "status web Succeeded", "delete web uid=uid-web");
    }

    @Test
    void aPodDeletedBeforeItStartedIsDeletedWithoutAStatus() {
        create(new PodBuilder(pod("web", "Always", Map.of(), false))
                .editMetadata()
                .withDeletionTimestamp("2026-12-01T10:00:00Z")
                .endMetadata()
                .build());
        sync.sync(key("web"));
        assertThat(api.writes()).containsExactly("delete web uid=uid-web");
    }

    @Test
    void podsOfOtherNodesAreLeftAlone() {
        create(new PodBuilder(pod("elsewhere", "Always", Map.of(), false))
                .editSpec()
                .withNodeName("real-node")
                .endSpec()
                .build());
        clock.advance(Duration.ofSeconds(5));
        assertThat(sync.sync(key("elsewhere"))).isEqualTo(Result.done());
        assertThat(api.writes()).isEmpty();
        assertThat(sync.size()).isZero();
    }

    private static Pod pod(String name, String restartPolicy, Map<String, String> annotations, boolean withInit) {
        Pod pod = TestPods.pod(
                name,
                restartPolicy,
                withInit ? List.of(TestPods.container("setup", "true")) : List.of(),
                List.of(TestPods.container("main", "sleep 3600")));
        pod.getSpec().setNodeName(NODE);
        pod.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("True")
                        .build())
                .build());
        return pod;
    }

    /** The pod created in the API server and seen by the informer. */
    private void create(Pod pod) {
        api.put(pod);
        observe(pod.getMetadata().getName());
    }

    /** The informer catches up with the API server. */
    private void observe(String name) {
        api.get("default", name).ifPresent(cache::put);
    }

    private Pod apiPod(String name) {
        Optional<Pod> pod = api.get("default", name);
        assertThat(pod).isPresent();
        return pod.get();
    }

    private static Map<String, String> conditions(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .collect(java.util.stream.Collectors.toMap(PodCondition::getType, PodCondition::getStatus));
    }

    private static String key(String name) {
        return "default/" + name;
    }
}
