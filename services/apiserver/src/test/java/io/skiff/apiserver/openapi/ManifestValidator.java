package io.skiff.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A small stand-in for kube-openapi's schema validation, as kubectl applies it to a manifest:
 * finds the schema tagged with the manifest's kind, then checks JSON types and reports fields the
 * schema does not describe.
 */
final class ManifestValidator {

    private final JsonNode schemas;

    ManifestValidator(JsonNode document) {
        this.schemas = document.path("components").path("schemas");
    }

    List<String> validate(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        String kind = manifest.path("kind").asText();
        List<String> errors = new ArrayList<>();
        schemas.fields().forEachRemaining(entry -> {
            for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asText().equals(group)
                        && gvk.path("version").asText().equals(version)
                        && gvk.path("kind").asText().equals(kind)) {
                    check(entry.getValue(), manifest, "", errors);
                    return;
                }
            }
        });
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode resolved = resolve(schema);
        if (value.isNull()) {
            return;
        }
        if (resolved.has("oneOf")) {
            for (JsonNode alternative : resolved.get("oneOf")) {
                if (hasType(alternative.path("type").asText(), value)) {
                    return;
                }
            }
            errors.add(path + ": invalid type " + value.getNodeType());
            return;
        }
        String type = resolved.path("type").asText("");
        if (!type.isEmpty() && !hasType(type, value)) {
            errors.add(path + ": expected " + type + ", got " + value.getNodeType());
            return;
        }
        if (type.equals("array")) {
            for (int i = 0; i < value.size(); i++) {
                check(resolved.path("items"), value.get(i), path + "[" + i + "]", errors);
            }
        } else if (type.equals("object")) {
            checkFields(resolved, value, path, errors);
        }
    }

    private void checkFields(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserveUnknown =
                schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        value.fields().forEachRemaining(field -> {
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (properties != null && properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
            } else if (additional != null) {
                check(additional, field.getValue(), fieldPath, errors);
            } else if (properties != null && !preserveUnknown) {
                errors.add("unknown field \"" + fieldPath + "\"");
            }
        });
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode resolved = schema.has("allOf") ? schema.get("allOf").get(0) : schema;
        while (resolved.has("$ref")) {
            String ref = resolved.get("$ref").asText();
            resolved = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            if (resolved.isMissingNode()) {
                throw new AssertionError("dangling reference " + ref);
            }
        }
        return resolved;
    }

    private static boolean hasType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new AssertionError("unknown type " + type);
        };
    }
}
