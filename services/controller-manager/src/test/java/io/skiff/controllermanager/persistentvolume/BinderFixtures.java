package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Volumes, claims and classes for the binder's tests, built the way the API server stores them
 * (defaulted volume mode, phase, resourceVersion), with small edits for each case.
 */
final class BinderFixtures {

    static final String NAMESPACE = "default";
    static final String RWO = "ReadWriteOnce";
    static final String ROX = "ReadOnlyMany";
    static final String RWX = "ReadWriteMany";

    private BinderFixtures() {}

    /** An Available hostPath volume without class, Retain, ReadWriteOnce. */
    static PersistentVolume volume(String name, String capacity) {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion("10")
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity(capacity)))
                .withAccessModes(RWO)
                .withVolumeMode("Filesystem")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath()
                .withPath("/data/" + name)
                .endHostPath()
                .endSpec()
                .withNewStatus()
                .withPhase("Available")
                .endStatus()
                .build();
    }

    static PersistentVolume volume(String name, String capacity, UnaryOperator<PersistentVolumeBuilder> edit) {
        return edit.apply(new PersistentVolumeBuilder(volume(name, capacity))).build();
    }

    /** A Pending claim "name" in the default namespace for ReadWriteOnce, without class. */
    static PersistentVolumeClaim claim(String name, String request) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withNamespace(NAMESPACE)
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion("20")
                .endMetadata()
                .withNewSpec()
                .withAccessModes(RWO)
                .withVolumeMode("Filesystem")
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(request)))
                .endResources()
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build();
    }

    static PersistentVolumeClaim claim(String name, String request, UnaryOperator<PersistentVolumeClaimBuilder> edit) {
        return edit.apply(new PersistentVolumeClaimBuilder(claim(name, request)))
                .build();
    }

    /** A volume bound to the claim by the controller, and the claim bound to it: both Bound. */
    static PersistentVolume boundVolume(String name, String capacity, PersistentVolumeClaim claim) {
        return volume(
                name,
                capacity,
                v -> v.editMetadata()
                        .addToAnnotations(Volumes.ANN_BOUND_BY_CONTROLLER, "yes")
                        .endMetadata()
                        .editSpec()
                        .withClaimRef(new ObjectReferenceBuilder()
                                .withKind("PersistentVolumeClaim")
                                .withApiVersion("v1")
                                .withNamespace(claim.getMetadata().getNamespace())
                                .withName(claim.getMetadata().getName())
                                .withUid(claim.getMetadata().getUid())
                                .build())
                        .endSpec()
                        .editStatus()
                        .withPhase("Bound")
                        .endStatus());
    }

    static PersistentVolumeClaim boundClaim(String name, String request, String volumeName, String capacity) {
        return claim(
                name,
                request,
                c -> c.editMetadata()
                        .addToAnnotations(Volumes.ANN_BIND_COMPLETED, "yes")
                        .addToAnnotations(Volumes.ANN_BOUND_BY_CONTROLLER, "yes")
                        .endMetadata()
                        .editSpec()
                        .withVolumeName(volumeName)
                        .endSpec()
                        .editStatus()
                        .withPhase("Bound")
                        .withAccessModes(RWO)
                        .withCapacity(Map.of("storage", new Quantity(capacity)))
                        .endStatus());
    }

    /** A claimRef naming the claim without its UID: the user reserved the volume for it. */
    static PersistentVolumeBuilder preBoundTo(PersistentVolumeBuilder volume, String claimName) {
        return volume.editSpec()
                .withNewClaimRef()
                .withNamespace(NAMESPACE)
                .withName(claimName)
                .endClaimRef()
                .endSpec();
    }

    static StorageClass storageClass(String name, String provisioner, String bindingMode) {
        return new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withProvisioner(provisioner)
                .withReclaimPolicy("Delete")
                .withVolumeBindingMode(bindingMode)
                .build();
    }

    static Node node(String name, Map<String, String> labels) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(new TreeMap<>(labels))
                .endMetadata()
                .build();
    }

    /** Required node affinity to nodes with label {@code key=value}. */
    static PersistentVolumeBuilder onNodesWith(PersistentVolumeBuilder volume, String key, String value) {
        return volume.editSpec()
                .withNewNodeAffinity()
                .withNewRequired()
                .addNewNodeSelectorTerm()
                .addNewMatchExpression()
                .withKey(key)
                .withOperator("In")
                .withValues(List.of(value))
                .endMatchExpression()
                .endNodeSelectorTerm()
                .endRequired()
                .endNodeAffinity()
                .endSpec();
    }
}
