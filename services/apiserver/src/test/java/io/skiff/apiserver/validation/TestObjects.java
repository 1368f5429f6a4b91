package io.skiff.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.List;
import java.util.Set;

/** Builds test objects from YAML and edits copies of them by field path. */
final class TestObjects {

    private static final YAMLMapper YAML = new YAMLMapper();

    private TestObjects() {}

    static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A copy of the object with the value at a path such as {@code spec.containers[0].image} replaced; a
     * value given as YAML text ({@code "{a: b}"}, {@code "[x]"}) is parsed; null removes the field.
     */
    static ObjectNode with(ObjectNode object, String path, Object value) {
        ObjectNode copy = object.deepCopy();
        String[] steps = path.split("\\.");
        JsonNode parent = copy;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = step(parent, steps[i], true);
        }
        String last = steps[steps.length - 1];
        JsonNode node = toNode(value);
        int bracket = last.indexOf('[');
        if (bracket >= 0) {
            ArrayNode array = (ArrayNode) step(parent, last.substring(0, bracket), false);
            int index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
            if (node == null) {
                array.remove(index);
            } else if (index == array.size()) {
                array.add(node);
            } else {
                array.set(index, node);
            }
        } else if (node == null) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ObjectNode) parent).set(last, node);
        }
        return copy;
    }

    /** As {@link #with} for a map key that contains dots, such as {@code tls.crt} under {@code data}. */
    static ObjectNode withKey(ObjectNode object, String mapPath, String key, Object value) {
        ObjectNode copy = object.deepCopy();
        JsonNode map = copy;
        for (String step : mapPath.split("\\.")) {
            map = step(map, step, true);
        }
        JsonNode node = toNode(value);
        if (node == null) {
            ((ObjectNode) map).remove(key);
        } else {
            ((ObjectNode) map).set(key, node);
        }
        return copy;
    }

    private static JsonNode step(JsonNode parent, String step, boolean create) {
        int bracket = step.indexOf('[');
        String name = bracket >= 0 ? step.substring(0, bracket) : step;
        JsonNode child = parent.get(name);
        if (child == null && create) {
            child = bracket >= 0 ? ((ObjectNode) parent).putArray(name) : ((ObjectNode) parent).putObject(name);
        }
        if (bracket >= 0 && child != null) {
            int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
            return child.get(index);
        }
        return child;
    }

    private static JsonNode toNode(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String text && (text.startsWith("{") || text.startsWith("["))) {
            try {
                return YAML.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return KubeJson.mapper().valueToTree(value);
    }

    static ResourceType type(String group, String kind, boolean namespaced) {
        return new ResourceType(
                group,
                "v1",
                kind,
                kind.toLowerCase() + "s",
                kind.toLowerCase(),
                List.of(),
                namespaced,
                List.of("create", "update"),
                List.of(),
                List.of("status"),
                Set.of());
    }

    /** One expected cause: field and reason, and the message when the case checks it. */
    record Expected(String field, String reason, String message) {

        static Expected cause(String field, String reason) {
            return new Expected(field, reason, null);
        }

        static Expected cause(String field, String reason, String message) {
            return new Expected(field, reason, message);
        }

        @Override
        public String toString() {
            return field + " " + reason + (message == null ? "" : ": " + message);
        }
    }

    /** Asserts the causes are exactly the expected ones, in order. */
    static void assertCauses(List<StatusCause> causes, List<Expected> expected) {
        assertThat(causes)
                .as(
                        "causes %s",
                        causes.stream()
                                .map(c -> c.getField() + " " + c.getReason() + ": " + c.getMessage())
                                .toList())
                .hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            StatusCause cause = causes.get(i);
            Expected wanted = expected.get(i);
            assertThat(cause.getField())
                    .as("field of cause %d (%s)", i, cause.getMessage())
                    .isEqualTo(wanted.field());
            assertThat(cause.getReason())
                    .as("reason of cause %d (%s)", i, cause.getMessage())
                    .isEqualTo(wanted.reason());
            if (wanted.message() != null) {
                assertThat(cause.getMessage()).as("message of cause %d", i).isEqualTo(wanted.message());
            }
        }
    }
}
