package io.skiff.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.watch.ObjectReads;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.Optional;

/** {@link AdmissionReads} from the watch cache, with live reads from the database. */
public final class CachedReads implements AdmissionReads {

    private final ObjectReads reads;

    public CachedReads(ObjectReads reads) {
        this.reads = reads;
    }

    @Override
    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        return reads.cached(type, namespace, name);
    }

    @Override
    public List<ObjectNode> list(ResourceType type, String namespace) {
        return reads.cachedList(type, namespace);
    }

    @Override
    public Optional<ObjectNode> getLive(ResourceType type, String namespace, String name) {
        return reads.live(type, namespace, name);
    }
}
