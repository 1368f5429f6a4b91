package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.model.time.KubeTimes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes both syncs make (pv_controller.go bind, unbindVolume, updateVolumePhase,
 * updateClaimStatus): each reads nothing from the API server, writes only what differs, waits for
 * the answer and remembers the new version in the {@link BinderCache}. Conflicts and other API
 * errors are thrown; the next sync starts over from what is then known, so a binding interrupted
 * half-way is finished later.
 */
final class Binder {

    private static final Logger log = LoggerFactory.getLogger(Binder.class);

    private final BinderCache cache;
    private final BinderApi api;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration timeout;

    Binder(BinderCache cache, BinderApi api, EventRecorder events, Clock clock, Duration timeout) {
        this.cache = cache;
        this.api = api;
        this.events = events;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Binds the volume and the claim to each other and marks both Bound: the volume's claimRef
     * first, its phase, then the claim's volumeName and annotations, its phase, capacity and access
     * modes. A pointer from the volume to the claim is what makes the volume taken, so it goes first.
     */
    void bind(PersistentVolume volume, PersistentVolumeClaim claim) {
        PersistentVolume bound = bindVolumeToClaim(volume, claim);
        bound = updateVolumePhase(bound, Volumes.VOLUME_BOUND, null);
        PersistentVolumeClaim boundClaim = bindClaimToVolume(claim, bound);
        updateClaimStatus(boundClaim, Volumes.CLAIM_BOUND, bound);
        log.debug("Bound volume {} to claim {}", bound.getMetadata().getName(), Volumes.claimKey(claim));
    }

    /**
     * Saves the volume's new phase (and message) if it differs. The phase transition time is set
     * here too: Kubernetes' API server stamps status.lastPhaseTransitionTime on every phase change,
     * and accepts a newer value a client sends.
     */
    PersistentVolume updateVolumePhase(PersistentVolume volume, String phase, String message) {
        if (phase.equals(Volumes.phase(volume))) {
            return volume;
        }
        PersistentVolume changed = new PersistentVolumeBuilder(volume).build();
        PersistentVolumeStatus status =
                changed.getStatus() == null ? new PersistentVolumeStatus() : changed.getStatus();
        status.setPhase(phase);
        status.setMessage(message == null || message.isEmpty() ? null : message);
        status.setLastPhaseTransitionTime(KubeTimes.time(clock.instant()));
        changed.setStatus(status);
        PersistentVolume saved = api.updateVolumeStatus(changed).block(timeout);
        cache.written(saved);
        log.debug("Volume {} entered phase {}", volume.getMetadata().getName(), phase);
        return saved;
    }

    /** Saves the new phase and, only when the phase changed, records the event about it. */
    PersistentVolume updateVolumePhaseWithEvent(
            PersistentVolume volume, String phase, EventType type, String reason, String message) {
        if (phase.equals(Volumes.phase(volume))) {
            return volume;
        }
        PersistentVolume saved = updateVolumePhase(volume, phase, message);
        events.event(saved, type, reason, "%s", message);
        return saved;
    }

    /**
     * Saves the claim's phase, and the access modes and capacity of its volume (none without a
     * volume). The capacity is copied only as the claim becomes Bound: later a difference may be
     * intentional (a filesystem smaller than its block device).
     */
    PersistentVolumeClaim updateClaimStatus(PersistentVolumeClaim claim, String phase, PersistentVolume volume) {
        PersistentVolumeClaim changed = new PersistentVolumeClaimBuilder(claim).build();
        PersistentVolumeClaimStatus status =
                changed.getStatus() == null ? new PersistentVolumeClaimStatus() : changed.getStatus();
        changed.setStatus(status);
        boolean dirty = false;
        if (!phase.equals(Volumes.phase(claim))) {
            status.setPhase(phase);
            dirty = true;
        }
        if (volume == null) {
            if (!Volumes.orEmpty(status.getAccessModes()).isEmpty()) {
                status.setAccessModes(new ArrayList<>());
                dirty = true;
            }
            if (status.getCapacity() != null && !status.getCapacity().isEmpty()) {
                status.setCapacity(new LinkedHashMap<>());
                dirty = true;
            }
        } else {
            List<String> modes = Volumes.orEmpty(volume.getSpec().getAccessModes());
            if (!modes.equals(Volumes.orEmpty(status.getAccessModes()))) {
                status.setAccessModes(new ArrayList<>(modes));
                dirty = true;
            }
            if (!phase.equals(Volumes.phase(claim))) {
                Map<String, Quantity> capacity = volume.getSpec().getCapacity();
                if (capacity == null || !capacity.containsKey(Volumes.STORAGE)) {
                    throw new IllegalStateException(String.format(
                            "PersistentVolume \"%s\" is without a storage capacity",
                            volume.getMetadata().getName()));
                }
                Quantity claimed = status.getCapacity() == null
                        ? null
                        : status.getCapacity().get(Volumes.STORAGE);
                if (claimed == null || Volumes.capacity(volume).compareTo(Volumes.amount(claimed)) != 0) {
                    status.setCapacity(new LinkedHashMap<>(capacity));
                    dirty = true;
                }
            }
        }
        if (!dirty) {
            return claim;
        }
        PersistentVolumeClaim saved = api.updateClaimStatus(changed).block(timeout);
        cache.written(saved);
        log.debug("Claim {} entered phase {}", Volumes.claimKey(claim), phase);
        return saved;
    }

    /** Saves the claim's status and, only when its phase changed, records the event about it. */
    PersistentVolumeClaim updateClaimStatusWithEvent(
            PersistentVolumeClaim claim,
            String phase,
            PersistentVolume volume,
            EventType type,
            String reason,
            String message) {
        if (phase.equals(Volumes.phase(claim))) {
            return claim;
        }
        PersistentVolumeClaim saved = updateClaimStatus(claim, phase, volume);
        events.event(saved, type, reason, "%s", message);
        return saved;
    }

    /**
     * Rolls back a binding of the volume (the claim went to another volume): a volume the controller
     * bound loses its claimRef and the bound-by-controller annotation; one the user pre-bound keeps
     * its claimRef without the claim's UID. Either way the volume becomes Available.
     */
    void unbindVolume(PersistentVolume volume) {
        PersistentVolume changed = new PersistentVolumeBuilder(volume).build();
        if (Volumes.hasAnnotation(volume, Volumes.ANN_BOUND_BY_CONTROLLER)) {
            changed.getSpec().setClaimRef(null);
            Map<String, String> annotations =
                    new LinkedHashMap<>(changed.getMetadata().getAnnotations());
            annotations.remove(Volumes.ANN_BOUND_BY_CONTROLLER);
            changed.getMetadata().setAnnotations(annotations);
        } else {
            changed.getSpec().getClaimRef().setUid(null);
        }
        PersistentVolume saved = api.updateVolume(changed).block(timeout);
        cache.written(saved);
        log.debug("Volume {} unbound from claim {}", volume.getMetadata().getName(), claimRefKey(volume));
        updateVolumePhase(saved, Volumes.VOLUME_AVAILABLE, null);
    }

    /**
     * Asks an external provisioner for a volume (setClaimProvisioner): the claim gets both
     * storage-provisioner annotations naming it.
     */
    PersistentVolumeClaim setClaimProvisioner(PersistentVolumeClaim claim, String provisioner) {
        if (provisioner.equals(Volumes.annotation(claim, Volumes.ANN_STORAGE_PROVISIONER))
                && provisioner.equals(Volumes.annotation(claim, Volumes.ANN_BETA_STORAGE_PROVISIONER))) {
            return claim;
        }
        PersistentVolumeClaim changed = new PersistentVolumeClaimBuilder(claim)
                .editMetadata()
                .addToAnnotations(Volumes.ANN_STORAGE_PROVISIONER, provisioner)
                .addToAnnotations(Volumes.ANN_BETA_STORAGE_PROVISIONER, provisioner)
                .endMetadata()
                .build();
        PersistentVolumeClaim saved = api.updateClaim(changed).block(timeout);
        cache.written(saved);
        return saved;
    }

    /** GetBindVolumeToClaim, saved: claimRef to the claim with its UID, bound-by-controller if we bound it. */
    private PersistentVolume bindVolumeToClaim(PersistentVolume volume, PersistentVolumeClaim claim) {
        boolean boundByUs = !Volumes.isBoundTo(volume, claim);
        PersistentVolume changed = new PersistentVolumeBuilder(volume).build();
        boolean dirty = false;
        if (!Volumes.isBoundTo(volume, claim) || Volumes.claimRefUid(volume).isEmpty()) {
            changed.getSpec()
                    .setClaimRef(new ObjectReferenceBuilder()
                            .withApiVersion("v1")
                            .withKind("PersistentVolumeClaim")
                            .withNamespace(claim.getMetadata().getNamespace())
                            .withName(claim.getMetadata().getName())
                            .withUid(claim.getMetadata().getUid())
                            .withResourceVersion(claim.getMetadata().getResourceVersion())
                            .build());
            dirty = true;
        }
        if (boundByUs && !Volumes.hasAnnotation(volume, Volumes.ANN_BOUND_BY_CONTROLLER)) {
            changed.getMetadata()
                    .setAnnotations(withAnnotation(volume.getMetadata().getAnnotations()));
            dirty = true;
        }
        if (!dirty) {
            return volume;
        }
        PersistentVolume saved = api.updateVolume(changed).block(timeout);
        cache.written(saved);
        log.debug(
                "Claim {} bound to volume {}",
                Volumes.claimKey(claim),
                volume.getMetadata().getName());
        return saved;
    }

    /** The claim's side: volumeName (bound-by-controller when we set it) and bind-completed. */
    private PersistentVolumeClaim bindClaimToVolume(PersistentVolumeClaim claim, PersistentVolume volume) {
        PersistentVolumeClaim changed = new PersistentVolumeClaimBuilder(claim).build();
        Map<String, String> annotations = new LinkedHashMap<>(
                Objects.requireNonNullElse(claim.getMetadata().getAnnotations(), Map.of()));
        boolean dirty = false;
        if (!volume.getMetadata().getName().equals(Volumes.volumeName(claim))) {
            changed.getSpec().setVolumeName(volume.getMetadata().getName());
            annotations.putIfAbsent(Volumes.ANN_BOUND_BY_CONTROLLER, "yes");
            dirty = true;
        }
        if (!annotations.containsKey(Volumes.ANN_BIND_COMPLETED)) {
            annotations.put(Volumes.ANN_BIND_COMPLETED, "yes");
            dirty = true;
        }
        if (!dirty) {
            return claim;
        }
        changed.getMetadata().setAnnotations(annotations);
        PersistentVolumeClaim saved = api.updateClaim(changed).block(timeout);
        cache.written(saved);
        return saved;
    }

    private static Map<String, String> withAnnotation(Map<String, String> annotations) {
        Map<String, String> updated = new LinkedHashMap<>(Objects.requireNonNullElse(annotations, Map.of()));
        updated.put(Volumes.ANN_BOUND_BY_CONTROLLER, "yes");
        return updated;
    }

    private static String claimRefKey(PersistentVolume volume) {
        return volume.getSpec().getClaimRef() == null
                ? ""
                : Volumes.claimKey(volume.getSpec().getClaimRef());
    }
}
