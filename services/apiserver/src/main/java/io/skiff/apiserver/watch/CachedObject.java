package io.skiff.apiserver.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.storage.RegistryKey;
import io.skiff.apiserver.storage.UnreadableValueException;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.FieldExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * An object held by the watch cache: its JSON bytes, served as they are, and the labels and
 * fields that selectors match against, extracted once.
 */
public final class CachedObject {

    private final RegistryKey key;
    private final long revision;
    private final byte[] json;
    private final Map<String, String> labels;
    private final Map<String, String> fields;
    private final UnreadableValueException unreadable;
    private final boolean stale;

    private CachedObject(
            RegistryKey key,
            long revision,
            byte[] json,
            Map<String, String> labels,
            Map<String, String> fields,
            UnreadableValueException unreadable,
            boolean stale) {
        this.key = key;
        this.revision = revision;
        this.json = json;
        this.labels = labels;
        this.fields = fields;
        this.unreadable = unreadable;
        this.stale = stale;
    }

    /**
     * An object whose stored value could not be decrypted: it keeps its place (a list or get of it
     * fails with InternalError, as in Kubernetes, instead of the object silently missing) while every
     * other object is served.
     */
    public static CachedObject unreadable(RegistryKey key, long revision, UnreadableValueException cause) {
        return new CachedObject(key, revision, null, Map.of(), Map.of(), cause, false);
    }

    public static CachedObject of(ResourceType type, RegistryKey key, long revision, byte[] json) {
        return of(type, key, revision, json, false);
    }

    /**
     * @param stale stored in a way a write would not store it now (an older encryption key): an
     *     update must rewrite it even if nothing changes
     */
    public static CachedObject of(ResourceType type, RegistryKey key, long revision, byte[] json, boolean stale) {
        JsonNode tree;
        try {
            tree = KubeJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("stored object " + key + " is not valid JSON", e);
        }
        return new CachedObject(key, revision, json, labelsOf(tree), FieldExtractor.fields(type, tree), null, stale);
    }

    private static Map<String, String> labelsOf(JsonNode tree) {
        JsonNode labels = tree.path("metadata").path("labels");
        if (!labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> result = new HashMap<>(labels.size() * 2);
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            result.put(e.getKey(), e.getValue().asText());
        }
        return result;
    }

    public RegistryKey key() {
        return key;
    }

    public long revision() {
        return revision;
    }

    /**
     * The object's JSON; never modify the array.
     *
     * @throws UnreadableValueException if its stored value could not be decrypted
     */
    public byte[] json() {
        if (unreadable != null) {
            throw unreadable.copy();
        }
        return json;
    }

    public boolean stale() {
        return stale;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Map<String, String> fields() {
        return fields;
    }
}
