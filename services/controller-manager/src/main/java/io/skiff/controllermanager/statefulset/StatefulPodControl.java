package io.skiff.controllermanager.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates, updates and deletes a StatefulSet's pods and their claims, and records what happened as
 * Events on the StatefulSet (stateful_pod_control.go): claims are created before their pod, and
 * their owner references follow the retention policy.
 */
final class StatefulPodControl {

    /** Pod updates that conflict are retried this often on a fresh read (retry.DefaultBackoff steps). */
    static final int UPDATE_ATTEMPTS = 5;

    private final StatefulSetControl control;
    private final Lister<PersistentVolumeClaim> claims;
    private final EventRecorder events;
    private final Duration timeout;

    StatefulPodControl(
            StatefulSetControl control, Lister<PersistentVolumeClaim> claims, EventRecorder events, Duration timeout) {
        this.control = control;
        this.claims = claims;
        this.events = events;
        this.timeout = timeout;
    }

    /** Creates the pod's claims, then the pod, then sets the claims' owner references (CreateStatefulPod). */
    void createPod(StatefulSet set, Pod pod) {
        try {
            createClaims(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("create", set, pod, e);
            throw e;
        }
        try {
            control.createPod(set.getMetadata().getNamespace(), pod).block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isAlreadyExists(e)) {
                recordPodEvent("create", set, pod, e);
            }
            throw e;
        }
        try {
            updateClaimsForRetention(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("update", set, pod, e);
            throw e;
        }
        recordPodEvent("create", set, pod, null);
    }

    /**
     * Gives an existing pod the identity, storage and claim ownership the set requires, writing it
     * only if something changed (UpdateStatefulPod).
     */
    void updatePod(StatefulSet set, Pod cached) {
        Pod pod = new PodBuilder(cached).build();
        boolean attempted = false;
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= UPDATE_ATTEMPTS; attempt++) {
            boolean consistent = true;
            if (!StatefulPods.identityMatches(set, pod)) {
                StatefulPods.updateIdentity(set, pod);
                consistent = false;
            }
            try {
                if (!StatefulPods.storageMatches(set, pod)) {
                    StatefulPods.updateStorage(set, pod);
                    consistent = false;
                    createClaims(set, pod);
                }
                if (!claimsMatchRetention(set, pod)) {
                    updateClaimsForRetention(set, pod);
                    consistent = false;
                }
            } catch (RuntimeException e) {
                recordPodEvent("update", set, pod, e);
                throw e;
            }
            if (consistent) {
                failure = null;
                break;
            }
            attempted = true;
            try {
                control.updatePod(pod).block(timeout);
                failure = null;
                break;
            } catch (RuntimeException e) {
                failure = e;
                if (!ApiErrors.isConflict(e)) {
                    break;
                }
            }
            Optional<Pod> fresh = control.freshPod(
                            pod.getMetadata().getNamespace(),
                            cached.getMetadata().getName())
                    .blockOptional(timeout);
            if (fresh.isEmpty()) {
                break;
            }
            pod = fresh.get();
        }
        if (attempted) {
            recordPodEvent("update", set, pod, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Deletes the pod; its claims stay unless their owner references hand them to the garbage collector. */
    void deletePod(StatefulSet set, Pod pod) {
        try {
            control.deletePod(
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName())
                    .block(timeout);
        } catch (RuntimeException e) {
            recordPodEvent("delete", set, pod, e);
            throw e;
        }
        recordPodEvent("delete", set, pod, null);
    }

    /** Whether every existing claim of the pod already has the owner references the policy asks for. */
    boolean claimsMatchRetention(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim template : StatefulPods.templates(set)) {
            String name = StatefulPods.claimName(set, template, StatefulPods.ordinal(pod));
            Optional<PersistentVolumeClaim> claim = claims.get(set.getMetadata().getNamespace(), name);
            if (claim.isPresent() && !ClaimRetention.isUpToDate(claim.get(), set, pod)) {
                return false;
            }
        }
        return true;
    }

    /** Rewrites the owner references of the pod's claims that do not follow the policy (UpdatePodClaimForRetentionPolicy). */
    void updateClaimsForRetention(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim template : StatefulPods.templates(set)) {
            String name = StatefulPods.claimName(set, template, StatefulPods.ordinal(pod));
            Optional<PersistentVolumeClaim> cached =
                    claims.get(set.getMetadata().getNamespace(), name);
            if (cached.isEmpty() || ClaimRetention.isUpToDate(cached.get(), set, pod)) {
                continue;
            }
            PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder(cached.get()).build();
            ClaimRetention.update(claim, set, pod);
            try {
                control.updateClaim(claim).block(timeout);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "could not update claim " + name + " for delete policy ownerRefs: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether a claim of the pod still belongs to an earlier pod of the same name (PodClaimIsStale):
     * under whenScaled=Delete the garbage collector is about to delete it, and the pod must wait.
     */
    boolean claimIsStale(StatefulSet set, Pod pod) {
        if (!ClaimRetention.DELETE.equals(ClaimRetention.Policy.of(set).whenScaled())) {
            return false;
        }
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, pod).values()) {
            Optional<PersistentVolumeClaim> existing = claims.get(
                    claim.getMetadata().getNamespace(), claim.getMetadata().getName());
            if (existing.isPresent() && ClaimRetention.hasStaleRef(existing.get(), pod, "v1", "Pod")) {
                return true;
            }
        }
        return false;
    }

    /** Creates claims a pending pod still misses, and sets their owner references (createMissingPersistentVolumeClaims). */
    void createMissingClaims(StatefulSet set, Pod pod) {
        createClaims(set, pod);
        try {
            updateClaimsForRetention(set, pod);
        } catch (RuntimeException e) {
            recordPodEvent("update", set, pod, e);
            throw e;
        }
    }

    /** Creates each claim of the pod that does not exist; a claim being deleted is an error (createPersistentVolumeClaims). */
    private void createClaims(StatefulSet set, Pod pod) {
        List<String> errors = new ArrayList<>();
        RuntimeException first = null;
        for (PersistentVolumeClaim claim : StatefulPods.claims(set, pod).values()) {
            String name = claim.getMetadata().getName();
            Optional<PersistentVolumeClaim> existing =
                    claims.get(claim.getMetadata().getNamespace(), name);
            if (existing.isPresent()) {
                if (existing.get().getMetadata().getDeletionTimestamp() != null) {
                    errors.add("pvc " + name + " is being deleted");
                }
                continue;
            }
            try {
                control.createClaim(claim.getMetadata().getNamespace(), claim).block(timeout);
                recordClaimEvent(set, pod, claim, null);
            } catch (RuntimeException e) {
                errors.add("failed to create PVC " + name + ": " + e.getMessage());
                first = first == null ? e : first;
                if (!ApiErrors.isAlreadyExists(e)) {
                    recordClaimEvent(set, pod, claim, e);
                }
            }
        }
        if (!errors.isEmpty()) {
            String message = errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]";
            throw new IllegalStateException(message, first);
        }
    }

    /** "create Pod web-0 in StatefulSet web successful", or Failed... with the error (recordPodEvent). */
    private void recordPodEvent(String verb, StatefulSet set, Pod pod, RuntimeException error) {
        String name = pod.getMetadata().getName();
        String setName = set.getMetadata().getName();
        if (error == null) {
            events.event(
                    set,
                    EventType.NORMAL,
                    "Successful" + title(verb),
                    "%s Pod %s in StatefulSet %s successful",
                    verb,
                    name,
                    setName);
        } else {
            events.event(
                    set,
                    EventType.WARNING,
                    "Failed" + title(verb),
                    "%s Pod %s in StatefulSet %s failed error: %s",
                    verb,
                    name,
                    setName,
                    error.getMessage());
        }
    }

    /** "create Claim data-web-0 Pod web-0 in StatefulSet web success", or FailedCreate (recordClaimEvent). */
    private void recordClaimEvent(StatefulSet set, Pod pod, PersistentVolumeClaim claim, RuntimeException error) {
        String claimName = claim.getMetadata().getName();
        String podName = pod.getMetadata().getName();
        String setName = set.getMetadata().getName();
        if (error == null) {
            events.event(
                    set,
                    EventType.NORMAL,
                    "SuccessfulCreate",
                    "create Claim %s Pod %s in StatefulSet %s success",
                    claimName,
                    podName,
                    setName);
        } else {
            events.event(
                    set,
                    EventType.WARNING,
                    "FailedCreate",
                    "create Claim %s for Pod %s in StatefulSet %s failed error: %s",
                    claimName,
                    podName,
                    setName,
                    error.getMessage());
        }
    }

    private static String title(String verb) {
        return Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
    }
}
