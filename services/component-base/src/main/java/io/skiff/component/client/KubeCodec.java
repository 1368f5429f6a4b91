package io.skiff.component.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes one resource type's objects with the Jackson 2 mapper the fabric8 model is
 * built for ({@link KubeJson}), never through WebClient's (Jackson 3) codecs.
 */
final class KubeCodec<T extends HasMetadata> {

    /** The parts of a list reply a client needs. */
    record ListBody<I>(ListMeta metadata, List<I> items) {}

    private static final ObjectMapper MAPPER = KubeJson.mapper();

    private final ResourceType resourceType;
    private final JavaType objectType;
    private final JavaType listType;

    KubeCodec(Class<T> type, ResourceType resourceType) {
        this.resourceType = resourceType;
        this.objectType = MAPPER.constructType(type);
        this.listType = MAPPER.getTypeFactory().constructParametricType(ListBody.class, objectType);
    }

    T object(byte[] json) {
        try {
            return withTypeMeta(MAPPER.readValue(json, objectType));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a " + resourceType.kind() + " from the API server", e);
        }
    }

    T object(String json) {
        try {
            return withTypeMeta(MAPPER.readValue(json, objectType));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a " + resourceType.kind() + " from the API server", e);
        }
    }

    ObjectList<T> list(byte[] json) {
        ListBody<T> body;
        try {
            body = MAPPER.readValue(json, listType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a " + resourceType.listKind() + " from the API server", e);
        }
        List<T> items = new ArrayList<>(body.items() == null ? 0 : body.items().size());
        if (body.items() != null) {
            for (T item : body.items()) {
                items.add(withTypeMeta(item));
            }
        }
        ListMeta meta = body.metadata() == null ? new ListMeta() : body.metadata();
        String continueToken = meta.getContinue() == null || meta.getContinue().isEmpty() ? null : meta.getContinue();
        return new ObjectList<>(items, meta.getResourceVersion(), continueToken);
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * List items may come without kind and apiVersion, as Kubernetes sends them; typed classes know
     * theirs, generic objects get them from the resource type.
     */
    private T withTypeMeta(T object) {
        if (object instanceof GenericKubernetesResource generic) {
            if (generic.getKind() == null) {
                generic.setKind(resourceType.kind());
            }
            if (generic.getApiVersion() == null) {
                generic.setApiVersion(resourceType.apiVersion());
            }
        }
        return object;
    }
}
