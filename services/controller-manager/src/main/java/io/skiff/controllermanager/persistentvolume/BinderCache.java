package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.model.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The volumes and claims as the binder last knows them: the informers' caches, overlaid with the
 * objects the binder itself wrote until the informers catch up.
 *
 * <p>A binding is four writes (volume spec, volume status, claim spec, claim status), each an
 * event that queues a sync. Without the overlay the next sync would read the stale cached objects,
 * try to bind them again and fail on the stale resourceVersion; Kubernetes keeps the same cache of
 * its own writes for that reason. An object the informer no longer holds was deleted, whatever the
 * binder wrote before.
 */
final class BinderCache {

    private final Lister<PersistentVolume> volumes;
    private final Lister<PersistentVolumeClaim> claims;
    private final Map<String, PersistentVolume> writtenVolumes = new ConcurrentHashMap<>();
    private final Map<String, PersistentVolumeClaim> writtenClaims = new ConcurrentHashMap<>();

    BinderCache(Lister<PersistentVolume> volumes, Lister<PersistentVolumeClaim> claims) {
        this.volumes = volumes;
        this.claims = claims;
    }

    Optional<PersistentVolume> volume(String name) {
        return newest(name, volumes.get(name).orElse(null), writtenVolumes);
    }

    List<PersistentVolume> volumes() {
        List<PersistentVolume> all = new ArrayList<>();
        for (PersistentVolume cached : volumes.list(LabelSelector.everything())) {
            newest(cached.getMetadata().getName(), cached, writtenVolumes).ifPresent(all::add);
        }
        return all;
    }

    Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return newest(
                ObjectKeys.key(namespace, name), claims.get(namespace, name).orElse(null), writtenClaims);
    }

    List<PersistentVolumeClaim> claims() {
        List<PersistentVolumeClaim> all = new ArrayList<>();
        for (PersistentVolumeClaim cached : claims.list(LabelSelector.everything())) {
            newest(ObjectKeys.keyOf(cached), cached, writtenClaims).ifPresent(all::add);
        }
        return all;
    }

    /** Remembers a volume the API server returned from a write. */
    void written(PersistentVolume volume) {
        writtenVolumes.merge(volume.getMetadata().getName(), volume, BinderCache::newer);
    }

    /** Remembers a claim the API server returned from a write. */
    void written(PersistentVolumeClaim claim) {
        writtenClaims.merge(ObjectKeys.keyOf(claim), claim, BinderCache::newer);
    }

    /** The volume was deleted: nothing written before counts any more. */
    void volumeDeleted(String name) {
        writtenVolumes.remove(name);
    }

    void claimDeleted(String key) {
        writtenClaims.remove(key);
    }

    private static <T extends HasMetadata> Optional<T> newest(String key, T cached, Map<String, T> written) {
        T own = written.get(key);
        if (own == null) {
            return Optional.ofNullable(cached);
        }
        if (cached == null || !isNewer(own, cached)) {
            written.remove(key, own);
            return Optional.ofNullable(cached);
        }
        return Optional.of(own);
    }

    private static <T extends HasMetadata> T newer(T current, T candidate) {
        return isNewer(current, candidate) ? current : candidate;
    }

    /**
     * Whether {@code object} is a later version of the same object than {@code than}
     * (storeObjectUpdate). Skiff's resourceVersions are increasing numbers, as etcd's are; if either
     * is not, the informer's copy is trusted.
     */
    private static boolean isNewer(HasMetadata object, HasMetadata than) {
        if (!Objects.equals(object.getMetadata().getUid(), than.getMetadata().getUid())) {
            return false;
        }
        try {
            return Long.parseLong(object.getMetadata().getResourceVersion())
                    > Long.parseLong(than.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
