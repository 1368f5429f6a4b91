package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns parts of a patch into parts of the object, where the merge takes a patch value as it is
 * (a field the live object lacks, a replaced map or list, a new list element).
 *
 * <p>Kubernetes discards the nulls of a value it adopts for a missing field, and afterwards decodes
 * the merged map into the typed Go object, which drops the directive keys and nulls left anywhere
 * else. Skiff stores the merged JSON as it is, so that clean-up happens here.
 */
final class PatchValues {

    private PatchValues() {}

    /**
     * A value the live object does not have yet: nulls discarded, elements and fields that carry a
     * {@code $patch} directive dropped (strategicpatch's {@code discardNullValuesFromPatch} and
     * {@code removeDirectives}); empty when the value itself is such a directive map.
     */
    static Optional<JsonNode> adopt(JsonNode value) {
        discardNulls(value);
        return withoutDirectiveMaps(value).map(PatchValues::stripDirectiveKeys);
    }

    /**
     * A value Kubernetes copies verbatim and only cleans up when decoding it into its Go type. Call
     * it once the value has served the merge, which may still need the nulls of merge keys.
     */
    static JsonNode verbatim(JsonNode value) {
        discardNulls(value);
        return stripDirectiveKeys(value);
    }

    static ArrayNode array(List<JsonNode> items) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(items.size());
        array.addAll(items);
        return array;
    }

    private static void discardNulls(JsonNode value) {
        if (value instanceof ObjectNode map) {
            map.properties().removeIf(field -> field.getValue().isNull());
            map.forEach(PatchValues::discardNulls);
        } else if (value instanceof ArrayNode list) {
            list.forEach(PatchValues::discardNulls);
        }
    }

    /** The value without the maps, at any depth, that carry a {@code $patch} directive. */
    static Optional<JsonNode> withoutDirectiveMaps(JsonNode value) {
        if (value instanceof ObjectNode map) {
            if (map.has(Directives.PATCH)) {
                return Optional.empty();
            }
            for (String key : fieldNames(map)) {
                withoutDirectiveMaps(map.get(key)).ifPresentOrElse(kept -> map.set(key, kept), () -> map.remove(key));
            }
            return Optional.of(map);
        }
        if (value instanceof ArrayNode list) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            list.forEach(item -> withoutDirectiveMaps(item).ifPresent(kept::add));
            return Optional.of(kept);
        }
        return Optional.of(value);
    }

    private static JsonNode stripDirectiveKeys(JsonNode value) {
        if (value instanceof ObjectNode map) {
            map.properties().removeIf(field -> Directives.isDirective(field.getKey()));
            map.forEach(PatchValues::stripDirectiveKeys);
        } else if (value instanceof ArrayNode list) {
            list.forEach(PatchValues::stripDirectiveKeys);
        }
        return value;
    }

    static List<String> fieldNames(JsonNode map) {
        List<String> names = new ArrayList<>();
        map.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<JsonNode> items(JsonNode list) {
        List<JsonNode> items = new ArrayList<>(list.size());
        list.forEach(items::add);
        return items;
    }
}
