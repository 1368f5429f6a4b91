package io.skiff.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ObjectLookup} over objects a test puts in, with a cache that may lag the "database":
 * {@link #put} stores in both, {@link #putLiveOnly} only where a live read finds it.
 */
public final class MapLookup implements ObjectLookup {

    private final Map<String, ObjectNode> cache = new HashMap<>();
    private final Map<String, ObjectNode> live = new HashMap<>();

    public MapLookup put(ResourceType type, String namespace, String json) {
        ObjectNode object = parse(json);
        String key = key(type, namespace, object.path("metadata").path("name").asText());
        cache.put(key, object);
        live.put(key, object);
        return this;
    }

    public MapLookup putLiveOnly(ResourceType type, String namespace, String json) {
        ObjectNode object = parse(json);
        live.put(key(type, namespace, object.path("metadata").path("name").asText()), object);
        return this;
    }

    public void remove(ResourceType type, String namespace, String name) {
        cache.remove(key(type, namespace, name));
        live.remove(key(type, namespace, name));
    }

    @Override
    public Optional<ObjectNode> cached(ResourceType type, String namespace, String name) {
        return Optional.ofNullable(cache.get(key(type, namespace, name))).map(ObjectNode::deepCopy);
    }

    @Override
    public Optional<ObjectNode> cachedOrLive(ResourceType type, String namespace, String name) {
        return cached(type, namespace, name).or(() -> live(type, namespace, name));
    }

    @Override
    public Optional<ObjectNode> live(ResourceType type, String namespace, String name) {
        return Optional.ofNullable(live.get(key(type, namespace, name))).map(ObjectNode::deepCopy);
    }

    private static String key(ResourceType type, String namespace, String name) {
        return type.plural() + "/" + (type.namespaced() ? namespace : "") + "/" + name;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
