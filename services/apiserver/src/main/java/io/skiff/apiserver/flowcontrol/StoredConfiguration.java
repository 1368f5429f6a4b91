package io.skiff.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.watch.ObjectReads;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stored FlowSchemas, from the watch cache, as the filter classifies by them: re-read only when
 * FlowSchemas or PriorityLevelConfigurations change (a request costs two revision lookups). A schema
 * whose priority level is not stored, or is not one of the filter's levels, is dangling and takes no
 * requests, as in Kubernetes; before any schema is stored (a first start, until the bootstrap has
 * written them) the built-in ones classify.
 */
public final class StoredConfiguration implements LiveConfiguration {

    private static final Set<String> FILTER_LEVELS =
            PriorityLevel.defaults().stream().map(PriorityLevel::name).collect(Collectors.toUnmodifiableSet());

    private final WatchCache cache;
    private final ResourceType flowSchemas;
    private final ResourceType priorityLevels;
    private volatile Built built = new Built(Long.MIN_VALUE, Long.MIN_VALUE, null);

    private record Built(long flowSchemasRevision, long priorityLevelsRevision, Snapshot snapshot) {}

    public StoredConfiguration(WatchCache cache, ResourceCatalog catalog) {
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
                now = new Built(schemasRevision, levelsRevision, build());
                built = now;
            }
            return now.snapshot();
        }
    }

    private Snapshot build() {
        Map<String, String> levelUids = uids(objects(priorityLevels));
        List<JsonNode> storedSchemas = objects(flowSchemas);
        List<FlowSchema> schemas = new ArrayList<>();
        for (JsonNode object : storedSchemas) {
            Optional<FlowSchema> schema = ConfigurationObjects.parseFlowSchema(object);
            if (schema.isPresent()
                    && FILTER_LEVELS.contains(schema.get().priorityLevel())
                    && levelUids.containsKey(schema.get().priorityLevel())) {
                schemas.add(schema.get());
            }
        }
        if (storedSchemas.isEmpty()) {
            schemas.addAll(DefaultFlowSchemas.all());
        }
        schemas.sort(Comparator.comparingInt(FlowSchema::matchingPrecedence).thenComparing(FlowSchema::name));
        return new Snapshot(List.copyOf(schemas), uids(storedSchemas), levelUids);
    }

    private List<JsonNode> objects(ResourceType type) {
        return List.copyOf(ObjectReads.cachedList(cache, type, null));
    }

    private static Map<String, String> uids(List<JsonNode> objects) {
        Map<String, String> uids = new HashMap<>();
        for (JsonNode object : objects) {
            JsonNode metadata = object.path("metadata");
            uids.put(metadata.path("name").asText(), metadata.path("uid").asText());
        }
        return Map.copyOf(uids);
    }
}
