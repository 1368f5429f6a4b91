package io.skiff.controllermanager.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.skiff.component.client.ApiErrors;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods a ReplicaSet owns, as client-go's PodControllerRefManager claims them: pods it
 * controls and its selector still matches; orphans its selector matches, which it adopts; and pods
 * it controls but no longer matches, which it releases. Pods controlled by another object are never
 * touched. Each adoption and release is a patch guarded by the pod's UID, so it cannot hit a pod
 * recreated under the same name.
 */
final class PodClaims {

    private final PodControl control;
    private final Duration timeout;

    PodClaims(PodControl control, Duration timeout) {
        this.control = control;
        this.timeout = timeout;
    }

    /**
     * The pods among {@code pods} that {@code replicaSet} owns after adopting and releasing.
     *
     * @throws IllegalStateException when adoption is needed but the ReplicaSet is gone or being
     *     deleted according to the API server (the cache may lag)
     */
    List<Pod> claim(ReplicaSet replicaSet, LabelSelector selector, List<Pod> pods) {
        String uid = replicaSet.getMetadata().getUid();
        boolean deleting = replicaSet.getMetadata().getDeletionTimestamp() != null;
        List<Pod> claimed = new ArrayList<>();
        boolean adoptionChecked = false;
        for (Pod pod : pods) {
            boolean matches = selector.matches(pod.getMetadata().getLabels());
            Optional<OwnerReference> controller = OwnerReferences.controllerOf(pod);
            if (controller.isPresent()) {
                if (!uid.equals(controller.get().getUid())) {
                    continue;
                }
                if (matches) {
                    claimed.add(pod);
                } else if (!deleting) {
                    release(replicaSet, pod);
                }
                continue;
            }
            if (!matches || deleting || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (!adoptionChecked) {
                ensureStillAdopting(replicaSet);
                adoptionChecked = true;
            }
            if (adopt(replicaSet, pod)) {
                claimed.add(pod);
            }
        }
        return claimed;
    }

    /**
     * The cached ReplicaSet may be stale: adopting for one that was deleted (or replaced under the
     * same name) would make the garbage collector delete the adopted pods. The API server decides.
     */
    private void ensureStillAdopting(ReplicaSet replicaSet) {
        String namespace = replicaSet.getMetadata().getNamespace();
        String name = replicaSet.getMetadata().getName();
        ReplicaSet fresh = control.freshReplicaSet(namespace, name).block(timeout);
        if (fresh == null
                || !replicaSet.getMetadata().getUid().equals(fresh.getMetadata().getUid())) {
            throw new IllegalStateException(String.format(
                    "original ReplicaSet %s/%s is gone: got uid %s, wanted %s",
                    namespace,
                    name,
                    fresh == null ? null : fresh.getMetadata().getUid(),
                    replicaSet.getMetadata().getUid()));
        }
        if (fresh.getMetadata().getDeletionTimestamp() != null) {
            throw new IllegalStateException(String.format(
                    "%s/%s has just been deleted at %s",
                    namespace, name, fresh.getMetadata().getDeletionTimestamp()));
        }
    }

    /** @return whether the pod is now ours; false when it vanished meanwhile */
    private boolean adopt(ReplicaSet replicaSet, Pod pod) {
        Map<String, Object> patch = Map.of(
                "metadata",
                Map.of(
                        "ownerReferences",
                        List.of(OwnerReferences.controllerRef(replicaSet)),
                        "uid",
                        pod.getMetadata().getUid()));
        try {
            control.patchPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), patch)
                    .block(timeout);
            return true;
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private void release(ReplicaSet replicaSet, Pod pod) {
        Map<String, Object> patch = Map.of(
                "metadata",
                Map.of(
                        "ownerReferences",
                        List.of(Map.of(
                                "$patch",
                                "delete",
                                "uid",
                                replicaSet.getMetadata().getUid())),
                        "uid",
                        pod.getMetadata().getUid()));
        try {
            control.patchPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), patch)
                    .block(timeout);
        } catch (RuntimeException e) {
            // Gone, or replaced by a pod of another UID: either way it is no longer ours to release.
            if (!ApiErrors.isNotFound(e) && !ApiErrors.isInvalid(e) && !ApiErrors.isConflict(e)) {
                throw e;
            }
        }
    }
}
