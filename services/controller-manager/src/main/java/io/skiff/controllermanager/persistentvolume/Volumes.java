package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.model.quantity.Quantities;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the binder reads off volumes and claims (component-helpers' storage/volume pv_helpers.go and
 * the controller's own helpers): the binding annotations, storage class, size, volume mode, and
 * whether a volume points at a claim.
 */
final class Volumes {

    /** On claims: the binding was completed once; the claim is never treated as new again. */
    static final String ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    /** On volumes and claims: the controller (not the user) set claimRef or volumeName. */
    static final String ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    /** On volumes: the provisioner that created it; deletion is then that provisioner's job. */
    static final String ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by";
    /** On volumes and claims: a CSI driver took over an in-tree plugin; the binder stands down. */
    static final String ANN_MIGRATED_TO = "pv.kubernetes.io/migrated-to";
    /** On claims: the node the scheduler chose for the first pod of a WaitForFirstConsumer claim. */
    static final String ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** On claims: the external provisioner asked to create a volume. */
    static final String ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";

    static final String ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    /** The deprecated way to name a storage class, which still wins over spec.storageClassName. */
    static final String ANN_BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    static final String VOLUME_AVAILABLE = "Available";
    static final String VOLUME_BOUND = "Bound";
    static final String VOLUME_RELEASED = "Released";
    static final String VOLUME_FAILED = "Failed";

    static final String CLAIM_PENDING = "Pending";
    static final String CLAIM_BOUND = "Bound";
    static final String CLAIM_LOST = "Lost";

    static final String FILESYSTEM = "Filesystem";
    static final String STORAGE = "storage";

    private Volumes() {}

    static String claimKey(PersistentVolumeClaim claim) {
        return claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
    }

    static String claimKey(ObjectReference claimRef) {
        return claimRef.getNamespace() + "/" + claimRef.getName();
    }

    static boolean hasAnnotation(HasMetadata object, String annotation) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(annotation);
    }

    static String annotation(HasMetadata object, String annotation) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(annotation);
    }

    /** The claim's class: the beta annotation, else spec.storageClassName, else "" (no class). */
    static String storageClass(PersistentVolumeClaim claim) {
        String annotated = annotation(claim, ANN_BETA_STORAGE_CLASS);
        if (annotated != null) {
            return annotated;
        }
        return Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), "");
    }

    /** The volume's class, read as the claim's. */
    static String storageClass(PersistentVolume volume) {
        String annotated = annotation(volume, ANN_BETA_STORAGE_CLASS);
        if (annotated != null) {
            return annotated;
        }
        return Objects.requireNonNullElse(volume.getSpec().getStorageClassName(), "");
    }

    static String volumeName(PersistentVolumeClaim claim) {
        return Objects.requireNonNullElse(claim.getSpec().getVolumeName(), "");
    }

    static String phase(PersistentVolume volume) {
        return volume.getStatus() == null
                ? ""
                : Objects.requireNonNullElse(volume.getStatus().getPhase(), "");
    }

    static String phase(PersistentVolumeClaim claim) {
        return claim.getStatus() == null
                ? ""
                : Objects.requireNonNullElse(claim.getStatus().getPhase(), "");
    }

    static String claimRefUid(PersistentVolume volume) {
        ObjectReference claimRef = volume.getSpec().getClaimRef();
        return claimRef == null ? "" : Objects.requireNonNullElse(claimRef.getUid(), "");
    }

    /**
     * Whether the volume is pre-bound or bound to this claim (IsVolumeBoundToClaim): its claimRef
     * names the claim, and its UID, when set, is the claim's.
     */
    static boolean isBoundTo(PersistentVolume volume, PersistentVolumeClaim claim) {
        ObjectReference claimRef = volume.getSpec().getClaimRef();
        if (claimRef == null) {
            return false;
        }
        if (!Objects.equals(claim.getMetadata().getName(), claimRef.getName())
                || !Objects.equals(claim.getMetadata().getNamespace(), claimRef.getNamespace())) {
            return false;
        }
        String uid = Objects.requireNonNullElse(claimRef.getUid(), "");
        return uid.isEmpty() || uid.equals(claim.getMetadata().getUid());
    }

    /** spec.capacity.storage; a volume without it is of size zero. */
    static BigDecimal capacity(PersistentVolume volume) {
        return storage(volume.getSpec().getCapacity());
    }

    /** spec.resources.requests.storage; a claim without it asks for zero. */
    static BigDecimal request(PersistentVolumeClaim claim) {
        return claim.getSpec().getResources() == null
                ? BigDecimal.ZERO
                : storage(claim.getSpec().getResources().getRequests());
    }

    private static BigDecimal storage(Map<String, Quantity> resources) {
        Quantity quantity = resources == null ? null : resources.get(STORAGE);
        return quantity == null ? BigDecimal.ZERO : amount(quantity);
    }

    /** The quantity's value; none (null) counts as zero. */
    static BigDecimal amount(Quantity quantity) {
        if (quantity.getAmount() == null) {
            return BigDecimal.ZERO;
        }
        return Quantities.parse(quantity.getAmount() + Objects.requireNonNullElse(quantity.getFormat(), ""));
    }

    /**
     * Whether the volume modes differ (CheckVolumeModeMismatches); an unset mode is Filesystem, as
     * the API server defaults it.
     */
    static boolean volumeModeMismatch(PersistentVolumeClaim claim, PersistentVolume volume) {
        String requested = Objects.requireNonNullElse(claim.getSpec().getVolumeMode(), FILESYSTEM);
        String offered = Objects.requireNonNullElse(volume.getSpec().getVolumeMode(), FILESYSTEM);
        return !requested.equals(offered);
    }

    /** Whether the volume offers every access mode the claim asks for (CheckAccessModes). */
    static boolean offersAccessModes(PersistentVolume volume, PersistentVolumeClaim claim) {
        return orEmpty(volume.getSpec().getAccessModes())
                .containsAll(orEmpty(claim.getSpec().getAccessModes()));
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
