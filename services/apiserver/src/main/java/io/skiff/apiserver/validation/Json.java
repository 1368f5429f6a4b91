package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reading a Kubernetes object tree the way Go decodes it: absent, null and the zero value of a field are
 * the same thing, and a value of the wrong JSON type reads as absent (decoding rejects those before
 * validation in Kubernetes).
 */
final class Json {

    /** Stands in for an absent object; never modified. */
    static final ObjectNode EMPTY = JsonNodeFactory.instance.objectNode();

    private Json() {}

    static ObjectNode object(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node instanceof ObjectNode object ? object : null;
    }

    /** The object field, or {@link #EMPTY} when absent, for code that reads it without null checks. */
    static JsonNode objectOrEmpty(JsonNode parent, String field) {
        ObjectNode object = object(parent, field);
        return object == null ? EMPTY : object;
    }

    static ArrayNode array(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node instanceof ArrayNode array ? array : null;
    }

    /** The string value, or null when absent or not a scalar. */
    static String text(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /** The string value, "" when absent: Go's zero value. */
    static String string(JsonNode parent, String field) {
        String text = text(parent, field);
        return text == null ? "" : text;
    }

    /** The string value, or the default Kubernetes fills in when absent or empty. */
    static String stringOr(JsonNode parent, String field, String defaultValue) {
        String text = text(parent, field);
        return text == null || text.isEmpty() ? defaultValue : text;
    }

    /** Whether the field holds a number (integral or not). */
    static boolean hasNumber(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isNumber();
    }

    /** Whether the field is present and not null. */
    static boolean has(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && !node.isNull();
    }

    static long longOr(JsonNode parent, String field, long defaultValue) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isNumber() ? node.longValue() : defaultValue;
    }

    static boolean isTrue(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isBoolean() && node.booleanValue();
    }

    static int size(JsonNode container) {
        return container == null ? 0 : container.size();
    }

    static boolean isEmpty(JsonNode container) {
        return container == null || container.isEmpty();
    }

    /** The text of a map value: a label, annotation or data entry. Null reads as "" as Go decodes it. */
    static String valueText(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }

    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode object) {
        return object == null ? Collections.emptyIterator() : object.fields();
    }

    /** Whether a string array contains a value. */
    static boolean contains(ArrayNode array, String value) {
        if (array != null) {
            for (JsonNode element : array) {
                if (value.equals(element.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Kubernetes' semantic equality over trees: absent, null and zero values (empty strings, lists and
     * maps, false, 0) are equal, as they are after decoding into Go structs; numbers compare by value.
     */
    static boolean semanticEquals(JsonNode a, JsonNode b) {
        // Unchanged subtrees are the common case on update; exact equality is the cheap way to see them.
        if (a != null && a.equals(b)) {
            return true;
        }
        boolean aZero = isZero(a);
        boolean bZero = isZero(b);
        if (aZero || bZero) {
            return aZero && bZero;
        }
        if (a.isNumber() && b.isNumber()) {
            if (a.canConvertToExactIntegral()
                    && b.canConvertToExactIntegral()
                    && a.canConvertToLong()
                    && b.canConvertToLong()) {
                return a.longValue() == b.longValue();
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            return objectContained(a, b) && objectContained(b, a);
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!semanticEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.isValueNode() && b.isValueNode() && a.asText().equals(b.asText());
    }

    /** The paths below {@code prefix} where two trees differ semantically, at most {@code limit} of them. */
    static void differences(JsonNode a, JsonNode b, String prefix, List<String> out, int limit) {
        if (out.size() >= limit || semanticEquals(a, b)) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                differences(a.get(name), b.get(name), prefix + "." + name, out, limit);
            }
            names = b.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!a.has(name)) {
                    differences(null, b.get(name), prefix + "." + name, out, limit);
                }
            }
        } else if (a != null && b != null && a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                differences(a.get(i), b.get(i), prefix + "[" + i + "]", out, limit);
            }
        } else {
            out.add(prefix);
        }
    }

    private static boolean objectContained(JsonNode a, JsonNode b) {
        Iterator<Map.Entry<String, JsonNode>> entries = a.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (!semanticEquals(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        if (node.isContainerNode()) {
            return node.isEmpty();
        }
        if (node.isTextual()) {
            return node.textValue().isEmpty();
        }
        if (node.isBoolean()) {
            return !node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue() == 0;
        }
        return node.isNumber() && node.decimalValue().signum() == 0;
    }
}
