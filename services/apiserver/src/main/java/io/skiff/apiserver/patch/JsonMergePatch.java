package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 7386 JSON merge patch: maps merge key by key, null removes a key, anything else replaces. */
public final class JsonMergePatch {

    private JsonMergePatch() {}

    /** Merges {@code patch} into {@code target}, which it modifies and returns. */
    public static ObjectNode apply(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject()) {
                JsonNode live = target.get(key);
                ObjectNode base = live instanceof ObjectNode map ? map : JsonNodeFactory.instance.objectNode();
                target.set(key, apply(base, (ObjectNode) value));
            } else {
                target.set(key, value);
            }
        });
        return target;
    }
}
