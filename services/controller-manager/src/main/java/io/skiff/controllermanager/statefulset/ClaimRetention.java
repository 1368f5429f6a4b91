package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.controllermanager.ownership.OwnerReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * spec.persistentVolumeClaimRetentionPolicy carried out through owner references on the claims
 * (stateful_set_utils.go isClaimOwnerUpToDate, updateClaimOwnerRefForSetAndPod): the garbage
 * collector deletes a claim with its controlling owner. whenDeleted=Delete makes the StatefulSet
 * the claim's controller; whenScaled=Delete makes a scaled-down pod its controller. Retain leaves
 * claims without such references, so they outlive both.
 */
final class ClaimRetention {

    static final String RETAIN = "Retain";
    static final String DELETE = "Delete";

    private ClaimRetention() {}

    /** whenScaled and whenDeleted, Retain where unset. */
    record Policy(String whenScaled, String whenDeleted) {

        static Policy of(StatefulSet set) {
            var policy = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
            if (policy == null) {
                return new Policy(RETAIN, RETAIN);
            }
            return new Policy(
                    Objects.requireNonNullElse(policy.getWhenScaled(), RETAIN),
                    Objects.requireNonNullElse(policy.getWhenDeleted(), RETAIN));
        }

        boolean retainsAll() {
            return !DELETE.equals(whenScaled) && !DELETE.equals(whenDeleted);
        }
    }

    /**
     * Whether the claim's owner references already express the policy for this pod. Claims whose
     * references point at an earlier set or pod of the same name, or that another controller owns,
     * are left alone.
     */
    static boolean isUpToDate(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        if (hasStaleRef(claim, set, "apps/v1", "StatefulSet") || hasStaleRef(claim, pod, "v1", "Pod")) {
            return true;
        }
        if (hasUnexpectedController(claim, set, pod)) {
            // Our own references must go; another controller's are not ours to add to.
            return !hasRefTo(claim, set) && !hasRefTo(claim, pod);
        }
        if (hasNonControllerRef(claim, set, pod)) {
            return false;
        }
        Policy policy = Policy.of(set);
        boolean scaledDown = !StatefulPods.inOrdinalRange(pod, set);
        boolean wantSetRef = DELETE.equals(policy.whenDeleted()) && !(DELETE.equals(policy.whenScaled()) && scaledDown);
        boolean wantPodRef = DELETE.equals(policy.whenScaled()) && scaledDown;
        return hasRefTo(claim, set) == wantSetRef && hasRefTo(claim, pod) == wantPodRef;
    }

    /** Rewrites the claim's references to the set and pod so that they express the policy. */
    static void update(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        boolean unexpectedController = hasUnexpectedController(claim, set, pod);
        List<OwnerReference> refs = new ArrayList<>();
        for (OwnerReference ref : orEmpty(claim.getMetadata().getOwnerReferences())) {
            if (!matchesRef(ref, set, "apps/v1", "StatefulSet") && !matchesRef(ref, pod, "v1", "Pod")) {
                refs.add(ref);
            }
        }
        if (!unexpectedController) {
            Policy policy = Policy.of(set);
            boolean scaledDown = !StatefulPods.inOrdinalRange(pod, set);
            if (DELETE.equals(policy.whenScaled()) && scaledDown) {
                refs.add(OwnerReferences.controllerRef(pod));
            } else if (DELETE.equals(policy.whenDeleted())) {
                refs.add(OwnerReferences.controllerRef(set));
            }
        }
        claim.getMetadata().setOwnerReferences(refs.isEmpty() ? null : refs);
    }

    /**
     * Whether a reference names {@code object} (kind and name) but another UID: the claim belongs to
     * an earlier object of that name, deleted since, and the garbage collector will deal with it.
     */
    static boolean hasStaleRef(PersistentVolumeClaim claim, HasMetadata object, String apiVersion, String kind) {
        for (OwnerReference ref : orEmpty(claim.getMetadata().getOwnerReferences())) {
            if (matchesRef(ref, object, apiVersion, kind)) {
                return !Objects.equals(ref.getUid(), object.getMetadata().getUid());
            }
        }
        return false;
    }

    /** Under a Delete policy, whether some controller other than this set or pod owns the claim. */
    private static boolean hasUnexpectedController(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        if (Policy.of(set).retainsAll()) {
            return false;
        }
        for (OwnerReference ref : orEmpty(claim.getMetadata().getOwnerReferences())) {
            if (matchesRef(ref, set, "apps/v1", "StatefulSet")) {
                if (!Objects.equals(ref.getUid(), set.getMetadata().getUid())) {
                    return true;
                }
                continue;
            }
            if (matchesRef(ref, pod, "v1", "Pod")) {
                if (!Objects.equals(ref.getUid(), pod.getMetadata().getUid())) {
                    return true;
                }
                continue;
            }
            if (Boolean.TRUE.equals(ref.getController())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the set or pod owns the claim without being its controller (an older reference form). */
    private static boolean hasNonControllerRef(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        for (OwnerReference ref : orEmpty(claim.getMetadata().getOwnerReferences())) {
            boolean ours = Objects.equals(ref.getUid(), set.getMetadata().getUid())
                    || (pod.getMetadata().getUid() != null
                            && Objects.equals(ref.getUid(), pod.getMetadata().getUid()));
            if (ours && !Boolean.TRUE.equals(ref.getController())) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasRefTo(PersistentVolumeClaim claim, HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        return uid != null
                && orEmpty(claim.getMetadata().getOwnerReferences()).stream().anyMatch(ref -> uid.equals(ref.getUid()));
    }

    private static boolean matchesRef(OwnerReference ref, HasMetadata object, String apiVersion, String kind) {
        return apiVersion.equals(ref.getApiVersion())
                && kind.equals(ref.getKind())
                && Objects.equals(ref.getName(), object.getMetadata().getName());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
