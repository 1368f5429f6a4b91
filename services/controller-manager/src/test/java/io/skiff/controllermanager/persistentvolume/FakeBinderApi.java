package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import reactor.core.publisher.Mono;

/**
 * An API server for the binder's sync tests: keeps volumes and claims, answers updates with a new
 * resourceVersion, 409 on a stale one, keeps spec and status apart as the subresources do, and
 * logs every write.
 */
final class FakeBinderApi implements BinderApi {

    final Map<String, PersistentVolume> volumes = new TreeMap<>();
    final Map<String, PersistentVolumeClaim> claims = new TreeMap<>();
    final List<String> writes = new ArrayList<>();
    private long resourceVersion = 100;

    void add(PersistentVolume volume) {
        volumes.put(volume.getMetadata().getName(), volume);
    }

    void add(PersistentVolumeClaim claim) {
        claims.put(ObjectKeys.keyOf(claim), claim);
    }

    @Override
    public synchronized Mono<PersistentVolume> updateVolume(PersistentVolume volume) {
        PersistentVolume current = current(volumes, volume.getMetadata().getName(), volume, "persistentvolumes");
        PersistentVolume saved = new PersistentVolumeBuilder(volume)
                .withStatus(current.getStatus())
                .editMetadata()
                .withResourceVersion(nextVersion())
                .endMetadata()
                .build();
        volumes.put(saved.getMetadata().getName(), saved);
        writes.add("update volume " + saved.getMetadata().getName());
        return Mono.just(saved);
    }

    @Override
    public synchronized Mono<PersistentVolume> updateVolumeStatus(PersistentVolume volume) {
        PersistentVolume current = current(volumes, volume.getMetadata().getName(), volume, "persistentvolumes");
        PersistentVolume saved = new PersistentVolumeBuilder(current)
                .withStatus(volume.getStatus())
                .editMetadata()
                .withResourceVersion(nextVersion())
                .endMetadata()
                .build();
        volumes.put(saved.getMetadata().getName(), saved);
        writes.add("update volume status " + saved.getMetadata().getName());
        return Mono.just(saved);
    }

    @Override
    public synchronized Mono<PersistentVolumeClaim> updateClaim(PersistentVolumeClaim claim) {
        PersistentVolumeClaim current = current(claims, ObjectKeys.keyOf(claim), claim, "persistentvolumeclaims");
        PersistentVolumeClaim saved = new PersistentVolumeClaimBuilder(claim)
                .withStatus(current.getStatus())
                .editMetadata()
                .withResourceVersion(nextVersion())
                .endMetadata()
                .build();
        claims.put(ObjectKeys.keyOf(saved), saved);
        writes.add("update claim " + ObjectKeys.keyOf(saved));
        return Mono.just(saved);
    }

    @Override
    public synchronized Mono<PersistentVolumeClaim> updateClaimStatus(PersistentVolumeClaim claim) {
        PersistentVolumeClaim current = current(claims, ObjectKeys.keyOf(claim), claim, "persistentvolumeclaims");
        PersistentVolumeClaim saved = new PersistentVolumeClaimBuilder(current)
                .withStatus(claim.getStatus())
                .editMetadata()
                .withResourceVersion(nextVersion())
                .endMetadata()
                .build();
        claims.put(ObjectKeys.keyOf(saved), saved);
        writes.add("update claim status " + ObjectKeys.keyOf(saved));
        return Mono.just(saved);
    }

    @Override
    public synchronized Mono<PersistentVolume> freshVolume(String name) {
        return Mono.justOrEmpty(volumes.get(name));
    }

    @Override
    public synchronized Mono<PersistentVolumeClaim> freshClaim(String namespace, String name) {
        return Mono.justOrEmpty(claims.get(ObjectKeys.key(namespace, name)));
    }

    @Override
    public synchronized Mono<Void> deleteVolume(String name, String uid, String resourceVersion) {
        PersistentVolume current = volumes.get(name);
        if (current == null) {
            return Mono.error(Statuses.notFound("", "persistentvolumes", name));
        }
        if (!Objects.equals(uid, current.getMetadata().getUid())
                || !Objects.equals(resourceVersion, current.getMetadata().getResourceVersion())) {
            return Mono.error(Statuses.conflict("", "persistentvolumes", name, "precondition failed"));
        }
        volumes.remove(name);
        writes.add("delete volume " + name);
        return Mono.empty();
    }

    private static <T extends HasMetadata> T current(Map<String, T> objects, String key, T sent, String resource) {
        T current = objects.get(key);
        if (current == null) {
            throw Statuses.notFound("", resource, sent.getMetadata().getName());
        }
        if (!Objects.equals(
                current.getMetadata().getResourceVersion(), sent.getMetadata().getResourceVersion())) {
            throw Statuses.staleResourceVersion("", resource, sent.getMetadata().getName());
        }
        return current;
    }

    private String nextVersion() {
        return Long.toString(++resourceVersion);
    }
}
