package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A released volume's reclaim policy (pv_controller.go reclaimVolume).
 *
 * <ul>
 *   <li>Retain: nothing; the volume stays Released, with its claimRef, until an administrator
 *       deals with it (deletes it, or removes the claimRef to make it Available again).
 *   <li>Delete: a volume whose provisioner is external (pv.kubernetes.io/provisioned-by names one,
 *       or a CSI volume) is left to that provisioner, which deletes the storage and the object.
 *       Any other volume object is deleted here. Skiff has no in-tree volume plugins and deletes no
 *       storage: <b>the data of a hostPath, local or NFS volume stays where it is</b>; only the
 *       PersistentVolume object goes. (Kubernetes' in-tree hostPath deleter removes only /tmp/...
 *       directories and marks other volumes Failed.)
 *   <li>Recycle: deprecated in Kubernetes (the scrubber pod runs {@code rm -rf} on the volume).
 *       Skiff does not recycle: the volume is kept Released as with Retain, with a warning event.
 *   <li>Anything else: the volume is Failed.
 * </ul>
 */
final class Reclaimer {

    static final String RETAIN = "Retain";
    static final String DELETE = "Delete";
    static final String RECYCLE = "Recycle";

    static final String VOLUME_FAILED_RECYCLE = "VolumeFailedRecycle";
    static final String VOLUME_UNKNOWN_RECLAIM_POLICY = "VolumeUnknownReclaimPolicy";

    private static final Logger log = LoggerFactory.getLogger(Reclaimer.class);
    private static final String IN_TREE_PREFIX = "kubernetes.io/";

    private final BinderCache cache;
    private final BinderApi api;
    private final Binder binder;
    private final EventRecorder events;
    private final Duration timeout;

    Reclaimer(BinderCache cache, BinderApi api, Binder binder, EventRecorder events, Duration timeout) {
        this.cache = cache;
        this.api = api;
        this.binder = binder;
        this.events = events;
        this.timeout = timeout;
    }

    /**
     * Runs the volume's reclaim policy.
     *
     * @param justReleased the volume became Released in this sync: one-time warnings are due
     */
    void reclaim(PersistentVolume volume, boolean justReleased) {
        if (Volumes.hasAnnotation(volume, Volumes.ANN_MIGRATED_TO)) {
            // A CSI driver's external provisioner owns the volume now.
            return;
        }
        String policy = volume.getSpec().getPersistentVolumeReclaimPolicy();
        if (RETAIN.equals(policy)) {
            log.debug("Volume {} is retained", volume.getMetadata().getName());
        } else if (RECYCLE.equals(policy)) {
            if (justReleased) {
                events.event(
                        volume,
                        EventType.WARNING,
                        VOLUME_FAILED_RECYCLE,
                        "Recycle reclaim policy is deprecated and not supported: the volume is retained;"
                                + " delete it, or remove its claimRef to reuse it");
            }
        } else if (DELETE.equals(policy)) {
            delete(volume);
        } else {
            binder.updateVolumePhaseWithEvent(
                    volume,
                    Volumes.VOLUME_FAILED,
                    EventType.WARNING,
                    VOLUME_UNKNOWN_RECLAIM_POLICY,
                    "Volume has unrecognized PersistentVolumeReclaimPolicy");
        }
    }

    /**
     * deleteVolumeOperation: on a fresh read, a volume still released and not being deleted is
     * deleted, on condition that nobody changed it since; an external deleter's volume is left to it.
     */
    private void delete(PersistentVolume volume) {
        if (hasExternalDeleter(volume)) {
            log.debug(
                    "Volume {} waits for its external deleter",
                    volume.getMetadata().getName());
            return;
        }
        PersistentVolume fresh = api.freshVolume(volume.getMetadata().getName()).block(timeout);
        if (fresh == null || fresh.getMetadata().getDeletionTimestamp() != null || !isReleased(fresh)) {
            return;
        }
        try {
            api.deleteVolume(
                            fresh.getMetadata().getName(),
                            fresh.getMetadata().getUid(),
                            fresh.getMetadata().getResourceVersion())
                    .block(timeout);
            log.info(
                    "Deleted released volume {} (reclaim policy Delete)",
                    fresh.getMetadata().getName());
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
    }

    /** findDeletablePlugin returning no plugin: provisioned by an external provisioner, or CSI. */
    private static boolean hasExternalDeleter(PersistentVolume volume) {
        String provisionedBy = Volumes.annotation(volume, Volumes.ANN_DYNAMICALLY_PROVISIONED);
        if (provisionedBy != null && !provisionedBy.isEmpty() && !provisionedBy.startsWith(IN_TREE_PREFIX)) {
            return true;
        }
        return volume.getSpec().getCsi() != null;
    }

    /**
     * isVolumeReleased: the volume has a bound claimRef, and its claim is gone, is another object
     * of the same name, or is bound to another volume.
     */
    private boolean isReleased(PersistentVolume volume) {
        if (volume.getSpec().getClaimRef() == null
                || Volumes.claimRefUid(volume).isEmpty()) {
            return false;
        }
        Optional<PersistentVolumeClaim> claim = cache.claim(
                volume.getSpec().getClaimRef().getNamespace(),
                volume.getSpec().getClaimRef().getName());
        if (claim.isPresent() && claim.get().getMetadata().getUid().equals(Volumes.claimRefUid(volume))) {
            String claimedVolume = Volumes.volumeName(claim.get());
            return !claimedVolume.isEmpty()
                    && !claimedVolume.equals(volume.getMetadata().getName());
        }
        return true;
    }
}
