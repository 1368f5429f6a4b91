package io.skiff.controllermanager.persistentvolume;

import static io.skiff.controllermanager.persistentvolume.BinderFixtures.boundClaim;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.boundVolume;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.claim;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.node;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.onNodesWith;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.preBoundTo;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.storageClass;
import static io.skiff.controllermanager.persistentvolume.BinderFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.controllermanager.testing.PodMaker;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One sync of a claim or a volume on fixtures (Kubernetes' binder_test.go and recycle/delete
 * tests): the objects given, the key synced, then the volumes, claims, writes and events expected.
 */
class BinderSyncTest {

    private static final PersistentVolumeClaim DATA = claim("data", "3Gi");

    record Case(
            String name,
            List<HasMetadata> given,
            String sync,
            List<String> volumes,
            List<String> claims,
            List<String> writes,
            List<String> events) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> claimCases() {
        return Stream.of(
                new Case(
                        "a claim binds to the smallest Available volume that fits, volume first",
                        List.of(DATA, volume("pv-1g", "1Gi"), volume("pv-5g", "5Gi"), volume("pv-10g", "10Gi")),
                        "claim default/data",
                        List.of(
                                "pv-10g Available",
                                "pv-1g Available",
                                "pv-5g Bound -> default/data@uid-data [bound-by-controller]"),
                        List.of("default/data Bound pv-5g 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]"),
                        List.of(
                                "update volume pv-5g",
                                "update volume status pv-5g",
                                "update claim default/data",
                                "update claim status default/data"),
                        List.of()),
                new Case(
                        "a claim without class that nothing fits stays Pending with an event",
                        List.of(DATA, volume("pv-1g", "1Gi")),
                        "claim default/data",
                        List.of("pv-1g Available"),
                        List.of("default/data Pending"),
                        List.of(),
                        List.of(
                                "NORMAL FailedBinding: no persistent volumes available for this claim and no storage class is set")),
                new Case(
                        "a claim of a class that does not exist stays Pending with a warning",
                        List.of(claim(
                                "data",
                                "3Gi",
                                c -> c.editSpec().withStorageClassName("fast").endSpec())),
                        "claim default/data",
                        List.of(),
                        List.of("default/data Pending"),
                        List.of(),
                        List.of("WARNING ProvisioningFailed: storageclass.storage.k8s.io \"fast\" not found")),
                new Case(
                        "a class of an in-tree provisioner has no plugin in Skiff",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editSpec()
                                                .withStorageClassName("local")
                                                .endSpec()),
                                storageClass("local", "kubernetes.io/no-provisioner", "Immediate")),
                        "claim default/data",
                        List.of(),
                        List.of("default/data Pending"),
                        List.of(),
                        List.of(
                                "WARNING ProvisioningFailed: no volume plugin matched name: kubernetes.io/no-provisioner")),
                new Case(
                        "a class of an external provisioner hands the claim to it",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editSpec()
                                                .withStorageClassName("standard")
                                                .endSpec()),
                                storageClass("standard", "rancher.io/local-path", "Immediate")),
                        "claim default/data",
                        List.of(),
                        List.of("default/data Pending [provisioner=rancher.io/local-path]"),
                        List.of("update claim default/data"),
                        List.of("NORMAL ExternalProvisioning: Waiting for a volume to be created either by the external"
                                + " provisioner 'rancher.io/local-path' or manually by the system administrator. If"
                                + " volume creation is delayed, please verify that the provisioner is running and"
                                + " correctly registered.")),
                new Case(
                        "a WaitForFirstConsumer claim is not bound before a node is selected",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editSpec()
                                                .withStorageClassName("local")
                                                .endSpec()),
                                storageClass("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer"),
                                volume(
                                        "pv-5g",
                                        "5Gi",
                                        v -> v.editSpec()
                                                .withStorageClassName("local")
                                                .endSpec())),
                        "claim default/data",
                        List.of("pv-5g Available"),
                        List.of("default/data Pending"),
                        List.of(),
                        List.of(
                                "NORMAL WaitForFirstConsumer: waiting for first consumer to be created before binding")),
                new Case(
                        "a WaitForFirstConsumer claim names the pod that waits to be scheduled",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editSpec()
                                                .withStorageClassName("local")
                                                .endSpec()),
                                storageClass("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer"),
                                new PodBuilder(PodMaker.pod("web-0")
                                                .phase("Pending")
                                                .build())
                                        .editSpec()
                                        .addNewVolume()
                                        .withName("data")
                                        .withNewPersistentVolumeClaim()
                                        .withClaimName("data")
                                        .endPersistentVolumeClaim()
                                        .endVolume()
                                        .endSpec()
                                        .build()),
                        "claim default/data",
                        List.of(),
                        List.of("default/data Pending"),
                        List.of(),
                        List.of("NORMAL WaitForPodScheduled: waiting for pod web-0 to be scheduled")),
                new Case(
                        "once a node is selected, a WaitForFirstConsumer claim binds to a volume on that node",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editMetadata()
                                                .addToAnnotations(Volumes.ANN_SELECTED_NODE, "node-a")
                                                .endMetadata()
                                                .editSpec()
                                                .withStorageClassName("local")
                                                .endSpec()),
                                storageClass("local", "kubernetes.io/no-provisioner", "WaitForFirstConsumer"),
                                node("node-a", Map.of("kubernetes.io/hostname", "node-a")),
                                volume(
                                        "pv-b",
                                        "5Gi",
                                        v -> onNodesWith(v, "kubernetes.io/hostname", "node-b")
                                                .editSpec()
                                                .withStorageClassName("local")
                                                .endSpec()),
                                volume(
                                        "pv-a",
                                        "10Gi",
                                        v -> onNodesWith(v, "kubernetes.io/hostname", "node-a")
                                                .editSpec()
                                                .withStorageClassName("local")
                                                .endSpec())),
                        "claim default/data",
                        List.of("pv-a Bound -> default/data@uid-data [bound-by-controller]", "pv-b Available"),
                        List.of("default/data Bound pv-a 10Gi [ReadWriteOnce] [bind-completed, bound-by-controller]"),
                        List.of(
                                "update volume pv-a",
                                "update volume status pv-a",
                                "update claim default/data",
                                "update claim status default/data"),
                        List.of()),
                new Case(
                        "a claim naming a free volume that fits binds to it; the claim's side was the user's",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editSpec()
                                                .withVolumeName("pv-10g")
                                                .endSpec()),
                                volume("pv-5g", "5Gi"),
                                volume("pv-10g", "10Gi")),
                        "claim default/data",
                        List.of("pv-10g Bound -> default/data@uid-data [bound-by-controller]", "pv-5g Available"),
                        List.of("default/data Bound pv-10g 10Gi [ReadWriteOnce] [bind-completed]"),
                        List.of(
                                "update volume pv-10g",
                                "update volume status pv-10g",
                                "update claim default/data",
                                "update claim status default/data"),
                        List.of()),
                new Case(
                        "a claim naming a volume too small stays Pending with a warning",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editSpec()
                                                .withVolumeName("pv-1g")
                                                .endSpec()),
                                volume("pv-1g", "1Gi")),
                        "claim default/data",
                        List.of("pv-1g Available"),
                        List.of("default/data Pending pv-1g"),
                        List.of(),
                        List.of("WARNING VolumeMismatch: Cannot bind to requested volume \"pv-1g\": requested PV is too"
                                + " small")),
                new Case(
                        "a claim naming a volume bound to another claim waits with a warning",
                        List.of(
                                claim(
                                        "data",
                                        "3Gi",
                                        c -> c.editSpec()
                                                .withVolumeName("pv-5g")
                                                .endSpec()),
                                boundVolume("pv-5g", "5Gi", claim("other", "1Gi"))),
                        "claim default/data",
                        List.of("pv-5g Bound -> default/other@uid-other [bound-by-controller]"),
                        List.of("default/data Pending pv-5g"),
                        List.of(),
                        List.of("WARNING FailedBinding: volume \"pv-5g\" already bound to a different claim.")),
                new Case(
                        "a claim naming a volume that does not exist waits quietly",
                        List.of(claim(
                                "data",
                                "3Gi",
                                c -> c.editSpec().withVolumeName("pv-later").endSpec())),
                        "claim default/data",
                        List.of(),
                        List.of("default/data Pending pv-later"),
                        List.of(),
                        List.of()),
                new Case(
                        "a volume the user reserved for the claim wins; its side stays the user's",
                        List.of(
                                DATA,
                                volume("pv-5g", "5Gi"),
                                volume("pv-reserved", "20Gi", v -> preBoundTo(v, "data"))),
                        "claim default/data",
                        List.of("pv-5g Available", "pv-reserved Bound -> default/data@uid-data"),
                        List.of("default/data Bound pv-reserved 20Gi [ReadWriteOnce] [bind-completed,"
                                + " bound-by-controller]"),
                        List.of(
                                "update volume pv-reserved",
                                "update volume status pv-reserved",
                                "update claim default/data",
                                "update claim status default/data"),
                        List.of()),
                new Case(
                        "a bound claim whose binding is complete is left alone",
                        List.of(boundClaim("data", "3Gi", "pv-5g", "5Gi"), boundVolume("pv-5g", "5Gi", DATA)),
                        "claim default/data",
                        List.of("pv-5g Bound -> default/data@uid-data [bound-by-controller]"),
                        List.of("default/data Bound pv-5g 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]"),
                        List.of(),
                        List.of()),
                new Case(
                        "a bound claim whose volume is gone is Lost",
                        List.of(boundClaim("data", "3Gi", "pv-5g", "5Gi")),
                        "claim default/data",
                        List.of(),
                        List.of("default/data Lost pv-5g [bind-completed, bound-by-controller]"),
                        List.of("update claim status default/data"),
                        List.of("WARNING ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is"
                                + " lost!")),
                new Case(
                        "a bound claim whose volume went to another claim is Lost as misbound",
                        List.of(
                                boundClaim("data", "3Gi", "pv-5g", "5Gi"),
                                boundVolume("pv-5g", "5Gi", claim("other", "1Gi"))),
                        "claim default/data",
                        List.of("pv-5g Bound -> default/other@uid-other [bound-by-controller]"),
                        List.of("default/data Lost pv-5g [bind-completed, bound-by-controller]"),
                        List.of("update claim status default/data"),
                        List.of("WARNING ClaimMisbound: Two claims are bound to the same volume, this one is bound"
                                + " incorrectly")),
                new Case(
                        "a bound claim whose volume lost its claimRef binds it again",
                        List.of(boundClaim("data", "3Gi", "pv-5g", "5Gi"), volume("pv-5g", "5Gi")),
                        "claim default/data",
                        List.of("pv-5g Bound -> default/data@uid-data [bound-by-controller]"),
                        List.of("default/data Bound pv-5g 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]"),
                        List.of("update volume pv-5g", "update volume status pv-5g"),
                        List.of()));
    }

    static Stream<Case> volumeCases() {
        return Stream.of(
                new Case(
                        "a new volume becomes Available",
                        List.of(volume(
                                "pv",
                                "5Gi",
                                v -> v.editStatus().withPhase("Pending").endStatus())),
                        "volume pv",
                        List.of("pv Available"),
                        List.of(),
                        List.of("update volume status pv"),
                        List.of()),
                new Case(
                        "a volume reserved for a claim not bound yet is Available",
                        List.of(volume(
                                "pv",
                                "5Gi",
                                v -> preBoundTo(v, "data")
                                        .editStatus()
                                        .withPhase("Pending")
                                        .endStatus())),
                        "volume pv",
                        List.of("pv Available -> default/data"),
                        List.of(),
                        List.of("update volume status pv"),
                        List.of()),
                new Case(
                        "a volume bound both ways is Bound",
                        List.of(
                                boundVolume("pv", "5Gi", DATA)
                                        .edit()
                                        .editStatus()
                                        .withPhase("Available")
                                        .endStatus()
                                        .build(),
                                boundClaim("data", "3Gi", "pv", "5Gi")),
                        "volume pv",
                        List.of("pv Bound -> default/data@uid-data [bound-by-controller]"),
                        List.of("default/data Bound pv 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]"),
                        List.of("update volume status pv"),
                        List.of()),
                new Case(
                        "Retain: the volume of a deleted claim is Released and kept",
                        List.of(boundVolume("pv", "5Gi", DATA)),
                        "volume pv",
                        List.of("pv Released -> default/data@uid-data [bound-by-controller]"),
                        List.of(),
                        List.of("update volume status pv"),
                        List.of()),
                new Case(
                        "Retain: a Released volume is left alone",
                        List.of(boundVolume("pv", "5Gi", DATA)
                                .edit()
                                .editStatus()
                                .withPhase("Released")
                                .endStatus()
                                .build()),
                        "volume pv",
                        List.of("pv Released -> default/data@uid-data [bound-by-controller]"),
                        List.of(),
                        List.of(),
                        List.of()),
                new Case(
                        "Delete: the volume of a deleted claim is Released, then deleted",
                        List.of(boundVolume("pv", "5Gi", DATA)
                                .edit()
                                .editSpec()
                                .withPersistentVolumeReclaimPolicy("Delete")
                                .endSpec()
                                .build()),
                        "volume pv",
                        List.of(),
                        List.of(),
                        List.of("update volume status pv", "delete volume pv"),
                        List.of()),
                new Case(
                        "Delete: an externally provisioned volume is left to its provisioner",
                        List.of(boundVolume("pv", "5Gi", DATA)
                                .edit()
                                .editMetadata()
                                .addToAnnotations(Volumes.ANN_DYNAMICALLY_PROVISIONED, "rancher.io/local-path")
                                .endMetadata()
                                .editSpec()
                                .withPersistentVolumeReclaimPolicy("Delete")
                                .endSpec()
                                .build()),
                        "volume pv",
                        List.of(
                                "pv Released -> default/data@uid-data [bound-by-controller, provisioned-by=rancher.io/local-path]"),
                        List.of(),
                        List.of("update volume status pv"),
                        List.of()),
                new Case(
                        "Recycle: kept Released like Retain, with a warning",
                        List.of(boundVolume("pv", "5Gi", DATA)
                                .edit()
                                .editSpec()
                                .withPersistentVolumeReclaimPolicy("Recycle")
                                .endSpec()
                                .build()),
                        "volume pv",
                        List.of("pv Released -> default/data@uid-data [bound-by-controller]"),
                        List.of(),
                        List.of("update volume status pv"),
                        List.of("WARNING VolumeFailedRecycle: Recycle reclaim policy is deprecated and not supported:"
                                + " the volume is retained; delete it, or remove its claimRef to reuse it")),
                new Case(
                        "an unknown reclaim policy fails the volume",
                        List.of(boundVolume("pv", "5Gi", DATA)
                                .edit()
                                .editSpec()
                                .withPersistentVolumeReclaimPolicy("Shred")
                                .endSpec()
                                .build()),
                        "volume pv",
                        List.of("pv Failed -> default/data@uid-data [bound-by-controller]"),
                        List.of(),
                        List.of("update volume status pv", "update volume status pv"),
                        List.of(
                                "WARNING VolumeUnknownReclaimPolicy: Volume has unrecognized PersistentVolumeReclaimPolicy")),
                new Case(
                        "a claim replaced by another of the same name releases the volume",
                        List.of(
                                boundVolume("pv", "5Gi", DATA),
                                claim(
                                        "data",
                                        "1Gi",
                                        c -> c.editMetadata().withUid("uid-new").endMetadata())),
                        "volume pv",
                        List.of("pv Released -> default/data@uid-data [bound-by-controller]"),
                        List.of("default/data Pending"),
                        List.of("update volume status pv"),
                        List.of()),
                new Case(
                        "a claim bound to another volume makes the controller undo its binding",
                        List.of(boundVolume("pv", "5Gi", DATA), boundClaim("data", "3Gi", "pv-other", "5Gi")),
                        "volume pv",
                        List.of("pv Available"),
                        List.of(
                                "default/data Bound pv-other 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]"),
                        List.of("update volume pv", "update volume status pv"),
                        List.of()),
                new Case(
                        "a claim bound to another volume leaves the user's reservation without the UID",
                        List.of(
                                volume(
                                        "pv",
                                        "5Gi",
                                        v -> preBoundTo(v, "data")
                                                .editSpec()
                                                .editClaimRef()
                                                .withUid("uid-data")
                                                .endClaimRef()
                                                .endSpec()
                                                .editStatus()
                                                .withPhase("Bound")
                                                .endStatus()),
                                boundClaim("data", "3Gi", "pv-other", "5Gi")),
                        "volume pv",
                        List.of("pv Available -> default/data"),
                        List.of(
                                "default/data Bound pv-other 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]"),
                        List.of("update volume pv", "update volume status pv"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"claimCases", "volumeCases"})
    void syncs(Case testCase) throws Exception {
        BinderHarness harness = new BinderHarness();
        harness.given(testCase.given());

        harness.sync(testCase.sync());

        assertThat(harness.volumeSummaries()).as("volumes").isEqualTo(testCase.volumes());
        assertThat(harness.claimSummaries()).as("claims").isEqualTo(testCase.claims());
        assertThat(harness.api.writes).as("writes").isEqualTo(testCase.writes());
        assertThat(harness.events.events).as("events").isEqualTo(testCase.events());
    }

    @Test
    void aPhaseChangeStampsTheTransitionTime() throws Exception {
        BinderHarness harness = new BinderHarness();
        harness.given(List.of(
                volume("pv", "5Gi", v -> v.editStatus().withPhase("Pending").endStatus())));

        harness.sync("volume pv");

        assertThat(harness.api.volumes.get("pv").getStatus().getLastPhaseTransitionTime())
                .isEqualTo("2026-03-01T10:00:00Z");
    }

    @Test
    void aVolumeBoundToAClaimNotPointingBackYetQueuesTheClaim() throws Exception {
        BinderHarness harness = new BinderHarness();
        harness.given(List.of(
                volume(
                        "pv",
                        "5Gi",
                        v -> preBoundTo(v, "data")
                                .editSpec()
                                .editClaimRef()
                                .withUid("uid-data")
                                .endClaimRef()
                                .endSpec()),
                DATA));

        harness.sync("volume pv");

        assertThat(harness.queuedClaims).containsExactly("default/data");
        assertThat(harness.api.writes).isEmpty();
    }

    @Test
    void aClaimMissingFromTheCacheIsReadFromTheServerBeforeTheVolumeIsReleased() throws Exception {
        BinderHarness harness = new BinderHarness();
        harness.given(List.of(boundVolume("pv", "5Gi", DATA)));
        harness.api.add(boundClaim("data", "3Gi", "pv", "5Gi"));

        harness.sync("volume pv");

        assertThat(harness.volumeSummaries())
                .containsExactly("pv Bound -> default/data@uid-data [bound-by-controller]");
        assertThat(harness.api.writes).isEmpty();
    }

    @Test
    void syncingAgainOnStaleCachesWritesNothingMore() throws Exception {
        BinderHarness harness = new BinderHarness();
        harness.given(List.of(DATA, volume("pv-1g", "1Gi"), volume("pv-5g", "5Gi")));
        harness.sync("claim default/data");
        int writes = harness.api.writes.size();

        // The informers have not seen the writes yet; the binder's own cache of them has.
        harness.sync("claim default/data");
        harness.sync("volume pv-5g");
        harness.informersCatchUp();
        harness.sync("claim default/data");
        harness.sync("volume pv-5g");
        harness.sync("volume pv-1g");

        assertThat(harness.api.writes).hasSize(writes);
        assertThat(harness.claimSummaries())
                .containsExactly("default/data Bound pv-5g 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]");
    }

    @Test
    void aBindingInterruptedHalfWayIsFinishedByTheNextSync() throws Exception {
        BinderHarness harness = new BinderHarness();
        // The volume points at the claim (first write done), the claim does not know yet.
        harness.given(List.of(DATA, boundVolume("pv-5g", "5Gi", DATA), volume("pv-3g", "3Gi")));

        harness.sync("claim default/data");

        assertThat(harness.claimSummaries())
                .containsExactly("default/data Bound pv-5g 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]");
        assertThat(harness.api.writes).containsExactly("update claim default/data", "update claim status default/data");
    }

    @Test
    void aConflictRequeuesTheClaimWithoutFailing() throws Exception {
        BinderHarness harness = new BinderHarness();
        harness.given(List.of(DATA, volume("pv-5g", "5Gi")));
        // Someone changed the volume since the informer saw it.
        harness.api.add(volume(
                "pv-5g", "5Gi", v -> v.editMetadata().withResourceVersion("11").endMetadata()));

        assertThat(harness.sync("claim default/data")).isEqualTo(io.skiff.component.controller.Result.requeue());
        assertThat(harness.api.writes).isEmpty();
    }
}
