package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Null-safe reads and Go-style defaulting writes on Kubernetes objects held as Jackson trees.
 *
 * <p>Go decodes an absent field and a JSON {@code null} alike, so both count as unset. Kubernetes
 * defaults pointer fields only when they are nil ({@link #putIfNull}) but value fields whenever they
 * hold the zero value ({@link #putIfZero}); both forms exist below because the distinction decides
 * whether an explicit {@code 0} or {@code ""} survives. Nodes of an unexpected JSON type are left
 * alone: rejecting them is validation's job.
 */
final class Json {

    private Json() {}

    static ObjectNode child(JsonNode parent, String field) {
        return parent != null && parent.get(field) instanceof ObjectNode child ? child : null;
    }

    /** The child object, created when unset; null when the field holds something else. */
    static ObjectNode childOrCreate(ObjectNode parent, String field) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node instanceof ObjectNode child) {
            return child;
        }
        return isUnset(node) ? parent.putObject(field) : null;
    }

    /** The object elements of an array field; other elements are skipped. */
    static List<ObjectNode> items(JsonNode parent, String field) {
        JsonNode array = parent == null ? null : parent.get(field);
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<ObjectNode> items = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (element instanceof ObjectNode item) {
                items.add(item);
            }
        }
        return items;
    }

    static boolean isUnset(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static boolean isNull(JsonNode parent, String field) {
        return isUnset(parent.get(field));
    }

    /** Unset or Go's zero value: {@code ""}, {@code 0}, {@code false}. */
    static boolean isZero(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return isUnset(node)
                || (node.isTextual() && node.textValue().isEmpty())
                || (node.isNumber() && node.asDouble() == 0)
                || (node.isBoolean() && !node.booleanValue());
    }

    /** True for a non-empty array or object. */
    static boolean hasElements(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && (node.isArray() || node.isObject()) && !node.isEmpty();
    }

    static String text(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isTextual() ? node.textValue() : "";
    }

    static void putIfNull(ObjectNode node, String field, String value) {
        if (node != null && isNull(node, field)) {
            node.put(field, value);
        }
    }

    static void putIfNull(ObjectNode node, String field, int value) {
        if (node != null && isNull(node, field)) {
            node.put(field, value);
        }
    }

    static void putIfNull(ObjectNode node, String field, boolean value) {
        if (node != null && isNull(node, field)) {
            node.put(field, value);
        }
    }

    static void putIfZero(ObjectNode node, String field, String value) {
        if (node != null && isZero(node, field)) {
            node.put(field, value);
        }
    }

    static void putIfZero(ObjectNode node, String field, int value) {
        if (node != null && isZero(node, field)) {
            node.put(field, value);
        }
    }
}
