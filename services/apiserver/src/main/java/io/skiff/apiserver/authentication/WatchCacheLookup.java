package io.skiff.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** {@link ObjectLookup} from the API server's watch cache, with live reads from the database. */
public final class WatchCacheLookup implements ObjectLookup {

    private final WatchCache cache;
    private final RegistryReader reader;

    public WatchCacheLookup(WatchCache cache, RegistryReader reader) {
        this.cache = cache;
        this.reader = reader;
    }

    @Override
    public Optional<ObjectNode> cached(ResourceType type, String namespace, String name) {
        return cache.get(type, scope(type, namespace), name).map(o -> parse(o.json()));
    }

    @Override
    public Optional<ObjectNode> cachedOrLive(ResourceType type, String namespace, String name) {
        Optional<ObjectNode> cached = cached(type, namespace, name);
        if (cached.isPresent()) {
            return cached;
        }
        return live(type, namespace, name);
    }

    @Override
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
