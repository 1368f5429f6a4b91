package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import java.util.Optional;

/**
 * What happens to a claim of a storage class that no existing volume satisfies (provisionClaim).
 * Skiff has none of Kubernetes' in-tree volume plugins, so every class whose provisioner is
 * external (not {@code kubernetes.io/...}) is handed to that provisioner: the claim is annotated
 * with its name and waits, with an ExternalProvisioning event, for it to create a volume that the
 * binder then binds. A class that is missing, or names an in-tree provisioner, gets a
 * ProvisioningFailed warning and the claim stays Pending.
 */
final class ClaimProvisioning {

    static final String PROVISIONING_FAILED = "ProvisioningFailed";
    static final String EXTERNAL_PROVISIONING = "ExternalProvisioning";

    private static final String IN_TREE_PREFIX = "kubernetes.io/";

    private final Lister<StorageClass> classes;
    private final Binder binder;
    private final EventRecorder events;

    ClaimProvisioning(Lister<StorageClass> classes, Binder binder, EventRecorder events) {
        this.classes = classes;
        this.binder = binder;
        this.events = events;
    }

    void provision(PersistentVolumeClaim claim) {
        String className = Volumes.storageClass(claim);
        Optional<StorageClass> storageClass = classes.get(className);
        if (storageClass.isEmpty()) {
            events.event(
                    claim,
                    EventType.WARNING,
                    PROVISIONING_FAILED,
                    "storageclass.storage.k8s.io \"%s\" not found",
                    className);
            return;
        }
        String provisioner = storageClass.get().getProvisioner();
        if (provisioner == null || provisioner.startsWith(IN_TREE_PREFIX)) {
            events.event(
                    claim, EventType.WARNING, PROVISIONING_FAILED, "no volume plugin matched name: %s", provisioner);
            return;
        }
        PersistentVolumeClaim annotated = binder.setClaimProvisioner(claim, provisioner);
        events.event(
                annotated,
                EventType.NORMAL,
                EXTERNAL_PROVISIONING,
                "Waiting for a volume to be created either by the external provisioner '%s' or manually by the"
                        + " system administrator. If volume creation is delayed, please verify that the provisioner"
                        + " is running and correctly registered.",
                provisioner);
    }
}
