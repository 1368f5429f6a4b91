package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops the fields an object's schema does not define, as Kubernetes does when it decodes into
 * its Go types, and reports where they were so fieldValidation can warn about or reject them.
 * The schemas are the ones served under /openapi/v3, so what kubectl explains is what is enforced.
 */
public final class KnownFields {

    private final OpenApiDocuments documents;
    private final Map<String, Optional<Schemas>> byGroupVersion = new ConcurrentHashMap<>();

    public KnownFields(OpenApiDocuments documents) {
        this.documents = documents;
    }

    /**
     * Removes unknown fields from {@code object} in place; returns their paths in Kubernetes' form
     * ({@code spec.foo}, {@code spec.containers[0].bar}). Keys starting with "$" (patch
     * directives) are left alone.
     */
    public List<String> pruneUnknown(ResourceType type, ObjectNode object) {
        return pruneUnknownIn(type, type, object);
    }

    /**
     * As {@link #pruneUnknown}, for an object of another kind that {@code servedBy}'s group-version
     * document describes, such as the autoscaling/v1 Scale of a Deployment's /scale.
     */
    public List<String> pruneUnknownIn(ResourceType servedBy, ResourceType kind, ObjectNode object) {
        List<String> unknown = new ArrayList<>();
        schemas(servedBy).flatMap(s -> s.root(kind).map(root -> new Walk(s, unknown).object(object, root, "")));
        return unknown;
    }

    private Optional<Schemas> schemas(ResourceType type) {
        String path = type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.group() + "/" + type.version();
        return byGroupVersion.computeIfAbsent(
                path, p -> documents.v3GroupVersion(p).map(Schemas::parse));
    }

    /** The component schemas of one group-version document. */
    private record Schemas(JsonNode components) {

        static Schemas parse(byte[] document) {
            try {
                return new Schemas(
                        KubeJson.mapper().readTree(document).path("components").path("schemas"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Optional<JsonNode> root(ResourceType type) {
            for (Iterator<JsonNode> it = components.elements(); it.hasNext(); ) {
                JsonNode schema = it.next();
                for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                    if (gvk.path("group").asText().equals(type.group())
                            && gvk.path("version").asText().equals(type.version())
                            && gvk.path("kind").asText().equals(type.kind())) {
                        return Optional.of(schema);
                    }
                }
            }
            return Optional.empty();
        }

        JsonNode resolve(JsonNode schema) {
            JsonNode current = schema;
            for (int depth = 0; depth < 8; depth++) {
                if (current.has("$ref")) {
                    String ref = current.get("$ref").asText();
                    current = components.path(ref.substring(ref.lastIndexOf('/') + 1));
                } else if (current.has("allOf") && current.get("allOf").size() == 1) {
                    current = current.get("allOf").get(0);
                } else {
                    return current;
                }
            }
            return current;
        }
    }

    private record Walk(Schemas schemas, List<String> unknown) {

        Object object(ObjectNode node, JsonNode rawSchema, String path) {
            JsonNode schema = schemas.resolve(rawSchema);
            if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                return null;
            }
            JsonNode properties = schema.get("properties");
            JsonNode additional = schema.get("additionalProperties");
            if (properties == null && !(additional instanceof ObjectNode)) {
                // An untyped object (RawExtension, FieldsV1, ...): anything goes.
                return null;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                String childPath = path.isEmpty() ? name : path + "." + name;
                JsonNode childSchema = properties != null && properties.has(name)
                        ? properties.get(name)
                        : additional instanceof ObjectNode ? additional : null;
                if (childSchema == null) {
                    if (!name.startsWith("$")) {
                        unknown.add(childPath);
                        it.remove();
                    }
                    continue;
                }
                value(field.getValue(), childSchema, childPath);
            }
            return null;
        }

        void value(JsonNode value, JsonNode rawSchema, String path) {
            if (value instanceof ObjectNode object) {
                object(object, rawSchema, path);
            } else if (value instanceof ArrayNode array) {
                JsonNode items = schemas.resolve(rawSchema).get("items");
                if (items != null) {
                    for (int i = 0; i < array.size(); i++) {
                        value(array.get(i), items, path + "[" + i + "]");
                    }
                }
            }
        }
    }
}
