package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.skiff.model.quantity.Quantities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Null-safe reads of stored Kubernetes objects. The printers work on Kubernetes' internal types,
 * where an absent field and a JSON null both decode to Go's zero value, so both read as {@code ""},
 * {@code 0}, {@code false} or empty here.
 */
final class Fields {

    private Fields() {}

    /** The node at the path, or a missing node when any step is absent or null. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            if (!isSet(current)) {
                return MissingNode.getInstance();
            }
            current = current.path(step);
        }
        return isSet(current) ? current : MissingNode.getInstance();
    }

    static boolean isSet(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    /** Whether the field is present and not null: what a Go pointer field being non-nil means. */
    static boolean has(JsonNode node, String... path) {
        return isSet(at(node, path));
    }

    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isValueNode() ? value.asText() : "";
    }

    static long integer(JsonNode node, String... path) {
        return at(node, path).asLong(0);
    }

    static boolean bool(JsonNode node, String... path) {
        return at(node, path).asBoolean(false);
    }

    /** The elements of an array field; empty when unset. */
    static List<JsonNode> list(JsonNode node, String... path) {
        JsonNode array = at(node, path);
        List<JsonNode> items = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(items::add);
        }
        return items;
    }

    /** The number of entries of an array or map field, as Go's len(); 0 when unset. */
    static int size(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isContainerNode() ? value.size() : 0;
    }

    /** A string map field (labels, annotations, selectors) in document order; empty when unset. */
    static Map<String, String> stringMap(JsonNode node, String... path) {
        Map<String, String> map = new LinkedHashMap<>();
        at(node, path).fields().forEachRemaining(entry -> {
            if (entry.getValue().isValueNode()) {
                map.put(entry.getKey(), entry.getValue().asText());
            }
        });
        return map;
    }

    /**
     * A resource quantity as Quantity.String() prints it: canonical form, "0" when unset. A value
     * that is not a quantity is printed as stored rather than failing the whole table.
     */
    static String quantity(JsonNode node, String... path) {
        String stored = text(node, path);
        if (stored.isEmpty()) {
            return "0";
        }
        try {
            return Quantities.canonical(stored);
        } catch (IllegalArgumentException notAQuantity) {
            return stored;
        }
    }

    static String name(JsonNode object) {
        return text(object, "metadata", "name");
    }

    static String annotation(JsonNode object, String key) {
        return text(object, "metadata", "annotations", key);
    }

    static boolean hasAnnotation(JsonNode object, String key) {
        return has(object, "metadata", "annotations", key);
    }

    static boolean isDeleting(JsonNode object) {
        return has(object, "metadata", "deletionTimestamp");
    }
}
