package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One look at one volume (pv_controller.go syncVolume): without a claimRef, or pre-bound to a claim
 * not bound yet, it is Available; bound to a claim that points back, Bound; bound to a claim that
 * is gone, Released, and its reclaim policy runs. A claim bound elsewhere undoes the binding the
 * controller made.
 */
final class VolumeSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(VolumeSync.class);

    private final BinderCache cache;
    private final BinderApi api;
    private final Binder binder;
    private final Reclaimer reclaimer;
    private final EventRecorder events;
    private final Consumer<String> claimQueue;
    private final Duration timeout;

    /**
     * @param claimQueue queues a claim key for the claim worker, which finishes bindings
     */
    VolumeSync(
            BinderCache cache,
            BinderApi api,
            Binder binder,
            Reclaimer reclaimer,
            EventRecorder events,
            Consumer<String> claimQueue,
            Duration timeout) {
        this.cache = cache;
        this.api = api;
        this.binder = binder;
        this.reclaimer = reclaimer;
        this.events = events;
        this.claimQueue = claimQueue;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String name) {
        Optional<PersistentVolume> volume = cache.volume(name);
        if (volume.isEmpty()) {
            return Result.done();
        }
        try {
            syncVolume(volume.get());
        } catch (RuntimeException e) {
            if (ApiErrors.isConflict(e)) {
                log.debug("Volume {} changed while syncing, retrying: {}", name, e.getMessage());
                return Result.requeue();
            }
            throw e;
        }
        return Result.done();
    }

    private void syncVolume(PersistentVolume volume) {
        ObjectReference claimRef = volume.getSpec().getClaimRef();
        if (claimRef == null || Volumes.claimRefUid(volume).isEmpty()) {
            // Unused, or reserved for a claim that the claim sync will bind.
            binder.updateVolumePhase(volume, Volumes.VOLUME_AVAILABLE, null);
            return;
        }
        PersistentVolumeClaim claim = boundClaim(volume, claimRef);
        if (claim == null) {
            // The claim was deleted. A Failed volume stays Failed so that the user sees it, while its
            // reclaim policy is tried again.
            boolean released = false;
            String phase = Volumes.phase(volume);
            if (!Volumes.VOLUME_RELEASED.equals(phase) && !Volumes.VOLUME_FAILED.equals(phase)) {
                log.info(
                        "Volume {} is released and reclaim policy {} will be executed",
                        volume.getMetadata().getName(),
                        volume.getSpec().getPersistentVolumeReclaimPolicy());
                volume = binder.updateVolumePhase(volume, Volumes.VOLUME_RELEASED, null);
                released = true;
            }
            reclaimer.reclaim(volume, released);
            return;
        }
        String claimedVolume = Volumes.volumeName(claim);
        if (claimedVolume.isEmpty()) {
            if (Volumes.volumeModeMismatch(claim, volume)) {
                events.event(
                        volume,
                        EventType.WARNING,
                        ClaimSync.VOLUME_MISMATCH,
                        "Cannot bind PersistentVolume to requested PersistentVolumeClaim \"%s\" due to incompatible"
                                + " volumeMode.",
                        claim.getMetadata().getName());
                events.event(
                        claim,
                        EventType.WARNING,
                        ClaimSync.VOLUME_MISMATCH,
                        "Cannot bind PersistentVolume \"%s\" to requested PersistentVolumeClaim due to incompatible"
                                + " volumeMode.",
                        volume.getMetadata().getName());
                return;
            }
            // The volume points at the claim, the claim not yet at the volume: the claim sync
            // finishes the binding (it also binds volumes a provisioner created for the claim).
            claimQueue.accept(Volumes.claimKey(claim));
        } else if (claimedVolume.equals(volume.getMetadata().getName())) {
            binder.updateVolumePhase(volume, Volumes.VOLUME_BOUND, null);
        } else if (Volumes.hasAnnotation(volume, Volumes.ANN_DYNAMICALLY_PROVISIONED)
                && Reclaimer.DELETE.equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            // Provisioned for the claim, which got another volume meanwhile: not needed.
            boolean released = false;
            String phase = Volumes.phase(volume);
            if (!Volumes.VOLUME_RELEASED.equals(phase) && !Volumes.VOLUME_FAILED.equals(phase)) {
                volume = binder.updateVolumePhase(volume, Volumes.VOLUME_RELEASED, null);
                released = true;
            }
            reclaimer.reclaim(volume, released);
        } else {
            // The claim is bound to another volume: undo our binding, or drop the claim's UID from
            // the user's pre-binding.
            binder.unbindVolume(volume);
        }
    }

    /**
     * The claim the volume is bound to, or null when it is gone. A claim missing from the cache may
     * only be slow to arrive (a provisioner or another binder just made it), and one with another
     * UID may be stale: both are read from the API server before the volume is released.
     */
    private PersistentVolumeClaim boundClaim(PersistentVolume volume, ObjectReference claimRef) {
        Optional<PersistentVolumeClaim> cached = cache.claim(claimRef.getNamespace(), claimRef.getName());
        String phase = Volumes.phase(volume);
        PersistentVolumeClaim claim = cached.orElse(null);
        if (claim == null && !Volumes.VOLUME_RELEASED.equals(phase) && !Volumes.VOLUME_FAILED.equals(phase)) {
            claim = api.freshClaim(claimRef.getNamespace(), claimRef.getName()).block(timeout);
        } else if (claim != null && !claim.getMetadata().getUid().equals(claimRef.getUid())) {
            claim = api.freshClaim(claimRef.getNamespace(), claimRef.getName()).block(timeout);
        }
        if (claim != null && !claim.getMetadata().getUid().equals(claimRef.getUid())) {
            // A claim of the same name was created after ours was deleted.
            return null;
        }
        return claim;
    }
}
