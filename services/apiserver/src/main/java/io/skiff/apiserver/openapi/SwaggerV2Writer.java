package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Dialect.object;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Writes the Swagger 2.0 document of every group-version, in the shape kube-apiserver serves under /openapi/v2. */
final class SwaggerV2Writer {

    private static final Dialect DIALECT = Dialect.V2;

    private SwaggerV2Writer() {}

    static ObjectNode document(Collection<PathItem> paths, Map<String, ObjectNode> definitions) {
        ObjectNode document = object();
        document.putObject("definitions").setAll(definitions);
        document.set("info", DocumentParts.info());
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
        document.putObject("securityDefinitions").set("BearerToken", DocumentParts.bearerToken());
        document.put("swagger", "2.0");
        return document;
    }

    private static ObjectNode operation(Operation operation, List<Parameter> parameters) {
        ObjectNode node = object();
        ArrayNode consumes = node.putArray("consumes");
        operation.body().ifPresentOrElse(body -> body.contentTypes().forEach(consumes::add), () -> consumes.add("*/*"));
        node.put("description", operation.description());
        node.put("operationId", operation.operationId());
        ArrayNode parameterNodes = parameters(parameters);
        operation.body().ifPresent(body -> {
            ObjectNode bodyNode = parameterNodes.addObject();
            bodyNode.put("in", "body");
            bodyNode.put("name", "body");
            if (body.required()) {
                bodyNode.put("required", true);
            }
            bodyNode.set("schema", DIALECT.ref(body.definition()));
        });
        if (!parameterNodes.isEmpty()) {
            node.set("parameters", parameterNodes);
        }
        ArrayNode produces = node.putArray("produces");
        operation.response().contentTypes().forEach(produces::add);
        ObjectNode responses = node.putObject("responses");
        for (int code : operation.successCodes()) {
            ObjectNode response = responses.putObject(Integer.toString(code));
            response.put("description", DocumentParts.describe(code));
            response.set("schema", DocumentParts.payloadSchema(DIALECT, operation.response()));
        }
        responses.putObject("401").put("description", "Unauthorized");
        node.putArray("schemes").add("https");
        node.putArray("tags").add(operation.tag());
        DocumentParts.kubernetesExtensions(node, operation);
        return node;
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
            node.put("type", parameter.type());
        }
        return nodes;
    }
}
