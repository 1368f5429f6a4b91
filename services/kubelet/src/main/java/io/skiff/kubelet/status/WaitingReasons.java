package io.skiff.kubelet.status;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why containers could not be started on the last sync of their pod (Kubernetes' reasonCache):
 * CrashLoopBackOff, ErrImagePull, ImagePullBackOff, CreateContainerConfigError, ... with the message
 * the container's waiting state shows. The pod workers write it; the status generator reads it.
 */
public final class WaitingReasons {

    /** A container's waiting reason and message. */
    public record Reason(String reason, String message) {}

    private record Key(String podUid, String containerName) {}

    private final Map<Key, Reason> reasons = new ConcurrentHashMap<>();

    public void put(String podUid, String containerName, String reason, String message) {
        reasons.put(new Key(podUid, containerName), new Reason(reason, message == null ? "" : message));
    }

    public void remove(String podUid, String containerName) {
        reasons.remove(new Key(podUid, containerName));
    }

    public Optional<Reason> get(String podUid, String containerName) {
        return Optional.ofNullable(reasons.get(new Key(podUid, containerName)));
    }

    /** Drops every reason recorded for the pod. */
    public void forget(String podUid) {
        reasons.keySet().removeIf(key -> key.podUid().equals(podUid));
    }
}
