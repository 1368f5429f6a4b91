package io.skiff.controllermanager.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.skiff.component.client.ApiErrors;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Which objects an owner controls, as client-go's BaseControllerRefManager claims them (pods of a
 * ReplicaSet, ReplicaSets of a Deployment, ...): objects it controls that its selector still matches;
 * orphans its selector matches, which it adopts; and objects it controls but no longer matches,
 * which it releases. Objects controlled by another owner are never touched. Each adoption and
 * release is a strategic merge patch guarded by the object's UID, so it cannot hit an object
 * recreated under the same name.
 *
 * @param <T> the owned kind
 */
public final class ControllerClaims<T extends HasMetadata> {

    /** The writes claiming needs. */
    public interface Writes {

        /** Applies a strategic merge patch to the owned object {@code namespace/name}. */
        Mono<?> patchOwned(String namespace, String name, Map<String, Object> strategicMergePatch);

        /** Reads the owner from the API server, not the cache; empty when it is gone. */
        Mono<? extends HasMetadata> freshOwner(String namespace, String name);
    }

    private final Writes writes;
    private final Duration timeout;
    private final List<String> finalizers;

    public ControllerClaims(Writes writes, Duration timeout) {
        this(writes, timeout, List.of());
    }

    /**
     * Claims that also add {@code finalizers} to what they adopt and remove them from what they
     * release, as the Job controller's pod tracking finalizer needs (client-go's
     * NewPodControllerRefManager with finalizers).
     */
    public ControllerClaims(Writes writes, Duration timeout, List<String> finalizers) {
        this.writes = writes;
        this.timeout = timeout;
        this.finalizers = List.copyOf(finalizers);
    }

    /**
     * The objects among {@code candidates} that {@code owner} controls after adopting and releasing.
     *
     * @param adoptable whether an orphan may be adopted at all (client-go skips terminating pods)
     * @throws IllegalStateException when adoption is needed but the owner is gone or being deleted
     *     according to the API server (the cache may lag)
     */
    public List<T> claim(
            HasMetadata owner, LabelSelector selector, List<T> candidates, java.util.function.Predicate<T> adoptable) {
        return claim(owner, selector, object -> true, candidates, adoptable);
    }

    /**
     * {@link #claim(HasMetadata, LabelSelector, List, java.util.function.Predicate)} where an object
     * must also pass {@code filter} to belong to the owner (ClaimPods' filters: a StatefulSet claims
     * only pods named after it); controlled objects that fail it are released.
     */
    public List<T> claim(
            HasMetadata owner,
            LabelSelector selector,
            java.util.function.Predicate<T> filter,
            List<T> candidates,
            java.util.function.Predicate<T> adoptable) {
        String uid = owner.getMetadata().getUid();
        boolean deleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<T> claimed = new ArrayList<>();
        boolean adoptionChecked = false;
        for (T object : candidates) {
            boolean matches = selector.matches(object.getMetadata().getLabels()) && filter.test(object);
            Optional<OwnerReference> controller = OwnerReferences.controllerOf(object);
            if (controller.isPresent()) {
                if (!uid.equals(controller.get().getUid())) {
                    continue;
                }
                if (matches) {
                    claimed.add(object);
                } else if (!deleting) {
                    release(owner, object);
                }
                continue;
            }
            if (!matches
                    || deleting
                    || object.getMetadata().getDeletionTimestamp() != null
                    || !adoptable.test(object)) {
                continue;
            }
            if (!adoptionChecked) {
                ensureStillAdopting(owner);
                adoptionChecked = true;
            }
            if (adopt(owner, object)) {
                claimed.add(object);
            }
        }
        return claimed;
    }

    /** {@link #claim(HasMetadata, LabelSelector, List, java.util.function.Predicate)} adopting any orphan. */
    public List<T> claim(HasMetadata owner, LabelSelector selector, List<T> candidates) {
        return claim(owner, selector, candidates, object -> true);
    }

    /**
     * The cached owner may be stale: adopting for one that was deleted (or replaced under the same
     * name) would make the garbage collector delete what was adopted. The API server decides.
     */
    private void ensureStillAdopting(HasMetadata owner) {
        String namespace = owner.getMetadata().getNamespace();
        String name = owner.getMetadata().getName();
        String kind = owner.getKind() == null ? HasMetadata.getKind(owner.getClass()) : owner.getKind();
        HasMetadata fresh = writes.freshOwner(namespace, name).block(timeout);
        if (fresh == null
                || !owner.getMetadata().getUid().equals(fresh.getMetadata().getUid())) {
            throw new IllegalStateException(String.format(
                    "original %s %s/%s is gone: got uid %s, wanted %s",
                    kind,
                    namespace,
                    name,
                    fresh == null ? null : fresh.getMetadata().getUid(),
                    owner.getMetadata().getUid()));
        }
        if (fresh.getMetadata().getDeletionTimestamp() != null) {
            throw new IllegalStateException(String.format(
                    "%s %s/%s has just been deleted at %s",
                    kind, namespace, name, fresh.getMetadata().getDeletionTimestamp()));
        }
    }

    /** @return whether the object is now owned; false when it vanished meanwhile */
    private boolean adopt(HasMetadata owner, T object) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("ownerReferences", List.of(OwnerReferences.controllerRef(owner)));
        metadata.put("uid", object.getMetadata().getUid());
        if (!finalizers.isEmpty()) {
            metadata.put("finalizers", finalizers);
        }
        Map<String, Object> patch = Map.of("metadata", metadata);
        try {
            writes.patchOwned(
                            object.getMetadata().getNamespace(),
                            object.getMetadata().getName(),
                            patch)
                    .block(timeout);
            return true;
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private void release(HasMetadata owner, T object) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(
                "ownerReferences",
                List.of(Map.of("$patch", "delete", "uid", owner.getMetadata().getUid())));
        metadata.put("uid", object.getMetadata().getUid());
        if (!finalizers.isEmpty()) {
            metadata.put("$deleteFromPrimitiveList/finalizers", finalizers);
        }
        Map<String, Object> patch = Map.of("metadata", metadata);
        try {
            writes.patchOwned(
                            object.getMetadata().getNamespace(),
                            object.getMetadata().getName(),
                            patch)
                    .block(timeout);
        } catch (RuntimeException e) {
            // Gone, or replaced by an object of another UID: either way it is no longer ours to release.
            if (!ApiErrors.isNotFound(e) && !ApiErrors.isInvalid(e) && !ApiErrors.isConflict(e)) {
                throw e;
            }
        }
    }
}
