package io.skiff.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.RegistryReader;
import io.skiff.apiserver.watch.CachedObject;
import io.skiff.apiserver.watch.WatchCache;
import io.skiff.apiserver.watch.WatchFilter;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.FieldSelector;
import io.skiff.model.selector.LabelSelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** {@link AdmissionReads} from the watch cache, with live reads from the database. */
public final class CachedReads implements AdmissionReads {

    private final WatchCache cache;
    private final RegistryReader reader;

    public CachedReads(WatchCache cache, RegistryReader reader) {
        this.cache = cache;
        this.reader = reader;
    }

    @Override
    public Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        return cache.get(type, scope(type, namespace), name).map(o -> parse(o.json()));
    }

    @Override
    public List<ObjectNode> list(ResourceType type, String namespace) {
        String scope = type.namespaced() ? namespace : null;
        WatchFilter filter = new WatchFilter(scope, null, LabelSelector.everything(), FieldSelector.everything());
        return cache.list(type, filter, -1, null, 0).items().stream()
                .map(CachedObject::json)
                .map(CachedReads::parse)
                .toList();
    }

    @Override
    public Optional<ObjectNode> getLive(ResourceType type, String namespace, String name) {
        String scope = scope(type, namespace);
        return reader.get(new RegistryKey(type.groupResource(), scope, name)).map(stored -> parse(stored.data()));
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
