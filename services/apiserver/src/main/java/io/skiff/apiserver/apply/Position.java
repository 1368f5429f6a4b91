package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.patch.FieldSchema;
import io.skiff.apiserver.patch.PatchStrategy;

/**
 * How apply treats the value at one position of an object, derived from the patch schema: structs
 * and maps are owned field by field, lists merging on a key are associative lists owned item by
 * item, merging lists of scalars are sets, and everything else is atomic (owned whole). Positions
 * the schema does not describe (custom resources, unknown fields) are treated as Kubernetes treats
 * untyped values: maps granular, lists atomic.
 *
 * @param schema the patch schema here, or null where there is none
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
            return schema == null || schema.shape() != FieldSchema.Shape.SCALAR ? Kind.GRANULAR : Kind.ATOMIC;
        }
        if (value.isArray() && schema != null && schema.shape() == FieldSchema.Shape.LIST) {
            FieldSchema element = schema.element();
            if (schema.mergeKey().isPresent() && element.shape() == FieldSchema.Shape.OBJECT) {
                return Kind.ASSOCIATIVE;
            }
            if (schema.strategy() == PatchStrategy.MERGE && element.shape() == FieldSchema.Shape.SCALAR) {
                return Kind.SET;
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
     * The encoded path element of an associative list's item, or null when the item lacks the key
     * (Kubernetes rejects such an apply; a stored object with one is compared as an atomic list).
     */
    String itemKey(JsonNode item) {
        String keyField = schema.mergeKey().orElseThrow();
        JsonNode keyValue = item.get(keyField);
        if (keyValue == null || keyValue.isNull() || keyValue.isContainerNode()) {
            return null;
        }
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        keys.set(keyField, keyValue);
        return PathElements.key(keys);
    }
}
