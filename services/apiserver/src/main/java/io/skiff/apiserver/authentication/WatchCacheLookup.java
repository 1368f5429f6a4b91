package io.skiff.apiserver.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.watch.ObjectReads;
import io.skiff.model.catalog.ResourceType;
import java.util.Optional;

/** {@link ObjectLookup} from the API server's watch cache, with live reads from the database. */
public final class WatchCacheLookup implements ObjectLookup {

    private final ObjectReads reads;

    public WatchCacheLookup(ObjectReads reads) {
        this.reads = reads;
    }

    @Override
    public Optional<ObjectNode> cached(ResourceType type, String namespace, String name) {
        return reads.cached(type, namespace, name);
    }

    @Override
    public Optional<ObjectNode> cachedOrLive(ResourceType type, String namespace, String name) {
        Optional<ObjectNode> cached = cached(type, namespace, name);
        return cached.isPresent() ? cached : live(type, namespace, name);
    }

    @Override
    public Optional<ObjectNode> live(ResourceType type, String namespace, String name) {
        return reads.live(type, namespace, name);
    }
}
