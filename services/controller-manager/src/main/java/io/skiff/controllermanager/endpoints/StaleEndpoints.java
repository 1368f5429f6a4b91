package io.skiff.controllermanager.endpoints;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.skiff.component.informer.ObjectKeys;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resourceVersions this controller has replaced (staleEndpointsTracker): while the cache still
 * shows one, the cache has not caught up with the controller's own write, and a sync on it would
 * undo or conflict with it.
 */
final class StaleEndpoints {

    private final Map<String, String> replaced = new ConcurrentHashMap<>();

    void replaced(Endpoints old) {
        replaced.put(ObjectKeys.keyOf(old), old.getMetadata().getResourceVersion());
    }

    boolean isStale(Endpoints cached) {
        return Objects.equals(
                replaced.get(ObjectKeys.keyOf(cached)), cached.getMetadata().getResourceVersion());
    }

    void forget(String key) {
        replaced.remove(key);
    }
}
