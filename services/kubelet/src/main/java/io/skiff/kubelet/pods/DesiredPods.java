package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.podobjects.PodRegistrations;
import io.skiff.kubelet.staticpods.StaticPods;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The pods this kubelet runs, by UID (the kubelet's pod manager): those the API server binds to this
 * node as it last sent them, and the static pods of the manifest path; the pod workers' desired
 * state. A pod deleted from its source stays, marked removed, until its worker has cleaned up after
 * it.
 */
final class DesiredPods {

    /**
     * @param pod the latest state the API server sent
     * @param removed the pod is gone from the API server
     */
    record Entry(Pod pod, boolean removed) {}

    private final Map<String, Entry> pods = new ConcurrentHashMap<>();
    private final PodRegistrations registrations;
    private volatile Consumer<Pod> forgotten = pod -> {};
    private volatile boolean synced;

    DesiredPods() {
        this(PodRegistrations.NONE);
    }

    /**
     * @param registrations hears of each pod added, updated and removed, as the kubelet's pod
     *     manager registers pods with its configmap and secret managers
     */
    DesiredPods(PodRegistrations registrations) {
        this.registrations = registrations;
    }

    /** {@code listener} hears of each pod forgotten once its worker cleaned up after it. */
    void whenForgotten(Consumer<Pod> listener) {
        this.forgotten = listener;
    }

    void update(Pod pod) {
        registrations.registerPod(pod);
        pods.put(pod.getMetadata().getUid(), new Entry(pod, false));
    }

    void remove(Pod pod) {
        pods.put(pod.getMetadata().getUid(), new Entry(pod, true));
        registrations.unregisterPod(pod);
    }

    Optional<Entry> get(String uid) {
        return Optional.ofNullable(pods.get(uid));
    }

    /**
     * Forgets a removed pod once its worker cleaned up after it. A pod that came back meanwhile (a
     * static pod whose manifest was put back as it was has the same UID) stays.
     */
    void forget(String uid) {
        Entry[] forgottenEntry = new Entry[1];
        pods.computeIfPresent(uid, (key, entry) -> {
            if (!entry.removed()) {
                return entry;
            }
            forgottenEntry[0] = entry;
            return null;
        });
        if (forgottenEntry[0] != null) {
            forgotten.accept(forgottenEntry[0].pod());
        }
    }

    /**
     * The static pods of that namespace and name: at most one that runs, and those being stopped
     * after their manifest changed or went (Kubernetes knows them by their full name).
     */
    List<Entry> staticPods(String namespace, String name) {
        return pods.values().stream()
                .filter(entry -> StaticPods.isStatic(entry.pod())
                        && namespace.equals(entry.pod().getMetadata().getNamespace())
                        && name.equals(entry.pod().getMetadata().getName()))
                .toList();
    }

    Set<String> uids() {
        return Set.copyOf(pods.keySet());
    }

    /**
     * Whether every source has been read once (the API server's pod list, the manifest path): before
     * that, a pod the runtime holds but this map lacks may simply not have been read yet, and must not
     * be taken for an orphan; nor may a mirror pod without its static pod.
     */
    boolean synced() {
        return synced;
    }

    void markSynced() {
        synced = true;
    }
}
