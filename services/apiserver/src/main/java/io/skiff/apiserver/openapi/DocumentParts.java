package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Dialect.object;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.openapi.Operation.Payload;

/** What Swagger 2.0 and OpenAPI 3.0 documents spell alike. */
final class DocumentParts {

    private DocumentParts() {}

    static ObjectNode info() {
        return object().put("title", "Kubernetes").put("version", "unversioned");
    }

    static ObjectNode bearerToken() {
        return object().put("description", "Bearer Token authentication")
                .put("in", "header")
                .put("name", "authorization")
                .put("type", "apiKey");
    }

    static ArrayNode security() {
        ArrayNode security = array();
        security.addObject().putArray("BearerToken");
        return security;
    }

    static ObjectNode payloadSchema(Dialect dialect, Payload payload) {
        return payload.definition().map(dialect::ref).orElseGet(() -> object().put("type", "string"));
    }

    static String describe(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            default -> throw new IllegalArgumentException("undocumented status " + code);
        };
    }

    static void kubernetesExtensions(ObjectNode node, Operation operation) {
        node.put("x-kubernetes-action", operation.action());
        node.set("x-kubernetes-group-version-kind", operation.kind().toJson());
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
