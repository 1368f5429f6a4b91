package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.skiff.component.informer.ObjectKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generation of every slice this controller last wrote, per Service (EndpointSliceTracker): it
 * tells the controller's own writes coming back through the informer (no sync needed) from other
 * changes, and a cache that has not caught up with its writes yet (a sync would create duplicates
 * or undo them) from one that has.
 */
final class EndpointSliceTracker {

    /** The generation recorded for a slice this controller deleted. */
    private static final long DELETION_EXPECTED = -1;

    private final Map<String, Map<String, Long>> generationsByService = new HashMap<>();

    /** Records a slice as this controller just wrote it. */
    synchronized void update(EndpointSlice slice) {
        generationsByService
                .computeIfAbsent(serviceKey(slice), key -> new HashMap<>())
                .put(slice.getMetadata().getUid(), generation(slice));
    }

    synchronized void expectDeletion(EndpointSlice slice) {
        generationsByService
                .computeIfAbsent(serviceKey(slice), key -> new HashMap<>())
                .put(slice.getMetadata().getUid(), DELETION_EXPECTED);
    }

    synchronized boolean has(EndpointSlice slice) {
        Map<String, Long> generations = generationsByService.get(serviceKey(slice));
        return generations != null
                && generations.containsKey(slice.getMetadata().getUid());
    }

    /** Whether a notification about the slice is news: not a write of this controller's coming back. */
    synchronized boolean shouldSync(EndpointSlice slice) {
        Map<String, Long> generations = generationsByService.get(serviceKey(slice));
        if (generations == null) {
            return true;
        }
        Long tracked = generations.get(slice.getMetadata().getUid());
        return tracked == null || generation(slice) > tracked;
    }

    /**
     * Whether the cached slices lag behind this controller's writes: one it deleted is still there,
     * one it updated shows an older generation, or one it created or updated is missing.
     */
    synchronized boolean staleSlices(Service service, List<EndpointSlice> cached) {
        Map<String, Long> generations = generationsByService.get(ObjectKeys.keyOf(service));
        if (generations == null) {
            return false;
        }
        Map<String, Long> provided = new HashMap<>();
        for (EndpointSlice slice : cached) {
            provided.put(slice.getMetadata().getUid(), generation(slice));
            Long tracked = generations.get(slice.getMetadata().getUid());
            if (tracked != null && (tracked == DELETION_EXPECTED || tracked > generation(slice))) {
                return true;
            }
        }
        for (Map.Entry<String, Long> tracked : generations.entrySet()) {
            if (tracked.getValue() != DELETION_EXPECTED && !provided.containsKey(tracked.getKey())) {
                return true;
            }
        }
        return false;
    }

    /** Forgets a deleted slice; true when this controller deleted it (so no sync is needed). */
    synchronized boolean handleDeletion(EndpointSlice slice) {
        String key = serviceKey(slice);
        Map<String, Long> generations = generationsByService.get(key);
        if (generations == null || !generations.containsKey(slice.getMetadata().getUid())) {
            return false;
        }
        long tracked = generations.remove(slice.getMetadata().getUid());
        if (generations.isEmpty()) {
            generationsByService.remove(key);
        }
        return tracked == DELETION_EXPECTED;
    }

    synchronized void deleteService(String serviceKey) {
        generationsByService.remove(serviceKey);
    }

    private static String serviceKey(EndpointSlice slice) {
        String service = slice.getMetadata().getLabels() == null
                ? ""
                : slice.getMetadata().getLabels().getOrDefault(SliceEndpoints.LABEL_SERVICE_NAME, "");
        return ObjectKeys.key(slice.getMetadata().getNamespace(), service);
    }

    private static long generation(EndpointSlice slice) {
        Long generation = slice.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
