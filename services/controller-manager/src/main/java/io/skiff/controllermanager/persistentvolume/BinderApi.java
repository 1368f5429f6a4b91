package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import reactor.core.publisher.Mono;

/**
 * The binder's reads past the cache and its writes, apart from the syncs so that tests run them
 * on fixtures. Every update is conditional on the object's resourceVersion (409 when stale).
 */
interface BinderApi {

    Mono<PersistentVolume> updateVolume(PersistentVolume volume);

    Mono<PersistentVolume> updateVolumeStatus(PersistentVolume volume);

    Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim);

    Mono<PersistentVolumeClaim> updateClaimStatus(PersistentVolumeClaim claim);

    /** The volume from the API server, not the cache; empty when it does not exist. */
    Mono<PersistentVolume> freshVolume(String name);

    /** The claim from the API server, not the cache; empty when it does not exist. */
    Mono<PersistentVolumeClaim> freshClaim(String namespace, String name);

    /**
     * Deletes the volume object on condition that it is still the object with {@code uid} at
     * {@code resourceVersion}; 404 when it is already gone.
     */
    Mono<Void> deleteVolume(String name, String uid, String resourceVersion);
}
