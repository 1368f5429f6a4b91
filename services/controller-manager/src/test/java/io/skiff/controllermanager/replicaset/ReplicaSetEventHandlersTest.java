package io.skiff.controllermanager.replicaset;

import static io.skiff.controllermanager.testing.PodMaker.newVersion;
import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSetEventHandlersTest {

    private static final ReplicaSet WEB = ReplicaSetMaker.web(1);
    private static final ReplicaSet DB = new ReplicaSetBuilder(ReplicaSetMaker.web(1))
            .editMetadata()
            .withName("db")
            .withUid("uid-rs-db")
            .endMetadata()
            .editSpec()
            .editSelector()
            .withMatchLabels(Map.of("app", "db"))
            .endSelector()
            .endSpec()
            .build();

    static Stream<Arguments> podUpdates() {
        Pod owned = pod("p").ownedBy(WEB).build();
        return Stream.of(
                Arguments.of("a resync of an unchanged pod queues nothing", owned, owned, List.of()),
                Arguments.of(
                        "a change to an owned pod queues its owner", owned, newVersion(owned), List.of("default/web")),
                Arguments.of(
                        "an orphan relabelled queues the ReplicaSets that now match",
                        pod("p").build(),
                        newVersion(pod("p").withoutLabels().label("app", "db").build()),
                        List.of("default/db")),
                Arguments.of(
                        "a pod released by its owner queues the old owner and the matching ReplicaSets",
                        owned,
                        newVersion(pod("p").build()),
                        List.of("default/web", "default/web")),
                Arguments.of(
                        "a pod whose owner is unknown queues nothing",
                        pod("p").ownedBy(otherReplicaSet()).build(),
                        newVersion(pod("p").ownedBy(otherReplicaSet()).build()),
                        List.of()),
                Arguments.of(
                        "a pod becoming ready without minReadySeconds queues its owner once",
                        owned,
                        newVersion(pod("p").ownedBy(WEB).readySecondsAgo(0).build()),
                        List.of("default/web")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("podUpdates")
    void podUpdatesQueueTheReplicaSetsConcerned(String description, Pod oldPod, Pod newPod, List<String> queued) {
        SyncHarness harness = new SyncHarness(WEB);
        harness.replicaSets.put(DB);

        harness.handlers.podUpdated(oldPod, newPod);

        assertThat(harness.queued).containsExactlyElementsOf(queued);
    }

    @Test
    void aPodBecomingReadyIsLookedAtAgainAfterMinReadySeconds() {
        ReplicaSet slow = new ReplicaSetBuilder(WEB)
                .editSpec()
                .withMinReadySeconds(10)
                .endSpec()
                .build();
        SyncHarness harness = new SyncHarness(slow);
        Pod notReady = pod("p").ownedBy(slow).build();

        harness.handlers.podUpdated(
                notReady, newVersion(pod("p").ownedBy(slow).readySecondsAgo(0).build()));

        assertThat(harness.queued).containsExactly("default/web", "default/web after PT11S");
    }

    @Test
    void aTerminatingPodCountsAsAnObservedDeletion() {
        SyncHarness harness = new SyncHarness(WEB);
        Pod pod = pod("p").ownedBy(WEB).build();
        harness.expectations.expectDeletions(SyncHarness.KEY, Set.of("default/p"));

        harness.handlers.podUpdated(
                pod, newVersion(pod("p").ownedBy(WEB).terminating().build()));

        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isTrue();
        assertThat(harness.queued).containsExactly("default/web");
    }

    private static ReplicaSet otherReplicaSet() {
        return new ReplicaSetBuilder(WEB)
                .editMetadata()
                .withName("gone")
                .withUid("uid-rs-gone")
                .endMetadata()
                .build();
    }
}
