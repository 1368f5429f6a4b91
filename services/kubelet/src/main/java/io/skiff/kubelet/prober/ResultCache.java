package io.skiff.kubelet.prober;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest result per probe type and container ID, telling listeners of each change
 * (Kubernetes' three results managers and their update channels).
 */
final class ResultCache {

    private static final Logger log = LoggerFactory.getLogger(ResultCache.class);

    private final Map<Key, ProbeResult> results = new ConcurrentHashMap<>();
    private final List<ProbeResultListener> listeners = new CopyOnWriteArrayList<>();

    private record Key(ProbeType type, String containerId) {}

    void addListener(ProbeResultListener listener) {
        listeners.add(listener);
    }

    Optional<ProbeResult> get(ProbeType type, String containerId) {
        return Optional.ofNullable(results.get(new Key(type, containerId)));
    }

    /** Stores the result; listeners hear of it only when it differs from the one held. */
    void set(ProbeType type, String containerId, ProbeResult result, String podUid, String containerName) {
        ProbeResult previous = results.put(new Key(type, containerId), result);
        if (previous == result) {
            return;
        }
        for (ProbeResultListener listener : listeners) {
            try {
                listener.onChange(podUid, containerName, containerId, type, result);
            } catch (RuntimeException e) {
                log.error("A probe result listener failed on {} {} of container {}", type, result, containerId, e);
            }
        }
    }

    void remove(ProbeType type, String containerId) {
        results.remove(new Key(type, containerId));
    }
}
