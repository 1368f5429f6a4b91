package io.skiff.controllermanager.replicaset;

import static io.skiff.controllermanager.testing.PodMaker.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.skiff.component.controller.Result;
import io.skiff.controllermanager.expectations.Expectations;
import io.skiff.controllermanager.ownership.OwnerReferences;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.controllermanager.testing.RecordingPodControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSetSyncTest {

    private static final ReplicaSet WEB_3 = ReplicaSetMaker.web(3);

    static Stream<Arguments> scaling() {
        ReplicaSet web2 = ReplicaSetMaker.web(2);
        return Stream.of(
                Arguments.of("a new ReplicaSet creates all its pods", WEB_3, List.of(), 3, List.of()),
                Arguments.of(
                        "owned pods count towards the replicas",
                        WEB_3,
                        List.of(
                                pod("a").ownedBy(WEB_3).build(),
                                pod("b").ownedBy(WEB_3).build()),
                        1,
                        List.of()),
                Arguments.of(
                        "terminating and finished pods do not count",
                        WEB_3,
                        List.of(
                                pod("a").ownedBy(WEB_3).build(),
                                pod("gone").ownedBy(WEB_3).terminating().build(),
                                pod("done").ownedBy(WEB_3).phase("Succeeded").build(),
                                pod("failed").ownedBy(WEB_3).phase("Failed").build()),
                        2,
                        List.of()),
                Arguments.of(
                        "pods of another controller do not count",
                        WEB_3,
                        List.of(pod("theirs").ownedBy(otherReplicaSet()).build()),
                        3,
                        List.of()),
                Arguments.of(
                        "scale down deletes the most deletable pods",
                        web2,
                        List.of(
                                pod("running-ready-old")
                                        .ownedBy(web2)
                                        .node("n1")
                                        .readySecondsAgo(5000)
                                        .build(),
                                pod("unassigned").ownedBy(web2).phase("Pending").build(),
                                pod("running-not-ready")
                                        .ownedBy(web2)
                                        .node("n2")
                                        .build(),
                                pod("running-ready-new")
                                        .ownedBy(web2)
                                        .node("n3")
                                        .readySecondsAgo(5)
                                        .build(),
                                pod("pending-assigned")
                                        .ownedBy(web2)
                                        .node("n4")
                                        .phase("Pending")
                                        .build()),
                        0,
                        List.of("unassigned", "pending-assigned", "running-not-ready")),
                Arguments.of(
                        "a sync at the desired count creates and deletes nothing",
                        web2,
                        List.of(
                                pod("a").ownedBy(web2).build(),
                                pod("b").ownedBy(web2).build()),
                        0,
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaling")
    void scalesToTheDesiredReplicas(
            String description, ReplicaSet replicaSet, List<Pod> cached, int creates, List<String> deletes)
            throws Exception {
        SyncHarness harness = new SyncHarness(replicaSet, cached.toArray(Pod[]::new));

        assertThat(harness.sync()).isEqualTo(Result.done());

        assertThat(harness.control.created).hasSize(creates);
        assertThat(harness.control.deleted).containsExactlyInAnyOrderElementsOf(deletes);
        assertThat(harness.events.events)
                .filteredOn(e -> e.contains("SuccessfulCreate"))
                .hasSize(creates);
        assertThat(harness.events.events)
                .filteredOn(e -> e.contains("SuccessfulDelete"))
                .containsExactlyInAnyOrderElementsOf(deletes.stream()
                        .map(name -> "NORMAL SuccessfulDelete: Deleted pod: " + name)
                        .toList());
    }

    static Stream<Arguments> siblings() {
        return Stream.of(
                Arguments.of("a ReplicaSet of a Deployment deletes where its siblings' pods crowd", true, "z-on-n1"),
                Arguments.of("a ReplicaSet without a controller ignores other ReplicaSets' pods", false, "a-on-n2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("siblings")
    void scaleDownRanksPodsByTheirDeploymentSiblingsOnTheSameNode(
            String description, boolean ownedByDeployment, String deleted) throws Exception {
        OwnerReference deployment = new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("web")
                .withUid("uid-deploy-web")
                .withController(true)
                .build();
        ReplicaSet web1 = ReplicaSetMaker.web(1);
        ReplicaSet sibling = new ReplicaSetBuilder(otherReplicaSet())
                .editMetadata()
                .withOwnerReferences(deployment)
                .endMetadata()
                .build();
        if (ownedByDeployment) {
            web1 = new ReplicaSetBuilder(web1)
                    .editMetadata()
                    .withOwnerReferences(deployment)
                    .endMetadata()
                    .build();
        }
        SyncHarness harness = new SyncHarness(
                web1,
                pod("z-on-n1").ownedBy(web1).node("n1").createdSecondsAgo(1_000).build(),
                pod("a-on-n2").ownedBy(web1).node("n2").createdSecondsAgo(1_050).build(),
                pod("sibling-on-n1")
                        .label("app", "old")
                        .ownedBy(sibling)
                        .node("n1")
                        .build());
        harness.replicaSets.put(sibling);

        harness.sync();

        assertThat(harness.control.deleted).containsExactly(deleted);
    }

    @Test
    void createdPodsCarryTheTemplateAGeneratedNameAndAControllerReference() throws Exception {
        SyncHarness harness = new SyncHarness(ReplicaSetMaker.web(1));

        harness.sync();

        Pod created = harness.control.created.get(0);
        assertThat(created.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(created.getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "tier", "front"));
        assertThat(created.getSpec().getContainers())
                .singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("nginx"));
        OwnerReference owner = created.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getApiVersion()).isEqualTo("apps/v1");
        assertThat(owner.getKind()).isEqualTo("ReplicaSet");
        assertThat(owner.getName()).isEqualTo("web");
        assertThat(owner.getUid()).isEqualTo("uid-rs-web");
        assertThat(owner.getController()).isTrue();
        assertThat(owner.getBlockOwnerDeletion()).isTrue();
        assertThat(harness.events.events).containsExactly("NORMAL SuccessfulCreate: Created pod: web-x1");
    }

    @Test
    void noMoreThanABurstOfPodsIsCreatedPerSync() throws Exception {
        SyncHarness harness = new SyncHarness(ReplicaSetMaker.web(600));

        harness.sync();

        assertThat(harness.control.created).hasSize(ReplicaSetSync.BURST_REPLICAS);
    }

    @Test
    void slowStartStopsAtTheFirstBatchWithAFailureAndReportsIt() {
        SyncHarness harness = new SyncHarness(ReplicaSetMaker.web(20));
        harness.control.failCreatesAfter = 4;

        assertThatThrownBy(harness::sync).hasMessageContaining("exceeded quota");

        // Batches of 1, 2 and 4: the third batch has one success and three failures, then no more.
        assertThat(harness.control.createAttempts).hasValue(7);
        assertThat(harness.control.created).hasSize(4);
        assertThat(harness.events.events)
                .filteredOn(e -> e.startsWith("WARNING FailedCreate: Error creating: "))
                .hasSize(3);
        ReplicaSet written = harness.lastStatusUpdate();
        assertThat(written.getStatus().getConditions()).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo("ReplicaFailure");
            assertThat(condition.getReason()).isEqualTo("FailedCreate");
            assertThat(condition.getMessage()).contains("exceeded quota");
        });
        // The failed and skipped creations are no longer expected; the 4 created ones still are.
        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isFalse();
        IntStream.range(0, 4).forEach(i -> harness.expectations.creationObserved(SyncHarness.KEY));
        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isTrue();
    }

    static Stream<Arguments> claims() {
        return Stream.of(
                Arguments.of(
                        "an orphan the selector matches is adopted",
                        pod("orphan").build(),
                        Map.of(
                                "metadata",
                                Map.of(
                                        "ownerReferences",
                                        List.of(OwnerReferences.controllerRef(WEB_3)),
                                        "uid",
                                        "uid-orphan")),
                        3),
                Arguments.of(
                        "an owned pod the selector no longer matches is released",
                        pod("moved")
                                .withoutLabels()
                                .label("app", "db")
                                .ownedBy(WEB_3)
                                .build(),
                        Map.of(
                                "metadata",
                                Map.of(
                                        "ownerReferences",
                                        List.of(Map.of("$patch", "delete", "uid", "uid-rs-web")),
                                        "uid",
                                        "uid-moved")),
                        2),
                Arguments.of(
                        "an orphan the selector does not match is left alone",
                        pod("db").withoutLabels().label("app", "db").build(),
                        null,
                        2),
                Arguments.of(
                        "a terminating orphan is not adopted",
                        pod("leaving").terminating().build(),
                        null,
                        2),
                Arguments.of(
                        "a pod another controller owns is left alone",
                        pod("theirs").ownedBy(otherReplicaSet()).build(),
                        null,
                        2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claims")
    void claimsPodsBySelectorAndControllerReference(
            String description, Pod candidate, Map<String, Object> expectedPatch, int expectedReplicas)
            throws Exception {
        SyncHarness harness = new SyncHarness(
                WEB_3, pod("a").ownedBy(WEB_3).build(), pod("b").ownedBy(WEB_3).build(), candidate);

        harness.sync();

        if (expectedPatch == null) {
            assertThat(harness.control.patched).isEmpty();
        } else {
            assertThat(harness.control.patched)
                    .containsExactly(new RecordingPodControl.PatchCall(
                            candidate.getMetadata().getName(), expectedPatch));
        }
        assertThat(harness.control.created).hasSize(3 - expectedReplicas);
        assertThat(harness.lastStatusUpdate().getStatus().getReplicas()).isEqualTo(expectedReplicas);
    }

    @Test
    void noAdoptionWhenTheApiServerHasADifferentReplicaSetUnderTheName() {
        SyncHarness harness = new SyncHarness(WEB_3, pod("orphan").build());
        harness.control.fresh = new ReplicaSetBuilder(WEB_3)
                .editMetadata()
                .withUid("uid-rs-web-recreated")
                .endMetadata()
                .build();

        assertThatThrownBy(harness::sync).hasMessageContaining("is gone");

        assertThat(harness.control.patched).isEmpty();
        assertThat(harness.control.created).isEmpty();
    }

    @Test
    void unobservedCreationsHoldBackTheNextSyncUntilTheInformerSeesThem() throws Exception {
        SyncHarness harness = new SyncHarness(WEB_3);
        harness.sync();
        assertThat(harness.control.created).hasSize(3);

        // The cache has not seen the pods yet: a second sync must not create three more.
        harness.sync();
        assertThat(harness.control.created).hasSize(3);

        List<Pod> created = List.copyOf(harness.control.created);
        for (Pod pod : created.subList(0, 2)) {
            harness.pods.put(pod);
            harness.handlers.podAdded(pod);
        }
        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isFalse();
        harness.pods.put(created.get(2));
        harness.handlers.podAdded(created.get(2));
        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isTrue();
        assertThat(harness.queued).containsOnly(SyncHarness.KEY);

        harness.sync();
        assertThat(harness.control.created).hasSize(3);
    }

    @Test
    void unobservedExpectationsLapseAfterTheirTimeToLive() throws Exception {
        SyncHarness harness = new SyncHarness(WEB_3);
        harness.sync();

        harness.nanos.addAndGet(Expectations.TTL.plusSeconds(1).toNanos());
        harness.sync();

        assertThat(harness.control.created).hasSize(6);
    }

    @Test
    void onlyTheDeletionsTheControllerAskedForSatisfyItsExpectations() throws Exception {
        ReplicaSet web1 = ReplicaSetMaker.web(1);
        Pod keep = pod("keep").ownedBy(web1).node("n1").readySecondsAgo(100).build();
        Pod doomed = pod("doomed").ownedBy(web1).build();
        SyncHarness harness = new SyncHarness(web1, keep, doomed);

        harness.sync();
        assertThat(harness.control.deleted).containsExactly("doomed");

        harness.handlers.podDeleted(keep);
        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isFalse();
        harness.handlers.podDeleted(doomed);
        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isTrue();
    }

    @Test
    void statusCountsReadyFullyLabeledAndAvailablePods() throws Exception {
        ReplicaSet web4 = new ReplicaSetBuilder(ReplicaSetMaker.web(4))
                .editSpec()
                .withMinReadySeconds(30)
                .endSpec()
                .build();
        SyncHarness harness = new SyncHarness(
                web4,
                pod("available")
                        .label("tier", "front")
                        .ownedBy(web4)
                        .readySecondsAgo(60)
                        .build(),
                pod("recently-ready")
                        .label("tier", "front")
                        .ownedBy(web4)
                        .readySecondsAgo(10)
                        .build(),
                pod("not-ready").label("tier", "front").ownedBy(web4).build(),
                pod("partly-labeled").ownedBy(web4).readySecondsAgo(60).build());

        Result result = harness.sync();

        ReplicaSet written = harness.lastStatusUpdate();
        assertThat(written.getStatus().getReplicas()).isEqualTo(4);
        assertThat(written.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
        assertThat(written.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(written.getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(written.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(written.getMetadata().getResourceVersion())
                .as("the write is conditional on the version read")
                .isEqualTo("7");
        assertThat(result).isEqualTo(Result.done());
        assertThat(WEB_3.getStatus()).as("the cached object is not mutated").isNull();
    }

    @Test
    void allReadyButNotYetAvailableLooksAgainAfterMinReadySeconds() throws Exception {
        ReplicaSet web1 = new ReplicaSetBuilder(ReplicaSetMaker.web(1))
                .editSpec()
                .withMinReadySeconds(30)
                .endSpec()
                .build();
        SyncHarness harness =
                new SyncHarness(web1, pod("a").ownedBy(web1).readySecondsAgo(10).build());

        assertThat(harness.sync()).isEqualTo(Result.requeueAfter(Duration.ofSeconds(30)));
    }

    static Stream<Arguments> statusWrites() {
        ReplicaSet current = new ReplicaSetBuilder(ReplicaSetMaker.web(1))
                .withStatus(new ReplicaSetStatusBuilder()
                        .withReplicas(1)
                        .withFullyLabeledReplicas(0)
                        .withReadyReplicas(0)
                        .withAvailableReplicas(0)
                        .withObservedGeneration(1L)
                        .build())
                .build();
        ReplicaSet newGeneration = new ReplicaSetBuilder(current)
                .editMetadata()
                .withGeneration(2L)
                .endMetadata()
                .build();
        ReplicaSet staleCount = new ReplicaSetBuilder(current)
                .editStatus()
                .withReplicas(5)
                .endStatus()
                .build();
        return Stream.of(
                Arguments.of("an unchanged status is not written", current, false),
                Arguments.of("a new generation is written as observed", newGeneration, true),
                Arguments.of("a changed count is written", staleCount, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusWrites")
    void statusIsWrittenOnlyWhenItChanged(String description, ReplicaSet replicaSet, boolean written) throws Exception {
        SyncHarness harness =
                new SyncHarness(replicaSet, pod("a").ownedBy(replicaSet).build());

        harness.sync();

        assertThat(harness.control.statusUpdates).hasSize(written ? 1 : 0);
        if (written) {
            assertThat(harness.lastStatusUpdate().getStatus().getObservedGeneration())
                    .isEqualTo(replicaSet.getMetadata().getGeneration());
            assertThat(harness.lastStatusUpdate().getStatus().getReplicas()).isEqualTo(1);
        }
    }

    @Test
    void aConflictingStatusWriteIsRetriedOnceOnTheCurrentObject() throws Exception {
        SyncHarness harness = new SyncHarness(WEB_3, pod("a").ownedBy(WEB_3).build());
        harness.control.fresh = new ReplicaSetBuilder(WEB_3)
                .editMetadata()
                .withResourceVersion("8")
                .endMetadata()
                .build();
        harness.control.statusConflicts = 1;

        harness.sync();

        assertThat(harness.control.statusUpdates)
                .extracting(rs -> rs.getMetadata().getResourceVersion())
                .containsExactly("7", "8");
    }

    @Test
    void aSecondConflictFailsTheSyncForARetryWithBackoff() {
        SyncHarness harness = new SyncHarness(WEB_3, pod("a").ownedBy(WEB_3).build());
        harness.control.statusConflicts = 2;

        assertThatThrownBy(harness::sync).hasMessageContaining("modified");

        assertThat(harness.control.statusUpdates).hasSize(2);
    }

    @Test
    void aReplicaSetGoneFromTheCacheIsForgotten() throws Exception {
        SyncHarness harness = new SyncHarness(null);
        harness.expectations.expectCreations(SyncHarness.KEY, 3);

        assertThat(harness.sync()).isEqualTo(Result.done());

        assertThat(harness.expectations.satisfied(SyncHarness.KEY)).isTrue();
        assertThat(harness.control.created).isEmpty();
        assertThat(harness.control.statusUpdates).isEmpty();
    }

    @Test
    void aReplicaSetBeingDeletedCreatesNothing() throws Exception {
        ReplicaSet deleting = new ReplicaSetBuilder(WEB_3)
                .editMetadata()
                .withDeletionTimestamp(PodMaker.NOW.toString())
                .endMetadata()
                .build();
        SyncHarness harness = new SyncHarness(deleting);

        harness.sync();

        assertThat(harness.control.created).isEmpty();
    }

    private static ReplicaSet otherReplicaSet() {
        return new ReplicaSetBuilder(ReplicaSetMaker.web(1))
                .editMetadata()
                .withName("other")
                .withUid("uid-rs-other")
                .endMetadata()
                .build();
    }
}
