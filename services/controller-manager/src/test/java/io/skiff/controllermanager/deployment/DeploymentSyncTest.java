package io.skiff.controllermanager.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Result;
import io.skiff.controllermanager.testing.PodMaker;
import io.skiff.model.api.Statuses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentSyncTest {

    @Test
    void aNewDeploymentGetsAReplicaSetNamedByItsTemplateHash() {
        Deployment web = DeploymentMaker.web(3)
                .annotation("team", "frontend")
                .annotation(DeploymentAnnotations.LAST_APPLIED_CONFIGURATION, "{}")
                .build();
        DeploymentHarness harness = new DeploymentHarness(web);

        assertThat(harness.sync()).isEqualTo(Result.done());

        assertThat(harness.writes.created).hasSize(1);
        ReplicaSet created = harness.writes.created.get(0);
        String hash = PodTemplates.hash(web.getSpec().getTemplate(), null);
        assertThat(hash).matches("[456789bcdf]{1,10}");
        assertThat(created.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(created.getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "pod-template-hash", hash));
        assertThat(created.getSpec().getSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "pod-template-hash", hash));
        assertThat(created.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        assertThat(created.getSpec().getReplicas()).isEqualTo(3);
        OwnerReference owner = created.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).isEqualTo("Deployment");
        assertThat(owner.getApiVersion()).isEqualTo("apps/v1");
        assertThat(owner.getUid()).isEqualTo(DeploymentMaker.UID);
        assertThat(owner.getController()).isTrue();
        assertThat(created.getMetadata().getAnnotations())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "team",
                        "frontend",
                        DeploymentAnnotations.REVISION,
                        "1",
                        DeploymentAnnotations.DESIRED_REPLICAS,
                        "3",
                        DeploymentAnnotations.MAX_REPLICAS,
                        "4"));
        assertThat(harness.scalingEvents())
                .containsExactly("NORMAL ScalingReplicaSet: Scaled up replica set web-" + hash + " from 0 to 3");

        Deployment written = harness.deployment();
        assertThat(written.getMetadata().getAnnotations()).containsEntry(DeploymentAnnotations.REVISION, "1");
        assertThat(condition(written, "Progressing").getReason()).isEqualTo("NewReplicaSetCreated");
        assertThat(condition(written, "Progressing").getMessage())
                .isEqualTo("Created new replica set \"web-" + hash + "\"");
    }

    @Test
    void aRolloutCompletesAndReportsTheNewReplicaSetAvailable() {
        DeploymentHarness harness = new DeploymentHarness(DeploymentMaker.web(3).build());
        harness.sync();
        harness.podsCatchUp();

        harness.sync();

        Deployment done = harness.deployment();
        assertThat(done.getStatus().getObservedGeneration()).isEqualTo(1L);
        assertThat(done.getStatus().getReplicas()).isEqualTo(3);
        assertThat(done.getStatus().getUpdatedReplicas()).isEqualTo(3);
        assertThat(done.getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(done.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(done.getStatus().getUnavailableReplicas()).isNull();
        String name = harness.sets().get(0).getMetadata().getName();
        DeploymentCondition progressing = condition(done, "Progressing");
        assertThat(progressing.getStatus()).isEqualTo("True");
        assertThat(progressing.getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"" + name + "\" has successfully progressed.");
        DeploymentCondition available = condition(done, "Available");
        assertThat(available.getStatus()).isEqualTo("True");
        assertThat(available.getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(available.getMessage()).isEqualTo("Deployment has minimum availability.");

        int writes = harness.writes.statusUpdates.size();
        assertThat(harness.sync()).isEqualTo(Result.done());
        assertThat(harness.writes.statusUpdates)
                .as("a settled deployment writes nothing")
                .hasSize(writes);
    }

    @Test
    void aRollingUpdateNeverExceedsItsSurgeNorDropsBelowItsAvailability() {
        Deployment web = DeploymentMaker.web(10).rolling(3, 2).build();
        ReplicaSet old = SetMaker.of(web).replicas(10).build();
        DeploymentHarness harness = new DeploymentHarness(web, old);
        harness.edit(d -> d.editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage("nginx:2")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec());

        for (int step = 0; step < 30; step++) {
            harness.clock.advance(Duration.ofSeconds(10));
            harness.sync();
            List<ReplicaSet> sets = harness.sets();
            assertThat(ReplicaSetLists.specReplicas(sets))
                    .as("pods at step %d", step)
                    .isLessThanOrEqualTo(13);
            harness.podsCatchUp();
            assertThat(ReplicaSetLists.availableReplicas(harness.sets()))
                    .as("available at step %d", step)
                    .isGreaterThanOrEqualTo(8);
        }

        List<ReplicaSet> sets = harness.sets();
        assertThat(sets).hasSize(2);
        assertThat(sets.get(0).getSpec().getReplicas()).isZero();
        assertThat(sets.get(1).getSpec().getReplicas()).isEqualTo(10);
        assertThat(sets.get(1)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("nginx:2");
        assertThat(sets.get(1).getMetadata().getAnnotations()).containsEntry(DeploymentAnnotations.REVISION, "2");
        Deployment done = harness.deployment();
        assertThat(done.getMetadata().getAnnotations()).containsEntry(DeploymentAnnotations.REVISION, "2");
        assertThat(DeploymentStatuses.complete(done, done.getStatus())).isTrue();
        assertThat(condition(done, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        String newName = sets.get(1).getMetadata().getName();
        String oldName = sets.get(0).getMetadata().getName();
        assertThat(harness.scalingEvents())
                .containsExactly(
                        "NORMAL ScalingReplicaSet: Scaled up replica set " + newName + " from 0 to 3",
                        "NORMAL ScalingReplicaSet: Scaled down replica set " + oldName + " from 10 to 8",
                        "NORMAL ScalingReplicaSet: Scaled up replica set " + newName + " from 3 to 5",
                        "NORMAL ScalingReplicaSet: Scaled down replica set " + oldName + " from 8 to 3",
                        "NORMAL ScalingReplicaSet: Scaled up replica set " + newName + " from 5 to 10",
                        "NORMAL ScalingReplicaSet: Scaled down replica set " + oldName + " from 3 to 0");
    }

    @Test
    void rollingBackReusesTheOldReplicaSetAsTheNextRevision() {
        Deployment web = DeploymentMaker.web(2).build();
        ReplicaSet first =
                SetMaker.of(web).revision(1).replicas(0).createdSecondsAgo(600).build();
        ReplicaSet second =
                SetMaker.of(web).image("nginx:2").revision(2).replicas(2).build();
        // kubectl rollout undo patched the template of revision 1 back into the Deployment.
        DeploymentHarness harness = new DeploymentHarness(
                DeploymentMaker.web(2)
                        .generation(3, 2)
                        .annotation(DeploymentAnnotations.REVISION, "2")
                        .build(),
                first,
                second);

        harness.sync();

        ReplicaSet rolledBack = harness.set(first.getMetadata().getName());
        assertThat(rolledBack.getMetadata().getAnnotations())
                .containsEntry(DeploymentAnnotations.REVISION, "3")
                .containsEntry(DeploymentAnnotations.REVISION_HISTORY, "1");
        assertThat(harness.writes.created).isEmpty();

        for (int step = 0; step < 10; step++) {
            harness.clock.advance(Duration.ofSeconds(10));
            harness.sync();
            harness.podsCatchUp();
        }
        assertThat(harness.set(first.getMetadata().getName()).getSpec().getReplicas())
                .isEqualTo(2);
        assertThat(harness.set(second.getMetadata().getName()).getSpec().getReplicas())
                .isZero();
        assertThat(harness.deployment().getMetadata().getAnnotations())
                .containsEntry(DeploymentAnnotations.REVISION, "3");
    }

    @Test
    void theRevisionHistoryAppendsUpToItsLimitInCharacters() {
        Deployment web = DeploymentMaker.web(1).build();
        ReplicaSet set = SetMaker.of(web).revision(7).build();
        set.getMetadata().getAnnotations().put(DeploymentAnnotations.REVISION_HISTORY, "1,3,5");

        assertThat(DeploymentAnnotations.setNewReplicaSetAnnotations(web, set, "9", true, 2000))
                .isTrue();
        assertThat(set.getMetadata().getAnnotations())
                .containsEntry(DeploymentAnnotations.REVISION, "9")
                .containsEntry(DeploymentAnnotations.REVISION_HISTORY, "1,3,5,7");

        set.getMetadata().getAnnotations().put(DeploymentAnnotations.REVISION, "10");
        DeploymentAnnotations.setNewReplicaSetAnnotations(web, set, "11", true, 8);
        assertThat(set.getMetadata().getAnnotations())
                .as("the oldest entries make room")
                .containsEntry(DeploymentAnnotations.REVISION_HISTORY, "3,5,7,10");
    }

    @Test
    void oldZeroReplicaSetsBeyondTheHistoryLimitAreDeletedOldestRevisionFirst() {
        Deployment web = DeploymentMaker.web(1)
                .revisionHistoryLimit(1)
                .generation(1, 1)
                .statusReplicas(1, 1, 1)
                .build();
        ReplicaSet r1 = SetMaker.of(web).image("v1").revision(1).replicas(0).build();
        ReplicaSet r2 = SetMaker.of(web).image("v2").revision(2).replicas(0).build();
        ReplicaSet r3 = SetMaker.of(web).image("v3").revision(3).replicas(0).build();
        ReplicaSet current = SetMaker.of(web).revision(4).replicas(1).build();
        ReplicaSet r0WithPods =
                SetMaker.of(web).image("v0").revision(0).replicas(0).build();
        r0WithPods.getStatus().setReplicas(1);
        DeploymentHarness harness = new DeploymentHarness(web, r0WithPods, r1, r2, r3, current);

        harness.sync();

        assertThat(harness.writes.deleted)
                .containsExactly(r1.getMetadata().getName(), r2.getMetadata().getName());
    }

    @Test
    void aPausedDeploymentDoesNotRollOutButStillScalesProportionally() {
        Deployment web =
                DeploymentMaker.web(10).rolling(3, 2).paused().image("nginx:3").build();
        ReplicaSet older = SetMaker.of(web)
                .image("nginx:1")
                .replicas(8)
                .maxReplicasAnnotation(13)
                .build();
        ReplicaSet newer = SetMaker.of(web)
                .image("nginx:2")
                .replicas(5)
                .createdSecondsAgo(60)
                .maxReplicasAnnotation(13)
                .build();
        older.getMetadata().getAnnotations().put(DeploymentAnnotations.DESIRED_REPLICAS, "10");
        newer.getMetadata().getAnnotations().put(DeploymentAnnotations.DESIRED_REPLICAS, "10");
        Deployment scaled =
                DeploymentMaker.web(15).rolling(3, 2).paused().image("nginx:3").build();
        DeploymentHarness harness = new DeploymentHarness(scaled, older, newer);

        harness.sync();

        assertThat(harness.writes.created).as("no rollout while paused").isEmpty();
        assertThat(harness.set(older.getMetadata().getName()).getSpec().getReplicas())
                .isEqualTo(11);
        assertThat(harness.set(newer.getMetadata().getName()).getSpec().getReplicas())
                .isEqualTo(7);
        assertThat(harness.set(newer.getMetadata().getName()).getMetadata().getAnnotations())
                .containsEntry(DeploymentAnnotations.DESIRED_REPLICAS, "15")
                .containsEntry(DeploymentAnnotations.MAX_REPLICAS, "18");
        DeploymentCondition progressing = condition(harness.deployment(), "Progressing");
        assertThat(progressing.getStatus()).isEqualTo("Unknown");
        assertThat(progressing.getReason()).isEqualTo("DeploymentPaused");
        assertThat(progressing.getMessage()).isEqualTo("Deployment is paused");
    }

    @Test
    void resumingMarksProgressingAsResumed() {
        Deployment web = DeploymentMaker.web(1)
                .condition(DeploymentConditions.create(
                        "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", PodMaker.NOW))
                .build();
        DeploymentHarness harness =
                new DeploymentHarness(web, SetMaker.of(web).replicas(1).build());

        harness.sync();

        assertThat(harness.writes.statusUpdates.get(0).getStatus().getConditions())
                .filteredOn(c -> c.getType().equals("Progressing"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("DeploymentResumed");
                    assertThat(c.getMessage()).isEqualTo("Deployment is resumed");
                });
    }

    @Test
    void aRestartAnnotationOnTheTemplateStartsANewRollout() {
        Deployment web = DeploymentMaker.web(2).build();
        ReplicaSet current = SetMaker.of(web).replicas(2).build();
        DeploymentHarness harness = new DeploymentHarness(web, current);
        harness.edit(d -> d.editSpec()
                .editTemplate()
                .editMetadata()
                .addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-01-01T12:00:00Z")
                .endMetadata()
                .endTemplate()
                .endSpec());

        harness.sync();

        assertThat(harness.writes.created).singleElement().satisfies(rs -> {
            assertThat(rs.getMetadata().getName())
                    .isNotEqualTo(current.getMetadata().getName());
            assertThat(rs.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsKey("kubectl.kubernetes.io/restartedAt");
            assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentAnnotations.REVISION, "2");
        });
    }

    @Test
    void aHashCollisionBumpsTheCollisionCountAndRetries() {
        Deployment web = DeploymentMaker.web(1).build();
        String hash = PodTemplates.hash(web.getSpec().getTemplate(), null);
        ReplicaSet squatter = SetMaker.of(web).image("something-else").orphan().build();
        squatter.getMetadata().setName("web-" + hash);
        squatter.getMetadata().getLabels().put("app", "other");
        DeploymentHarness harness = new DeploymentHarness(web, squatter);

        assertThatThrownBy(harness::sync).matches(ApiErrors::isAlreadyExists);
        assertThat(harness.deployment().getStatus().getCollisionCount()).isEqualTo(1);

        harness.sync();
        assertThat(harness.writes.created)
                .singleElement()
                .satisfies(rs -> assertThat(rs.getMetadata().getName())
                        .isEqualTo("web-" + PodTemplates.hash(web.getSpec().getTemplate(), 1)));
        assertThat(harness.deployment().getStatus().getCollisionCount()).isEqualTo(1);
    }

    @Test
    void aFailedCreateIsReportedOnTheDeployment() {
        DeploymentHarness harness = new DeploymentHarness(DeploymentMaker.web(1).build());
        harness.writes.createFailure = Statuses.forbidden("replicasets is forbidden: exceeded quota");

        assertThatThrownBy(harness::sync).hasMessageContaining("exceeded quota");

        DeploymentCondition progressing = condition(harness.deployment(), "Progressing");
        assertThat(progressing.getStatus()).isEqualTo("False");
        assertThat(progressing.getReason()).isEqualTo("ReplicaSetCreateError");
        assertThat(progressing.getMessage()).startsWith("Failed to create new replica set \"web-");
        assertThat(harness.events.events)
                .anySatisfy(e ->
                        assertThat(e).startsWith("WARNING ReplicaSetCreateError: Failed to create new replica set"));
    }

    @Test
    void aRolloutWithoutProgressPastItsDeadlineIsReportedAsExceeded() {
        Deployment web = DeploymentMaker.web(2)
                .image("nginx:2")
                .progressDeadlineSeconds(60)
                .build();
        ReplicaSet old = SetMaker.of(web)
                .image("nginx:1")
                .replicas(1)
                .createdSecondsAgo(600)
                .build();
        ReplicaSet stuck = SetMaker.of(web).revision(2).replicas(2).available(0).build();
        DeploymentCondition progressing = DeploymentConditions.create(
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                "ReplicaSet \"x\" is progressing.",
                PodMaker.NOW.minusSeconds(30));
        Deployment current = DeploymentMaker.web(2)
                .image("nginx:2")
                .progressDeadlineSeconds(60)
                .generation(1, 1)
                .statusReplicas(3, 2, 1)
                .condition(progressing)
                .build();
        DeploymentHarness harness = new DeploymentHarness(current, old, stuck);
        harness.sync();
        harness.writes.statusUpdates.clear();

        Result beforeDeadline = harness.sync();
        assertThat(beforeDeadline)
                .as("nothing changes, so look again a second after the deadline")
                .isEqualTo(Result.requeueAfter(Duration.ofSeconds(31)));

        harness.clock.advance(Duration.ofSeconds(31));
        harness.sync();
        DeploymentCondition exceeded = condition(harness.deployment(), "Progressing");
        assertThat(exceeded.getStatus()).isEqualTo("False");
        assertThat(exceeded.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(exceeded.getMessage())
                .isEqualTo("ReplicaSet \"" + stuck.getMetadata().getName() + "\" has timed out progressing.");
        assertThat(condition(harness.deployment(), "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
    }

    @Test
    void recreateScalesTheOldSetDownAndWaitsForItsPodsBeforeCreatingTheNewOne() {
        Deployment web = DeploymentMaker.web(3).recreate().image("nginx:2").build();
        ReplicaSet old = SetMaker.of(web).image("nginx:1").replicas(3).build();
        DeploymentHarness harness = new DeploymentHarness(web, old);
        harness.pods.put(PodMaker.pod("old-1").ownedBy(old).build());

        harness.sync();
        assertThat(harness.set(old.getMetadata().getName()).getSpec().getReplicas())
                .isZero();
        assertThat(harness.writes.created).isEmpty();

        harness.podsCatchUp();
        harness.sync();
        assertThat(harness.writes.created).as("a pod of the old set still runs").isEmpty();

        harness.pods.remove(harness.pods.list().get(0));
        harness.sync();
        assertThat(harness.writes.created)
                .singleElement()
                .satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(3));
        assertThat(harness.scalingEvents())
                .containsExactly(
                        "NORMAL ScalingReplicaSet: Scaled down replica set "
                                + old.getMetadata().getName() + " from 3 to 0",
                        "NORMAL ScalingReplicaSet: Scaled up replica set "
                                + harness.writes.created.get(0).getMetadata().getName() + " from 0 to 3");
    }

    @Test
    void aDeploymentSelectingEverythingIsRefused() {
        DeploymentHarness harness =
                new DeploymentHarness(DeploymentMaker.web(1).emptySelector().build());

        harness.sync();

        assertThat(harness.writes.created).isEmpty();
        assertThat(harness.events.events)
                .containsExactly("WARNING SelectingAll: This deployment is selecting all pods. A non-empty selector"
                        + " is required.");
        assertThat(harness.deployment().getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void anOrphanReplicaSetMatchingTheSelectorIsAdopted() {
        Deployment web = DeploymentMaker.web(1).build();
        ReplicaSet orphan = SetMaker.of(web).replicas(1).orphan().build();
        DeploymentHarness harness = new DeploymentHarness(web, orphan);

        harness.sync();

        assertThat(harness.writes.patched).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo(orphan.getMetadata().getName());
            assertThat(call.body().toString()).contains(DeploymentMaker.UID);
        });
    }

    @Test
    void aDeploymentBeingDeletedOnlyGetsItsStatus() {
        Deployment web = DeploymentMaker.web(3).deleting().build();
        DeploymentHarness harness = new DeploymentHarness(
                web, SetMaker.of(web).image("old").replicas(3).build());

        harness.sync();

        assertThat(harness.writes.created).isEmpty();
        assertThat(harness.writes.updated).isEmpty();
        assertThat(harness.deployment().getStatus().getReplicas()).isEqualTo(3);
    }

    @Test
    void aDeploymentThatIsGoneIsDone() {
        assertThat(new DeploymentHarness(null).sync()).isEqualTo(Result.done());
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        return DeploymentConditions.get(deployment.getStatus(), type).orElseThrow();
    }
}
