package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.patch.FieldSchema;
import java.util.Optional;

/**
 * How apply treats the value at one position of an object, from the server-side apply markers of
 * the schema ({@link FieldSchema#listType()}, {@link FieldSchema#granular()}): granular structs and
 * maps are owned field by field, map-type lists item by item under their keys, sets value by value,
 * and everything else (atomic lists, maps and structs, scalars) whole. Positions the schema does not
 * describe (custom resources, unknown fields) are treated as Kubernetes treats untyped values: maps
 * granular, lists atomic.
 *
 * @param schema the schema here, or null where there is none
 */
record Position(FieldSchema schema) {

    enum Kind {
        GRANULAR,
        ASSOCIATIVE,
        SET,
        ATOMIC
    }

    static final Position UNTYPED = new Position(null);

    Kind kind(JsonNode value) {
        if (value == null) {
            return Kind.ATOMIC;
        }
        if (value.isObject()) {
            if (schema == null) {
                return Kind.GRANULAR;
            }
            return schema.shape() != FieldSchema.Shape.SCALAR && schema.granular() ? Kind.GRANULAR : Kind.ATOMIC;
        }
        if (value.isArray() && schema != null && schema.shape() == FieldSchema.Shape.LIST) {
            FieldSchema.Shape element = schema.element().shape();
            switch (schema.listType()) {
                case MAP -> {
                    if (element == FieldSchema.Shape.OBJECT
                            && !schema.listMapKeys().isEmpty()) {
                        return Kind.ASSOCIATIVE;
                    }
                }
                case SET -> {
                    if (element == FieldSchema.Shape.SCALAR) {
                        return Kind.SET;
                    }
                }
                case ATOMIC -> {
                    return Kind.ATOMIC;
                }
            }
        }
        return Kind.ATOMIC;
    }

    Position child(String name) {
        return schema == null ? UNTYPED : new Position(schema.child(name));
    }

    Position element() {
        return schema == null ? UNTYPED : new Position(schema.element());
    }

    /**
     * The encoded path element of an associative list's item, {@code k:{"containerPort":80,
     * "protocol":"TCP"}}, with key fields in name order and defaults standing in for missing ones;
     * null when the item lacks a key field that has no default, or a key is not a scalar (Kubernetes
     * rejects such an apply; a stored object with one is compared as an atomic list).
     */
    String itemKey(JsonNode item) {
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        for (String field : schema.listMapKeys()) {
            JsonNode value = keyValue(item, field).orElse(null);
            if (value == null || value.isContainerNode()) {
                return null;
            }
            keys.set(field, PathElements.canonical(value));
        }
        return PathElements.key(keys);
    }

    /** The first key field (in name order) an item lacks and has no default for. */
    Optional<String> missingKey(JsonNode item) {
        return schema.listMapKeys().stream()
                .filter(field -> keyValue(item, field).isEmpty())
                .findFirst();
    }

    private Optional<JsonNode> keyValue(JsonNode item, String field) {
        JsonNode value = item.get(field);
        if (value != null && !value.isNull()) {
            return Optional.of(value);
        }
        return schema.element().keyDefault(field);
    }
}
