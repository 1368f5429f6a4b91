package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ResourceClient;
import reactor.core.publisher.Mono;

/** {@link BinderApi} through the API server. */
final class ClientBinderApi implements BinderApi {

    private final ResourceClient<PersistentVolume> volumes;
    private final ResourceClient<PersistentVolumeClaim> claims;

    ClientBinderApi(KubeClient client) {
        this.volumes = client.resources(PersistentVolume.class);
        this.claims = client.resources(PersistentVolumeClaim.class);
    }

    @Override
    public Mono<PersistentVolume> updateVolume(PersistentVolume volume) {
        return volumes.update(volume);
    }

    @Override
    public Mono<PersistentVolume> updateVolumeStatus(PersistentVolume volume) {
        return volumes.updateStatus(volume);
    }

    @Override
    public Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim) {
        return claims.update(claim);
    }

    @Override
    public Mono<PersistentVolumeClaim> updateClaimStatus(PersistentVolumeClaim claim) {
        return claims.updateStatus(claim);
    }

    @Override
    public Mono<PersistentVolume> freshVolume(String name) {
        return volumes.find(null, name);
    }

    @Override
    public Mono<PersistentVolumeClaim> freshClaim(String namespace, String name) {
        return claims.find(namespace, name);
    }

    @Override
    public Mono<Void> deleteVolume(String name, String uid, String resourceVersion) {
        return volumes.delete(
                null,
                name,
                new DeleteOptionsBuilder()
                        .withNewPreconditions()
                        .withUid(uid)
                        .withResourceVersion(resourceVersion)
                        .endPreconditions()
                        .build());
    }
}
