package io.skiff.kubelet.status;

import static io.skiff.kubelet.testing.TestPods.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.kubelet.testing.InMemoryPodStatusApi;
import io.skiff.kubelet.testing.ManualClock;
import io.skiff.kubelet.testing.TestPods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status manager: versions, transition times, writes only of changes, and the final delete. */
class PodStatusManagerTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));
    private final InMemoryPodStatusApi api = new InMemoryPodStatusApi();
    private final List<String> queued = new ArrayList<>();
    private final PodStatusManager manager = new PodStatusManager(api, clock, queued::add);
    private final Pod pod = TestPods.pod("web", "Always", container("main", "serve"));

    @Test
    void aNewStatusIsQueuedOnceAndWrittenWithItsTransitionAndStartTimes() {
        api.put(pod);

        manager.setPodStatus(pod, status("Running", "True"));
        manager.setPodStatus(pod, status("Running", "True"));

        assertThat(queued).containsExactly("uid-web");
        PodStatus held = manager.podStatus("uid-web").orElseThrow();
        assertThat(held.getStartTime()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(held.getConditions()).allMatch(c -> "2026-01-02T03:04:05Z".equals(c.getLastTransitionTime()));

        manager.sync("uid-web");
        manager.sync("uid-web");
        assertThat(api.writes()).as("an unchanged status is not written again").containsExactly("status web Running");
    }

    @Test
    void aConditionKeepsItsTransitionTimeUntilItsStatusChanges() {
        manager.setPodStatus(pod, status("Running", "False"));
        clock.advance(Duration.ofSeconds(30));
        manager.setPodStatus(pod, withReason(status("Running", "False"), "containers with unready status: [main]"));
        assertThat(ready(manager.podStatus("uid-web").orElseThrow()).getLastTransitionTime())
                .isEqualTo("2026-01-02T03:04:05Z");

        clock.advance(Duration.ofSeconds(30));
        manager.setPodStatus(pod, status("Running", "True"));

        assertThat(ready(manager.podStatus("uid-web").orElseThrow()).getLastTransitionTime())
                .isEqualTo("2026-01-02T03:05:05Z");
        assertThat(manager.podStatus("uid-web").orElseThrow().getStartTime()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void conditionsOthersOwnAndTheNominatedNodeAreKeptAsTheApiServerHoldsThem() {
        Pod withOthers = new PodBuilder(pod)
                .editStatus()
                .withNominatedNodeName("node-2")
                .addToConditions(new PodCondition(
                        null, null, "evicted", null, "EvictionByEvictionAPI", "True", "DisruptionTarget"))
                .endStatus()
                .build();
        api.put(withOthers);
        manager.setPodStatus(pod, status("Running", "True"));

        manager.sync("uid-web");

        Pod written = api.get("default", "web").orElseThrow();
        assertThat(written.getStatus().getNominatedNodeName()).isEqualTo("node-2");
        assertThat(written.getStatus().getConditions())
                .extracting(PodCondition::getType)
                .containsExactly("DisruptionTarget", "Ready");
    }

    @Test
    void aTerminalPhaseTurnsReadinessFalse() {
        PodStatus merged = PodStatusManager.merge(new PodStatus(), status("Succeeded", "True"));

        assertThat(ready(merged).getStatus()).isEqualTo("False");
        assertThat(ready(merged).getReason()).isEqualTo("PodCompleted");
    }

    @Test
    void aPodInATerminalPhaseNeverLeavesIt() {
        manager.setPodStatus(pod, status("Failed", "False"));

        manager.setPodStatus(pod, status("Running", "True"));

        assertThat(manager.podStatus("uid-web").orElseThrow().getPhase()).isEqualTo("Failed");
    }

    @Test
    void aFailedWriteIsThrownSoThatItIsRetried() {
        manager.setPodStatus(pod, status("Running", "True"));
        PodStatusManager conflicted = new PodStatusManager(
                new PodStatusApi() {
                    @Override
                    public Optional<Pod> get(String namespace, String name) {
                        return Optional.of(pod);
                    }

                    @Override
                    public Pod updateStatus(Pod update) {
                        throw io.skiff.model.api.Statuses.conflict("", "pods", "web", "the object has been modified");
                    }

                    @Override
                    public void deleteTerminated(String namespace, String name, String uid) {}
                },
                clock,
                queued::add);
        conflicted.setPodStatus(pod, status("Running", "True"));

        assertThatThrownBy(() -> conflicted.sync("uid-web")).matches(ApiErrors::isConflict);
        assertThat(conflicted.unwritten()).containsExactly("uid-web");
    }

    @Test
    void theFinalDeleteComesOnlyForADeletedPodThePodWorkersFinishedTerminating() {
        Pod deleting = new PodBuilder(pod)
                .editMetadata()
                .withDeletionTimestamp("2026-01-02T03:05:00Z")
                .withDeletionGracePeriodSeconds(30L)
                .endMetadata()
                .build();
        api.put(deleting);
        manager.setPodStatus(deleting, status("Running", "True"));
        manager.sync("uid-web");
        assertThat(api.writes()).containsExactly("status web Running");

        manager.setPodStatus(deleting, status("Failed", "False"));
        manager.terminated(deleting);
        manager.sync("uid-web");

        assertThat(api.writes()).containsExactly("status web Running", "status web Failed", "delete web uid=uid-web");
    }

    @Test
    void aPodReplacedByAnotherOfTheSameNameIsNotWritten() {
        api.put(new PodBuilder(pod)
                .editMetadata()
                .withUid("another")
                .endMetadata()
                .build());
        manager.setPodStatus(pod, status("Running", "True"));
        manager.terminated(pod);

        manager.sync("uid-web");

        assertThat(api.writes()).isEmpty();
    }

    private static PodStatus status(String phase, String ready) {
        return new PodStatusBuilder()
                .withPhase(phase)
                .addToConditions(new PodCondition(null, null, null, null, null, ready, "Ready"))
                .build();
    }

    private static PodStatus withReason(PodStatus status, String message) {
        status.getConditions().get(0).setReason("ContainersNotReady");
        status.getConditions().get(0).setMessage(message);
        return status;
    }

    private static PodCondition ready(PodStatus status) {
        return status.getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst()
                .orElseThrow();
    }
}
