package io.skiff.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.FieldSelector;
import io.skiff.model.selector.LabelSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Objects as trees, for the API server's own checks (admission, authentication): from the watch
 * cache, or live from the database when the cache may not have caught up yet.
 */
public final class ObjectReads {

    private final WatchCache cache;
    private final RegistryReader reader;

    public ObjectReads(WatchCache cache, RegistryReader reader) {
        this.cache = cache;
        this.reader = reader;
    }

    /** The object as the cache has it. */
    public Optional<ObjectNode> cached(ResourceType type, String namespace, String name) {
        return cache.get(type, scope(type, namespace), name).map(o -> parse(o.json()));
    }

    /** Every object of {@code type} in {@code namespace} (every namespace when null) the cache has. */
    public List<ObjectNode> cachedList(ResourceType type, String namespace) {
        return cachedList(cache, type, namespace);
    }

    /** Every object of {@code type} in {@code namespace} (every namespace when null) {@code cache} has. */
    public static List<ObjectNode> cachedList(WatchCache cache, ResourceType type, String namespace) {
        String scope = type.namespaced() ? namespace : null;
        WatchFilter filter = new WatchFilter(scope, null, LabelSelector.everything(), FieldSelector.everything());
        return cache.list(type, filter, -1, null, 0).items().stream()
                .map(CachedObject::json)
                .map(ObjectReads::parse)
                .toList();
    }

    /** The object as the database has it now. */
    public Optional<ObjectNode> live(ResourceType type, String namespace, String name) {
        return reader.get(new RegistryKey(type.groupResource(), scope(type, namespace), name))
                .map(stored -> parse(stored.data()));
    }

    private static String scope(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null ? namespace : "";
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
