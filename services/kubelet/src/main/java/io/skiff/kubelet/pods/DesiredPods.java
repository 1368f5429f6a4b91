package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pods bound to this node as the API server last sent them, by UID (the kubelet's pod manager):
 * the pod workers' desired state. A pod deleted from the API stays, marked removed, until its worker
 * has cleaned up after it.
 */
final class DesiredPods {

    /**
     * @param pod the latest state the API server sent
     * @param removed the pod is gone from the API server
     */
    record Entry(Pod pod, boolean removed) {}

    private final Map<String, Entry> pods = new ConcurrentHashMap<>();
    private volatile boolean synced;

    void update(Pod pod) {
        pods.put(pod.getMetadata().getUid(), new Entry(pod, false));
    }

    void remove(Pod pod) {
        pods.put(pod.getMetadata().getUid(), new Entry(pod, true));
    }

    Optional<Entry> get(String uid) {
        return Optional.ofNullable(pods.get(uid));
    }

    void forget(String uid) {
        pods.remove(uid);
    }

    Set<String> uids() {
        return Set.copyOf(pods.keySet());
    }

    /**
     * Whether the pod list has been read once: before that, a pod the runtime holds but this map lacks
     * may simply not have been listed yet, and must not be taken for an orphan.
     */
    boolean synced() {
        return synced;
    }

    void markSynced() {
        synced = true;
    }
}
