package io.skiff.controllermanager.statefulset;

import static io.skiff.controllermanager.statefulset.StatefulSetHarness.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.skiff.component.informer.Lister;
import org.junit.jupiter.api.Test;

class StatefulSetSyncTest {

    /** Runs the set up to {@code replicas} ready pods, one sync and one observation per step. */
    private static StatefulSetHarness running(StatefulSet set, int replicas) throws Exception {
        StatefulSetHarness harness = new StatefulSetHarness(set);
        for (int i = 0; i < replicas; i++) {
            harness.sync();
            harness.observe();
            harness.markReady("web-" + i);
        }
        harness.sync();
        harness.observe();
        return harness;
    }

    @Test
    void orderedReadyCreatesTheFirstPodWithItsClaimAndWaits() throws Exception {
        StatefulSetHarness harness = new StatefulSetHarness(web(3));

        harness.sync();

        assertThat(harness.control.createdClaims).containsExactly("data-web-0");
        assertThat(harness.control.createdNames()).containsExactly("web-0");
        var pod = harness.control.lastCreated("web-0");
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0")
                .containsEntry("app", "web");
        assertThat(pod.getSpec().getHostname()).isEqualTo("web-0");
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("web");
        assertThat(pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName())
                .isEqualTo("data-web-0");
        assertThat(harness.events.events)
                .containsExactly(
                        "NORMAL SuccessfulCreate: create Claim data-web-0 Pod web-0 in StatefulSet web success",
                        "NORMAL SuccessfulCreate: create Pod web-0 in StatefulSet web successful");
        StatefulSetStatus status = harness.control.lastStatus().getStatus();
        assertThat(status.getUpdateRevision()).startsWith("web-").isEqualTo(status.getCurrentRevision());
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getCollisionCount()).isZero();

        harness.observe();
        harness.sync();
        assertThat(harness.control.createdNames()).containsExactly("web-0");

        harness.markReady("web-0");
        harness.sync();
        assertThat(harness.control.createdNames()).containsExactly("web-0", "web-1");
    }

    @Test
    void parallelCreatesEveryPodAtOnce() throws Exception {
        StatefulSet parallel = new StatefulSetBuilder(web(3))
                .editSpec()
                .withPodManagementPolicy("Parallel")
                .endSpec()
                .build();
        StatefulSetHarness harness = new StatefulSetHarness(parallel);

        harness.sync();

        assertThat(harness.control.createdNames()).containsExactlyInAnyOrder("web-0", "web-1", "web-2");
        assertThat(harness.control.createdClaims).containsExactlyInAnyOrder("data-web-0", "data-web-1", "data-web-2");
    }

    @Test
    void ordinalsStartWhereSpecOrdinalsSays() throws Exception {
        StatefulSet shifted = new StatefulSetBuilder(web(2))
                .editSpec()
                .withNewOrdinals()
                .withStart(5)
                .endOrdinals()
                .endSpec()
                .build();
        StatefulSetHarness harness = new StatefulSetHarness(shifted);

        harness.sync();

        assertThat(harness.control.createdNames()).containsExactly("web-5");
        assertThat(harness.control.createdClaims).containsExactly("data-web-5");
    }

    @Test
    void aReadySetReportsItsPodsAndCompletesTheRevision() throws Exception {
        StatefulSetHarness harness = running(web(3), 3);

        StatefulSetStatus status = harness.control.lastStatus().getStatus();
        assertThat(status.getReplicas()).isEqualTo(3);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getAvailableReplicas()).isEqualTo(3);
        assertThat(status.getCurrentReplicas()).isEqualTo(3);
        assertThat(status.getUpdatedReplicas()).isEqualTo(3);
    }

    @Test
    void scaleDownDeletesTheHighestOrdinalFirstAndKeepsTheClaims() throws Exception {
        StatefulSetHarness harness = running(web(3), 3);
        harness.sets.put(new StatefulSetBuilder(harness.control.lastStatus())
                .editSpec()
                .withReplicas(1)
                .endSpec()
                .build());

        harness.sync();

        assertThat(harness.control.deleted).containsExactly("web-2");
        assertThat(harness.control.updatedClaims).isEmpty();
        assertThat(harness.events.events)
                .contains("NORMAL SuccessfulDelete: delete Pod web-2 in StatefulSet web successful");
    }

    @Test
    void scaleDownWaitsWhileAPodThatStaysIsNotReady() throws Exception {
        StatefulSetHarness harness = running(web(3), 3);
        harness.sets.put(new StatefulSetBuilder(harness.control.lastStatus())
                .editSpec()
                .withReplicas(1)
                .endSpec()
                .build());
        harness.pods.put(new PodBuilder(
                        new Lister<>(harness.pods).get("default", "web-0").orElseThrow())
                .editMetadata()
                .withResourceVersion("3")
                .endMetadata()
                .editStatus()
                .withConditions()
                .endStatus()
                .build());

        harness.sync();

        assertThat(harness.control.deleted).isEmpty();
    }

    @Test
    void rollingUpdateReplacesTheHighestOrdinalFirst() throws Exception {
        StatefulSetHarness harness = running(web(3), 3);
        String oldRevision = harness.updateRevision();
        harness.sets.put(StatefulSetHarness.withImage(harness.control.lastStatus(), "nginx:2"));

        harness.sync();

        assertThat(harness.control.deleted).containsExactly("web-2");
        StatefulSetStatus status = harness.control.lastStatus().getStatus();
        assertThat(status.getCurrentRevision()).isEqualTo(oldRevision);
        assertThat(status.getUpdateRevision()).isNotEqualTo(oldRevision);
        assertThat(harness.storedRevisions
                        .revisions
                        .get(status.getUpdateRevision())
                        .getRevision())
                .isEqualTo(2L);
    }

    @Test
    void aPartitionKeepsLowerOrdinalsAtTheCurrentRevision() throws Exception {
        StatefulSetHarness harness = running(web(3), 3);
        StatefulSet partitioned = StatefulSetHarness.withPartition(
                StatefulSetHarness.withImage(harness.control.lastStatus(), "nginx:2"), 2, null);
        harness.sets.put(partitioned);
        harness.sync();
        assertThat(harness.control.deleted).containsExactly("web-2");

        // web-2 comes back at the update revision; web-0 and web-1 stay where they are.
        harness.pods.remove(new Lister<>(harness.pods).get("default", "web-2").orElseThrow());
        harness.observe();
        harness.sync();
        assertThat(harness.control.lastCreated("web-2").getMetadata().getLabels())
                .containsEntry("controller-revision-hash", harness.updateRevision());
        harness.observe();
        harness.markReady("web-2");
        harness.sync();
        assertThat(harness.control.deleted).containsExactly("web-2");
    }

    @Test
    void maxUnavailableReplacesSeveralPodsAtOnce() throws Exception {
        StatefulSetHarness harness = running(web(3), 3);
        harness.sets.put(StatefulSetHarness.withPartition(
                StatefulSetHarness.withImage(harness.control.lastStatus(), "nginx:2"), 0, 2));

        harness.sync();

        assertThat(harness.control.deleted).containsExactly("web-2", "web-1");
    }

    @Test
    void onDeleteLeavesOldPodsAlone() throws Exception {
        StatefulSetHarness harness = running(web(2), 2);
        harness.sets.put(new StatefulSetBuilder(StatefulSetHarness.withImage(harness.control.lastStatus(), "nginx:2"))
                .editSpec()
                .withNewUpdateStrategy()
                .withType("OnDelete")
                .endUpdateStrategy()
                .endSpec()
                .build());

        harness.sync();

        assertThat(harness.control.deleted).isEmpty();
    }

    @Test
    void aFailedPodIsDeletedToBeRecreated() throws Exception {
        StatefulSetHarness harness = running(web(1), 1);
        harness.pods.put(new PodBuilder(
                        new Lister<>(harness.pods).get("default", "web-0").orElseThrow())
                .editMetadata()
                .withResourceVersion("9")
                .endMetadata()
                .editStatus()
                .withPhase("Failed")
                .endStatus()
                .build());

        harness.sync();

        assertThat(harness.control.deleted).containsExactly("web-0");
        assertThat(harness.events.events)
                .contains("WARNING RecreatingFailedPod: StatefulSet default/web is recreating failed Pod web-0");
    }

    @Test
    void whenScaledDeleteHandsTheClaimOfACondemnedPodToThePod() throws Exception {
        StatefulSet deleting = new StatefulSetBuilder(web(2))
                .editSpec()
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenScaled("Delete")
                .withWhenDeleted("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .endSpec()
                .build();
        StatefulSetHarness harness = running(deleting, 2);
        for (String name : new String[] {"data-web-0", "data-web-1"}) {
            harness.claims.put(new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withNamespace("default")
                    .withName(name)
                    .withUid("uid-" + name)
                    .withResourceVersion("1")
                    .endMetadata()
                    .build());
        }
        harness.sets.put(new StatefulSetBuilder(harness.control.lastStatus())
                .editSpec()
                .withReplicas(1)
                .endSpec()
                .build());

        harness.sync();

        assertThat(harness.control.updatedClaims).hasSize(1);
        PersistentVolumeClaim claim = harness.control.updatedClaims.get(0);
        assertThat(claim.getMetadata().getName()).isEqualTo("data-web-1");
        OwnerReference owner = claim.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getKind()).isEqualTo("Pod");
        assertThat(owner.getName()).isEqualTo("web-1");
        assertThat(owner.getUid()).isEqualTo("uid-web-1");
        assertThat(owner.getController()).isTrue();
        assertThat(harness.control.deleted).containsExactly("web-1");
    }

    @Test
    void anUnchangedTemplateReusesItsRevisionAndARollbackRenumbersTheOldOne() throws Exception {
        StatefulSetHarness harness = running(web(1), 1);
        String first = harness.updateRevision();
        harness.sets.put(StatefulSetHarness.withImage(harness.control.lastStatus(), "nginx:2"));
        harness.sync();
        harness.observe();
        String second = harness.updateRevision();
        assertThat(second).isNotEqualTo(first);

        harness.sets.put(StatefulSetHarness.withImage(harness.control.lastStatus(), "nginx"));
        harness.sync();

        assertThat(harness.updateRevision()).isEqualTo(first);
        assertThat(harness.storedRevisions.revisions.get(first).getRevision()).isEqualTo(3L);
        assertThat(harness.storedRevisions.revisions).hasSize(2);
    }
}
