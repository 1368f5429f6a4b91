package io.skiff.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link AdmissionReads} over objects held in memory: a "cache" and a "database" that may differ. */
public final class InMemoryReads implements AdmissionReads {

    private final Map<String, ObjectNode> cached = new LinkedHashMap<>();
    private final Map<String, ObjectNode> stored = new LinkedHashMap<>();

    /** Puts an object in both the cache and the database. */
    public InMemoryReads add(ResourceType type, String json) {
        ObjectNode object = parse(json);
        cached.put(key(type, object), object);
        stored.put(key(type, object), object);
        return this;
    }

    /** Puts an object in the database only, as when the cache has not seen it yet. */
    public InMemoryReads addStoredOnly(ResourceType type, String json) {
        ObjectNode object = parse(json);
        stored.put(key(type, object), object);
        return this;
    }

    @Override
    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        return Optional.ofNullable(cached.get(key(type, namespace, name))).map(ObjectNode::deepCopy);
    }

    @Override
    public List<ObjectNode> list(ResourceType type, String namespace) {
        List<ObjectNode> items = new ArrayList<>();
        String prefix = type.groupResource() + "/" + (type.namespaced() && namespace != null ? namespace + "/" : "");
        cached.forEach((key, object) -> {
            if (key.startsWith(prefix)) {
                items.add(object.deepCopy());
            }
        });
        return items;
    }

    @Override
    public Optional<ObjectNode> getLive(ResourceType type, String namespace, String name) {
        return Optional.ofNullable(stored.get(key(type, namespace, name))).map(ObjectNode::deepCopy);
    }

    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String key(ResourceType type, ObjectNode object) {
        return key(
                type,
                object.path("metadata").path("namespace").asText(""),
                object.path("metadata").path("name").asText());
    }

    private static String key(ResourceType type, String namespace, String name) {
        return type.groupResource() + "/" + (type.namespaced() ? namespace : "") + "/" + name;
    }
}
