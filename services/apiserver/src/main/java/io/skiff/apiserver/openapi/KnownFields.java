package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.Statuses;
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
        List<String> wrongTypes = new ArrayList<>();
        schemas(servedBy)
                .flatMap(s -> s.root(kind)
                        .map(root -> new Walk(s, unknown, wrongTypes).object(object, root, "", kind.kind())));
        if (!wrongTypes.isEmpty()) {
            // Kubernetes decodes into its Go types and refuses a value of the wrong JSON type with
            // the decoder's message; stored as is, it would break every client that reads it.
            throw Statuses.badRequest(kind.kind() + " in version \"" + kind.version() + "\" cannot be handled as a "
                    + kind.kind() + ": json: " + wrongTypes.get(0));
        }
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

    private record Walk(Schemas schemas, List<String> unknown, List<String> wrongTypes) {

        Object object(ObjectNode node, JsonNode rawSchema, String path, String goPath) {
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
                if (name.startsWith("$")) {
                    continue; // a patch directive
                }
                // Go names the struct field holding a map, not the map's key.
                String childGoPath = properties != null && properties.has(name) ? goPath + "." + name : goPath;
                value(field.getValue(), childSchema, childPath, childGoPath);
            }
            return null;
        }

        void value(JsonNode value, JsonNode rawSchema, String path, String goPath) {
            if (value == null || value.isNull()) {
                return; // null decodes to the zero value
            }
            JsonNode schema = schemas.resolve(rawSchema);
            String expected = mismatch(value, schema);
            if (expected != null) {
                wrongTypes.add("cannot unmarshal " + jsonType(value) + " into Go struct field " + goPath + " of type "
                        + expected);
                return;
            }
            if (value instanceof ObjectNode object) {
                object(object, rawSchema, path, goPath);
            } else if (value instanceof ArrayNode array) {
                JsonNode items = schema.get("items");
                if (items != null) {
                    for (int i = 0; i < array.size(); i++) {
                        value(array.get(i), items, path + "[" + i + "]", goPath);
                    }
                }
            }
        }

        /** The type the schema wants when the value is not of it, else null. */
        private static String mismatch(JsonNode value, JsonNode schema) {
            JsonNode oneOf = schema.get("oneOf");
            if (oneOf != null) {
                // Quantity (string or number) and IntOrString (integer or string).
                List<String> types = new ArrayList<>();
                for (JsonNode alternative : oneOf) {
                    String type = alternative.path("type").asText();
                    if (matches(value, type)) {
                        return null;
                    }
                    types.add(type);
                }
                return types.contains("integer") ? "intstr.IntOrString" : "resource.Quantity";
            }
            String type = schema.path("type").asText("");
            if (type.equals("object")
                    && !schema.has("properties")
                    && !(schema.get("additionalProperties") instanceof ObjectNode)) {
                return null; // untyped (RawExtension, FieldsV1): any JSON
            }
            if (type.isEmpty() || matches(value, type)) {
                return null;
            }
            return switch (type) {
                case "integer" -> schema.path("format").asText("int64");
                case "number" -> "float64";
                case "boolean" -> "bool";
                default -> type;
            };
        }

        private static boolean matches(JsonNode value, String type) {
            return switch (type) {
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "array" -> value.isArray();
                case "object" -> value.isObject();
                default -> true;
            };
        }

        private static String jsonType(JsonNode value) {
            if (value.isTextual()) {
                return "string";
            }
            if (value.isNumber()) {
                return "number";
            }
            if (value.isBoolean()) {
                return "bool";
            }
            return value.isArray() ? "array" : "object";
        }
    }
}
