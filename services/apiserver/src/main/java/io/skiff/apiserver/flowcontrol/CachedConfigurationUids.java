package io.skiff.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration objects' UIDs from the watch cache, re-read only when FlowSchemas or
 * PriorityLevelConfigurations change (a request costs two revision lookups), so a deleted and
 * re-created object's new uid shows without a restart.
 */
public final class CachedConfigurationUids implements ConfigurationUids {

    private final WatchCache cache;
    private final ResourceType flowSchemas;
    private final ResourceType priorityLevels;
    private volatile Built built = new Built(Long.MIN_VALUE, Long.MIN_VALUE, new Snapshot(Map.of(), Map.of()));

    private record Built(long flowSchemasRevision, long priorityLevelsRevision, Snapshot snapshot) {}

    public CachedConfigurationUids(WatchCache cache, ResourceCatalog catalog) {
        this.cache = cache;
        this.flowSchemas = catalog.byPlural(ConfigurationReconciler.GROUP, "v1", "flowschemas")
                .orElseThrow();
        this.priorityLevels = catalog.byPlural(ConfigurationReconciler.GROUP, "v1", "prioritylevelconfigurations")
                .orElseThrow();
    }

    @Override
    public Snapshot current() {
        long schemasRevision = cache.lastChange(flowSchemas);
        long levelsRevision = cache.lastChange(priorityLevels);
        Built now = built;
        if (now.flowSchemasRevision() == schemasRevision && now.priorityLevelsRevision() == levelsRevision) {
            return now.snapshot();
        }
        synchronized (this) {
            now = built;
            if (now.flowSchemasRevision() != schemasRevision || now.priorityLevelsRevision() != levelsRevision) {
                now = new Built(schemasRevision, levelsRevision, new Snapshot(uids(flowSchemas), uids(priorityLevels)));
                built = now;
            }
            return now.snapshot();
        }
    }

    private Map<String, String> uids(ResourceType type) {
        Map<String, String> uids = new HashMap<>();
        for (CachedObject object :
                cache.list(type, WatchFilter.all(), -1, null, 0).items()) {
            try {
                JsonNode metadata = KubeJson.mapper().readTree(object.json()).path("metadata");
                uids.put(metadata.path("name").asText(), metadata.path("uid").asText());
            } catch (IOException e) {
                // An unreadable object has no uid to report; its requests get no header.
            }
        }
        return Map.copyOf(uids);
    }
}
