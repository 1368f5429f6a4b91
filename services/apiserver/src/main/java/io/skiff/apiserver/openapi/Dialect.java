package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where Swagger 2.0 and OpenAPI 3.0 documents differ in their schemas: where definitions live, and
 * how the two types that are "a string or a number" are spelled. Kubernetes can say so only in
 * OpenAPI 3 ({@code oneOf}); in Swagger 2.0 it calls them strings.
 */
enum Dialect {
    V2("#/definitions/"),
    V3("#/components/schemas/");

    private final String refPrefix;

    Dialect(String refPrefix) {
        this.refPrefix = refPrefix;
    }

    ObjectNode ref(String definition) {
        return object().put("$ref", refPrefix + definition);
    }

    ObjectNode quantity() {
        ObjectNode schema = object();
        if (this == V2) {
            return schema.put("type", "string");
        }
        schema.putArray("oneOf").add(object().put("type", "string")).add(object().put("type", "number"));
        return schema;
    }

    ObjectNode intOrString() {
        ObjectNode schema = object().put("format", "int-or-string");
        if (this == V2) {
            return schema.put("type", "string");
        }
        schema.putArray("oneOf").add(object().put("type", "integer")).add(object().put("type", "string"));
        return schema;
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
