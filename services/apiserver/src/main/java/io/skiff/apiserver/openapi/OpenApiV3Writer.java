package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Dialect.object;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.openapi.Operation.Payload;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Writes the OpenAPI 3.0 document of one group-version, in the shape kube-apiserver serves under /openapi/v3. */
final class OpenApiV3Writer {

    private static final Dialect DIALECT = Dialect.V3;

    private OpenApiV3Writer() {}

    static ObjectNode document(Collection<PathItem> paths, Map<String, ObjectNode> schemas) {
        ObjectNode document = object();
        ObjectNode components = document.putObject("components");
        components.putObject("schemas").setAll(schemas);
        components.putObject("securitySchemes").set("BearerToken", DocumentParts.bearerToken());
        document.set("info", DocumentParts.info());
        document.put("openapi", "3.0.0");
        ObjectNode pathsNode = document.putObject("paths");
        for (PathItem item : paths) {
            ObjectNode pathNode = pathsNode.putObject(item.path());
            for (Operation operation : item.operations()) {
                pathNode.set(operation.method(), operation(operation, item.ownParameters(operation)));
            }
            List<Parameter> shared = item.sharedParameters();
            if (!shared.isEmpty()) {
                pathNode.set("parameters", parameters(shared));
            }
        }
        document.set("security", DocumentParts.security());
        return document;
    }

    private static ObjectNode operation(Operation operation, List<Parameter> parameters) {
        ObjectNode node = object();
        node.put("description", operation.description());
        node.put("operationId", operation.operationId());
        if (!parameters.isEmpty()) {
            node.set("parameters", parameters(parameters));
        }
        operation.body().ifPresent(body -> {
            ObjectNode requestBody = node.putObject("requestBody");
            ObjectNode content = requestBody.putObject("content");
            body.contentTypes().forEach(type -> content.putObject(type).set("schema", DIALECT.ref(body.definition())));
            if (body.required()) {
                requestBody.put("required", true);
            }
        });
        ObjectNode responses = node.putObject("responses");
        for (int code : operation.successCodes()) {
            ObjectNode response = responses.putObject(Integer.toString(code));
            response.set("content", content(operation.response()));
            response.put("description", DocumentParts.describe(code));
        }
        responses.putObject("401").put("description", "Unauthorized");
        node.putArray("tags").add(operation.tag());
        DocumentParts.kubernetesExtensions(node, operation);
        return node;
    }

    private static ObjectNode content(Payload payload) {
        ObjectNode content = object();
        for (String type : payload.contentTypes()) {
            content.putObject(type).set("schema", DocumentParts.payloadSchema(DIALECT, payload));
        }
        return content;
    }

    private static ArrayNode parameters(List<Parameter> parameters) {
        ArrayNode nodes = DocumentParts.array();
        for (Parameter parameter : parameters) {
            ObjectNode node = nodes.addObject();
            node.put("description", parameter.description());
            node.put("in", parameter.in());
            node.put("name", parameter.name());
            if (parameter.required()) {
                node.put("required", true);
            }
            node.putObject("schema").put("type", parameter.type());
        }
        return nodes;
    }
}
